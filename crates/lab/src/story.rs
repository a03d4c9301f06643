//! `cargo lab story new|list|check <slug>`: the learner's own STAR stories (question 29),
//! kept in `.lab/stories/<slug>.md`, which git ignores.
//!
//! A thin command: `lab` links no topic, so the template and the lint live in the
//! incident-story crate, whose `incident-story-lint` binary this command builds (as
//! `estimate` builds the estimator) and runs. What `lab` owns is the files, and nothing a
//! learner wrote is ever lost:
//!
//! - a slug is lowercase letters, digits and dashes, so it can never name a path outside
//!   `.lab/stories/`;
//! - every write goes to a temporary file in the same directory, then is renamed over the
//!   story, so a crash leaves the old file or the new one, never half of each;
//! - `new --force` over an existing story first copies it to
//!   `.lab/stories/backups/<slug>.<timestamp>.md`;
//! - `check` only reads: a story the lint cannot parse (not UTF-8 text) is reported in
//!   one line and left as it is.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::SystemTime;

use crate::{LabError, backup, run, state};

/// The package that owns the lint, and its binary.
const PACKAGE: &str = "incident-story";
const BINARY: &str = "incident-story-lint";
/// The longest slug: a file name, not a sentence.
const MAX_SLUG: usize = 64;

/// What `cargo lab story` does.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Creates `.lab/stories/<slug>.md` from the STAR template.
    New {
        /// The story's name: lowercase letters, digits and dashes, e.g. `double-charges`.
        slug: String,
        /// Starts the story over from the template; the current version is backed up
        /// first, to .lab/stories/backups/.
        #[arg(long)]
        force: bool,
    },
    /// Lists your stories.
    List,
    /// Lints a story: STAR sections, "I" over "we", a number in the result, no blame,
    /// follow-up actions, 1.5 to 3 minutes spoken.
    Check {
        /// The story's name, as `cargo lab story list` shows it.
        slug: String,
    },
}

/// Runs a `story` action.
///
/// # Errors
///
/// A bad slug, a story that exists (for `new`) or does not (for `check`), a story that
/// is not UTF-8 text: one line, exit code 2. The incident-story crate missing or failing
/// to build: one line, exit code 1. A story with findings prints them and exits with 1.
pub fn story(root: &Path, action: &Action) -> Result<ExitCode, LabError> {
    let dir = stories_dir(root);
    match action {
        Action::New { slug, force } => new(root, &dir, slug, *force),
        Action::List => list(&dir),
        Action::Check { slug } => check(root, &dir, slug),
    }
}

/// `.lab/stories/` (under `$LAB_DIR` if set).
fn stories_dir(root: &Path) -> PathBuf {
    state::lab_dir(root).join("stories")
}

/// A slug names one file in the stories directory and nothing else.
fn validate(slug: &str) -> Result<(), LabError> {
    let ok = !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(LabError::usage(format!(
            "bad story name '{}': use 1 to {MAX_SLUG} lowercase letters, digits and dashes, \
             not starting with a dash (e.g. double-charges)",
            slug.escape_debug()
        )))
    }
}

