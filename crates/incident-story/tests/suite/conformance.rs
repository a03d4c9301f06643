//! The answer's worked story passes every rule: the same cases the learner's STORY.md
//! runs in the exercise.

incident_story_contract::conformance_tests!(incident_story::WorkedStory);

#[test]
fn the_worked_story_is_the_star_part_of_the_answer() {
    use incident_story::{Story, WorkedStory};
    let story = WorkedStory::markdown();
    assert!(story.starts_with("### Situation"), "{story:.80}");
    assert!(story.contains("### What changed"));
    assert!(!story.contains("### Choosing your own incident"));
    assert!(story.contains("Idempotency-Key"));
}
