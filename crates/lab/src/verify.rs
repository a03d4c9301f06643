//! `cargo lab verify`: every topic has what its manifest declares, and every stub fails.
//!
//! For maintainers and CI. The catalogue first: every `topic.toml` parses and fits (no
//! question answered by two topics). Then per topic, exactly what it declares:
//!
//! - **answer** (every topic): the README follows the answer layout for its kind
//!   (`docs/ANSWER-LAYOUT.md`; [`evidence::answer`] checks it), quotes each question the
//!   topic answers exactly, and names no file or item its crate no longer has;
//! - **demo**: the demo binary builds and runs at its small size, every counted claim
//!   holding (a timed claim that fails all its measurements is reported, not failed: CI
//!   machines are busy);
//! - **exercise**: the shipped stub equals its pristine copy, does not depend on the
//!   reference crate, is clippy-clean, fails as shipped and runs exactly the manifest's
//!   cases; HINTS.md has 3 to 5 hints; `mine` runners exist where declared;
//! - **bench**: the criterion bench exists, is registered, and names `reference` and each
//!   anchor.

use std::fs;
use std::path::Path;
use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};

use evidence::DemoConfig;
use evidence::answer::{Answer, word_count};

use crate::LabError;
use crate::catalogue::{self, Catalogue, Topic};
use crate::check::{self, Outcome};
use crate::exercise;
use crate::render::Style;
use crate::run;

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
    let catalogue = Catalogue::load(root);
    let mut failures = catalogue.broken.len();
    for broken in &catalogue.broken {
        println!("{} {broken}", style.bad("✗"));
    }
    for topic in &catalogue.topics {
        let numbers: Vec<String> = topic.questions.iter().map(u8::to_string).collect();
        let label = if numbers.len() == 1 {
            "question"
        } else {
            "questions"
        };
        println!(
            "{}",
            style.bold(&format!(
                "{} ({}, {label} {})",
                topic.id,
                topic.kind,
                numbers.join(", ")
            ))
        );
        let items = verify_topic(root, topic)?;
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
    let questions_answered = catalogue::QUESTIONS
        .iter()
        .filter(|q| catalogue.primary(q.number).is_some())
        .count();
    println!(
        "\n{} topics answer {questions_answered} of {} questions",
        catalogue.topics.len(),
        catalogue::QUESTIONS.len()
    );
    if failures == 0 {
        println!("{}", style.good("every topic has what it declares"));
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{}", style.bad(&format!("{failures} check(s) failed")));
        Ok(ExitCode::FAILURE)
    }
}

fn verify_topic(root: &Path, topic: &Topic) -> Result<Vec<Item>, LabError> {
    let mut items = vec![answer(root, topic)];
    match &topic.demo {
        Some(_) => items.push(demo(root, topic)),
        None => items.push(absent(topic, "demo")),
    }
    match &topic.exercise {
        Some(_) => {
            let exercise_dir = root.join(topic.exercise_dir());
            items.push(pristine(&exercise_dir));
            items.push(independent(root, topic));
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
        }
        None => items.push(absent(topic, "exercise")),
    }
    match &topic.bench {
        Some(_) => items.push(bench(root, topic)),
        None => items.push(absent(topic, "bench")),
    }
    if topic.demo_mine() || topic.bench_mine() {
        items.push(mine(root, topic));
    }
    Ok(items)
}

/// A capability the topic does not declare: fine, with its reason if it gives one.
fn absent(topic: &Topic, capability: &'static str) -> Item {
    item(
        capability,
        true,
        match topic.without.get(capability) {
            Some(why) => format!("none: {why}"),
            None => "none declared".to_string(),
        },
    )
}

