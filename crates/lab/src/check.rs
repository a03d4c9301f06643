//! Runs an exercise's tests as child processes and reads their results.
//!
//! `lab` never links exercise code (a learner's half-written file must not stop `lab`
//! from building), so it drives `cargo` instead, in two steps:
//!
//! 1. `cargo test --no-run --message-format=json-diagnostic-rendered-ansi` compiles the
//!    tests and reports each error and warning as rustc renders it (spans, notes, help,
//!    in colour), and the test executables' paths;
//! 2. each executable runs directly (no second cargo start-up), under a timeout, and its
//!    plain libtest output is parsed into one result per case.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::LabError;
use crate::catalogue::Topic;

/// The outcome of one conformance case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The case passed.
    Passed,
    /// The case failed; where it panicked and what it said.
    Failed {
        /// `path:line:col` of the most useful panic: in the learner's code if any.
        location: Option<String>,
        /// The panic message.
        message: String,
    },
    /// The case never finished: the run timed out or crashed first.
    Unfinished,
}

/// One case and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The test's name, e.g. `evicts_the_least_recently_used`.
    pub name: String,
    /// What happened.
    pub outcome: Outcome,
}

/// Everything one check found.
#[derive(Debug, Default)]
pub struct Run {
    /// Compile errors as rustc renders them (with spans; ANSI colours included); empty
    /// if it built.
    pub compile_errors: Vec<String>,
    /// Warnings in the learner's crate, rendered likewise.
    pub warnings: Vec<String>,
    /// The cases in teaching order (empty when it did not compile).
    pub cases: Vec<Case>,
    /// Why the test process stopped early, if it did (timeout, crash).
    pub interrupted: Option<String>,
}

impl Run {
    /// How many cases passed.
    pub fn passed(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.outcome == Outcome::Passed)
            .count()
    }

    /// True when it compiled, ran to the end, and every case passed.
    pub fn all_pass(&self) -> bool {
        self.compile_errors.is_empty()
            && self.interrupted.is_none()
            && !self.cases.is_empty()
            && self.passed() == self.cases.len()
    }
}

