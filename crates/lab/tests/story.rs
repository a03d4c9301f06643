//! `cargo lab story` end to end, as a learner meets it: new, check the template, edit,
//! check again, list, a refused overwrite, `--force` with its backup, a corrupted story
//! left untouched, and a slug that tries to leave `.lab/stories/`.
//!
//! Each `lab` run checks the incident-story crate's lint binary is built (about a second
//! once built), so the whole loop is one test with as few runs as it needs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{run_lab, stderr, stdout, workspace};

/// Runs `lab story <args>` with `lab_dir` as its `LAB_DIR`.
fn story(lab_dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["story"];
    all.extend_from_slice(args);
    run_lab(lab_dir, &all)
}

/// A usage error: exit code 2 and exactly one line on standard error.
#[track_caller]
fn assert_one_line_usage_error(o: &Output, expected: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(expected), "expected '{expected}' in: {err}");
}

/// The worked story of the incident-story answer, from `### Situation` to the end of
/// `### What changed`: a story that passes the lint.
fn worked_story() -> String {
    let readme = fs::read_to_string(workspace().join("crates/incident-story/README.md")).unwrap();
    let start = readme.find("### Situation").unwrap();
    let end = start
        + readme[start..]
            .find("### Choosing your own incident")
            .unwrap();
    readme[start..end].to_string()
}

#[test]
fn a_story_is_created_checked_edited_listed_backed_up_and_never_lost() {
    let lab = std::env::temp_dir().join(format!("lab-story-{}", std::process::id()));
    let _ = fs::remove_dir_all(&lab);
    let stories = lab.join("stories");
    let template =
        fs::read_to_string(workspace().join("crates/incident-story/src/template.md")).unwrap();

    // new: the template, in .lab/stories/<slug>.md.
    let o = story(&lab, &["new", "double-charges"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("story check double-charges"),
        "{}",
        stdout(&o)
    );
    let path = stories.join("double-charges.md");
    assert_eq!(fs::read_to_string(&path).unwrap(), template);

    // check: the template fails, with its placeholders found.
    let o = story(&lab, &["check", "double-charges"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("[placeholder]"), "{}", stdout(&o));

    // edit, then check: the worked story passes.
    fs::write(&path, worked_story()).unwrap();
    let o = story(&lab, &["check", "double-charges"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).starts_with("passes every rule"),
        "{}",
        stdout(&o)
    );

    // new over it: refused, and the story is untouched.
    let o = story(&lab, &["new", "double-charges"]);
    assert_one_line_usage_error(&o, "--force");
    assert_eq!(fs::read_to_string(&path).unwrap(), worked_story());

    // --force: the edited story is backed up first, then the template replaces it.
    let o = story(&lab, &["new", "double-charges", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&path).unwrap(), template);
    let backups: Vec<PathBuf> = fs::read_dir(stories.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(fs::read_to_string(&backups[0]).unwrap(), worked_story());

    // A corrupted story (not UTF-8): one line naming the problem, the bytes untouched.
    let corrupted = b"### Situation\n\xc3\x28 half a character\n";
    fs::write(stories.join("broken.md"), corrupted).unwrap();
    let o = story(&lab, &["check", "broken"]);
    assert_one_line_usage_error(&o, "not UTF-8");
    assert!(stderr(&o).contains("left untouched"), "{}", stderr(&o));
    assert_eq!(fs::read(stories.join("broken.md")).unwrap(), corrupted);

    // list: both stories, in order; the backups and temporary files are not stories.
    let o = story(&lab, &["list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listed = stdout(&o);
    let names: Vec<&str> = listed
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(names, ["broken", "double-charges"], "{listed}");
    let leftovers: Vec<_> = fs::read_dir(&stories)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A slug that tries to leave the directory, and one that does not exist.
    assert_one_line_usage_error(
        &story(&lab, &["check", "../../etc/passwd"]),
        "bad story name",
    );
    assert_one_line_usage_error(&story(&lab, &["check", "nope"]), "no story 'nope'");
    fs::remove_dir_all(&lab).unwrap();
}
