//! `drill` and `plan` end to end: a plan made from a fresh state; question 11 drilled
//! in a pseudo-terminal (the question, typed notes, each key point revealed and
//! marked, a follow-up, the red flags, the evidence, the score); the saved schedule;
//! the plan ticking the drilled question; a drill stopped with Esc saving nothing;
//! `--list-due` before and after the review falls due; `list` showing the score; and
//! state files broken in every way kept as they are.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{stderr, stdout, workspace};
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};
use serde_json::Value;

const NOW: &str = "2026-12-01T09:00:00Z";
const MONTH_LATER: &str = "2027-01-01T09:00:00Z";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lab-drill-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn lab(lab_dir: &Path, now: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lab"))
        .args(args)
        .current_dir(workspace())
        .env("LAB_DIR", lab_dir)
        .env("LAB_NOW", now)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the lab binary runs")
}

fn terminal(lab_dir: &Path, args: &[&str]) -> OsSession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lab"));
    command
        .args(args)
        .current_dir(workspace())
        .env("LAB_DIR", lab_dir)
        .env("LAB_NOW", NOW)
        .env("NO_COLOR", "1");
    let mut session = Session::spawn(command).expect("lab drill starts in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

/// Question 11's card, from the same answer lab reads.
fn card_11() -> practice::Card {
    let readme = fs::read_to_string(workspace().join("crates/lru-cache/README.md")).unwrap();
    practice::Card::from_answer(
        11,
        "How do you design a cache strategy for a read-heavy API?",
        "",
        "lru-cache",
        &evidence::answer::Answer::parse(&readme),
        vec![],
    )
}

fn json(output: &std::process::Output) -> Value {
    assert!(
        output.status.success(),
        "{}{}",
        stdout(output),
        stderr(output)
    );
    serde_json::from_str(&stdout(output)).expect("one JSON object")
}

#[test]
fn plan_then_drill_a_question_in_a_terminal_then_see_it_scheduled() {
    let dir = scratch("loop");

    // A fresh plan: six weeks from LAB_NOW, fundamentals first, mocks last.
    let plan = json(&lab(&dir, NOW, &["plan", "--weeks", "6", "--json"]));
    let weeks = plan["plan"]["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 6);
    assert_eq!(weeks[0]["starts"], "2026-12-01");
    assert_eq!(weeks[0]["items"][0]["task"]["kind"], "study");
    assert_eq!(weeks[0]["items"][0]["task"]["question"], 1);
    for week in &weeks[4..] {
        assert!(
            week["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["task"]["kind"] == "mock"),
            "the last two weeks are mock interviews: {week}"
        );
    }
    assert_eq!(plan["status"]["items_done"], 0);

    // Drill question 11 with one follow-up: type a note, cover every key point but the
    // last, cover the follow-up entirely, say no red flag.
    let card = card_11();
    let key_points = card.key_points.len();
    let follow_up = card.follow_ups_for(0, 1)[0].clone();
    assert!(key_points >= 5, "the answer has its key points");
    let mut t = terminal(&dir, &["drill", "--question", "11", "--follow-ups", "1"]);
    t.expect("How do you design a cache strategy for a read-heavy API?")
        .expect("the question is asked");
    t.expect("2:00 left").expect("a countdown from two minutes");
    t.send("LRU with a TTL, and invalidate on write\r").unwrap();
    t.send("\r").unwrap();
    for i in 1..=key_points {
        t.expect(format!("Key point {i}/{key_points}: ").as_str())
            .expect("each key point revealed in turn");
        t.send(if i < key_points { "y" } else { "n" }).unwrap();
        t.expect(if i < key_points { "covered" } else { "missed" })
            .expect("the mark is echoed");
    }
    t.expect(format!("Follow-up 1 of 1: {}", follow_up.question).as_str())
        .expect("the follow-up is asked");
    t.send("\r").unwrap();
    for i in 1..=follow_up.points.len() {
        t.expect(format!("Point {i}/{}: ", follow_up.points.len()).as_str())
            .expect("the follow-up's answer revealed point by point");
        t.send("y").unwrap();
    }
    t.expect("Did you say any of these?").expect("red flags");
    t.send("n").unwrap();
    t.expect("cargo lab demo lru-cache").expect("the evidence");
    t.expect("cargo lab check lru-cache").expect("the exercise");
    t.send("\r").unwrap();
    let covered = key_points - 1 + follow_up.points.len();
    let total = key_points + follow_up.points.len();
    t.expect(format!("Score {covered}/{total} points").as_str())
        .expect("the score counts every mark");
    t.expect("grade good").expect("one miss: good");
    t.expect("This session").expect("the summary");
    t.expect(Eof).expect("one question asked: it ends");

    // The journal has the attempt and a review after LAB_NOW.
    let saved: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("practice.json")).unwrap()).unwrap();
    assert_eq!(saved["schema"], 1);
    let record = &saved["questions"]["11"];
    let attempt = &record["attempts"][0];
    assert_eq!(attempt["covered"], covered);
    assert_eq!(attempt["total"], total);
    assert_eq!(attempt["grade"], "good");
    assert_eq!(
        attempt["notes"][0],
        "LRU with a TTL, and invalidate on write"
    );
    assert_eq!(attempt["follow_ups"][0], follow_up.question.as_str());
    let due = record["memory"]["due"].as_str().unwrap();
    assert!(due > NOW, "next review {due} is after the drill");

    // The plan ticks the study of question 11 and still has its other work.
    let plan = lab(&dir, NOW, &["plan"]);
    let text = stdout(&plan);
    assert!(
        text.contains("[x] study question 11"),
        "the drilled question is ticked:\n{text}"
    );
    assert!(text.contains("[ ] study question 1:"), "{text}");
    assert!(text.contains("1 done of"), "{text}");

    // Esc stops a drill without saving the half-done question.
    let mut t = terminal(&dir, &["drill", "--count", "3"]);
    t.expect("What is a hashmap and when would you use one?")
        .expect("no review is due yet, so the first new question in teaching order");
    t.send("\x1b").unwrap();
    t.expect("stopped: nothing saved for this question")
        .expect("Esc stops");
    t.expect(Eof).expect("and exits");
    let again: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("practice.json")).unwrap()).unwrap();
    assert_eq!(again["questions"].as_object().unwrap().len(), 1);

    // Not due at LAB_NOW; due a month later, and then first in the queue.
    let now = json(&lab(&dir, NOW, &["drill", "--list-due", "--json"]));
    assert_eq!(now["due"], 0);
    assert_eq!(now["new"], 28);
    assert!(
        now["questions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["number"] != 11)
    );
    let later = json(&lab(&dir, MONTH_LATER, &["drill", "--list-due", "--json"]));
    assert_eq!(later["due"], 1);
    assert_eq!(later["questions"][0]["number"], 11);
    assert_eq!(later["questions"][0]["reason"], "due");
    assert_eq!(later["questions"][0]["last"]["covered"], covered);
    let recall = later["questions"][0]["recall"].as_f64().unwrap();
    assert!(
        recall > 0.0 && recall < 0.9,
        "a month past a 10-minute step, recall is estimated below 90%: {recall}"
    );
    assert!(later["questions"][1]["recall"].is_null(), "never drilled");

    // `list` shows the score and the next review.
    let list = stdout(&lab(&dir, NOW, &["list"]));
    let line = list.lines().find(|l| l.contains("read-heavy API")).unwrap();
    assert!(
        line.contains(&format!("drill {covered}/{total} · review 20")),
        "{line}"
    );
    assert!(list.contains("not drilled"));
    fs::remove_dir_all(&dir).unwrap();
}

