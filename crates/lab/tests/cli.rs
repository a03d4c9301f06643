//! The `lab` binary as a user meets it: what each command prints, and that mistakes get
//! one line and exit code 2. Every run points `LAB_DIR` at a temporary directory, so the
//! tests never touch a learner's progress or hints.
//!
//! Expectations come from the topics themselves (their `topic.toml` and `README.md`),
//! never from a hard-coded list, so adding a topic, a case or a question's answer breaks
//! no test here. Nothing here builds a topic: running a demo (a child build) is tested in
//! `exercise_loop.rs`, in the scratch workspace where the topic is built anyway.

use std::process::Output;

use evidence::manifest::Manifest;

mod common;
use common::{run_lab, run_lab_scratch, stderr, stdout, workspace};

/// Every topic's manifest, read the way `lab` reads them.
fn topics() -> Vec<Manifest> {
    let mut topics: Vec<Manifest> = std::fs::read_dir(workspace().join("crates"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("topic.toml").is_file())
        .map(|p| Manifest::load(&p).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    topics.sort_by_key(|t| (t.questions.iter().min().copied(), t.id.clone()));
    topics
}

/// The topic that is the primary answer of question `n`.
fn primary(topics: &[Manifest], n: u8) -> Option<&Manifest> {
    topics.iter().find(|t| t.questions.contains(&n))
}

/// Runs `lab` in the workspace with its own scratch `LAB_DIR`.
fn lab(args: &[&str]) -> Output {
    run_lab_scratch("lab-cli", args)
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

/// The ids of the topics with `capability`, as `lab` lists them in messages.
fn ids_with(topics: &[Manifest], capability: impl Fn(&Manifest) -> bool) -> String {
    let ids: Vec<&str> = topics
        .iter()
        .filter(|t| capability(t))
        .map(|t| t.id.as_str())
        .collect();
    ids.join(", ")
}

#[test]
fn list_shows_all_29_questions_with_the_topic_that_answers_each() {
    let topics = topics();
    for args in [&[][..], &["list"][..]] {
        let o = lab(args);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        let lines: Vec<(u8, &str)> = out
            .lines()
            .filter_map(|l| Some((l.split_whitespace().next()?.parse().ok()?, l)))
            .collect();
        let numbers: Vec<u8> = lines.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, (1..=29).collect::<Vec<_>>(), "{out}");
        for (n, line) in &lines {
            match primary(&topics, *n) {
                Some(topic) => {
                    assert!(line.contains(&topic.id), "question {n}: {line}");
                    assert_eq!(
                        line.contains(" demo "),
                        topic.demo.is_some(),
                        "question {n} shows a demo exactly when its topic has one: {line}"
                    );
                    assert_eq!(
                        line.contains("exercise"),
                        topic.exercise.is_some(),
                        "question {n}: {line}"
                    );
                }
                None => assert!(line.contains("answer planned"), "question {n}: {line}"),
            }
        }
        for section in [
            "Technical Fundamentals",
            "System Design & Architecture",
            "DevOps, Monitoring & Career Questions",
        ] {
            assert!(out.contains(section), "missing section {section}");
        }
        if let Some(first) = topics.iter().find(|t| t.exercise.is_some()) {
            assert!(
                out.contains(&format!(
                    "next: read the answer with `cargo lab show {}`",
                    first.questions[0]
                )),
                "{out}"
            );
        }
    }
}

#[test]
fn show_prints_every_answered_question_and_says_which_are_planned() {
    let topics = topics();
    for n in 1..=29u8 {
        let o = lab(&["show", &n.to_string()]);
        assert!(o.status.success(), "show {n}: {}", stderr(&o));
        let out = stdout(&o);
        match primary(&topics, n) {
            Some(topic) => {
                let readme =
                    std::fs::read_to_string(workspace().join(topic.crate_dir()).join("README.md"))
                        .unwrap();
                let title = readme.lines().next().unwrap().trim_start_matches("# ");
                assert!(out.contains(title), "show {n} lacks its title {title:?}");
                if topic.demo.is_some() {
                    assert!(out.contains(&format!("cargo lab demo {}", topic.id)));
                }
                if topic.exercise.is_some() {
                    assert!(out.contains(&format!("{}/src/", topic.exercise_dir())));
                }
            }
            None => assert!(out.contains("answer planned"), "show {n}: {out}"),
        }
    }
}

#[test]
fn show_full_adds_the_engineering_part() {
    let topics = topics();
    let with_marker = topics.iter().find(|t| {
        std::fs::read_to_string(workspace().join(t.crate_dir()).join("README.md"))
            .unwrap()
            .contains("<!-- engineering -->")
    });
    let Some(topic) = with_marker else {
        return;
    };
    let short = stdout(&lab(&["show", &topic.id]));
    let full = stdout(&lab(&["show", &topic.id, "--full"]));
    assert!(full.len() > short.len(), "--full prints more");
    assert!(
        short.contains("--full` adds the engineering part"),
        "{short}"
    );
    assert!(
        !full.contains("<!-- engineering -->"),
        "the marker is not shown"
    );
}

#[test]
fn mistakes_get_one_line_and_exit_code_2() {
    let topics = topics();
    check_usage_error(&["show", "lru-cahce"], "did you mean 'lru-cache'?");
    check_usage_error(&["demo", "lru-cahce"], "did you mean 'lru-cache'?");
    check_usage_error(&["show", "30"], "there is no question 30");
    check_usage_error(&["show", "0"], "there is no question 0");
    check_usage_error(&["reset", "nope"], "unknown topic 'nope'");
    check_usage_error(&["watch", "lru-cache"], "needs an interactive terminal");
    check_usage_error(&["watch", "lru-cahce"], "did you mean 'lru-cache'?");
    for topic in &topics {
        match &topic.demo {
            Some(demo) => {
                check_usage_error(
                    &["demo", &topic.id, "--size", "0"],
                    "--size must be at least 1",
                );
                check_usage_error(
                    &[
                        "demo",
                        &topic.id,
                        "--size",
                        &(demo.max_size + 1).to_string(),
                    ],
                    "maximum",
                );
                if !demo.mine {
                    check_usage_error(
                        &["demo", &topic.id, "--mine"],
                        &format!("--mine works for: {}", ids_with(&topics, |t| t.demo_mine())),
                    );
                }
            }
            None => check_usage_error(&["demo", &topic.id], "has no demo"),
        }
        match &topic.exercise {
            Some(_) => {
                check_usage_error(&["hint", &topic.id, "0"], "hints are numbered from 1");
                check_usage_error(&["hint", &topic.id, "99"], "ask for 1 to");
            }
            None => check_usage_error(&["check", &topic.id], "has no exercise"),
        }
        if topic.bench.is_none() {
            check_usage_error(&["bench", &topic.id], "has no bench");
        }
    }
}

#[test]
fn clap_usage_errors_also_exit_2() {
    for args in [
        &["demo"][..],
        &["demo", "lru-cache", "--seed", "abc"][..],
        &["demo", "lru-cache", "--size", "-5"][..],
        &["frobnicate"][..],
    ] {
        let o = lab(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
}

#[test]
fn hints_come_one_at_a_time_and_can_be_shown_again() {
    let topics = topics();
    let topic = topics
        .iter()
        .find(|t| t.exercise.is_some())
        .expect("a topic has an exercise");
    let id = topic.id.as_str();
    let hints = std::fs::read_to_string(workspace().join(topic.exercise_dir()).join("HINTS.md"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("## Hint"))
        .count();
    assert!(hints >= 3, "{id} has {hints} hints");
    let scratch = std::env::temp_dir().join(format!("lab-cli-hints-{}", std::process::id()));
    let run = |args: &[&str]| {
        let o = run_lab(&scratch, args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert!(run(&["hint", id]).starts_with(&format!("Hint 1 of {hints}")));
    assert!(run(&["hint", id]).starts_with(&format!("Hint 2 of {hints}")));
    assert!(
        run(&["hint", id, "1"]).starts_with(&format!("Hint 1 of {hints}")),
        "a hint shown again"
    );
    assert!(
        run(&["hint", id]).starts_with(&format!("Hint 3 of {hints}")),
        "showing hint 1 again does not rewind"
    );
    for _ in 3..hints {
        run(&["hint", id]);
    }
    let last = run(&["hint", id]);
    assert!(
        last.starts_with(&format!("Hint {hints} of {hints}"))
            && last.contains("that was the last hint"),
        "{last}"
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}

#[test]
fn every_numeric_flag_takes_extreme_values_without_a_panic() {
    let topics = topics();
    let demo = topics.iter().find(|t| t.demo.is_some()).expect("a demo");
    let exercise = topics
        .iter()
        .find(|t| t.exercise.is_some())
        .expect("an exercise");
    let plain = topics
        .iter()
        .find(|t| t.exercise.is_none() && t.demo.is_none());
    let max_size = demo.demo.as_ref().unwrap().max_size;
    let hints = std::fs::read_to_string(workspace().join(exercise.exercise_dir()).join("HINTS.md"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("## Hint"))
        .count();
    let max = u64::MAX.to_string();
    let above = (max_size + 1).to_string();
    let at_max = max_size.to_string();
    let hint_max = hints.to_string();
    let hint_above = (hints + 1).to_string();
    // (arguments, the exit code expected): refused values exit 2 before anything runs;
    // accepted ones are shown on topics where the command stops right after parsing.
    let mut cases: Vec<(Vec<&str>, i32)> = Vec::new();
    for value in [
        "0",
        &above,
        &max,
        "-1",
        "abc",
        "1e3",
        "99999999999999999999999",
    ] {
        cases.push((vec!["demo", &demo.id, "--size", value], 2));
    }
    for value in ["-1", "abc", "99999999999999999999999"] {
        cases.push((vec!["demo", &demo.id, "--seed", value], 2));
    }
    for command in ["check", "watch"] {
        for value in ["0", "3601", &max, "-1", "abc"] {
            cases.push((vec![command, &exercise.id, "--timeout", value], 2));
        }
    }
    for value in ["0", &hint_above, &max, "-1", "abc"] {
        cases.push((vec!["hint", &exercise.id, value], 2));
    }
    for value in ["1", &hint_max] {
        cases.push((vec!["hint", &exercise.id, value], 0));
    }
    if let Some(plain) = plain {
        // Accepted by the parser, then refused because the topic has no exercise or demo.
        for value in ["1", "3600"] {
            cases.push((vec!["check", &plain.id, "--timeout", value], 2));
        }
        for value in ["1", &at_max, &max] {
            cases.push((vec!["demo", &plain.id, "--seed", value], 2));
        }
    }
    for (args, expected) in cases {
        let o = lab(&args);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
        assert_eq!(o.status.code(), Some(expected), "{args:?}: {err}");
        if expected == 2 {
            assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err}");
        }
    }
}

/// The README's tour works as written: each `cargo lab ...` line names a real command,
/// and each flag on it is one that command's `--help` lists. (Running them all would
/// build every topic; `exercise_loop.rs` runs the loop itself.)
#[test]
fn the_readme_tour_uses_real_commands_and_flags() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let lines: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("cargo lab"))
        .map(|rest| rest.split('#').next().unwrap_or("").trim())
        .collect();
    assert!(
        lines.len() >= 10,
        "the tour shows the main commands: {lines:?}"
    );
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(command) = words.first() else {
            continue; // plain `cargo lab`
        };
        let help = lab(&[command, "--help"]);
        assert_eq!(
            help.status.code(),
            Some(0),
            "`cargo lab {line}` in the README: `{command}` is not a command: {}",
            stderr(&help)
        );
        let help = stdout(&help);
        for flag in words.iter().filter(|w| w.starts_with("--")) {
            assert!(
                help.contains(flag),
                "`cargo lab {line}` in the README: `{command} --help` lists no {flag}"
            );
        }
    }
}

/// The README's tables name every topic, linking to its answer, so a topic added to
/// `crates/` without a README row fails here.
#[test]
fn the_readme_lists_every_topic() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    for topic in topics() {
        let link = format!("(crates/{}/README.md)", topic.id);
        assert!(
            readme.contains(&link),
            "README.md has no row linking to {link} for topic {}",
            topic.id
        );
    }
}
