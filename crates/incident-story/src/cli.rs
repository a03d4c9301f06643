//! The `incident-story-lint` binary's logic, apart from `main` so it is tested
//! in-process: `template` prints the template, `check <path>` lints a story file.
//!
//! It only reads: a story that is not UTF-8 text is reported and left as it is.

use std::fmt::Write as _;
use std::path::Path;

use crate::{MAX_WORDS, MIN_WORDS, TEMPLATE, WORDS_PER_MINUTE, lint, spoken_words};

/// What a run prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Printed on standard output, exit code 0: the template, or a story that passes.
    Pass(String),
    /// Printed on standard output, exit code 1: the findings, one per line.
    Findings(String),
}

/// Runs the binary's arguments.
///
/// # Errors
///
/// A usage mistake or an unreadable story: one line (exit code 2).
pub fn run(args: &[String]) -> Result<Outcome, String> {
    match args {
        [command] if command == "template" => Ok(Outcome::Pass(TEMPLATE.to_string())),
        [command, path] if command == "check" => check(Path::new(path)),
        _ => Err("usage: incident-story-lint template | check <story.md>".to_string()),
    }
}

/// Lints the story at `path`.
fn check(path: &Path) -> Result<Outcome, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (bad byte at offset {}), so it cannot be parsed as a story; \
             it was left untouched: fix it in an editor, or move it aside and run `story new`",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let findings = lint(&text);
    let words = spoken_words(&text);
    let minutes = words as f64 / WORDS_PER_MINUTE as f64;
    if findings.is_empty() {
        return Ok(Outcome::Pass(format!(
            "passes every rule: {words} words, {minutes:.1} minutes at {WORDS_PER_MINUTE} words a \
             minute\n"
        )));
    }
    let mut out = String::new();
    for f in &findings {
        let _ = writeln!(out, "{f}");
    }
    let _ = writeln!(
        out,
        "{} finding(s); {words} words, {minutes:.1} minutes (aim: {MIN_WORDS} to {MAX_WORDS} words)",
        findings.len()
    );
    Ok(Outcome::Findings(out))
}
