//! `cargo lab verify`: every topic is complete, and every stub fails as shipped.
//!
//! For maintainers and CI. Per topic it checks: the answer quotes its questions and has
//! a complexity table and follow-ups; the demo runs at its small size with every claim
//! holding; the exercise's shipped stub equals its pristine copy, is clippy-clean and
//! fails its conformance cases; HINTS.md has 3 to 5 hints; the criterion bench exists
//! and names its `reference` function.

use std::fs;
use std::path::Path;
use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};

use evidence::{DemoConfig, Topic};

use crate::LabError;
use crate::catalogue;
use crate::check::{self, Outcome};
use crate::exercise;
use crate::render::Style;

/// How long a shipped stub's tests may run: its unfinished bodies panic at once.
const STUB_TIMEOUT: Duration = Duration::from_secs(30);

/// One line of the verdict.
struct Item {
    what: &'static str,
    ok: bool,
    detail: String,
}

fn item(what: &'static str, ok: bool, detail: impl Into<String>) -> Item {
    Item {
        what,
        ok,
        detail: detail.into(),
    }
}

/// Runs every check on every topic; exit 0 only if all pass.
pub fn verify(root: &Path, style: Style) -> Result<ExitCode, LabError> {
    let mut failures = 0;
    for topic in catalogue::topics() {
        let numbers: Vec<String> = topic.questions.iter().map(u8::to_string).collect();
        let label = if numbers.len() == 1 {
            "question"
        } else {
            "questions"
        };
        println!(
            "{}",
            style.bold(&format!("{} ({label} {})", topic.id, numbers.join(", ")))
        );
        let items = verify_topic(root, &topic)?;
        for it in &items {
            let mark = if it.ok {
                style.good("✓")
            } else {
                style.bad("✗")
            };
            println!("  {mark} {:<9} {}", it.what, it.detail);
        }
        failures += items.iter().filter(|i| !i.ok).count();
    }
    if failures == 0 {
        println!("\n{}", style.good("every topic is complete"));
        Ok(ExitCode::SUCCESS)
    } else {
        println!("\n{}", style.bad(&format!("{failures} check(s) failed")));
        Ok(ExitCode::FAILURE)
    }
}

fn verify_topic(root: &Path, topic: &Topic) -> Result<Vec<Item>, LabError> {
    let mut items = vec![answer(topic), demo(topic)];
    let exercise_dir = root.join(topic.exercise_dir);
    items.push(pristine(&exercise_dir));
    items.push(match exercise::hints(root, topic) {
        Ok(h) => item(
            "hints",
            (3..=5).contains(&h.len()),
            format!("{} hints in HINTS.md", h.len()),
        ),
        Err(e) => item("hints", false, e.to_string()),
    });
    items.push(clippy(root, topic)?);
    items.extend(fails_as_shipped(root, topic)?);
    items.push(bench(root, topic));
    Ok(items)
}

/// The README quotes every question it answers and has the sections an answer needs.
fn answer(topic: &Topic) -> Item {
    let lower = topic.answer.to_lowercase();
    let mut missing: Vec<String> = Vec::new();
    for &n in topic.questions {
        let q = catalogue::question(n).expect("topics name real questions");
        if !topic.answer.contains(q.text) {
            missing.push(format!("the text of question {n}"));
        }
    }
    for section in ["complexity", "trade-off", "follow-up"] {
        if !lower
            .lines()
            .any(|l| l.starts_with('#') && l.contains(section))
        {
            missing.push(format!("a '{section}' heading"));
        }
    }
    if missing.is_empty() {
        item(
            "answer",
            true,
            format!(
                "{} lines, quotes its question",
                topic.answer.lines().count()
            ),
        )
    } else {
        item(
            "answer",
            false,
            format!("README.md lacks {}", missing.join(", ")),
        )
    }
}

/// The demo at its small size: every claim holds.
fn demo(topic: &Topic) -> Item {
    let start = Instant::now();
    let report = (topic.demo.run)(&DemoConfig {
        seed: DemoConfig::DEFAULT_SEED,
        size: topic.demo.small_size,
    });
    let failed: Vec<&str> = report
        .failed_claims()
        .map(|c| c.statement.as_str())
        .collect();
    if report.all_hold() {
        item(
            "demo",
            true,
            format!(
                "{} claims hold at size {} ({:.1} s)",
                report.claims.len(),
                topic.demo.small_size,
                start.elapsed().as_secs_f64()
            ),
        )
    } else if failed.is_empty() {
        item("demo", false, "the demo makes no claims")
    } else {
        item("demo", false, format!("claims fail: {}", failed.join("; ")))
    }
}

