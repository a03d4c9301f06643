//! One case per lint rule, in the order a learner fixes a story: the shape first, then
//! the voice, the numbers, the blame, the follow-ups and the length.
//!
//! Each case lints the story and fails with that rule's findings, one per line with
//! its line number, so the message says what to change and where.

use crate::{Finding, Rule, Story, lint};

/// Fails with every finding of `rule` in `S`'s story, explained by `why`.
#[track_caller]
fn check<S: Story>(rule: Rule, why: &str) {
    let markdown = S::markdown();
    let found: Vec<Finding> = lint(&markdown)
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect();
    if !found.is_empty() {
        let lines: Vec<String> = found
            .iter()
            .map(|f| format!("  line {}: {}", f.line, f.message))
            .collect();
        panic!("{why}\n{}", lines.join("\n"));
    }
}

/// The story has Situation, Task, Action and Result headings, each with text under it.
pub fn has_every_star_section<S: Story>() {
    check::<S>(
        Rule::MissingSection,
        "a STAR story needs a heading for each part (Situation, Task, Action, Result), each \
         followed by text, so the listener can follow it:",
    );
}

/// No `<...>` placeholder of the template is left.
pub fn keeps_no_template_placeholder<S: Story>() {
    check::<S>(
        Rule::Placeholder,
        "the template's <placeholders> are still there: replace each with your own words:",
    );
}

/// The action says "I" at least as often as "we".
pub fn the_action_says_i_more_than_we<S: Story>() {
    check::<S>(
        Rule::WeOverI,
        "the interviewer is hiring you, not your team: say \"I\" for what you did and decided:",
    );
}

/// The result holds at least one number.
pub fn the_result_has_a_number<S: Story>() {
    check::<S>(
        Rule::ResultWithoutNumber,
        "a result is measured: minutes to mitigate, customers affected, money refunded, \
         incidents since:",
    );
}

/// No sentence blames a named person or team.
pub fn blames_no_person_or_team<S: Story>() {
    check::<S>(
        Rule::Blame,
        "a postmortem is blameless: describe conditions and mechanisms, not who was at fault:",
    );
}

/// What changed lists follow-up actions, one per list item.
pub fn lists_follow_up_actions<S: Story>() {
    check::<S>(
        Rule::NoFollowUp,
        "the story ends with what changed: list the postmortem's follow-up actions as \
         bullets or a numbered list:",
    );
}

/// Told at 150 words a minute, the story lasts 1.5 to 3 minutes.
pub fn takes_one_and_a_half_to_three_minutes_to_tell<S: Story>() {
    check::<S>(
        Rule::SpokenLength,
        "an interview answer lasts 1.5 to 3 minutes; at 150 words a minute that is 225 to \
         450 words of text (headings not counted):",
    );
}
