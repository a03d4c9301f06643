//! The answer layout: what a topic's `README.md` holds, parsed.
//!
//! Every answer is laid out the same way (see `docs/ANSWER-LAYOUT.md`), so that `lab
//! show` can print the part a candidate says, `lab verify` can check it, and `lab drill`
//! can ask its key points, follow-ups and red flags:
//!
//! ```text
//! # Title
//! > **Question N.** <the question>
//! **In one line.** <definition>
//! ## The 30-second answer
//! ## Key points            (5 to 8 bullets; a topic answering several questions may
//!                           group them under `### Question N`, 3 or more each)
//! ## The 2-minute answer   (250 to 300 words; one `### Question N` part per question)
//! ## Depth                 (`### Complexity` for code, `### Trade-offs` for design)
//!    or ## The story (STAR) (`### Situation`, `### Task`, `### Action`, `### Result`,
//!                            `### What changed`, for a behavioral answer)
//! ## Follow-ups            (at least 5: `### question?` then its answer)
//! ## Red flags             (at least 3 bullets)
//! ## Sources               (at least 3 bullets)
//! <!-- engineering -->
//! ...the engineering part
//! ```
//!
//! ```
//! use evidence::answer::Answer;
//!
//! let answer = Answer::parse("# T\n\n## Follow-ups\n\n### Why?\n\nBecause.\n");
//! assert_eq!(answer.follow_ups, [("Why?".to_string(), "Because.".to_string())]);
//! ```

use crate::manifest::Kind;

/// The line that separates the interview part of an answer (above) from the engineering
/// part (below): code map, benchmarks, how it was built.
pub const ENGINEERING_MARKER: &str = "<!-- engineering -->";

/// Words in the 2-minute script (per question, when a topic answers several): about
/// 250 to 300, with a little slack either side.
pub const SCRIPT_WORDS: std::ops::RangeInclusive<usize> = 230..=320;

/// The sections an answer must have, in order, for each kind.
const SECTIONS: [&str; 8] = [
    "The 30-second answer",
    "Key points",
    "The 2-minute answer",
    "Depth",
    "Follow-ups",
    "Red flags",
    "Sources",
    "",
];

/// A `##` section: its heading, its text, and its `###` parts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// The heading's text, without the hashes.
    pub heading: String,
    /// Everything under the heading, up to the next `##`.
    pub body: String,
    /// The `###` parts inside it: (heading, text).
    pub parts: Vec<(String, String)>,
}

/// An answer, split into what `show`, `verify` and `drill` need.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    /// The `#` title.
    pub title: String,
    /// The questions it quotes: (number, text) from `> **Question N.** text` lines.
    pub questions: Vec<(u8, String)>,
    /// The `**In one line.**` definition.
    pub one_line: String,
    /// The `##` sections of the interview part, in order.
    pub sections: Vec<Section>,
    /// The key points' bullets (all of them, when grouped by question).
    pub key_points: Vec<String>,
    /// The key points grouped under `### Question N` parts, when the answer groups them:
    /// (N, bullets).
    pub key_points_by_question: Vec<(u8, Vec<String>)>,
    /// The follow-ups: (question, answer).
    pub follow_ups: Vec<(String, String)>,
    /// The red flags' bullets.
    pub red_flags: Vec<String>,
    /// The sources' bullets.
    pub sources: Vec<String>,
    /// Whether the engineering marker is present.
    pub has_marker: bool,
    /// Everything below the marker.
    pub engineering: String,
}

