//! `check`, `hint` and `reset`: the learner's side of an exercise.
//!
//! An exercise lives in `exercises/<topic>/`: the stub the learner edits, `HINTS.md`,
//! and `pristine/`, the stub as shipped (each file with a `.stub` suffix so no tool
//! mistakes it for code). `reset` (in `backup`) restores from `pristine/` after backing
//! up the whole exercise under `.lab/backups/<topic>/<UTC time>/`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crate::LabError;
use crate::catalogue::{Catalogue, Topic};
use crate::check::{self, Outcome};
use crate::render::Style;
use crate::state::{Progress, State};

/// `cargo lab check [<topic>]`: exit 0 only when every case passes.
pub fn check(
    root: &Path,
    id: Option<&str>,
    timeout_secs: u64,
    detail: Detail,
    style: Style,
) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let topic = chosen_exercise(root, &catalogue, id)?;
    // Only a first check (no result recorded yet) builds the exercise's dependencies.
    let first = !State::load(root).progress.contains_key(&topic.id);
    eprintln!(
        "{}",
        style.dim(&format!(
            "checking {}{}...",
            topic.exercise_package(),
            if first {
                " (the first check also builds its dependencies)"
            } else {
                ""
            }
        ))
    );
    let (solved, text) = check_text(
        root,
        topic,
        Duration::from_secs(timeout_secs),
        style,
        detail,
    )?;
    print!("{text}");
    Ok(if solved {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The exercise a command without a topic means: the one whose directory the learner is
/// in (`exercises/<id>/` or below), else the first not yet solved.
///
/// # Errors
///
/// An unknown topic or one without an exercise; no exercises at all.
pub fn chosen_exercise<'a>(
    root: &Path,
    catalogue: &'a Catalogue,
    id: Option<&str>,
) -> Result<&'a Topic, LabError> {
    if let Some(id) = id {
        return catalogue.exercise(id);
    }
    if let Some(here) = exercise_here(root) {
        return catalogue.exercise(&here);
    }
    first_unsolved(catalogue, &State::load(root))
}

/// The topic id of the exercise directory the current directory is in, if any.
fn exercise_here(root: &Path) -> Option<String> {
    let current = std::env::current_dir().ok()?.canonicalize().ok()?;
    let exercises = root.canonicalize().ok()?.join("exercises");
    let inside = current.strip_prefix(&exercises).ok()?;
    let id = inside.components().next()?.as_os_str().to_str()?;
    Some(id.to_string())
}

/// The first topic, in teaching order, whose exercise is not solved (the first exercise
/// if all are).
///
/// # Errors
///
/// The workspace has no exercise at all.
pub fn first_unsolved<'a>(catalogue: &'a Catalogue, state: &State) -> Result<&'a Topic, LabError> {
    catalogue
        .exercises()
        .find(|t| !state.progress.get(&t.id).is_some_and(|p| p.solved()))
        .or_else(|| catalogue.exercises().next())
        .ok_or_else(|| LabError::usage("this workspace has no exercises"))
}

/// How much `check` shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detail {
    /// Every failing case with its message, not only the first.
    pub all: bool,
    /// Every compile error and warning in full, not only the first error.
    pub verbose: bool,
}

/// Runs `topic`'s exercise tests and records the progress in the state file: what
/// `check`, `watch` and `serve`'s exercise page all do before they show the result.
///
/// # Errors
///
/// As [`check::run`], or the state cannot be saved.
pub fn check_and_record(
    root: &Path,
    topic: &Topic,
    timeout: Duration,
) -> Result<(check::Run, Progress), LabError> {
    let run = check::run(root, topic, timeout)?;
    let progress = State::update(root, |state| {
        let progress = if run.compile_errors.is_empty() {
            Progress {
                passed: run.passed(),
                total: run.cases.len(),
                builds: true,
            }
        } else {
            // A build that fails says nothing about the cases: keep the last count.
            let last = state.progress.get(&topic.id).copied().unwrap_or_default();
            Progress {
                builds: false,
                ..last
            }
        };
        state.progress.insert(topic.id.clone(), progress);
        progress
    })?;
    Ok((run, progress))
}

