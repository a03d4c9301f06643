//! The STAR lint: a story in markdown → what an interviewer would pick on, one
//! [`Finding`] per problem, each with its [`Rule`] and a 1-based line.
//!
//! The lint reads markdown loosely, line by line: a heading is a line starting with one
//! to six `#` and a space; fenced code blocks are skipped; anything else is text. It never
//! fails: empty, binary-looking or non-markdown input simply has no sections and gets the
//! findings that says so. Findings about the whole story (its length, a missing section)
//! point at line 1.

use std::fmt;

/// The speaking rate the lint assumes, in words a minute (a calm interview pace).
pub const WORDS_PER_MINUTE: usize = 150;
/// The shortest story: 1.5 minutes at [`WORDS_PER_MINUTE`].
pub const MIN_WORDS: usize = WORDS_PER_MINUTE * 3 / 2;
/// The longest story: 3 minutes at [`WORDS_PER_MINUTE`].
pub const MAX_WORDS: usize = WORDS_PER_MINUTE * 3;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A STAR section (Situation, Task, Action, Result) is missing or empty.
    MissingSection,
    /// A `<placeholder>` from the template is still in the text.
    Placeholder,
    /// The Action section says "we" (we, us, our) more often than "I" (I, me, my).
    WeOverI,
    /// The Result section holds no number (no digit at all).
    ResultWithoutNumber,
    /// Told at [`WORDS_PER_MINUTE`], the story is shorter than 1.5 or longer than 3 minutes.
    SpokenLength,
    /// A sentence blames a named person or a team (a postmortem is blameless).
    Blame,
    /// No "What changed" section, or one without a list of follow-up actions.
    NoFollowUp,
}

impl Rule {
    /// Every rule, in the order the lint reports them.
    pub const ALL: [Rule; 7] = [
        Rule::MissingSection,
        Rule::Placeholder,
        Rule::WeOverI,
        Rule::ResultWithoutNumber,
        Rule::SpokenLength,
        Rule::Blame,
        Rule::NoFollowUp,
    ];

    /// The rule's short name, as `cargo lab story check` prints it.
    ///
    /// ```
    /// assert_eq!(incident_story_contract::Rule::WeOverI.name(), "we-over-i");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Rule::MissingSection => "missing-section",
            Rule::Placeholder => "placeholder",
            Rule::WeOverI => "we-over-i",
            Rule::ResultWithoutNumber => "result-without-number",
            Rule::SpokenLength => "spoken-length",
            Rule::Blame => "blame",
            Rule::NoFollowUp => "no-follow-up",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One problem the lint found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which rule the story breaks.
    pub rule: Rule,
    /// The 1-based line it is about (1 for the story as a whole).
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: [{}] {}", self.line, self.rule, self.message)
    }
}

/// The parts of a STAR story the lint looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Situation,
    Task,
    Action,
    Result,
    WhatChanged,
}

impl Part {
    const STAR: [Part; 4] = [Part::Situation, Part::Task, Part::Action, Part::Result];

    fn title(self) -> &'static str {
        match self {
            Part::Situation => "Situation",
            Part::Task => "Task",
            Part::Action => "Action",
            Part::Result => "Result",
            Part::WhatChanged => "What changed",
        }
    }

    /// The part a heading names, if any: its first word for the STAR parts, a few
    /// usual names for the follow-ups.
    fn of_heading(text: &str) -> Option<Part> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        match words.first().copied() {
            Some("situation" | "context") => Some(Part::Situation),
            Some("task") => Some(Part::Task),
            Some("action" | "actions") => Some(Part::Action),
            Some("result" | "results" | "outcome") => Some(Part::Result),
            _ if lower.contains("what changed")
                || lower.contains("follow-up")
                || lower.contains("follow up")
                || lower.contains("afterwards")
                || lower.contains("lessons")
                || lower.contains("postmortem") =>
            {
                Some(Part::WhatChanged)
            }
            _ => None,
        }
    }
}

/// One line of text (not a heading, not in a code block), with its 1-based number.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    number: usize,
    text: &'a str,
}

/// A section: its heading's line and the text lines under it, up to the next heading.
#[derive(Debug)]
struct Section<'a> {
    part: Option<Part>,
    heading: usize,
    body: Vec<Line<'a>>,
}