/// The README follows the answer layout for its kind (`docs/ANSWER-LAYOUT.md`), quotes
/// each question it answers, and names no file or item its crate no longer has.
fn answer(root: &Path, topic: &Topic) -> Item {
    let path = root.join(topic.crate_dir()).join("README.md");
    let Ok(text) = fs::read_to_string(&path) else {
        return item("answer", false, format!("{} is missing", path.display()));
    };
    let questions: Vec<(u8, &str)> = topic
        .questions
        .iter()
        .map(|&n| {
            let q = catalogue::question(n).expect("the catalogue checked the questions");
            (n, q.text)
        })
        .collect();
    let parsed = Answer::parse(&text);
    let mut problems = parsed.problems(topic.kind, &questions);
    problems.extend(stale_names(root, topic, &text));
    problems.extend(undated_benchmarks(&parsed.engineering));
    let manifest =
        fs::read_to_string(root.join(topic.crate_dir()).join("Cargo.toml")).unwrap_or_default();
    if text.contains("```rust") && manifest.contains("doctest = false") {
        problems.push(
            "has `rust` blocks, but its Cargo.toml says `doctest = false`, so they are never \
             compiled: remove that line"
                .to_string(),
        );
    }
    if problems.is_empty() {
        let words: Vec<String> = parsed
            .scripts()
            .iter()
            .map(|(_, s)| word_count(s).to_string())
            .collect();
        item(
            "answer",
            true,
            format!(
                "{} layout: {} key points, a {}-word 2-minute script, {} follow-ups, {} red flags, {} sources",
                topic.kind,
                parsed.key_points.len(),
                words.join(" + "),
                parsed.follow_ups.len(),
                parsed.red_flags.len(),
                parsed.sources.len()
            ),
        )
    } else {
        item(
            "answer",
            false,
            format!("README.md: {}", problems.join("; ")),
        )
    }
}

