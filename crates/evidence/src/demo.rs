//! Running demos: the binary every demo is, and the tests every demo has.
//!
//! A topic's demo is its crate's binary (`src/main.rs`, one line: [`demo_main!`](crate::demo_main)). It
//! reads `--seed N --size N`, runs the demo and prints the [`Report`] as one line of
//! JSON; `lab` runs it as a child process and renders the report, so a topic that fails
//! to build never stops `lab`. Its tests are one line too ([`demo_tests!`](crate::demo_tests)): every
//! counted claim holds at the manifest's small size for several seeds, and reads the
//! same on every run with the same seed.
//!
//! ```text
//! // crates/lru-cache/src/main.rs
//! evidence::demo_main!(lru_cache::demo::run);
//!
//! // crates/lru-cache/tests/demo.rs
//! evidence::demo_tests!(lru_cache::demo::run);
//! ```

use std::cell::Cell;
use std::io::Write;
use std::process::ExitCode;

use crate::manifest::{DemoSpec, Manifest};
use crate::{DemoConfig, Report};

/// The seeds the demo tests run: two small ones and the default.
pub const TEST_SEEDS: [u64; 3] = [1, 2, DemoConfig::DEFAULT_SEED];

/// The `main` of a demo binary: parses `--seed N` and `--size N` (both optional), checks
/// the size against the manifest, runs `run` and prints the report as one line of JSON
/// on standard output.
///
/// Exit codes: 0 when a report was printed (whether its claims hold is in the report),
/// 2 for bad arguments, with one line on standard error.
///
/// `manifest` is the text of the topic's `topic.toml` (see [`demo_main!`](crate::demo_main), which
/// includes it at compile time, so the binary needs no files at run time).
///
/// # Panics
///
/// If `manifest` is not a valid manifest with a `[demo]` table: a bug in the topic,
/// caught by its tests.
pub fn main(manifest: &str, run: impl FnOnce(&DemoConfig) -> Report) -> ExitCode {
    let spec = spec(manifest);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args, &spec) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let report = run(&config);
    let json = serde_json::to_string(&report).expect("a report is plain data");
    let mut out = std::io::stdout().lock();
    // A closed pipe (`... | head`) is not worth a panic.
    let _ = writeln!(out, "{json}");
    ExitCode::SUCCESS
}

/// Reads `--seed N` and `--size N`; the size defaults to the manifest's and must lie
/// within its minimum and maximum.
fn parse_args(args: &[String], spec: &DemoSpec) -> Result<DemoConfig, String> {
    let mut config = DemoConfig {
        seed: DemoConfig::DEFAULT_SEED,
        size: spec.default_size as usize,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = |name: &str, value: Option<&String>| -> Result<u64, String> {
            let text = value.ok_or_else(|| format!("{name} needs a number"))?;
            text.parse::<u64>()
                .map_err(|_| format!("{name} takes a whole number from 0 up, not '{text}'"))
        };
        match flag.as_str() {
            "--seed" => config.seed = value("--seed", rest.next())?,
            "--size" => {
                let size = value("--size", rest.next())?;
                if !(spec.min_size..=spec.max_size).contains(&size) {
                    return Err(format!(
                        "--size {size} is outside {}..={} ({})",
                        spec.min_size, spec.max_size, spec.size_means
                    ));
                }
                config.size = size as usize;
            }
            other => {
                return Err(format!(
                    "unknown argument '{other}'; use --seed N and --size N"
                ));
            }
        }
    }
    Ok(config)
}

/// The `[demo]` table of a manifest's text.
///
/// # Panics
///
/// If the text is not a manifest with a demo.
pub fn spec(manifest: &str) -> DemoSpec {
    match Manifest::parse(manifest) {
        Ok(Manifest {
            demo: Some(demo), ..
        }) => demo,
        Ok(m) => panic!("the manifest of {} declares no [demo]", m.id),
        Err(e) => panic!("the topic's manifest is invalid: {e}"),
    }
}

thread_local! {
    static COUNTED_ONLY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with timed claims switched off on this thread: each
/// [`Claim::timed`](crate::Claim::timed) made inside returns at once, "not measured",
/// without calling its measurement. For tests,
/// which assert counted claims only: a demo's timings (lock-ordering builds and runs a
/// child process for one) cost seconds that tell a test nothing. `cargo lab verify` and
/// the demo itself always measure them.
///
/// ```
/// let claim = evidence::demo::counted_only(|| {
///     evidence::Claim::timed("never measured", || unreachable!("not called"))
/// });
/// assert_eq!((claim.attempts, claim.timed), (0, true));
/// ```
pub fn counted_only<T>(f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            COUNTED_ONLY.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(COUNTED_ONLY.with(|c| c.replace(true)));
    f()
}

/// Whether timed claims are switched off on this thread (inside [`counted_only`]).
///
/// For a demo that shows a timing without claiming it (a table of nanoseconds beside
/// counted claims): when this is true the demo is running under a test, which takes no
/// timings, so it skips the measurement too.
///
/// ```
/// assert!(!evidence::demo::timings_skipped());
/// assert!(evidence::demo::counted_only(evidence::demo::timings_skipped));
/// ```
pub fn timings_skipped() -> bool {
    COUNTED_ONLY.with(Cell::get)
}

/// For a topic's tests: runs the demo at the manifest's small size for each of
/// [`TEST_SEEDS`] and panics unless it makes claims, at least one of them counted, and
/// every counted claim holds. Timed claims are not asserted: a test must not fail
/// because the machine is busy (the demo itself re-measures them), and they are not
/// taken ([`counted_only`]): `cargo lab verify` runs every demo with its timings.
///
/// # Panics
///
/// When a check fails: the message lists each failed claim with its measurement.
pub fn assert_counted_claims_hold(manifest: &str, run: impl Fn(&DemoConfig) -> Report) {
    let small = spec(manifest).small_size as usize;
    for seed in TEST_SEEDS {
        let config = DemoConfig { seed, size: small };
        let report = counted_only(|| run(&config));
        let context = format!("the {} demo, seed {seed}, size {small}", report.topic);
        assert!(!report.claims.is_empty(), "{context} makes no claims");
        assert!(
            report.counted_claims().next().is_some(),
            "{context} makes no counted claim: claim on counted work first, time beside it"
        );
        let failed: Vec<String> = report
            .counted_claims()
            .filter(|c| !c.holds)
            .map(|c| format!("- {}\n  measured: {}", c.statement, c.measured))
            .collect();
        assert!(
            failed.is_empty(),
            "{context}: counted claims that fail:\n{}",
            failed.join("\n")
        );
    }
}

/// For a topic's tests: two runs with the same seed make the same counted claims with
/// the same measurements, word for word (so no time or other noise crept into them).
///
/// # Panics
///
/// When the two runs differ, naming the claim.
pub fn assert_counted_claims_repeat(manifest: &str, run: impl Fn(&DemoConfig) -> Report) {
    let config = DemoConfig {
        seed: 9,
        size: spec(manifest).small_size as usize,
    };
    let first = counted_only(|| run(&config));
    let second = counted_only(|| run(&config));
    let a: Vec<_> = first.counted_claims().collect();
    let b: Vec<_> = second.counted_claims().collect();
    assert_eq!(
        a.len(),
        b.len(),
        "two runs with seed 9 made different numbers of counted claims"
    );
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            x, y,
            "a counted claim changed between two runs with seed 9: counted claims must \
             not contain times"
        );
    }
}

