//! Question 29: "Tell me a time you resolved a production incident."
//!
//! This exercise's answer is prose, checked by code. Write your own story, told with
//! STAR, in `STORY.md` beside this crate's `Cargo.toml`, and run
//! `cargo lab check incident-story` until every rule of the lint passes: each case is
//! one rule (every section present, no placeholder left, "I" over "we" in the action, a
//! number in the result, no blame, follow-up actions, 1.5 to 3 minutes at 150 words a
//! minute).
//!
//! There is no Rust to write: `MyStory` reads `STORY.md` at compile time, so saving the
//! file and re-running the check is the whole loop. `cargo lab hint incident-story`
//! helps.

#![forbid(unsafe_code)]

use incident_story_contract::Story;

/// Your story: the text of `STORY.md`.
#[derive(Debug, Clone, Copy, Default)]
pub struct MyStory;

impl Story for MyStory {
    fn markdown() -> String {
        // TODO: nothing to change here; edit ../STORY.md until the lint passes.
        include_str!("../STORY.md").to_string()
    }
}
