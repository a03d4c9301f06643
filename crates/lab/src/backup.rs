//! `reset`, `restore` and `backups`: nothing a learner wrote is ever lost.
//!
//! Before `lab` overwrites or removes anything in an exercise, it copies the whole
//! exercise folder (every file but `pristine/`) to `.lab/backups/<topic>/<UTC time>/`.
//! `reset` then puts the stub back: the files in `pristine/` are restored and files the
//! learner added under `src/` and `tests/` are removed (they are in the backup).
//! `restore` brings a backup back, after backing up the current state the same way, so
//! restoring is itself undoable. `backups` lists what there is.

use std::fs;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::LabError;
use crate::catalogue::{Catalogue, Topic};
use crate::exercise::{learner_files, pristine_files};
use crate::state::{self, State};

/// `cargo lab reset <topic> [--yes]`: back up the exercise, then restore the stub.
pub fn reset(root: &Path, id: &str, yes: bool) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let topic = catalogue.exercise(id)?;
    let exercise = root.join(topic.exercise_dir());
    let stubs = pristine_files(&exercise)?;
    let differs = stubs.iter().any(|(relative, pristine)| {
        fs::read(exercise.join(relative)).ok() != fs::read(pristine).ok()
    });
    let extra: Vec<PathBuf> = learner_files(&exercise)
        .into_iter()
        .filter(|f| !stubs.iter().any(|(relative, _)| relative == f))
        .collect();
    if !differs && extra.is_empty() {
        println!(
            "{} is already the shipped stub; nothing to reset",
            topic.exercise_dir()
        );
        return Ok(ExitCode::SUCCESS);
    }
    confirm(
        yes,
        &format!(
            "reset {} to the stub? your files are backed up first",
            topic.exercise_dir()
        ),
    )?;
    let saved = back_up(root, topic)?;
    println!(
        "saved your {} to {}",
        topic.exercise_dir(),
        display_relative(root, &saved)
    );
    for (relative, pristine) in &stubs {
        let target = exercise.join(relative);
        let shipped = fs::read(pristine)
            .map_err(|e| LabError::io(format!("cannot read {}", pristine.display()), e))?;
        if fs::read(&target).ok().as_deref() != Some(&shipped[..]) {
            write_file(&target, &shipped)?;
        }
    }
    for relative in &extra {
        let path = exercise.join(relative);
        fs::remove_file(&path)
            .map_err(|e| LabError::io(format!("cannot remove {}", path.display()), e))?;
        println!("removed {} (it is in the backup)", relative.display());
    }
    forget_progress(root, topic)?;
    println!(
        "restored the stub of {}; `cargo lab restore {}` brings your files back",
        topic.exercise_dir(),
        topic.id
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo lab restore <topic> [<backup>]`: bring a backup back (the latest by default),
/// after backing up what is there now.
pub fn restore(
    root: &Path,
    id: &str,
    which: Option<&str>,
    yes: bool,
) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let topic = catalogue.exercise(id)?;
    let all = list(root, topic);
    let chosen = match which {
        Some(name) => all.iter().find(|b| b.name == name).ok_or_else(|| {
            LabError::usage(format!(
                "{id} has no backup '{name}'; `cargo lab backups {id}` lists them"
            ))
        })?,
        None => all.last().ok_or_else(|| {
            LabError::usage(format!(
                "{id} has no backups yet (`reset` and `restore` make them)"
            ))
        })?,
    };
    confirm(
        yes,
        &format!(
            "replace {} with the backup {}? what is there now is backed up first",
            topic.exercise_dir(),
            chosen.name
        ),
    )?;
    let saved = back_up(root, topic)?;
    println!(
        "saved the current {} to {}",
        topic.exercise_dir(),
        display_relative(root, &saved)
    );
    let exercise = root.join(topic.exercise_dir());
    // The exercise becomes exactly the backup: its files written back, and files under
    // src/ and tests/ that it does not have removed (they are in the backup just made).
    for relative in &chosen.files {
        let bytes = fs::read(chosen.dir.join(relative)).map_err(|e| {
            LabError::io(
                format!("cannot read {}", chosen.dir.join(relative).display()),
                e,
            )
        })?;
        write_file(&exercise.join(relative), &bytes)?;
    }
    for relative in learner_files(&exercise) {
        if !chosen.files.contains(&relative) {
            let path = exercise.join(&relative);
            fs::remove_file(&path)
                .map_err(|e| LabError::io(format!("cannot remove {}", path.display()), e))?;
        }
    }
    forget_progress(root, topic)?;
    println!(
        "restored {} from {}; `cargo lab check {}` to see where it stands",
        topic.exercise_dir(),
        chosen.name,
        topic.id
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo lab backups <topic>`: every backup, oldest first, with its files.
pub fn backups(root: &Path, id: &str) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let topic = catalogue.exercise(id)?;
    let all = list(root, topic);
    if all.is_empty() {
        println!("{id} has no backups yet (`reset` and `restore` make them)");
        return Ok(ExitCode::SUCCESS);
    }
    for backup in &all {
        let files: Vec<String> = backup
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        println!("{}  {}", backup.name, files.join(", "));
    }
    println!(
        "\n`cargo lab restore {id} <name>` brings one back (the latest without a name); \
         they are in {}",
        display_relative(root, &backups_dir(root, topic))
    );
    Ok(ExitCode::SUCCESS)
}