/// The `main` of a topic's demo binary, `src/main.rs`: reads the crate's `topic.toml`
/// at compile time and hands `$run` (a `fn(&DemoConfig) -> Report`) to [`main`].
#[macro_export]
macro_rules! demo_main {
    ($run:expr) => {
        fn main() -> ::std::process::ExitCode {
            $crate::demo::main(
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/topic.toml")),
                $run,
            )
        }
    };
}

/// A topic's demo tests, `tests/demo.rs`: [`assert_counted_claims_hold`] and
/// [`assert_counted_claims_repeat`] on `$run`, sized by the crate's `topic.toml`.
#[macro_export]
macro_rules! demo_tests {
    ($run:expr) => {
        const MANIFEST: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/topic.toml"));

        #[test]
        fn every_counted_claim_holds_for_several_seeds() {
            $crate::demo::assert_counted_claims_hold(MANIFEST, $run);
        }

        #[test]
        fn counted_claims_repeat_under_a_seed() {
            $crate::demo::assert_counted_claims_repeat(MANIFEST, $run);
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Claim;

    const MANIFEST: &str = r#"
id = "t"
title = "t"
kind = "code"
questions = [1]
[demo]
size-means = "items"
default-size = 1000
small-size = 100
min-size = 10
max-size = 100000
"#;

    fn args(list: &[&str]) -> Result<DemoConfig, String> {
        let owned: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        parse_args(&owned, &spec(MANIFEST))
    }

    #[test]
    fn arguments_default_to_the_manifest() {
        assert_eq!(
            args(&[]),
            Ok(DemoConfig {
                seed: DemoConfig::DEFAULT_SEED,
                size: 1000
            })
        );
        assert_eq!(
            args(&["--size", "10", "--seed", "7"]),
            Ok(DemoConfig { seed: 7, size: 10 })
        );
    }

    #[test]
    fn bad_arguments_are_one_line_errors() {
        assert_eq!(
            args(&["--size", "9"]),
            Err("--size 9 is outside 10..=100000 (items)".to_string())
        );
        assert_eq!(
            args(&["--size", "100001"]),
            Err("--size 100001 is outside 10..=100000 (items)".to_string())
        );
        assert_eq!(
            args(&["--seed", "-1"]),
            Err("--seed takes a whole number from 0 up, not '-1'".to_string())
        );
        assert_eq!(args(&["--size"]), Err("--size needs a number".to_string()));
        assert!(
            args(&["--colour"])
                .unwrap_err()
                .starts_with("unknown argument")
        );
    }

    fn report(seed: u64, counted_holds: bool) -> Report {
        let mut report = Report::new("t", "t");
        report
            .claims
            .push(Claim::new("counted", format!("seed {seed}"), counted_holds));
        report
            .claims
            .push(Claim::timed("timed", || ("slow".into(), false)));
        report
    }

    #[test]
    fn failing_timings_do_not_fail_the_tests() {
        assert_counted_claims_hold(MANIFEST, |c| report(c.seed, true));
        assert_counted_claims_repeat(MANIFEST, |c| report(c.seed, true));
    }

    #[test]
    #[should_panic(expected = "counted claims that fail:\n- counted\n  measured: seed 1")]
    fn a_failing_counted_claim_fails_the_tests() {
        assert_counted_claims_hold(MANIFEST, |c| report(c.seed, false));
    }

    #[test]
    #[should_panic(expected = "makes no counted claim")]
    fn a_demo_with_only_timings_fails_the_tests() {
        assert_counted_claims_hold(MANIFEST, |_| {
            let mut r = Report::new("t", "t");
            r.claims
                .push(Claim::timed("timed", || ("1 ns".into(), true)));
            r
        });
    }

    #[test]
    #[should_panic(expected = "a counted claim changed between two runs")]
    fn a_counted_claim_with_noise_fails_the_tests() {
        let runs = std::cell::Cell::new(0);
        assert_counted_claims_repeat(MANIFEST, |c| {
            runs.set(runs.get() + 1);
            report(c.seed + runs.get(), true)
        });
    }
}