/// The learner's files equal the pristine copies `reset` restores.
fn pristine(exercise_dir: &Path) -> Item {
    let files = match exercise::pristine_files(exercise_dir) {
        Ok(files) if !files.is_empty() => files,
        Ok(_) => return item("stub", false, "pristine/ holds no .stub files"),
        Err(e) => return item("stub", false, e.to_string()),
    };
    for (relative, copy) in &files {
        let a = fs::read(exercise_dir.join(relative)).ok();
        let b = fs::read(copy).ok();
        if a.is_none() || a != b {
            return item(
                "stub",
                false,
                format!(
                    "{} differs from pristine/{0}.stub: verify checks the shipped stub \
                     (`cargo lab reset` restores it after a backup; a maintainer who changed \
                     the stub copies it into pristine/)",
                    relative.display()
                ),
            );
        }
    }
    item(
        "stub",
        true,
        format!("{} file(s) equal their pristine copies", files.len()),
    )
}

/// `cargo clippy` on the exercise with warnings denied.
fn clippy(root: &Path, topic: &Topic) -> Result<Item, LabError> {
    let package = topic.exercise_package();
    let output = check::cargo()
        .current_dir(root)
        .args(["clippy", "--quiet", "--package", &package, "--all-targets"])
        .args(["--", "-D", "warnings"])
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LabError::io("cannot start cargo clippy", e))?;
    Ok(if output.status.success() {
        item("clippy", true, format!("{package} compiles, no warnings"))
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("failed");
        item("clippy", false, format!("{package}: {first}"))
    })
}

/// The stub fails as shipped, and its cases are exactly the topic's.
fn fails_as_shipped(root: &Path, topic: &Topic) -> Result<Vec<Item>, LabError> {
    let run = check::run(root, topic, STUB_TIMEOUT)?;
    if !run.compile_errors.is_empty() {
        return Ok(vec![item(
            "fails",
            false,
            format!("the stub does not compile: {}", run.compile_errors[0]),
        )]);
    }
    let names: Vec<&str> = run.cases.iter().map(|c| c.name.as_str()).collect();
    let same_cases = names == topic.cases;
    let cases = item(
        "cases",
        same_cases,
        if same_cases {
            format!("the exercise runs all {} conformance cases", names.len())
        } else {
            format!(
                "the exercise runs {names:?}, the topic lists {:?}",
                topic.cases
            )
        },
    );
    let passing = run.passed();
    let unfinished = run
        .cases
        .iter()
        .filter(|c| c.outcome == Outcome::Unfinished)
        .count();
    let fails = item(
        "fails",
        passing < run.cases.len() && unfinished == 0,
        format!(
            "{passing}/{} cases pass as shipped{}",
            run.cases.len(),
            if unfinished > 0 {
                format!(", {unfinished} never finished")
            } else {
                String::new()
            }
        ),
    );
    Ok(vec![cases, fails])
}

/// The criterion bench exists, is registered, and names `reference`.
fn bench(root: &Path, topic: &Topic) -> Item {
    let file = root
        .join("benches/benches")
        .join(format!("{}.rs", topic.bench));
    let Ok(source) = fs::read_to_string(&file) else {
        return item("bench", false, format!("{} is missing", file.display()));
    };
    let manifest = fs::read_to_string(root.join("benches/Cargo.toml")).unwrap_or_default();
    let registered = manifest.contains(&format!("name = \"{}\"", topic.bench));
    let names_reference = source.contains("\"reference\"");
    item(
        "bench",
        registered && names_reference,
        match (registered, names_reference) {
            (true, true) => format!("benches/benches/{}.rs", topic.bench),
            (false, _) => format!("{} is not a [[bench]] in benches/Cargo.toml", topic.bench),
            (true, false) => "the bench has no function named \"reference\"".to_string(),
        },
    )
}