/// The cargo that runs `lab` (cargo sets `CARGO` for the programs it runs), else the
/// one on the `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Compiles and runs `topic`'s exercise tests; each test process may run for `timeout`.
///
/// # Errors
///
/// Cargo cannot be started, or fails without telling why in its diagnostics (a broken
/// manifest, say); the error carries cargo's own last lines.
pub fn run(root: &Path, topic: &Topic, timeout: Duration) -> Result<Run, LabError> {
    let package = topic.exercise_package();
    let exercise_dir = topic.exercise_dir();
    let teaching_order: &[String] = topic.exercise.as_ref().map_or(&[], |e| &e.cases);
    let output = cargo()
        .current_dir(root)
        .args(["test", "--package", &package, "--no-run"])
        .arg("--message-format=json-diagnostic-rendered-ansi")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LabError::io("cannot start cargo (is the Rust toolchain installed?)", e))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let build = parse_build(&stdout, &package);
    if !build.errors.is_empty() {
        return Ok(Run {
            compile_errors: build.errors,
            warnings: build.warnings,
            ..Run::default()
        });
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
        return Err(LabError::usage(format!(
            "cargo could not build {package}: {}",
            tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
        )));
    }

    let mut run = Run {
        warnings: build.warnings,
        ..Run::default()
    };
    let mut cases = Vec::new();
    for executable in build.executables {
        let names = list_tests(&executable, root)?;
        let (text, interrupted) = run_tests(&executable, root, timeout, &[])?;
        let results = parse_results(&text, &exercise_dir);
        let first = cases.len();
        for name in names {
            let outcome = results
                .iter()
                .find(|c| c.name == name)
                .map_or(Outcome::Unfinished, |c| c.outcome.clone());
            cases.push(Case { name, outcome });
        }
        if let Some(why) = interrupted {
            // One case hung or crashed the process and took the unfinished ones with it.
            // Re-run those one at a time, so each gets its own verdict and the culprit
            // is named.
            // They run in parallel, each under the timeout, so many hung cases still cost
            // one timeout in all.
            let reruns: Vec<_> = std::thread::scope(|scope| {
                let handles: Vec<_> = cases[first..]
                    .iter()
                    .filter(|c| c.outcome == Outcome::Unfinished)
                    .map(|c| {
                        let name = c.name.clone();
                        let executable = &executable;
                        scope.spawn(move || {
                            let alone = ["--exact", name.as_str()];
                            (name.clone(), run_tests(executable, root, timeout, &alone))
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a re-run thread does not panic"))
                    .collect()
            });
            let mut culprits = Vec::new();
            for (name, result) in reruns {
                let (text, interrupted) = result?;
                let case = cases
                    .iter_mut()
                    .find(|c| c.name == name)
                    .expect("re-runs are of listed cases");
                case.outcome = match interrupted {
                    Some(why) => {
                        culprits.push(name);
                        Outcome::Failed {
                            location: None,
                            message: why,
                        }
                    }
                    None => parse_results(&text, &exercise_dir)
                        .into_iter()
                        .find(|c| c.name == case.name)
                        .map_or(Outcome::Unfinished, |c| c.outcome),
                };
            }
            run.interrupted = Some(if culprits.is_empty() {
                why
            } else {
                let named = match culprits.len() {
                    n if n > 3 => format!("{} and {} more", culprits[..3].join(", "), n - 3),
                    _ => culprits.join(", "),
                };
                format!(
                    "{named} stopped the whole test run (a crash or a hang); the cases it \
                     took down were re-run one at a time"
                )
            });
        }
    }
    // Teaching order first, anything else after, alphabetically.
    let rank = |name: &str| {
        teaching_order
            .iter()
            .position(|c| c == name)
            .unwrap_or(usize::MAX)
    };
    cases.sort_by(|a, b| rank(&a.name).cmp(&rank(&b.name)).then(a.name.cmp(&b.name)));
    run.cases = cases;
    Ok(run)
}

/// What `cargo test --no-run` reported.
#[derive(Debug, Default, PartialEq)]
struct Build {
    errors: Vec<String>,
    warnings: Vec<String>,
    executables: Vec<PathBuf>,
}

/// Reads cargo's JSON messages: the errors, the warnings in `package` (the learner's
/// crate; a dependency's are not theirs to fix), and the test executables.
fn parse_build(stdout: &str, package: &str) -> Build {
    let mut build = Build::default();
    for line in stdout.lines().filter(|l| l.starts_with('{')) {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-message") => {
                let diagnostic = &message["message"];
                let learners = message["package_id"].as_str().is_some_and(|id| {
                    id.contains(&format!("#{package}@")) || id.contains(&format!("/{package}#"))
                });
                let list = match diagnostic["level"].as_str() {
                    Some("error") => &mut build.errors,
                    Some("warning") if learners => &mut build.warnings,
                    _ => continue,
                };
                // The same diagnostic is reported once per target that compiles the
                // file (the library, and again for its unit tests): keep one. rustc's
                // closing summary ("1 warning emitted") is not a diagnostic of its own.
                if let Some(rendered) = diagnostic["rendered"].as_str() {
                    let rendered = rendered.trim_end().to_string();
                    let summary = diagnostic["spans"].as_array().is_some_and(Vec::is_empty)
                        && diagnostic["code"].is_null()
                        && strip_ansi(&rendered).contains(" emitted");
                    if !summary && !list.contains(&rendered) {
                        list.push(rendered);
                    }
                }
            }
            Some("compiler-artifact") if message["profile"]["test"] == true => {
                if let Some(path) = message["executable"].as_str() {
                    build.executables.push(PathBuf::from(path));
                }
            }
            _ => {}
        }
    }
    build
}

/// `text` without ANSI escape sequences (colours), for pipes and for matching.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            // Parameters and intermediates, up to the final byte (a letter).
            for next in chars.by_ref() {
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The test names an executable holds, from `--list`.
fn list_tests(executable: &Path, root: &Path) -> Result<Vec<String>, LabError> {
    let output = Command::new(executable)
        .args(["--list", "--format", "terse"])
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LabError::io(format!("cannot run {}", executable.display()), e))?;
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_string)
        .collect())
}

