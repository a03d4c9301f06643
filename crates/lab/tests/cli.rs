//! The `lab` binary as a user meets it: what each command prints, and that mistakes get
//! one line and exit code 2. Every run points `LAB_DIR` at a temporary directory, so the
//! tests never touch a learner's progress or hints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `lab` in the workspace with its own scratch `LAB_DIR`.
fn lab(args: &[&str]) -> Output {
    let scratch = std::env::temp_dir().join(format!(
        "lab-cli-{}-{}",
        std::process::id(),
        args.join("_").replace(['/', ' '], "_")
    ));
    let output = Command::new(env!("CARGO_BIN_EXE_lab"))
        .args(args)
        .current_dir(workspace())
        .env("LAB_DIR", &scratch)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the lab binary runs");
    let _ = std::fs::remove_dir_all(&scratch);
    output
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A user mistake: exit code 2, exactly one line on stderr saying `expected`, no panic.
fn check_usage_error(args: &[&str], expected: &str) {
    let o = lab(args);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{args:?} should exit 2; stderr: {err}"
    );
    assert_eq!(
        err.lines().count(),
        1,
        "{args:?} should print one line, got: {err}"
    );
    assert!(
        err.contains(expected),
        "{args:?}: expected {expected:?} in {err:?}"
    );
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
}

#[test]
fn list_shows_all_29_questions_by_section() {
    for args in [&[][..], &["list"][..]] {
        let o = lab(args);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        let numbered: Vec<u32> = out
            .lines()
            .filter_map(|l| l.split_whitespace().next()?.parse().ok())
            .collect();
        assert_eq!(numbered, (1..=29).collect::<Vec<_>>(), "{out}");
        for section in [
            "Technical Fundamentals",
            "System Design & Architecture",
            "DevOps, Monitoring & Career Questions",
        ] {
            assert!(out.contains(section), "missing section {section}");
        }
        let q11 = out
            .lines()
            .find(|l| l.trim_start().starts_with("11 "))
            .unwrap();
        assert!(q11.contains("lru-cache") && q11.contains("demo"), "{q11}");
        let q6 = out
            .lines()
            .find(|l| l.trim_start().starts_with("6 "))
            .unwrap();
        assert!(q6.contains("linked-list"), "{q6}");
        let q1 = out
            .lines()
            .find(|l| l.trim_start().starts_with("1 "))
            .unwrap();
        assert!(q1.contains("hashmap"), "{q1}");
        assert_eq!(out.matches("answer planned").count(), 19, "{out}");
        assert!(
            out.contains("next: read the answer with `cargo lab show 1`"),
            "{out}"
        );
    }
}

#[test]
fn show_eleven_gives_the_question_the_answer_and_the_code() {
    let o = lab(&["show", "11"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("How do you design a cache strategy for a read-heavy API?"));
    for part in [
        "Complexity",
        "Trade-offs",
        "Follow-up questions",
        "cargo lab demo lru-cache",
        "exercises/lru-cache/src/lib.rs",
    ] {
        assert!(out.contains(part), "show 11 lacks {part:?}");
    }
}

#[test]
fn show_a_question_without_a_topic_says_the_answer_is_planned() {
    let o = lab(&["show", "2"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("Explain time and space complexity."));
    assert!(stdout(&o).contains("answer planned"));
}

#[test]
fn mistakes_get_one_line_and_exit_code_2() {
    check_usage_error(
        &["show", "lru-cahce"],
        "unknown topic 'lru-cahce'; did you mean 'lru-cache'?",
    );
    check_usage_error(&["demo", "lru-cahce"], "did you mean 'lru-cache'?");
    check_usage_error(&["show", "30"], "there is no question 30");
    check_usage_error(&["show", "0"], "there is no question 0");
    check_usage_error(
        &["demo", "lru-cache", "--size", "0"],
        "--size must be at least 1",
    );
    check_usage_error(&["hint", "lru-cache", "0"], "hints are numbered from 1");
    check_usage_error(&["hint", "lru-cache", "99"], "ask for 1 to");
    check_usage_error(&["reset", "nope"], "unknown topic 'nope'");
    check_usage_error(&["watch", "lru-cache"], "needs an interactive terminal");
    check_usage_error(
        &["demo", "linked-list", "--mine"],
        "--mine works for: lru-cache",
    );
    check_usage_error(
        &["demo", "graph-cycles", "--mine"],
        "--mine works for: lru-cache",
    );
    check_usage_error(&["watch", "lru-cahce"], "did you mean 'lru-cache'?");
}

#[test]
fn clap_usage_errors_also_exit_2() {
    for args in [
        &["demo"][..],
        &["demo", "lru-cache", "--seed", "abc"][..],
        &["frobnicate"][..],
    ] {
        let o = lab(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
}

#[test]
fn demo_json_has_the_documented_fields_and_every_claim_holds() {
    let o = lab(&[
        "demo",
        "lru-cache",
        "--size",
        "20000",
        "--seed",
        "7",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON object");
    assert_eq!(json["topic"], "lru-cache");
    assert_eq!(json["seed"], 7);
    let claims = json["claims"].as_array().expect("claims is an array");
    assert!(!claims.is_empty());
    for claim in claims {
        assert!(claim["statement"].is_string(), "{claim}");
        assert!(claim["measured"].is_string(), "{claim}");
        assert_eq!(claim["holds"], true, "{claim}");
    }
}

#[test]
fn demo_text_marks_each_claim() {
    let o = lab(&["demo", "lru-cache", "--size", "20000"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.matches("✓ holds").count(), 4, "{out}");
    assert!(out.contains("hit ratio by eviction policy"));
    assert!(out.contains('█'), "bars are drawn");
}

#[test]
fn hints_come_one_at_a_time_and_can_be_shown_again() {
    let scratch = std::env::temp_dir().join(format!("lab-cli-hints-{}", std::process::id()));
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_lab"))
            .args(args)
            .current_dir(workspace())
            .env("LAB_DIR", &scratch)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert!(run(&["hint", "lru-cache"]).starts_with("Hint 1 of 5"));
    assert!(run(&["hint", "lru-cache"]).starts_with("Hint 2 of 5"));
    assert!(
        run(&["hint", "lru-cache", "1"]).starts_with("Hint 1 of 5"),
        "a hint shown again"
    );
    assert!(
        run(&["hint", "lru-cache"]).starts_with("Hint 3 of 5"),
        "showing hint 1 again does not rewind"
    );
    for _ in 0..3 {
        run(&["hint", "lru-cache"]);
    }
    let last = run(&["hint", "lru-cache"]);
    assert!(
        last.starts_with("Hint 5 of 5") && last.contains("that was the last hint"),
        "{last}"
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}