/// Runs `topic`'s exercise tests, records the progress, and returns whether every case
/// passed and the report `check` prints (also shown by `watch`).
pub fn check_text(
    root: &Path,
    topic: &Topic,
    timeout: Duration,
    style: Style,
    detail: Detail,
) -> Result<(bool, String), LabError> {
    let (run, progress) = check_and_record(root, topic, timeout)?;
    let state = State::load(root);
    let mut out = String::new();
    let diagnostic = |text: &str| -> String {
        let text = if style.colored() {
            text.to_string()
        } else {
            check::strip_ansi(text)
        };
        text.trim_end().to_string()
    };

    let package = topic.exercise_package();
    if !run.compile_errors.is_empty() {
        let errors = run.compile_errors.len();
        let _ = writeln!(
            out,
            "{} {package} does not compile ({errors} error{}{}):\n",
            style.bad("✗"),
            if errors == 1 { "" } else { "s" },
            if progress.total > 0 {
                format!(
                    "; {} cases, {} passing before this edit",
                    progress.total, progress.passed
                )
            } else {
                String::new()
            }
        );
        let shown = if detail.verbose { errors } else { 1 };
        for error in run.compile_errors.iter().take(shown) {
            let _ = writeln!(out, "{}\n", diagnostic(error));
        }
        if errors > shown {
            let _ = writeln!(
                out,
                "... and {} more error{} (`cargo lab check {} --verbose` shows them all)",
                errors - shown,
                if errors - shown == 1 { "" } else { "s" },
                topic.id
            );
        }
        if detail.verbose {
            for warning in &run.warnings {
                let _ = writeln!(out, "{}\n", diagnostic(warning));
            }
        }
        let _ = writeln!(
            out,
            "\nfix the first error, then `cargo lab check {}` again",
            topic.id
        );
        return Ok((false, out));
    }

    let _ = writeln!(
        out,
        "{}: {}/{} cases passing",
        style.bold(&package),
        progress.passed,
        progress.total
    );
    for case in &run.cases {
        let mark = match case.outcome {
            Outcome::Passed => style.good("✓"),
            Outcome::Failed { .. } => style.bad("✗"),
            Outcome::Unfinished => style.pending("…"),
        };
        let _ = writeln!(out, "  {mark} {}", case.name);
    }
    if let Some(why) = &run.interrupted {
        let _ = writeln!(out, "\n{} {why}", style.bad("!"));
    }
    if !run.warnings.is_empty() {
        let shown = if detail.verbose {
            run.warnings.len()
        } else {
            3
        };
        let _ = writeln!(
            out,
            "\n{} in your code ({}):\n",
            style.pending("warnings"),
            run.warnings.len()
        );
        for warning in run.warnings.iter().take(shown) {
            let _ = writeln!(out, "{}\n", diagnostic(warning));
        }
        if run.warnings.len() > shown {
            let _ = writeln!(
                out,
                "... and {} more (`cargo lab check {} --verbose`)",
                run.warnings.len() - shown,
                topic.id
            );
        }
    }
    if run.all_pass() {
        let mut next = Vec::new();
        if topic.bench_mine() {
            next.push(format!("`cargo lab bench {} --mine`", topic.id));
        }
        if topic.demo_mine() {
            next.push(format!("`cargo lab demo {} --mine`", topic.id));
        }
        let compare = if next.is_empty() {
            " Pick".to_string()
        } else {
            format!(
                " Measure your code against the reference with {}, or pick",
                next.join(" and ")
            )
        };
        let _ = writeln!(
            out,
            "\n{} every case passes: {} is solved.{compare} the next question with \
             `cargo lab list`.",
            style.good("✓"),
            topic.id
        );
        return Ok((true, out));
    }
    let failures: Vec<&check::Case> = run
        .cases
        .iter()
        .filter(|c| c.outcome != Outcome::Passed)
        .take(if detail.all { usize::MAX } else { 1 })
        .collect();
    for (i, case) in failures.iter().enumerate() {
        let heading = if detail.all {
            format!(
                "failing case {} of {}:",
                i + 1,
                run.cases.len() - run.passed()
            )
        } else {
            "first failing case:".to_string()
        };
        let _ = writeln!(out, "\n{} {}", style.bold(&heading), case.name);
        match &case.outcome {
            Outcome::Failed { location, message } => {
                if let Some(location) = location {
                    let _ = writeln!(out, "  --> {location}");
                }
                let lines = if detail.all || detail.verbose {
                    usize::MAX
                } else {
                    24
                };
                for line in message.lines().take(lines) {
                    let _ = writeln!(out, "  {line}");
                }
            }
            Outcome::Unfinished => {
                let _ = writeln!(out, "  it never finished (see above)");
            }
            Outcome::Passed => {}
        }
    }
    let failing = run.cases.len() - run.passed();
    if !detail.all && failing > 1 {
        let _ = writeln!(
            out,
            "\n{} more failing; `cargo lab check {} --all` shows each with its message",
            failing - 1,
            topic.id
        );
    }
    let read = state.hints_read.get(&topic.id).copied().unwrap_or(0);
    let total = hints(root, topic).map(|h| h.len()).unwrap_or(0);
    if read < total {
        let _ = writeln!(
            out,
            "\nstuck? `cargo lab hint {}` shows hint {} of {total}",
            topic.id,
            read + 1
        );
    }
    Ok((false, out))
}