/// A practice file broken in any way is kept byte for byte: lab warns once, naming it,
/// and works from an empty state without saving over it.
#[test]
fn broken_practice_files_are_kept_and_lab_works_read_only() {
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "truncated",
            br#"{"schema": 1, "questions": {"11": {"memo"#,
            "cut short",
        ),
        ("not-json", b"questions = 11", "not valid JSON"),
        (
            "newer",
            br#"{"schema": 2, "questions": {}}"#,
            "newer lab (schema 2",
        ),
        (
            "wrong-shape",
            br#"{"schema": 1, "questions": []}"#,
            "expected fields",
        ),
        ("binary", &[0, 159, 146, 150], "not valid JSON"),
    ];
    for (name, bytes, why) in cases {
        let dir = scratch(name);
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("practice.json");
        fs::write(&file, bytes).unwrap();
        for args in [
            &["drill", "--list-due"][..],
            &["plan", "--weeks", "4"],
            &["list"],
        ] {
            let out = lab(&dir, NOW, args);
            assert!(out.status.success(), "{name} {args:?}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(
                err.contains("practice.json") && err.contains(why) && err.contains("kept as it is"),
                "{name} {args:?}: {err}"
            );
            assert_eq!(
                err.matches("warning:").count(),
                1,
                "{name} {args:?}: warned once: {err}"
            );
            assert_eq!(
                fs::read(&file).unwrap(),
                bytes,
                "{name} {args:?}: untouched"
            );
        }
        let plan = stdout(&lab(&dir, NOW, &["plan", "--weeks", "4"]));
        assert!(plan.contains("not saved"), "{name}: {plan}");
        fs::remove_dir_all(&dir).unwrap();
    }
}