/// Runs the tests, killing the process after `timeout`; returns what it printed and,
/// if it did not finish normally, why.
fn run_tests(
    executable: &Path,
    root: &Path,
    timeout: Duration,
    filter: &[&str],
) -> Result<(String, Option<String>), LabError> {
    let mut child = Command::new(executable)
        .args(["--color", "never"])
        .args(filter)
        .current_dir(root)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| LabError::io(format!("cannot run {}", executable.display()), e))?;
    // Read on another thread so a chatty test cannot fill the pipe and stall.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        let _ = sender.send(bytes);
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(LabError::io("cannot wait for the tests", e)),
        }
    };
    let text = String::from_utf8_lossy(&receiver.recv().unwrap_or_default()).into_owned();
    let interrupted = match status {
        None => Some(format!(
            "stopped after {} s: it never finished (an endless loop, or a wait that never ends)",
            timeout.as_secs()
        )),
        // libtest exits with 101 when cases fail; anything else (a signal, an abort from
        // a stack overflow) means the process died mid-run.
        Some(status) if !status.success() && status.code() != Some(101) => Some(format!(
            "the test process crashed ({status}); the usual cause is a stack overflow from \
             deep recursion"
        )),
        Some(_) => None,
    };
    Ok((text, interrupted))
}

/// Parses libtest's plain output into the cases it reported.
///
/// `exercise_dir` picks the most useful panic location: one in the learner's code.
fn parse_results(text: &str, exercise_dir: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, status)) = rest.rsplit_once(" ... ") else {
            continue;
        };
        let outcome = match status.trim() {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed {
                location: None,
                message: String::new(),
            },
            _ => continue,
        };
        cases.push(Case {
            name: name.to_string(),
            outcome,
        });
    }
    // The failure details: "---- name stdout ----" blocks after the results.
    let mut blocks: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            blocks.push((name, Vec::new()));
        } else if line == "failures:" || line.starts_with("test result:") {
            blocks.push(("", Vec::new()));
        } else if let Some((_, lines)) = blocks.last_mut() {
            lines.push(line);
        }
    }
    for (name, lines) in blocks {
        if let Some(case) = cases.iter_mut().find(|c| c.name == name) {
            let (location, message) = panic_details(&lines, exercise_dir);
            case.outcome = Outcome::Failed { location, message };
        }
    }
    cases
}