/// For `--mine`: checks the exercise and refuses unless every case passes, since timing
/// or demonstrating a broken implementation means nothing.
pub fn require_solved(root: &Path, topic: &Topic, style: Style) -> Result<(), LabError> {
    eprintln!(
        "{}",
        style.dim(&format!("checking {} first...", topic.exercise_package()))
    );
    check_text(
        root,
        topic,
        Duration::from_secs(30),
        style,
        Detail::default(),
    )?;
    let progress = State::load(root).progress.get(&topic.id).copied();
    match progress {
        Some(p) if p.solved() && p.builds => Ok(()),
        Some(p) if p.total > 0 => Err(LabError::usage(format!(
            "{} passes {}/{} cases; --mine measures a working implementation, so finish it \
             first (`cargo lab check {}`)",
            topic.exercise_package(),
            p.passed,
            p.total,
            topic.id
        ))),
        _ => Err(LabError::usage(format!(
            "{} does not compile yet; --mine needs a working implementation (`cargo lab check {}`)",
            topic.exercise_package(),
            topic.id
        ))),
    }
}

/// `cargo lab hint <topic> [N]`: the next unread hint, or hint N.
pub fn hint(
    root: &Path,
    id: &str,
    number: Option<u64>,
    style: Style,
) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let topic = catalogue.exercise(id)?;
    print!("{}", hint_text(root, topic, number, style)?);
    Ok(ExitCode::SUCCESS)
}

/// The next unread hint of `topic` (or hint `number`), marked as read; what `hint`
/// prints and `watch`'s `h` key shows.
pub fn hint_text(
    root: &Path,
    topic: &Topic,
    number: Option<u64>,
    style: Style,
) -> Result<String, LabError> {
    let all = hints(root, topic)?;
    let read = State::load(root)
        .hints_read
        .get(&topic.id)
        .copied()
        .unwrap_or(0);
    let index = match number {
        Some(0) => return Err(LabError::usage("hints are numbered from 1")),
        Some(n) if n > all.len() as u64 => {
            return Err(LabError::usage(format!(
                "{} has {} hints; ask for 1 to {}",
                topic.id,
                all.len(),
                all.len()
            )));
        }
        Some(n) => n as usize - 1,
        None => read.min(all.len() - 1),
    };
    let (title, body) = &all[index];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        style.bold(&format!(
            "Hint {} of {} ({}):",
            index + 1,
            all.len(),
            topic.id
        )),
        title
    );
    let _ = writeln!(out, "{}", body.trim_end());
    if number.is_none() && read >= all.len() {
        let _ = writeln!(
            out,
            "\n{}",
            style.dim("that was the last hint; `cargo lab hint <topic> N` shows any of them again")
        );
    }
    mark_hint_read(root, topic, index + 1)?;
    Ok(out)
}

