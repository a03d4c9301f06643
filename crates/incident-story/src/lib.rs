#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub use incident_story_contract::{
    Finding, MAX_WORDS, MIN_WORDS, Rule, Story, WORDS_PER_MINUTE, lint, spoken_words,
};

pub mod cli;

/// The answer's README, which holds the worked story.
const README: &str = include_str!("../README.md");

/// The heading the worked story starts at, and the one after its last part.
const STORY_START: &str = "### Situation";
const STORY_END: &str = "### Choosing your own incident";

/// The worked story of the answer (README, "The story (STAR)"): the double charges that
/// the retry topic's demo reproduces, from `### Situation` to the end of `### What
/// changed`.
///
/// ```
/// use incident_story::{Story, WorkedStory, lint};
/// assert_eq!(lint(&WorkedStory::markdown()), vec![]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkedStory;

impl Story for WorkedStory {
    fn markdown() -> String {
        let start = README
            .find(STORY_START)
            .expect("the README tells the worked story under '### Situation'");
        let end = README[start..]
            .find(STORY_END)
            .map_or(README.len(), |e| start + e);
        README[start..end].to_string()
    }
}

/// The template `cargo lab story new` writes: every part as a heading, each with
/// `<placeholders>` that the lint flags until they are replaced.
///
/// ```
/// use incident_story::{Rule, TEMPLATE, lint};
/// let rules: Vec<Rule> = lint(TEMPLATE).iter().map(|f| f.rule).collect();
/// assert!(rules.contains(&Rule::Placeholder));
/// assert!(!rules.contains(&Rule::MissingSection));
/// ```
pub const TEMPLATE: &str = include_str!("template.md");