/// A lab directory that cannot be created: the plan is still shown, with one line
/// saying it could not be saved.
#[test]
fn an_unwritable_lab_directory_is_reported_not_fatal() {
    let blocker = scratch("blocker");
    fs::write(&blocker, b"a file where the lab directory should be").unwrap();
    let dir = blocker.join("lab");
    let out = lab(&dir, NOW, &["plan"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Study plan: 6 weeks"), "{text}");
    assert!(text.contains("cannot save"), "{text}");
    fs::remove_file(&blocker).unwrap();
}

#[test]
fn bad_drill_and_plan_input_is_one_line_and_exit_code_two() {
    let dir = scratch("bad");
    for (args, now, says) in [
        (&["drill", "--section", "8"][..], NOW, "--section"),
        (&["drill", "--question", "30"], NOW, "--question"),
        (&["drill", "--minutes", "0.1"], NOW, "out of range"),
        (&["drill", "--topic", "no-such-topic"], NOW, "unknown topic"),
        (&["drill", "--json"], NOW, "--list-due"),
        (&["drill"], NOW, "needs an interactive terminal"),
        (&["drill", "--list-due"], "yesterday", "LAB_NOW"),
        (&["plan", "--weeks", "0"], NOW, "--weeks"),
        (&["plan", "--hours-per-week", "100"], NOW, "out of range"),
    ] {
        let out = lab(&dir, now, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let _ = fs::remove_dir_all(&dir);
}

/// Every one of the 29 questions can be drilled: its card has key points of its own (a
/// topic answering several questions groups them per question), follow-ups to ask and
/// red flags to show.
#[test]
fn every_question_has_a_card_of_its_own() {
    let mut seen = 0;
    for entry in fs::read_dir(workspace().join("crates")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(manifest) = evidence::manifest::Manifest::load(&dir) else {
            continue;
        };
        let readme = fs::read_to_string(dir.join("README.md")).unwrap();
        let answer = evidence::answer::Answer::parse(&readme);
        for &number in &manifest.questions {
            seen += 1;
            let card = practice::Card::from_answer(number, "", "", &manifest.id, &answer, vec![]);
            assert!(
                card.key_points.len() >= 3,
                "question {number}: {} key points",
                card.key_points.len()
            );
            if manifest.questions.len() > 1 {
                assert!(
                    card.key_points.len() < answer.key_points.len(),
                    "{}: question {number} asks every key point of the topic; group them under `### Question {number}`",
                    manifest.id
                );
            }
            assert!(card.follow_ups.len() >= 5, "question {number}");
            assert!(
                card.follow_ups.iter().all(|f| !f.points.is_empty()),
                "question {number}: a follow-up without an answer"
            );
            assert!(card.red_flags.len() >= 3, "question {number}");
        }
    }
    assert_eq!(seen, 29, "every question has a primary topic");
}

/// A plan saved while a drill is under way (or a drill saved by the web page) is not
/// lost when the drill saves: every save reads the journal afresh under its lock.
#[test]
fn a_save_during_a_drill_is_kept() {
    let dir = scratch("concurrent");
    let key_points = card_11().key_points.len();
    let mut t = terminal(&dir, &["drill", "--question", "11", "--follow-ups", "0"]);
    t.expect("How do you design a cache strategy for a read-heavy API?")
        .expect("the question is asked");
    t.send("\r").unwrap();
    t.expect("Key point 1/").expect("the reveal starts");
    // Meanwhile another lab saves a plan into the same journal.
    let plan = lab(&dir, NOW, &["plan", "--weeks", "3"]);
    assert!(plan.status.success(), "{}", stderr(&plan));
    for _ in 0..key_points {
        t.send("y").unwrap();
    }
    t.expect("Did you say any of these?").expect("red flags");
    t.send("n").unwrap();
    t.expect("Enter to see your score").expect("the evidence");
    t.send("\r").unwrap();
    t.expect(Eof).expect("it ends");
    let saved: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("practice.json")).unwrap()).unwrap();
    assert_eq!(
        saved["plan"]["weeks"].as_array().map(Vec::len),
        Some(3),
        "the plan saved during the drill is kept"
    );
    assert_eq!(
        saved["questions"]["11"]["attempts"][0]["covered"],
        key_points
    );
    fs::remove_dir_all(&dir).unwrap();
}