/// Paths and items the answer names in backticks that no longer exist: a file path under
/// the workspace (`crates/...`, `exercises/...`, `benches/...`, `src/...`), or an item of
/// the topic's own crate (`lru_cache::ShardedLruCache`) that its sources never define.
fn stale_names(root: &Path, topic: &Topic, text: &str) -> Vec<String> {
    let crate_dir = root.join(topic.crate_dir());
    let lib = topic.id.replace('-', "_");
    let sources = rust_sources(&crate_dir);
    let mut problems = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        for (i, span) in line.split('`').enumerate() {
            if i % 2 == 0 || span.contains(' ') {
                continue;
            }
            let path = span.split(':').next().unwrap_or(span);
            let workspace_path = ["crates/", "exercises/", "benches/", ".ci/"]
                .iter()
                .any(|p| path.starts_with(p));
            if workspace_path && path.contains('.') && !root.join(path).exists() {
                problems.push(format!("names `{span}`, which does not exist"));
            } else if path.starts_with("src/") && !crate_dir.join(path).exists() {
                problems.push(format!(
                    "names `{span}`, which is not in {}",
                    topic.crate_dir()
                ));
            } else if let Some(item) = span.strip_prefix(&format!("{lib}::")) {
                let name = item
                    .rsplit("::")
                    .next()
                    .unwrap_or(item)
                    .trim_end_matches("()")
                    .trim_end_matches('!');
                let defined = [
                    "fn ",
                    "struct ",
                    "enum ",
                    "trait ",
                    "type ",
                    "mod ",
                    "const ",
                    "static ",
                    "macro_rules! ",
                    "use ",
                ]
                .iter()
                .any(|kind| sources.contains(&format!("{kind}{name}")))
                    || sources.contains(&format!("{name},"))
                    || sources.contains(&format!("{name}}}"));
                if !name.is_empty() && !defined {
                    problems.push(format!(
                        "names `{span}`, which the crate's sources no longer define"
                    ));
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

/// A `## ...Bench...` section of the engineering part whose measurements say neither
/// when (a `YYYY-MM-DD` date) nor on what machine (cores, a CPU, a machine) they were
/// taken: numbers without both cannot be compared with a later run.
fn undated_benchmarks(engineering: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut section: Option<(String, String)> = None;
    let mut check = |heading: &str, body: &str| {
        let dated = body.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_ascii_digit() && c != '-');
            w.len() == 10
                && w.as_bytes()[4] == b'-'
                && w.as_bytes()[7] == b'-'
                && w.chars().filter(char::is_ascii_digit).count() == 8
        });
        let lower = body.to_lowercase();
        let machine = ["core", "cpu", "machine", "vcpu"]
            .iter()
            .any(|w| lower.contains(w));
        if body.contains('|') && !(dated && machine) {
            problems.push(format!(
                "the '{heading}' section has measurements without {}",
                match (dated, machine) {
                    (false, false) => "a date (YYYY-MM-DD) or the machine",
                    (false, true) => "a date (YYYY-MM-DD)",
                    _ => "the machine they ran on",
                }
            ));
        }
    };
    for line in engineering.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            if let Some((h, body)) = section.take() {
                check(&h, &body);
            }
            if heading.to_lowercase().contains("bench") {
                section = Some((heading.trim().to_string(), String::new()));
            }
        } else if let Some((_, body)) = &mut section {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((h, body)) = section {
        check(&h, &body);
    }
    problems
}

/// The text of every `.rs` file under `dir` (its `src/`, `contract/` and `mine/`).
fn rust_sources(dir: &Path) -> String {
    let mut text = String::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                text.push_str(&fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    text
}

/// The demo binary at its small size: it builds, runs, and every counted claim holds.
fn demo(root: &Path, topic: &Topic) -> Item {
    let spec = topic.demo.as_ref().expect("called for topics with a demo");
    let start = Instant::now();
    let config = DemoConfig {
        seed: DemoConfig::DEFAULT_SEED,
        size: spec.small_size as usize,
    };
    let report = match run::demo(root, topic, run::Demo::Reference, &config, None) {
        Ok(report) => report,
        Err(e) => return item("demo", false, e.to_string()),
    };
    let failed_counted: Vec<&str> = report
        .counted_claims()
        .filter(|c| !c.holds)
        .map(|c| c.statement.as_str())
        .collect();
    let failed_timed: Vec<&str> = report
        .claims
        .iter()
        .filter(|c| c.timed && !c.holds)
        .map(|c| c.statement.as_str())
        .collect();
    if report.claims.is_empty() {
        return item("demo", false, "the demo makes no claims");
    }
    if !failed_counted.is_empty() {
        return item(
            "demo",
            false,
            format!("counted claims fail: {}", failed_counted.join("; ")),
        );
    }
    let timed = report.claims.iter().filter(|c| c.timed).count();
    let mut detail = format!(
        "{} claims hold at size {} ({} counted, {timed} timed; {:.1} s)",
        report.claims.len() - failed_timed.len(),
        spec.small_size,
        report.counted_claims().count(),
        start.elapsed().as_secs_f64()
    );
    if !failed_timed.is_empty() {
        detail.push_str(&format!(
            "; timed claims that failed all their measurements on this busy run: {}",
            failed_timed.join("; ")
        ));
    }
    item("demo", true, detail)
}

/// The exercise does not depend on its reference crate, so it cannot import the
/// solution: its manifest names the contract, never `<id>` itself.
fn independent(root: &Path, topic: &Topic) -> Item {
    let path = root.join(topic.exercise_dir()).join("Cargo.toml");
    let Ok(text) = fs::read_to_string(&path) else {
        return item("contract", false, format!("{} is missing", path.display()));
    };
    let depends_on_reference = text.lines().any(|line| {
        let name = line.split(['=', '.']).next().unwrap_or("").trim();
        name == topic.id || name == topic.id.replace('-', "_")
    });
    if depends_on_reference {
        item(
            "contract",
            false,
            format!(
                "{} depends on the reference crate '{}': depend on '{}-contract' only, or the \
                 exercise can import the solution",
                path.display(),
                topic.id,
                topic.id
            ),
        )
    } else {
        item(
            "contract",
            true,
            format!("depends on {}-contract, not on the reference", topic.id),
        )
    }
}

/// The learner's files equal the pristine copies `reset` restores, and every file a
/// learner may edit (under `src/` and `tests/`) has one: a file without a copy would
/// make the shipped exercise look edited in `list`, and `reset` could not restore it.
fn pristine(exercise_dir: &Path) -> Item {
    let files = match exercise::pristine_files(exercise_dir) {
        Ok(files) if !files.is_empty() => files,
        Ok(_) => return item("stub", false, "pristine/ holds no .stub files"),
        Err(e) => return item("stub", false, e.to_string()),
    };
    if let Some(missing) = exercise::learner_files(exercise_dir)
        .into_iter()
        .find(|f| !files.iter().any(|(relative, _)| relative == f))
    {
        return item(
            "stub",
            false,
            format!(
                "{} has no pristine/{0}.stub copy (pristine files end in .stub)",
                missing.display()
            ),
        );
    }
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
    let listed = &topic.exercise.as_ref().expect("called for exercises").cases;
    let names: Vec<&String> = run.cases.iter().map(|c| &c.name).collect();
    let same_cases = names.len() == listed.len() && names.iter().zip(listed).all(|(a, b)| *a == b);
    let cases = item(
        "cases",
        same_cases,
        if same_cases {
            format!(
                "the exercise runs the manifest's {} cases, in its teaching order",
                names.len()
            )
        } else {
            let missing: Vec<&String> = listed.iter().filter(|c| !names.contains(c)).collect();
            let extra: Vec<&&String> = names.iter().filter(|n| !listed.contains(n)).collect();
            format!(
                "topic.toml's exercise.cases and the exercise's tests differ: not run {missing:?}, \
                 not listed {extra:?}"
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

/// The criterion bench exists, is registered, and names `reference` and every anchor.
fn bench(root: &Path, topic: &Topic) -> Item {
    let spec = topic
        .bench
        .as_ref()
        .expect("called for topics with a bench");
    let file = root
        .join("benches/benches")
        .join(format!("{}.rs", spec.target));
    let Ok(source) = fs::read_to_string(&file) else {
        return item("bench", false, format!("{} is missing", file.display()));
    };
    let manifest = fs::read_to_string(root.join("benches/Cargo.toml")).unwrap_or_default();
    if !manifest.contains(&format!("name = \"{}\"", spec.target)) {
        return item(
            "bench",
            false,
            format!("{} is not a [[bench]] in benches/Cargo.toml", spec.target),
        );
    }
    let unnamed: Vec<&str> = std::iter::once("reference")
        .chain(spec.anchors.iter().map(String::as_str))
        .filter(|f| !source.contains(&format!("\"{f}\"")))
        .collect();
    if unnamed.is_empty() {
        item(
            "bench",
            true,
            format!(
                "benches/benches/{}.rs: reference against {}",
                spec.target,
                spec.anchors.join(", ")
            ),
        )
    } else {
        item(
            "bench",
            false,
            format!("the bench names no function {}", unnamed.join(", ")),
        )
    }
}

/// The runner of the demo and bench on the learner's code exists where declared.
fn mine(root: &Path, topic: &Topic) -> Item {
    let dir = root.join(topic.crate_dir()).join("mine");
    let mut missing = Vec::new();
    if topic.demo_mine() && !dir.join("src/main.rs").is_file() {
        missing.push("src/main.rs (demo --mine)");
    }
    if topic.bench_mine() && !dir.join("benches/mine.rs").is_file() {
        missing.push("benches/mine.rs (bench --mine)");
    }
    if missing.is_empty() {
        item(
            "mine",
            true,
            format!("{}/mine runs the learner's code", topic.crate_dir()),
        )
    } else {
        item(
            "mine",
            false,
            format!("{}/mine lacks {}", topic.crate_dir(), missing.join(" and ")),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A scratch exercise with `files` (path, text) written under it.
    fn exercise(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lab-verify-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn every_learner_file_needs_a_pristine_stub_copy() {
        let good = exercise(
            "good",
            &[
                ("src/lib.rs", "stub"),
                ("tests/conformance.rs", "t"),
                ("pristine/src/lib.rs.stub", "stub"),
                ("pristine/tests/conformance.rs.stub", "t"),
            ],
        );
        let ok = pristine(&good);
        assert!(ok.ok, "{}", ok.detail);
        // Copies without the .stub suffix are not pristine copies.
        let unsuffixed = exercise(
            "unsuffixed",
            &[
                ("src/lib.rs", "stub"),
                ("tests/conformance.rs", "t"),
                ("pristine/src/lib.rs.stub", "stub"),
                ("pristine/tests/conformance.rs", "t"),
            ],
        );
        let refused = pristine(&unsuffixed);
        assert!(!refused.ok);
        assert!(
            refused
                .detail
                .contains("tests/conformance.rs has no pristine"),
            "{}",
            refused.detail
        );
        let changed = exercise(
            "changed",
            &[
                ("src/lib.rs", "edited"),
                ("pristine/src/lib.rs.stub", "stub"),
            ],
        );
        assert!(pristine(&changed).detail.contains("differs from pristine"));
        for dir in [good, unsuffixed, changed] {
            fs::remove_dir_all(dir).unwrap();
        }
    }

    #[test]
    fn a_bench_table_needs_its_date_and_machine() {
        let dated = "## Benchmark\n\nMeasured on 2026-11-27 on a 2-core machine.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert!(undated_benchmarks(dated).is_empty());
        let undated = "## Benchmark\n\n| a | b |\n|---|---|\n| 1 | 2 |\n## Layout\n";
        assert_eq!(
            undated_benchmarks(undated),
            ["the 'Benchmark' section has measurements without a date (YYYY-MM-DD) or the machine"]
        );
        let no_machine = "## Benchmark\n\nOn 2026-11-27:\n\n| a |\n|---|\n| 1 |\n";
        assert!(undated_benchmarks(no_machine)[0].ends_with("the machine they ran on"));
        assert!(
            undated_benchmarks("## Layout\n| a |\n").is_empty(),
            "only bench sections"
        );
    }
}