/// Records that the learner has read `topic`'s hints up to number `number` (counting
/// from 1); reading an earlier one again never lowers the count. `hint`, `watch`'s `h`
/// and `serve`'s hint button all go through it, so they share one count.
///
/// # Errors
///
/// The state cannot be saved.
pub fn mark_hint_read(root: &Path, topic: &Topic, number: usize) -> Result<(), LabError> {
    State::update(root, |state| {
        let read = state.hints_read.get(&topic.id).copied().unwrap_or(0);
        state.hints_read.insert(topic.id.clone(), read.max(number));
    })
}

/// The hints of `topic`'s HINTS.md as (title, body), in order.
///
/// # Errors
///
/// HINTS.md is missing or holds no `## Hint` sections.
pub fn hints(root: &Path, topic: &Topic) -> Result<Vec<(String, String)>, LabError> {
    let path = root.join(topic.exercise_dir()).join("HINTS.md");
    let text = fs::read_to_string(&path)
        .map_err(|e| LabError::io(format!("cannot read {}", path.display()), e))?;
    let parsed = parse_hints(&text);
    if parsed.is_empty() {
        return Err(LabError::usage(format!(
            "{} has no `## Hint N` sections",
            path.display()
        )));
    }
    Ok(parsed)
}

/// Splits markdown into its `## Hint ...` sections: the heading's text after the number
/// (e.g. "where to start") and the section's body.
fn parse_hints(text: &str) -> Vec<(String, String)> {
    let mut hints: Vec<(String, String)> = Vec::new();
    let mut in_hint = false;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## Hint") {
            let title = heading
                .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
                .trim_start_matches([':', '.', '-'])
                .trim();
            hints.push((title.to_string(), String::new()));
            in_hint = true;
        } else if line.starts_with("# ") || line.starts_with("## ") {
            in_hint = false;
        } else if in_hint {
            let body = &mut hints.last_mut().expect("in a hint").1;
            body.push_str(line);
            body.push('\n');
        }
    }
    for (_, body) in &mut hints {
        *body = body.trim().to_string() + "\n";
    }
    hints
}

/// Whether the learner has changed the exercise: a file differs from its pristine copy,
/// or a file the stub does not have was added under `src/` or `tests/`.
pub fn edited(root: &Path, topic: &Topic) -> bool {
    let exercise = root.join(topic.exercise_dir());
    let Ok(stubs) = pristine_files(&exercise) else {
        return false;
    };
    let changed = stubs.iter().any(|(relative, pristine)| {
        fs::read(exercise.join(relative)).ok() != fs::read(pristine).ok()
    });
    changed
        || learner_files(&exercise)
            .iter()
            .any(|f| !stubs.iter().any(|(relative, _)| relative == f))
}

/// The files of an exercise a learner may have written: everything under `src/` and
/// `tests/`, relative to the exercise directory.
pub fn learner_files(exercise: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![exercise.join("src"), exercise.join("tests")];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(exercise) {
                found.push(relative.to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// Every `pristine/**/<file>.stub` of an exercise, as (path inside the exercise, path of
/// the pristine copy).
///
/// # Errors
///
/// The exercise has no `pristine/` directory, or it cannot be read.
pub fn pristine_files(exercise: &Path) -> Result<Vec<(PathBuf, PathBuf)>, LabError> {
    let base = exercise.join("pristine");
    let mut found = Vec::new();
    let mut pending = vec![base.clone()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir)
            .map_err(|e| LabError::io(format!("cannot read {}", dir.display()), e))?;
        for entry in entries {
            let path = entry
                .map_err(|e| LabError::io(format!("cannot read {}", dir.display()), e))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if let Some(name) = path.to_str().and_then(|p| p.strip_suffix(".stub")) {
                let relative = Path::new(name)
                    .strip_prefix(&base)
                    .expect("found under base")
                    .to_path_buf();
                found.push((relative, path));
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_split_at_their_headings() {
        let text = "# Hints\n\nintro\n\n## Hint 1: start here\nuse a map\n\n## Hint 2\nand a list\n## Notes\nnot a hint\n";
        let hints = parse_hints(text);
        assert_eq!(
            hints,
            [
                ("start here".to_string(), "use a map\n".to_string()),
                (String::new(), "and a list\n".to_string())
            ]
        );
    }
}