fn new(root: &Path, dir: &Path, slug: &str, force: bool) -> Result<ExitCode, LabError> {
    validate(slug)?;
    let path = dir.join(format!("{slug}.md"));
    let exists = path.exists();
    if exists && !force {
        return Err(LabError::usage(format!(
            "story '{slug}' exists ({}): edit it, or `cargo lab story new {slug} --force` to \
             start over (the current version is backed up first)",
            path.display()
        )));
    }
    let template = lint_binary(root, &["template"])?;
    let template = match template.code {
        0 => template.stdout,
        _ => return Err(template.error()),
    };
    fs::create_dir_all(dir)
        .map_err(|e| LabError::io(format!("cannot create {}", dir.display()), e))?;
    if exists {
        let saved = back_up(dir, slug, &path)?;
        println!("backed up the old version to {}", saved.display());
    }
    write_atomically(&path, template.as_bytes())?;
    println!(
        "created {}: tell your story there, then run `cargo lab story check {slug}`",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn list(dir: &Path) -> Result<ExitCode, LabError> {
    let mut slugs = slugs(dir)?;
    slugs.sort();
    if slugs.is_empty() {
        println!("no stories yet: `cargo lab story new <slug>` starts one from the template");
    }
    for slug in slugs {
        let bytes = fs::metadata(dir.join(format!("{slug}.md"))).map_or(0, |m| m.len());
        println!("{slug}  ({bytes} bytes)");
    }
    Ok(ExitCode::SUCCESS)
}

fn check(root: &Path, dir: &Path, slug: &str) -> Result<ExitCode, LabError> {
    validate(slug)?;
    let path = dir.join(format!("{slug}.md"));
    if !path.is_file() {
        let known = slugs(dir).unwrap_or_default();
        return Err(LabError::usage(format!(
            "no story '{slug}' in {}{}",
            dir.display(),
            if known.is_empty() {
                format!(": `cargo lab story new {slug}` starts one")
            } else {
                format!(": there is {}", known.join(", "))
            }
        )));
    }
    let path_text = path.to_string_lossy().into_owned();
    let output = lint_binary(root, &["check", &path_text])?;
    match output.code {
        0 => {
            print!("{}", output.stdout);
            Ok(ExitCode::SUCCESS)
        }
        1 => {
            print!("{}", output.stdout);
            Ok(ExitCode::from(1))
        }
        _ => Err(output.error()),
    }
}

/// The stories in `dir`: the stems of its `.md` files.
fn slugs(dir: &Path) -> Result<Vec<String>, LabError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(LabError::io(format!("cannot read {}", dir.display()), e)),
    };
    let mut slugs = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some(slug) = name.to_str().and_then(|n| n.strip_suffix(".md"))
            && validate(slug).is_ok()
            && entry.path().is_file()
        {
            slugs.push(slug.to_string());
        }
    }
    Ok(slugs)
}

/// Copies the story to `backups/<slug>.<timestamp>.md`, never over an earlier backup.
fn back_up(dir: &Path, slug: &str, path: &Path) -> Result<PathBuf, LabError> {
    let backups = dir.join("backups");
    fs::create_dir_all(&backups)
        .map_err(|e| LabError::io(format!("cannot create {}", backups.display()), e))?;
    let stamp = backup::timestamp(SystemTime::now());
    let mut target = backups.join(format!("{slug}.{stamp}.md"));
    let mut n = 1;
    while target.exists() {
        target = backups.join(format!("{slug}.{stamp}-{n}.md"));
        n += 1;
    }
    let bytes =
        fs::read(path).map_err(|e| LabError::io(format!("cannot read {}", path.display()), e))?;
    write_atomically(&target, &bytes)?;
    Ok(target)
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk, and renames it
/// over `path` (`practice::store::write_atomically`): readers see the old file or the
/// new one, never a mix.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), LabError> {
    practice::store::write_atomically(path, bytes)
        .map_err(|e| LabError::io(format!("cannot write {}", path.display()), e))
}

/// What the lint binary printed and how it exited.
struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Output {
    /// The binary's one line of error: exit 2 is the user's input, anything else a failure.
    fn error(&self) -> LabError {
        let line = run::last_line(&self.stderr);
        if self.code == 2 {
            LabError::usage(line.strip_prefix("error: ").unwrap_or(line).to_string())
        } else {
            LabError::failure(format!(
                "the story lint failed (exit {}): {line}",
                self.code
            ))
        }
    }
}

/// Builds the incident-story crate's lint binary and runs it with `args`.
fn lint_binary(root: &Path, args: &[&str]) -> Result<Output, LabError> {
    if !root
        .join("crates")
        .join(PACKAGE)
        .join("Cargo.toml")
        .is_file()
    {
        return Err(LabError::failure(format!(
            "`cargo lab story` needs crates/{PACKAGE}, which holds the template and the lint"
        )));
    }
    let executable = run::build(root, PACKAGE, BINARY, None, "the story lint")?;
    let output = Command::new(&executable)
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LabError::io(format!("cannot run {}", executable.display()), e))?;
    Ok(Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_cannot_leave_the_stories_directory() {
        for good in ["a", "double-charges", "2024-outage", &"x".repeat(MAX_SLUG)] {
            assert!(validate(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "..",
            "../etc",
            "a/b",
            "a\\b",
            "Big",
            "-lead",
            "a.md",
            "a b",
            "é",
            &"x".repeat(MAX_SLUG + 1),
        ] {
            assert!(validate(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn atomic_writes_replace_and_backups_never_overwrite() {
        let dir = std::env::temp_dir().join(format!("lab-story-unit-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.md");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let first = back_up(&dir, "s", &path).unwrap();
        let second = back_up(&dir, "s", &path).unwrap();
        assert_ne!(first, second);
        assert_eq!(fs::read(&first).unwrap(), b"two");
        let names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
        assert_eq!(slugs(&dir).unwrap(), ["s"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
