//! The binary behind `cargo lab story`, run in-process.

use incident_story::cli::{Outcome, run};
use incident_story::{Story, TEMPLATE, WorkedStory};

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("incident-story-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn template_prints_the_template() {
    assert_eq!(
        run(&args(&["template"])),
        Ok(Outcome::Pass(TEMPLATE.to_string()))
    );
}

#[test]
fn check_passes_the_worked_story_and_reports_the_template() {
    let good = scratch("good.md", WorkedStory::markdown().as_bytes());
    match run(&args(&["check", good.to_str().unwrap()])) {
        Ok(Outcome::Pass(text)) => assert!(text.starts_with("passes every rule"), "{text}"),
        other => panic!("the worked story passes, got {other:?}"),
    }
    let template = scratch("template.md", TEMPLATE.as_bytes());
    match run(&args(&["check", template.to_str().unwrap()])) {
        Ok(Outcome::Findings(text)) => {
            assert!(text.contains("[placeholder]"), "{text}");
            assert!(text.contains("finding(s)"), "{text}");
        }
        other => panic!("the template has findings, got {other:?}"),
    }
}

#[test]
fn a_story_that_is_not_utf8_is_refused_and_left_untouched() {
    let bytes = b"## Situation\n\xff\xfe broken\n";
    let path = scratch("binary.md", bytes);
    let err = run(&args(&["check", path.to_str().unwrap()])).unwrap_err();
    assert!(
        err.contains("not UTF-8") && err.contains("offset 13"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn bad_arguments_get_the_usage_line() {
    for a in [
        &[][..],
        &["check"][..],
        &["lint", "x"][..],
        &["template", "x"][..],
    ] {
        let err = run(&args(a)).unwrap_err();
        assert!(err.starts_with("usage:"), "{a:?}: {err}");
    }
    let err = run(&args(&["check", "/nonexistent/story.md"])).unwrap_err();
    assert!(
        err.starts_with("cannot read /nonexistent/story.md"),
        "{err}"
    );
}
