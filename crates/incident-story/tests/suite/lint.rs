//! The lint on named stories, one per rule, and on arbitrary input.

use incident_story::{MAX_WORDS, MIN_WORDS, Rule, Story, WorkedStory, lint, spoken_words};
use proptest::prelude::*;

/// A story that passes, built from parts so each test breaks exactly one.
struct Parts {
    situation: String,
    action: String,
    result: String,
    changed: String,
}

impl Parts {
    fn good() -> Parts {
        let filler =
            "I checked the dashboards, read the logs and wrote down what I saw. ".repeat(18);
        Parts {
            situation: "I was on call for the search API when latency tripled.".into(),
            action: format!(
                "I paged the database owner and I rolled back the index change. {filler}"
            ),
            result: "Latency was back under 200 ms after 12 minutes.".into(),
            changed: "- Index changes go through a canary.\n- A latency alert per shard.".into(),
        }
    }

    fn markdown(&self) -> String {
        format!(
            "# Slow search\n\n## Situation\n{}\n\n## Task\nI owned the response as on-call.\n\n\
             ## Action\n{}\n\n## Result\n{}\n\n## What changed\n{}\n",
            self.situation, self.action, self.result, self.changed
        )
    }
}

fn rules(markdown: &str) -> Vec<Rule> {
    lint(markdown).into_iter().map(|f| f.rule).collect()
}

#[test]
fn the_good_story_passes() {
    let md = Parts::good().markdown();
    assert_eq!(lint(&md), vec![], "{} words", spoken_words(&md));
}

#[test]
fn a_missing_section_is_found() {
    let md = Parts::good().markdown().replace("## Task\n", "");
    let findings = lint(&md);
    assert_eq!(rules(&md), [Rule::MissingSection], "{findings:?}");
    assert!(findings[0].message.contains("'Task'"));
    let empty = Parts::good()
        .markdown()
        .replace("I owned the response as on-call.", "");
    let f = lint(&empty);
    assert_eq!((f[0].rule, f[0].line), (Rule::MissingSection, 6), "{f:?}");
}

#[test]
fn a_result_without_a_number_is_found_at_its_heading() {
    let mut parts = Parts::good();
    parts.result = "Latency went back to normal quickly.".into();
    let md = parts.markdown();
    let f = lint(&md);
    assert_eq!(rules(&md), [Rule::ResultWithoutNumber]);
    assert_eq!(md.lines().nth(f[0].line - 1), Some("## Result"));
}

#[test]
fn more_we_than_i_in_the_action_is_found() {
    let mut parts = Parts::good();
    parts.action = parts.action.replace("I ", "we ");
    let md = parts.markdown();
    assert_eq!(rules(&md), [Rule::WeOverI]);
    // "We" in the situation does not count: only the action is about your role.
    let mut parts = Parts::good();
    parts.situation = "We we we were on call; our API was slow.".into();
    assert_eq!(lint(&parts.markdown()), vec![]);
}

#[test]
fn a_story_too_short_or_too_long_is_found() {
    let mut short = Parts::good();
    short.action = "I rolled it back.".into();
    let md = short.markdown();
    assert!(spoken_words(&md) < MIN_WORDS);
    assert_eq!(rules(&md), [Rule::SpokenLength]);
    let mut long = Parts::good();
    long.action = format!(
        "{} {}",
        long.action,
        "I kept watching the graphs. ".repeat(60)
    );
    let md = long.markdown();
    assert!(spoken_words(&md) > MAX_WORDS);
    assert_eq!(rules(&md), [Rule::SpokenLength]);
}

#[test]
fn blame_on_a_named_person_or_team_is_found() {
    for (blaming, who) in [
        ("It was Priya's fault: she forgot the index.", "Priya"),
        ("The database team broke search.", "database team"),
        ("Honestly Marco was careless with the deploy.", "Marco"),
    ] {
        let mut parts = Parts::good();
        parts.situation = format!("{} {blaming}", parts.situation);
        let f = lint(&parts.markdown());
        assert_eq!(f.len(), 1, "{blaming}: {f:?}");
        assert_eq!((f[0].rule, f[0].line), (Rule::Blame, 4));
        assert!(f[0].message.contains(who), "{}", f[0].message);
    }
}

#[test]
fn what_changed_needs_a_list_of_actions() {
    let mut parts = Parts::good();
    parts.changed = "We talked about it and felt better.".into();
    assert_eq!(rules(&parts.markdown()), [Rule::NoFollowUp]);
    let md = Parts::good().markdown();
    let cut = &md[..md.find("## What changed").unwrap()];
    assert_eq!(rules(cut), [Rule::NoFollowUp]);
}

#[test]
fn empty_and_non_markdown_input_get_findings() {
    for input in [
        "",
        "\0\u{1}\u{7f}",
        "<html><body>hi</body></html>",
        "#####\n######",
    ] {
        let r = rules(input);
        assert!(r.contains(&Rule::MissingSection), "{input:?}: {r:?}");
        assert!(r.contains(&Rule::SpokenLength), "{input:?}: {r:?}");
        assert!(r.contains(&Rule::NoFollowUp), "{input:?}: {r:?}");
    }
}

#[test]
fn the_worked_story_is_within_the_spoken_length() {
    let words = spoken_words(&WorkedStory::markdown());
    assert!((MIN_WORDS..=MAX_WORDS).contains(&words), "{words} words");
}

/// The naive word count: every whitespace token with a letter or digit, on lines that
/// are not headings, outside code fences.
fn naive_words(markdown: &str) -> usize {
    let mut code = false;
    let mut n = 0;
    for line in markdown.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            code = !code;
            continue;
        }
        let hashes = t.chars().take_while(|&c| c == '#').count();
        let is_heading = (1..=6).contains(&hashes)
            && t[hashes..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t');
        if code || is_heading {
            continue;
        }
        n += t
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
    }
    n
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic_and_lines_are_in_range(input in any::<String>()) {
        let findings = lint(&input);
        let lines = input.lines().count().max(1);
        for f in &findings {
            prop_assert!((1..=lines).contains(&f.line), "{f:?} in {lines} lines");
        }
        let words = spoken_words(&input);
        prop_assert_eq!(words, naive_words(&input));
        let too_long_or_short = !(MIN_WORDS..=MAX_WORDS).contains(&words);
        prop_assert_eq!(findings.iter().any(|f| f.rule == Rule::SpokenLength), too_long_or_short);
    }

    #[test]
    fn markdown_like_lines_never_panic(lines in prop::collection::vec(
        prop_oneof![
            Just("## Situation".to_string()), Just("### Action".to_string()),
            Just("# Result".to_string()), Just("## What changed".to_string()),
            Just("```".to_string()), Just("- ".to_string()), Just("1. x".to_string()),
            Just("We did it, I think.".to_string()), Just("<todo item>".to_string()),
            Just("Bob's fault".to_string()), "\\PC{0,20}",
        ], 0..40)) {
        let md = lines.join("\n");
        let _ = lint(&md);
    }
}