/// Lints a STAR story written in markdown.
///
/// Findings come in [`Rule::ALL`] order, then by line. An empty vector means the story
/// passes every rule. Never panics, whatever the input.
///
/// # Example
///
/// ```
/// use incident_story_contract::{Rule, lint};
///
/// let findings = lint("## Situation\nWe had an outage.\n");
/// let rules: Vec<Rule> = findings.iter().map(|f| f.rule).collect();
/// assert!(rules.contains(&Rule::MissingSection)); // no Task, Action, Result
/// assert!(rules.contains(&Rule::SpokenLength)); // 4 words is not 1.5 minutes
/// assert!(lint("").iter().any(|f| f.rule == Rule::NoFollowUp));
/// ```
pub fn lint(markdown: &str) -> Vec<Finding> {
    let sections = parse(markdown);
    let find = |part: Part| sections.iter().find(|s| s.part == Some(part));
    let mut findings = Vec::new();

    for part in Part::STAR {
        match find(part) {
            None => findings.push(Finding {
                rule: Rule::MissingSection,
                line: 1,
                message: format!(
                    "no '{}' section: add a heading such as '### {}' and tell that part under it",
                    part.title(),
                    part.title()
                ),
            }),
            Some(s) if words_in(&s.body) == 0 => findings.push(Finding {
                rule: Rule::MissingSection,
                line: s.heading,
                message: format!("the '{}' section is empty", part.title()),
            }),
            Some(_) => {}
        }
    }

    // Headings too: the template's title is a placeholder.
    let mut in_code = false;
    for (index, text) in markdown.lines().enumerate() {
        if is_fence(text) {
            in_code = !in_code;
        } else if let Some(placeholder) = placeholder(text).filter(|_| !in_code) {
            findings.push(Finding {
                rule: Rule::Placeholder,
                line: index + 1,
                message: format!("'{placeholder}' is the template's: write your own text"),
            });
        }
    }

    if let Some(action) = find(Part::Action) {
        let (mut we, mut i) = (0, 0);
        for line in &action.body {
            for word in words(line.text) {
                match word.as_str() {
                    "we" | "we're" | "we've" | "we'd" | "we'll" | "us" | "our" | "ours" => we += 1,
                    "i" | "i'm" | "i've" | "i'd" | "i'll" | "me" | "my" | "mine" => i += 1,
                    _ => {}
                }
            }
        }
        if we > i {
            findings.push(Finding {
                rule: Rule::WeOverI,
                line: action.heading,
                message: format!(
                    "the action says we/us/our {we} times and I/me/my {i}: say what you did"
                ),
            });
        }
    }

    if let Some(result) = find(Part::Result)
        && !result
            .body
            .iter()
            .any(|l| l.text.chars().any(|c| c.is_ascii_digit()))
        && words_in(&result.body) > 0
    {
        findings.push(Finding {
            rule: Rule::ResultWithoutNumber,
            line: result.heading,
            message: "the result has no number: say how long, how many, how much (in digits)"
                .to_string(),
        });
    }

    let spoken = spoken_words(markdown);
    if !(MIN_WORDS..=MAX_WORDS).contains(&spoken) {
        findings.push(Finding {
            rule: Rule::SpokenLength,
            line: 1,
            message: format!(
                "{spoken} words take {:.1} minutes at {WORDS_PER_MINUTE} words a minute: aim for \
                 {MIN_WORDS} to {MAX_WORDS} words (1.5 to 3 minutes)",
                spoken as f64 / WORDS_PER_MINUTE as f64
            ),
        });
    }

    for section in &sections {
        for line in &section.body {
            if let Some(target) = blame(line.text) {
                findings.push(Finding {
                    rule: Rule::Blame,
                    line: line.number,
                    message: format!(
                        "this blames {target}: name the condition or mechanism instead"
                    ),
                });
            }
        }
    }

    match find(Part::WhatChanged) {
        None => findings.push(Finding {
            rule: Rule::NoFollowUp,
            line: 1,
            message: "no 'What changed' section: add one listing the follow-up actions".to_string(),
        }),
        Some(s) if !s.body.iter().any(|l| is_list_item(l.text)) => findings.push(Finding {
            rule: Rule::NoFollowUp,
            line: s.heading,
            message: "'What changed' lists no follow-up action: add them as '- ' or '1. ' items"
                .to_string(),
        }),
        Some(_) => {}
    }
    findings
}

/// The words a speaker would say: every whitespace-separated token with a letter or a
/// digit in it, on lines that are neither headings nor inside fenced code blocks.
///
/// ```
/// assert_eq!(incident_story_contract::spoken_words("# Title\n- I fixed it, in 5 min.\n"), 6);
/// ```
pub fn spoken_words(markdown: &str) -> usize {
    parse(markdown).iter().map(|s| words_in(&s.body)).sum()
}

/// The document as sections; text before the first heading is a section without a part.
fn parse(markdown: &str) -> Vec<Section<'_>> {
    let mut sections = vec![Section {
        part: None,
        heading: 1,
        body: Vec::new(),
    }];
    let mut in_code = false;
    for (index, text) in markdown.lines().enumerate() {
        let number = index + 1;
        let trimmed = text.trim_start();
        if is_fence(text) {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if let Some(title) = heading(trimmed) {
            sections.push(Section {
                part: Part::of_heading(title),
                heading: number,
                body: Vec::new(),
            });
        } else if let Some(last) = sections.last_mut() {
            last.body.push(Line { number, text });
        }
    }
    sections
}

/// A line that opens or closes a fenced code block.
fn is_fence(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with("```") || trimmed.starts_with("~~~")
}

