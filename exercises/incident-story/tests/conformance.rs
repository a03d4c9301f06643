//! The lint's cases, one per rule, on your STORY.md: the same cases the answer's worked story passes. Run them with `cargo lab check incident-story`.

incident_story_contract::conformance_tests!(incident_story_exercise::MyStory);
