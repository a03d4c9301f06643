//! The incident-story contract: the lint that checks a STAR story, and the cases a story
//! must pass.
//!
//! Question 29's answer is prose the learner writes about themselves, so the "code" both
//! the reference and the exercise share is the checker:
//!
//! - [`lint`]: a story in markdown → its [`Finding`]s, one per broken [`Rule`];
//! - [`Story`]: the trait a story implements (its markdown); the reference's worked story
//!   and the learner's `STORY.md` both do;
//! - [`cases`]: one case per rule, in teaching order in the topic's manifest;
//! - [`conformance_tests!`]: one `#[test]` per case for a story type.
//!
//! The lint lives here, not in the reference crate, because the exercise runs it and
//! must not depend on the reference; `incident_story` re-exports it.
//!
//! ```text
//! // exercises/incident-story/tests/conformance.rs
//! incident_story_contract::conformance_tests!(incident_story_exercise::MyStory);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod lint;

pub use lint::{Finding, MAX_WORDS, MIN_WORDS, Rule, WORDS_PER_MINUTE, lint, spoken_words};

/// A story told as STAR, in markdown.
pub trait Story {
    /// The story's markdown: `Situation`, `Task`, `Action`, `Result` and `What changed`
    /// headings (any level), each followed by its text.
    fn markdown() -> String;
}

testkit::conformance! {
    /// Expands to one `#[test]` per rule for a story type.
    ///
    /// ```text
    /// incident_story_contract::conformance_tests!(incident_story_exercise::MyStory);
    /// ```
    macro conformance_tests($($story:ident)::+) {
        /// The story under test.
        type ConformanceStory = $($story)::+;
    }
    cases [$crate::cases] {
        has_every_star_section::<ConformanceStory>(),
        keeps_no_template_placeholder::<ConformanceStory>(),
        the_action_says_i_more_than_we::<ConformanceStory>(),
        the_result_has_a_number::<ConformanceStory>(),
        blames_no_person_or_team::<ConformanceStory>(),
        lists_follow_up_actions::<ConformanceStory>(),
        takes_one_and_a_half_to_three_minutes_to_tell::<ConformanceStory>(),
    }
}