/// The text of an ATX heading (`#` to `######`, then a space or nothing).
fn heading(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..]; // '#' is one byte, so this is a char boundary
    if rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t') {
        Some(rest.trim().trim_end_matches('#').trim())
    } else {
        None
    }
}

fn words_in(body: &[Line<'_>]) -> usize {
    body.iter()
        .map(|l| {
            l.text
                .split_whitespace()
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .count()
        })
        .sum()
}

/// The line's words, lowercased, with curly apostrophes made straight.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
}

/// A `<placeholder>` in the line: `<`, a letter, text with a space, `>`. Autolinks
/// (`<https://...>`) and HTML tags without spaces are not placeholders.
fn placeholder(text: &str) -> Option<&str> {
    let start = text.find('<')?;
    let len = text[start..].find('>')?;
    let candidate = &text[start..=start + len];
    let inner = &candidate[1..candidate.len() - 1];
    let starts_with_letter = inner.chars().next().is_some_and(char::is_alphabetic);
    (starts_with_letter && inner.contains(' ') && !inner.contains("://")).then_some(candidate)
}

fn is_list_item(text: &str) -> bool {
    let t = text.trim_start();
    if ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m)) {
        return t.chars().skip(2).any(char::is_alphanumeric);
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

/// The words that assign fault when they sit in a sentence with a named target.
const BLAME_WORDS: [&str; 12] = [
    "fault",
    "blame",
    "blamed",
    "blaming",
    "careless",
    "sloppy",
    "incompetent",
    "negligent",
    "lazy",
    "broke",
    "forgot",
    "ignored",
];

/// Whom a sentence of the line blames, if it does: a blame word together with a team
/// ("the platform team") or a name (a capitalised word that does not open the
/// sentence and is not "I").
fn blame(text: &str) -> Option<String> {
    for sentence in text.split(['.', '!', '?', ';']) {
        let tokens: Vec<&str> = sentence
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
            .filter(|w| !w.is_empty())
            .collect();
        let lower: Vec<String> = tokens.iter().map(|w| w.to_lowercase()).collect();
        let blames = lower.iter().any(|w| {
            let w = w.trim_end_matches("'s").trim_end_matches("\u{2019}s");
            BLAME_WORDS.contains(&w)
        }) || sentence.to_lowercase().contains("dropped the ball")
            || sentence.to_lowercase().contains("messed up")
            || sentence.to_lowercase().contains("screwed up");
        if !blames {
            continue;
        }
        if let Some(k) = lower.iter().position(|w| w == "team" || w == "team's") {
            let who = if k > 0 {
                format!("{} {}", tokens[k - 1], tokens[k])
            } else {
                tokens[k].to_string()
            };
            return Some(format!("'{who}'"));
        }
        let named = tokens.iter().skip(1).find(|w| {
            let mut chars = w.chars();
            let first_upper = chars.next().is_some_and(char::is_uppercase);
            let rest: Vec<char> = chars
                .take_while(|&c| c != '\'' && c != '\u{2019}')
                .collect();
            first_upper && !rest.is_empty() && rest.iter().all(|c| c.is_lowercase())
        });
        if let Some(name) = named {
            return Some(format!("'{name}'"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(markdown: &str) -> Vec<Rule> {
        lint(markdown).into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn headings_need_a_space_after_the_hashes() {
        assert_eq!(heading("## Task"), Some("Task"));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("####### seven"), None);
        assert_eq!(heading("### Result ###"), Some("Result"));
    }

    #[test]
    fn blame_needs_a_blame_word_and_a_target() {
        assert_eq!(blame("It was Dave's fault."), Some("'Dave's'".into()));
        assert_eq!(
            blame("The payments team broke checkout."),
            Some("'payments team'".into())
        );
        assert_eq!(blame("A shared setting broke POST requests."), None);
        assert_eq!(blame("Nobody was at fault; the process was."), None);
        assert_eq!(blame("Our team shipped the fix on Monday."), None);
    }

    #[test]
    fn placeholders_are_angle_brackets_around_words() {
        assert_eq!(placeholder("- <what you did>"), Some("<what you did>"));
        assert_eq!(placeholder("see <https://example.com/a b>"), None);
        assert_eq!(placeholder("a <br> tag"), None);
        assert_eq!(placeholder("1 < 2 and 3 > 2"), None);
    }

    #[test]
    fn list_items_are_bullets_or_numbers() {
        assert!(is_list_item("- a"));
        assert!(is_list_item("  12. twelfth"));
        assert!(!is_list_item("-"));
        assert!(!is_list_item("2024 was a year"));
    }

    #[test]
    fn code_blocks_are_not_sections() {
        let r = rules("```\n## Situation\n```\n");
        assert_eq!(
            r.iter().filter(|&&r| r == Rule::MissingSection).count(),
            4,
            "a heading inside a code fence is code, not a section"
        );
    }
}
