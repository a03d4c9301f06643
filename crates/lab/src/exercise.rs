//! `check`, `hint` and `reset`: the learner's side of an exercise.
//!
//! An exercise lives in `exercises/<topic>/`: the stub the learner edits, `HINTS.md`,
//! and `pristine/`, the stub as shipped (each file with a `.stub` suffix so no tool
//! mistakes it for code). `reset` restores from `pristine/` after backing up the
//! learner's files under `.lab/backups/<topic>/<UTC time>/`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::LabError;
use crate::catalogue::{Catalogue, Topic};
use crate::check::{self, Outcome};
use crate::render::Style;
use crate::state::{self, Progress, State};

/// `cargo lab check [<topic>]`: exit 0 only when every case passes.
pub fn check(
    root: &Path,
    id: Option<&str>,
    timeout_secs: u64,
    style: Style,
) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let topic = match id {
        Some(id) => catalogue.exercise(id)?,
        None => first_unsolved(&catalogue, &State::load(root))?,
    };
    eprintln!(
        "{}",
        style.dim(&format!(
            "checking {} (the first check also builds its dependencies)...",
            topic.exercise_package()
        ))
    );
    let (solved, text) = check_text(root, topic, Duration::from_secs(timeout_secs), style)?;
    print!("{text}");
    Ok(if solved {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
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

/// Runs `topic`'s exercise tests, records the progress, and returns whether every case
/// passed and the report `check` prints (also shown by `watch`).
pub fn check_text(
    root: &Path,
    topic: &Topic,
    timeout: Duration,
    style: Style,
) -> Result<(bool, String), LabError> {
    let run = check::run(root, topic, timeout)?;
    let progress = Progress {
        passed: run.passed(),
        total: run.cases.len(),
    };
    let mut state = State::load(root);
    state.progress.insert(topic.id.clone(), progress);
    state.save(root)?;
    let mut out = String::new();

    let package = topic.exercise_package();
    if !run.compile_errors.is_empty() {
        let _ = writeln!(
            out,
            "{} {} does not compile ({} error{}):",
            style.bad("✗"),
            package,
            run.compile_errors.len(),
            if run.compile_errors.len() == 1 {
                ""
            } else {
                "s"
            }
        );
        for error in run.compile_errors.iter().take(10) {
            for line in error.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        if run.compile_errors.len() > 10 {
            let _ = writeln!(out, "  ... and {} more", run.compile_errors.len() - 10);
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
    if run.all_pass() {
        let mut next = Vec::new();
        if topic.bench_mine() {
            next.push(format!("`cargo lab bench {} --mine`", topic.id));
        }
        if topic.demo_mine() {
            next.push(format!("`cargo lab demo {} --mine`", topic.id));
        }
        let compare = if next.is_empty() {
            String::new()
        } else {
            format!(
                " Measure your code against the reference with {},",
                next.join(" and ")
            )
        };
        let _ = writeln!(
            out,
            "\n{} every case passes: {} is solved.{compare} or pick the next question with \
             `cargo lab list`.",
            style.good("✓"),
            topic.id
        );
        return Ok((true, out));
    }
    if let Some(case) = run.first_failure() {
        let _ = writeln!(out, "\n{} {}", style.bold("first failing case:"), case.name);
        match &case.outcome {
            Outcome::Failed { location, message } => {
                if let Some(location) = location {
                    let _ = writeln!(out, "  --> {location}");
                }
                for line in message.lines().take(12) {
                    let _ = writeln!(out, "  {line}");
                }
            }
            Outcome::Unfinished => {
                let _ = writeln!(out, "  it never finished (see above)");
            }
            Outcome::Passed => {}
        }
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
    check_text(root, topic, Duration::from_secs(30), style)?;
    let progress = State::load(root).progress.get(&topic.id).copied();
    match progress {
        Some(p) if p.solved() => Ok(()),
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
    let mut state = State::load(root);
    let read = state.hints_read.get(&topic.id).copied().unwrap_or(0);
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
    state
        .hints_read
        .insert(topic.id.clone(), read.max(index + 1));
    state.save(root)?;
    Ok(out)
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

/// `cargo lab reset <topic>`: back up the learner's files, then restore the stub.
pub fn reset(root: &Path, id: &str) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let topic = catalogue.exercise(id)?;
    let exercise = root.join(topic.exercise_dir());
    let stubs = pristine_files(&exercise)?;
    let stamp = timestamp(SystemTime::now());
    let backups = state::lab_dir(root).join("backups").join(&topic.id);
    let mut backup_dir = backups.join(&stamp);
    let mut attempt = 1;
    while backup_dir.exists() {
        attempt += 1;
        backup_dir = backups.join(format!("{stamp}-{attempt}"));
    }
    let mut restored = 0;
    for (relative, pristine) in stubs {
        let target = exercise.join(&relative);
        let shipped = fs::read(&pristine)
            .map_err(|e| LabError::io(format!("cannot read {}", pristine.display()), e))?;
        match fs::read(&target) {
            Ok(current) if current == shipped => continue,
            Ok(current) => {
                // Back up first; if the backup fails, the learner's file is untouched.
                let backup = backup_dir.join(&relative);
                let saved = backup
                    .parent()
                    .map_or(Ok(()), fs::create_dir_all)
                    .and_then(|()| fs::write(&backup, current));
                saved.map_err(|e| {
                    LabError::io(
                        format!("cannot back up {} (nothing was reset)", target.display()),
                        e,
                    )
                })?;
                println!(
                    "saved your {} to {}",
                    relative.display(),
                    display_relative(root, &backup)
                );
            }
            Err(_) => {}
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| LabError::io(format!("cannot create {}", parent.display()), e))?;
        }
        fs::write(&target, shipped)
            .map_err(|e| LabError::io(format!("cannot restore {}", target.display()), e))?;
        restored += 1;
    }
    let mut state = State::load(root);
    state.progress.remove(&topic.id);
    state.save(root)?;
    if restored == 0 {
        println!(
            "{} is already the shipped stub; nothing to reset",
            topic.exercise_dir()
        );
    } else {
        println!("restored the stub of {}", topic.exercise_dir());
    }
    Ok(ExitCode::SUCCESS)
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

fn display_relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `2026-11-27T18-30-05`: UTC, sortable, and safe in file names on every system.
fn timestamp(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}-{:02}-{:02}",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days` algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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

    #[test]
    fn timestamps_are_utc_and_sortable() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00-00-00");
        // 2024-02-29 12:34:56 UTC, a leap day.
        let leap_day = UNIX_EPOCH + Duration::from_secs(1_709_210_096);
        assert_eq!(timestamp(leap_day), "2024-02-29T12-34-56");
        let later = UNIX_EPOCH + Duration::from_secs(1_798_761_600);
        assert_eq!(timestamp(later), "2027-01-01T00-00-00");
    }
}