/// The last panic's message, and the location of the first panic in the learner's code
/// (else the last panic's location).
fn panic_details(lines: &[&str], exercise_dir: &str) -> (Option<String>, String) {
    let mut panics: Vec<(String, Vec<&str>)> = Vec::new();
    for line in lines {
        if let Some((_, at)) = line.split_once(" panicked at ") {
            panics.push((at.trim_end_matches(':').to_string(), Vec::new()));
        } else if line.starts_with("note: run with `RUST_BACKTRACE")
            || line.starts_with("stack backtrace:")
        {
            panics.push((String::new(), Vec::new()));
        } else if let Some((_, message)) = panics.last_mut() {
            message.push(line);
        }
    }
    panics.retain(|(at, _)| !at.is_empty());
    let Some((last_at, last_message)) = panics.last() else {
        return (None, lines.join("\n").trim().to_string());
    };
    let location = panics
        .iter()
        .map(|(at, _)| at)
        .find(|at| at.starts_with(exercise_dir))
        .unwrap_or(last_at);
    (
        Some(location.clone()),
        last_message.join("\n").trim().to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIBTEST_OUTPUT: &str = "\
running 3 tests
test starts_empty ... ok
test evicts_the_least_recently_used ... FAILED
test agrees_with_a_naive_model ... FAILED

failures:

---- evicts_the_least_recently_used stdout ----

thread 'evicts_the_least_recently_used' (123) panicked at exercises/lru-cache/src/lib.rs:88:9:
not yet implemented: evict the tail
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- agrees_with_a_naive_model stdout ----

thread 'agrees_with_a_naive_model' (124) panicked at exercises/lru-cache/src/lib.rs:60:9:
not yet implemented: get
thread 'agrees_with_a_naive_model' (124) panicked at crates/lru-cache/src/conformance.rs:300:27:
capacity 1, step 0: Get(0): got None
shortest failing case: capacity 1, operations [Get(0)]


failures:
    agrees_with_a_naive_model
    evicts_the_least_recently_used

test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
";

    #[test]
    fn results_and_failure_messages_are_read_from_libtest_output() {
        let cases = parse_results(LIBTEST_OUTPUT, "exercises/lru-cache");
        assert_eq!(cases.len(), 3);
        assert_eq!(cases[0].outcome, Outcome::Passed);
        assert_eq!(
            cases[1].outcome,
            Outcome::Failed {
                location: Some("exercises/lru-cache/src/lib.rs:88:9".into()),
                message: "not yet implemented: evict the tail".into(),
            }
        );
    }

    #[test]
    fn a_property_failure_points_at_the_learners_code_but_keeps_the_verdict() {
        let cases = parse_results(LIBTEST_OUTPUT, "exercises/lru-cache");
        let Outcome::Failed { location, message } = &cases[2].outcome else {
            panic!("expected a failure, got {:?}", cases[2].outcome);
        };
        assert_eq!(
            location.as_deref(),
            Some("exercises/lru-cache/src/lib.rs:60:9")
        );
        assert!(message.starts_with("capacity 1, step 0"), "{message}");
        assert!(message.contains("shortest failing case"), "{message}");
    }

    #[test]
    fn errors_warnings_and_test_executables_are_read_from_cargo_json() {
        let stdout = r#"{"reason":"compiler-message","package_id":"path+file:///w/exercises/lru-cache#lru-cache-exercise@0.1.0","message":{"level":"error","code":{"code":"E0425"},"spans":[{}],"rendered":"error[E0425]: cannot find value `x`\n --> exercises/lru-cache/src/lib.rs:3:5\n  |\n3 |     x\n  |     ^ not found\n"}}
{"reason":"compiler-message","package_id":"path+file:///w/exercises/lru-cache#lru-cache-exercise@0.1.0","message":{"level":"warning","code":{"code":"unused_variables"},"spans":[{}],"rendered":"\u001b[33mwarning\u001b[0m: unused variable: `key`\n"}}
{"reason":"compiler-message","package_id":"path+file:///w/exercises/lru-cache#lru-cache-exercise@0.1.0","message":{"level":"warning","code":null,"spans":[],"rendered":"warning: 1 warning emitted\n"}}
{"reason":"compiler-message","package_id":"registry+https://github.com/rust-lang/crates.io-index#dep@1.0.0","message":{"level":"warning","code":null,"spans":[{}],"rendered":"warning: a dependency's\n"}}
{"reason":"compiler-artifact","profile":{"test":true},"executable":"/t/deps/conformance-abc"}
{"reason":"compiler-artifact","profile":{"test":false},"executable":null}
not json
{"reason":"build-finished","success":false}"#;
        let build = parse_build(stdout, "lru-cache-exercise");
        assert_eq!(build.errors.len(), 1);
        assert!(
            build.errors[0].contains("--> exercises/lru-cache/src/lib.rs:3:5")
                && build.errors[0].contains("^ not found"),
            "the error keeps its spans: {:?}",
            build.errors
        );
        assert_eq!(
            build.warnings,
            ["\u{1b}[33mwarning\u{1b}[0m: unused variable: `key`"],
            "the learner's warnings only, without rustc's summary line"
        );
        assert_eq!(
            build.executables,
            [PathBuf::from("/t/deps/conformance-abc")]
        );
    }

    #[test]
    fn ansi_colours_are_stripped() {
        assert_eq!(strip_ansi("\x1b[1m\x1b[31merror\x1b[0m: bad"), "error: bad");
        assert_eq!(strip_ansi("plain"), "plain");
    }

    #[test]
    fn a_run_with_an_unfinished_case_is_not_a_pass() {
        let run = Run {
            compile_errors: Vec::new(),
            warnings: Vec::new(),
            cases: vec![
                Case {
                    name: "a".into(),
                    outcome: Outcome::Passed,
                },
                Case {
                    name: "b".into(),
                    outcome: Outcome::Unfinished,
                },
            ],
            interrupted: Some("timeout".into()),
        };
        assert_eq!(run.passed(), 1);
        assert!(!run.all_pass());
    }
}