/// One backup of an exercise.
#[derive(Debug)]
struct Backup {
    /// Its directory's name: the UTC time it was made, e.g. `2026-11-30T03-41-07`.
    name: String,
    dir: PathBuf,
    /// Its files, relative to the exercise directory.
    files: Vec<PathBuf>,
}

fn backups_dir(root: &Path, topic: &Topic) -> PathBuf {
    state::lab_dir(root).join("backups").join(&topic.id)
}

/// The backups of `topic`, oldest first (their names sort by time).
fn list(root: &Path, topic: &Topic) -> Vec<Backup> {
    let dir = backups_dir(root, topic);
    let mut all: Vec<Backup> = fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let dir = e.path();
            Backup {
                name: e.file_name().to_string_lossy().into_owned(),
                files: files_under(&dir),
                dir,
            }
        })
        .collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

/// Copies every file of the exercise but `pristine/` to a new backup directory; its path.
/// Nothing is changed in the exercise, and if the copy fails the caller changes nothing.
fn back_up(root: &Path, topic: &Topic) -> Result<PathBuf, LabError> {
    let exercise = root.join(topic.exercise_dir());
    let stamp = timestamp(SystemTime::now());
    let backups = backups_dir(root, topic);
    let mut dir = backups.join(&stamp);
    let mut attempt = 1;
    while dir.exists() {
        attempt += 1;
        dir = backups.join(format!("{stamp}-{attempt}"));
    }
    for relative in files_under(&exercise) {
        if relative.starts_with("pristine") {
            continue;
        }
        let bytes = fs::read(exercise.join(&relative)).map_err(|e| {
            LabError::io(
                format!(
                    "cannot back up {} (nothing was changed)",
                    exercise.join(&relative).display()
                ),
                e,
            )
        })?;
        write_file(&dir.join(&relative), &bytes)
            .map_err(|e| LabError::usage(format!("{e} (nothing in the exercise was changed)")))?;
    }
    Ok(dir)
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// Writes `bytes` to `path` atomically (a temporary file renamed over it), creating the
/// directories it needs, so an interrupted write never leaves half a file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), LabError> {
    practice::store::write_atomically(path, bytes)
        .map_err(|e| LabError::io(format!("cannot write {}", path.display()), e))
}

fn forget_progress(root: &Path, topic: &Topic) -> Result<(), LabError> {
    State::update(root, |state| {
        state.progress.remove(&topic.id);
    })
}

/// Asks `question` on the terminal and proceeds only on yes; `--yes` skips the question.
/// Without a terminal and without `--yes`, refuses: a script must say it means it.
fn confirm(yes: bool, question: &str) -> Result<(), LabError> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(LabError::usage(format!(
            "{question}: not asked without a terminal; add --yes to go ahead"
        )));
    }
    print!("{question} [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| LabError::io("cannot read the answer", e))?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
        Ok(())
    } else {
        Err(LabError::usage("nothing changed"))
    }
}

fn display_relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `2026-11-27T18-30-05`: UTC, sortable, and safe in file names on every system.
pub fn timestamp(time: SystemTime) -> String {
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
    use std::time::Duration;

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
