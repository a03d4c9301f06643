//! What a drill asks about one question, taken from its topic's answer.

use evidence::answer::Answer;
use serde::Serialize;

/// One question, ready to drill: the question, the points a strong answer covers, the
/// follow-ups an interviewer asks, the red flags, and where its evidence is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    /// The question's number in the catalogue (1-29).
    pub number: u8,
    /// The question, as the catalogue asks it.
    pub question: String,
    /// The section's name.
    pub section: String,
    /// The topic that answers it.
    pub topic: String,
    /// The answer's key points, revealed one by one.
    pub key_points: Vec<String>,
    /// The follow-ups, in the answer's order.
    pub follow_ups: Vec<FollowUp>,
    /// What sinks a candidate.
    pub red_flags: Vec<String>,
    /// Commands that show the evidence: the answer, the demo, the exercise.
    pub links: Vec<String>,
}

/// A follow-up question and its answer, split into points to reveal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    /// The follow-up question.
    pub question: String,
    /// Its answer, one sentence per point.
    pub points: Vec<String>,
}

impl Card {
    /// The card for question `number` from its topic's parsed answer: the key points
    /// grouped under `### Question N` when the answer groups them (a topic answering
    /// several questions), else all of them. `links` are the commands the drill shows
    /// at the end.
    pub fn from_answer(
        number: u8,
        question: &str,
        section: &str,
        topic: &str,
        answer: &Answer,
        links: Vec<String>,
    ) -> Card {
        Card {
            number,
            question: question.to_string(),
            section: section.to_string(),
            topic: topic.to_string(),
            key_points: answer
                .key_points_for(number)
                .iter()
                .map(|p| plain(p))
                .collect(),
            follow_ups: answer
                .follow_ups
                .iter()
                .map(|(q, a)| FollowUp {
                    question: plain(q),
                    points: sentences(&plain(a)),
                })
                .collect(),
            red_flags: answer.red_flags.iter().map(|p| plain(p)).collect(),
            links,
        }
    }

    /// The follow-ups asked at the `attempt`-th drill of this card (counting from 0):
    /// up to `count`, rotating through them so repeated drills see different ones.
    pub fn follow_ups_for(&self, attempt: usize, count: usize) -> Vec<&FollowUp> {
        let n = self.follow_ups.len();
        if n == 0 {
            return Vec::new();
        }
        let count = count.min(n);
        (0..count)
            .map(|i| &self.follow_ups[(attempt * count + i) % n])
            .collect()
    }
}

/// Markdown made readable as plain text: line breaks joined, `**bold**`, `*em*` and
/// `[text](url)` links reduced to their text; backticks kept (they mark code).
pub fn plain(markdown: &str) -> String {
    let joined = markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(joined.len());
    let mut rest = joined.as_str();
    let mut in_code = false;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            if c == '['
                && let Some(close) = rest.find("](")
                && let Some(end) = rest[close..].find(')')
            {
                out.push_str(&rest[1..close]);
                rest = &rest[close + end + 1..];
                continue;
            }
            if c == '*' {
                rest = &rest[1..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Splits prose into sentences: at `.`, `?` or `!` followed by a space and a capital
/// letter, a digit or a backtick, except after common abbreviations (e.g., i.e., vs.,
/// etc.) and inside backticks.
pub fn sentences(text: &str) -> Vec<String> {
    const ABBREVIATIONS: [&str; 6] = ["e.g.", "i.e.", "vs.", "etc.", "cf.", "approx."];
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    for i in 0..chars.len() {
        if chars[i] == '`' {
            in_code = !in_code;
        }
        if in_code || !matches!(chars[i], '.' | '?' | '!') {
            continue;
        }
        let next_is_space = chars.get(i + 1) == Some(&' ');
        let after = chars.get(i + 2).copied();
        let starts_sentence =
            after.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '`');
        if !(next_is_space && starts_sentence) {
            continue;
        }
        let sentence: String = chars[start..=i].iter().collect();
        let lower = sentence.to_lowercase();
        if ABBREVIATIONS.iter().any(|a| lower.ends_with(a)) {
            continue;
        }
        out.push(sentence.trim().to_string());
        start = i + 1;
    }
    let tail: String = chars[start..].iter().collect();
    if !tail.trim().is_empty() {
        out.push(tail.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_ends_but_not_at_abbreviations_or_in_code() {
        assert_eq!(
            sentences("It is O(1). Use a map, e.g. HashMap. Why? `a.b. C` stays. 42 too."),
            [
                "It is O(1).",
                "Use a map, e.g. HashMap.",
                "Why?",
                "`a.b. C` stays.",
                "42 too."
            ]
        );
        assert_eq!(sentences("no end"), ["no end"]);
        assert!(sentences("   ").is_empty());
        assert_eq!(sentences("v1.2 is out. Fine"), ["v1.2 is out.", "Fine"]);
    }

    #[test]
    fn plain_drops_emphasis_and_link_targets_and_joins_lines() {
        assert_eq!(
            plain("**Bold** and *em* and [the RFC](https://x.y/z)\n  next `a*b`"),
            "Bold and em and the RFC next `a*b`"
        );
        assert_eq!(plain("a [not a link"), "a [not a link");
    }

    fn card_with(n: usize) -> Card {
        Card {
            number: 1,
            question: "q".into(),
            section: "s".into(),
            topic: "t".into(),
            key_points: vec![],
            follow_ups: (0..n)
                .map(|i| FollowUp {
                    question: format!("f{i}"),
                    points: vec![],
                })
                .collect(),
            red_flags: vec![],
            links: vec![],
        }
    }

    #[test]
    fn follow_ups_rotate_across_attempts() {
        let card = card_with(5);
        let names = |attempt| {
            card.follow_ups_for(attempt, 2)
                .iter()
                .map(|f| f.question.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(0), ["f0", "f1"]);
        assert_eq!(names(1), ["f2", "f3"]);
        assert_eq!(names(2), ["f4", "f0"]);
        assert!(card_with(0).follow_ups_for(3, 2).is_empty());
        assert_eq!(card_with(1).follow_ups_for(7, 2).len(), 1);
    }

    #[test]
    fn a_card_takes_its_parts_from_the_answer() {
        let answer = Answer::parse(
            "# T\n\n> **Question 3.** Why?\n\n**In one line.** x\n\n## Key points\n\n- **One** point\n  continued\n- Two\n\n## Follow-ups\n\n### What if *n* grows?\n\nIt grows. Then it shrinks.\n\n## Red flags\n\n- Saying never\n",
        );
        let card = Card::from_answer(
            3,
            "Why?",
            "Basics",
            "t",
            &answer,
            vec!["cargo lab show 3".into()],
        );
        assert_eq!(card.key_points, ["One point continued", "Two"]);
        assert_eq!(card.follow_ups.len(), 1);
        assert_eq!(card.follow_ups[0].question, "What if n grows?");
        assert_eq!(card.follow_ups[0].points, ["It grows.", "Then it shrinks."]);
        assert_eq!(card.red_flags, ["Saying never"]);
        assert_eq!(card.links, ["cargo lab show 3"]);
    }
}