impl Answer {
    /// Parses an answer's markdown. Never fails: what is missing is simply empty, and
    /// [`Answer::problems`] says so.
    pub fn parse(text: &str) -> Answer {
        let (interview, engineering, has_marker) = match text.find(ENGINEERING_MARKER) {
            Some(at) => (&text[..at], &text[at + ENGINEERING_MARKER.len()..], true),
            None => (text, "", false),
        };
        let mut answer = Answer {
            has_marker,
            engineering: engineering.to_string(),
            ..Answer::default()
        };
        let mut in_code = false;
        for line in interview.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if in_code {
                push_line(&mut answer.sections, line);
                continue;
            }
            if let Some(title) = line.strip_prefix("# ") {
                if answer.title.is_empty() {
                    answer.title = title.trim().to_string();
                }
            } else if let Some(heading) = line.strip_prefix("## ") {
                answer.sections.push(Section {
                    heading: heading.trim().to_string(),
                    ..Section::default()
                });
            } else if let Some(part) = line.strip_prefix("### ") {
                match answer.sections.last_mut() {
                    Some(section) => section.parts.push((part.trim().to_string(), String::new())),
                    None => continue,
                }
            } else if answer.sections.is_empty() {
                if let Some(q) = quoted_question(line) {
                    answer.questions.push(q);
                } else if let Some(rest) = line.trim().strip_prefix("**In one line.**") {
                    answer.one_line = rest.trim().to_string();
                } else if !answer.one_line.is_empty() && !line.trim().is_empty() {
                    answer.one_line.push(' ');
                    answer.one_line.push_str(line.trim());
                }
            } else {
                push_line(&mut answer.sections, line);
            }
        }
        for section in &mut answer.sections {
            section.body = section.body.trim().to_string();
            for (_, text) in &mut section.parts {
                *text = text.trim().to_string();
            }
        }
        answer.key_points = answer.bullets("Key points");
        answer.key_points_by_question = answer
            .section("Key points")
            .map(|s| {
                s.parts
                    .iter()
                    .filter_map(|(heading, text)| {
                        let n = heading.strip_prefix("Question ")?.trim().parse().ok()?;
                        Some((n, bullet_lines(text)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        answer.red_flags = answer.bullets("Red flags");
        answer.sources = answer.bullets("Sources");
        answer.follow_ups = answer
            .section("Follow-ups")
            .map(|s| s.parts.clone())
            .unwrap_or_default();
        answer
    }

    /// The section with this heading.
    pub fn section(&self, heading: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.heading == heading)
    }

    /// The key points a drill of question `number` asks: its `### Question N` group
    /// when the answer groups them, else all of them.
    pub fn key_points_for(&self, number: u8) -> &[String] {
        self.key_points_by_question
            .iter()
            .find(|(n, _)| *n == number)
            .map_or(&self.key_points, |(_, bullets)| bullets)
    }

    /// The top-level bullets of a section (and of its `###` parts), each joined onto
    /// one line.
    fn bullets(&self, heading: &str) -> Vec<String> {
        let Some(section) = self.section(heading) else {
            return Vec::new();
        };
        let mut bullets = bullet_lines(&section.body);
        for (_, text) in &section.parts {
            bullets.extend(bullet_lines(text));
        }
        bullets
    }

    /// The 2-minute scripts: one per `### Question N` part, or the whole section.
    pub fn scripts(&self) -> Vec<(String, String)> {
        let Some(section) = self.section("The 2-minute answer") else {
            return Vec::new();
        };
        if section.parts.is_empty() {
            vec![(String::new(), section.body.clone())]
        } else {
            section.parts.clone()
        }
    }

    /// Everything that breaks the layout for an answer of `kind` that is the primary
    /// answer of `questions` (number, text), one sentence each; empty when it is sound.
    pub fn problems(&self, kind: Kind, questions: &[(u8, &str)]) -> Vec<String> {
        let mut problems = Vec::new();
        if self.title.is_empty() {
            problems.push("no `# title` line".to_string());
        }
        for &(n, text) in questions {
            if !self.questions.iter().any(|(m, t)| *m == n && t == text) {
                problems.push(format!(
                    "no `> **Question {n}.** {text}` line quoting the question exactly"
                ));
            }
        }
        if self.one_line.is_empty() {
            problems.push("no `**In one line.**` definition".to_string());
        }
        let expected: Vec<&str> = SECTIONS
            .iter()
            .filter(|s| !s.is_empty())
            .map(|&s| match (s, kind) {
                ("Depth", Kind::Behavioral) => "The story (STAR)",
                _ => s,
            })
            .collect();
        let present: Vec<&str> = self
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .filter(|h| expected.contains(h))
            .collect();
        for want in &expected {
            if !present.contains(want) {
                problems.push(format!("no `## {want}` section"));
            }
        }
        if present.iter().all(|p| expected.contains(p))
            && present.len() == expected.len()
            && present != expected
        {
            problems.push(format!(
                "the sections are out of order: {present:?}, expected {expected:?}"
            ));
        }
        if !(5..=8).contains(&self.key_points.len()) {
            problems.push(format!(
                "`## Key points` has {} bullets; it needs 5 to 8",
                self.key_points.len()
            ));
        }
        for (n, bullets) in &self.key_points_by_question {
            if !self.questions.iter().any(|(m, _)| m == n) {
                problems.push(format!(
                    "`## Key points` has a `### Question {n}` group, but the answer does not quote question {n}"
                ));
            }
            if bullets.len() < 3 {
                problems.push(format!(
                    "`### Question {n}` under `## Key points` has {} bullets; a group needs at least 3",
                    bullets.len()
                ));
            }
        }
        let scripts = self.scripts();
        if questions.len() > 1 && scripts.len() != questions.len() {
            problems.push(format!(
                "`## The 2-minute answer` needs one `### Question N` part per question ({}), found {}",
                questions.len(),
                scripts.len()
            ));
        }
        for (part, script) in &scripts {
            let words = word_count(script);
            if !SCRIPT_WORDS.contains(&words) && !script.is_empty() {
                let which = if part.is_empty() {
                    "the 2-minute answer".to_string()
                } else {
                    format!("the 2-minute answer's '{part}'")
                };
                problems.push(format!(
                    "{which} is {words} words; a spoken 2 minutes is about 250 to 300"
                ));
            }
        }
        let depth_part = match kind {
            Kind::Code => Some(("Depth", "Complexity")),
            Kind::Design => Some(("Depth", "Trade-offs")),
            Kind::Behavioral => None,
        };
        if let Some((section, part)) = depth_part
            && let Some(s) = self.section(section)
            && !s.parts.iter().any(|(h, _)| h.starts_with(part))
        {
            problems.push(format!(
                "a {kind} answer's `## {section}` needs a `### {part}` part"
            ));
        }
        if kind == Kind::Behavioral
            && let Some(story) = self.section("The story (STAR)")
        {
            for part in ["Situation", "Task", "Action", "Result", "What changed"] {
                if !story.parts.iter().any(|(h, _)| h == part) {
                    problems.push(format!("the story has no `### {part}`"));
                }
            }
        }
        if self.follow_ups.len() < 5 {
            problems.push(format!(
                "`## Follow-ups` has {} questions; it needs at least 5",
                self.follow_ups.len()
            ));
        }
        if let Some((q, _)) = self.follow_ups.iter().find(|(_, a)| a.is_empty()) {
            problems.push(format!("the follow-up '{q}' has no answer"));
        }
        if self.red_flags.len() < 3 {
            problems.push(format!(
                "`## Red flags` has {} bullets; it needs at least 3",
                self.red_flags.len()
            ));
        }
        if self.sources.len() < 3 {
            problems.push(format!(
                "`## Sources` has {} bullets; it needs at least 3",
                self.sources.len()
            ));
        }
        if !self.has_marker {
            problems.push(format!("no `{ENGINEERING_MARKER}` line"));
        }
        problems
    }
}

/// Appends `line` to the last section's last part, or to its body.
/// The top-level `- ` bullets of a text, each joined onto one line.
fn bullet_lines(text: &str) -> Vec<String> {
    let mut bullets: Vec<String> = Vec::new();
    for line in text.lines() {
        if let Some(item) = line.strip_prefix("- ") {
            bullets.push(item.trim().to_string());
        } else if line.starts_with("  ")
            && !line.trim().is_empty()
            && let Some(last) = bullets.last_mut()
        {
            last.push(' ');
            last.push_str(line.trim());
        }
    }
    bullets
}

fn push_line(sections: &mut [Section], line: &str) {
    let Some(section) = sections.last_mut() else {
        return;
    };
    let target = match section.parts.last_mut() {
        Some((_, text)) => text,
        None => &mut section.body,
    };
    target.push_str(line);
    target.push('\n');
}

/// `(N, text)` from a line `> **Question N.** text`.
fn quoted_question(line: &str) -> Option<(u8, String)> {
    let rest = line.trim().strip_prefix("> **Question ")?;
    let (number, text) = rest.split_once(".**")?;
    Some((number.trim().parse().ok()?, text.trim().to_string()))
}

/// Words as a listener hears them: whitespace-separated tokens that hold a letter or a
/// digit (so a dash between words is not a word).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_points_grouped_by_question_are_asked_per_question() {
        let text = "# T\n\n> **Question 12.** A?\n> **Question 13.** B?\n\n## Key points\n\n\
             ### Question 12\n\n- a1\n- a2\n  wrapped\n- a3\n\n### Question 13\n\n- b1\n- b2\n- b3\n\n\
             ## Red flags\n\n- r\n";
        let a = Answer::parse(text);
        assert_eq!(
            a.key_points.len(),
            6,
            "all bullets count towards the 5 to 8"
        );
        assert_eq!(a.key_points_for(12), ["a1", "a2 wrapped", "a3"]);
        assert_eq!(a.key_points_for(13), ["b1", "b2", "b3"]);
        assert_eq!(a.key_points_for(14).len(), 6, "no group: every key point");
        let problems = a.problems(Kind::Code, &[(12, "A?"), (13, "B?")]);
        assert!(
            !problems.iter().any(|p| p.contains("group")),
            "{problems:?}"
        );

        let thin = Answer::parse(
            &text
                .replace("- b2\n- b3\n", "")
                .replace("13.** B?", "13.** B?\n> **Question 14.** C?")
                .replace("### Question 12", "### Question 15"),
        );
        let problems = thin.problems(Kind::Code, &[(12, "A?"), (13, "B?")]);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`### Question 13` under `## Key points` has 1 bullets")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("does not quote question 15")),
            "{problems:?}"
        );
    }

    fn words(n: usize) -> String {
        vec!["word"; n].join(" ")
    }

    fn answer(kind_depth: &str, script: &str) -> String {
        format!(
            "# Title\n\n> **Question 1.** What is it?\n\n**In one line.** A thing\nthat does.\n\n\
             ## The 30-second answer\n\nShort.\n\n## Key points\n\n- a\n- b\n- c\n  continued\n- d\n- e\n\n\
             ## The 2-minute answer\n\n{script}\n\n{kind_depth}\n\n\
             ## Follow-ups\n\n### One?\nA.\n### Two?\nB.\n### Three?\nC.\n### Four?\nD.\n### Five?\nE.\n\n\
             ## Red flags\n\n- x\n- y\n- z\n\n## Sources\n\n- s1\n- s2\n- s3\n\n<!-- engineering -->\n\n## Code map\n"
        )
    }

    const DEPTH: &str = "## Depth\n\n### Complexity\n\nO(1).\n\n```text\n## not a heading\n```";

    #[test]
    fn a_sound_answer_parses_into_its_parts() {
        let text = answer(DEPTH, &words(270));
        let a = Answer::parse(&text);
        assert_eq!(a.title, "Title");
        assert_eq!(a.questions, [(1, "What is it?".to_string())]);
        assert_eq!(a.one_line, "A thing that does.");
        assert_eq!(a.key_points.len(), 5);
        assert_eq!(a.key_points[2], "c continued");
        assert_eq!(a.follow_ups[1], ("Two?".to_string(), "B.".to_string()));
        assert_eq!(a.red_flags, ["x", "y", "z"]);
        assert!(a.has_marker && a.engineering.contains("## Code map"));
        assert!(
            a.section("Depth").unwrap().parts[0]
                .1
                .contains("## not a heading"),
            "a heading inside a code block is text"
        );
        assert_eq!(
            a.problems(Kind::Code, &[(1, "What is it?")]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn each_missing_piece_is_named() {
        let text = answer(DEPTH, &words(100));
        let a = Answer::parse(&text);
        let problems = a.problems(Kind::Design, &[(1, "What is it?"), (2, "And this?")]);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`> **Question 2.** And this?`")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("is 100 words")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("needs a `### Trade-offs` part")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("one `### Question N` part per question")),
            "{problems:?}"
        );
        let bare = Answer::parse("# Only a title\n");
        let problems = bare.problems(Kind::Code, &[]);
        for needed in [
            "no `## Key points` section",
            "no `## Sources` section",
            "no `<!-- engineering -->` line",
            "no `**In one line.**`",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(needed)),
                "{needed}: {problems:?}"
            );
        }
    }

    #[test]
    fn a_behavioral_answer_tells_a_star_story() {
        let story =
            "## The story (STAR)\n\n### Situation\ns\n### Task\nt\n### Action\na\n### Result\nr";
        let a = Answer::parse(&answer(story, &words(260)));
        assert_eq!(
            a.problems(Kind::Behavioral, &[(1, "What is it?")]),
            ["the story has no `### What changed`"]
        );
    }

    #[test]
    fn sections_out_of_order_are_reported() {
        let text = answer(DEPTH, &words(260))
            .replace("## Key points", "## Keys")
            .replace(
                "## Red flags",
                "## Key points\n\n- a\n- b\n- c\n- d\n- e\n\n## Red flags",
            );
        let problems = Answer::parse(&text).problems(Kind::Code, &[(1, "What is it?")]);
        assert!(
            problems.iter().any(|p| p.contains("out of order")),
            "{problems:?}"
        );
    }

    #[test]
    fn words_are_what_a_listener_hears() {
        assert_eq!(word_count("I'd start here - then go on: 2 steps."), 8);
    }
}
