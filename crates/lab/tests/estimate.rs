//! `cargo lab estimate` as a user meets it: the figures with units and powers of ten,
//! the JSON, and one line with exit code 2 for bad input.
//!
//! Unlike `cli.rs`, these tests build a topic: the estimator is the system-design
//! crate's `system-design-estimate` binary, which `lab` builds and runs as a child
//! process (it links no topic). The first test to run pays for that build.

use std::process::Output;

mod common;
use common::{run_lab_scratch, stderr, stdout};

/// Runs `lab estimate <args>` in the workspace with its own scratch `LAB_DIR`.
fn estimate(args: &[&str]) -> Output {
    let mut all = vec!["estimate"];
    all.extend_from_slice(args);
    run_lab_scratch("lab-estimate", &all)
}

/// The URL shortener of the system-design answer, as flags.
const SHORTENER: [&str; 18] = [
    "--daily-active-users",
    "1e8",
    "--requests-per-user-per-day",
    "101",
    "--read-write-ratio",
    "100",
    "--peak-to-average",
    "3",
    "--object-bytes",
    "500",
    "--retention-days",
    "1825",
    "--replication",
    "3",
    "--rps-per-server",
    "10000",
    "--headroom",
    "0.3",
];

#[test]
fn estimate_prints_each_figure_with_its_unit_a_power_of_ten_and_the_assumptions() {
    let o = estimate(&SHORTENER);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for expected in [
        "350,694 req/s",
        "3.51 × 10^5",
        "274 TB",
        "2.74 × 10^14 B",
        "57.9 MB/s",
        "463 Mbit/s",
        "assumptions",
        "80/20",
        "86,400 s",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(
        !out.contains("taken from the defaults"),
        "every flag was given:\n{out}"
    );
}

#[test]
fn estimate_json_is_one_object_with_the_inputs_the_figures_and_the_servers() {
    let mut args = SHORTENER.to_vec();
    args.push("--json");
    let o = estimate(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_str(stdout(&o).trim()).expect("--json prints one JSON object");
    assert_eq!(json["workload"]["daily_active_users"], 100_000_000);
    assert_eq!(json["workload"]["retention_days"], 1_825);
    let storage = json["estimate"]["storage_bytes"].as_u64().unwrap();
    assert_eq!(storage, 273_750_000_000_000, "10^8 × 500 B × 1,825 × 3");
    let avg = json["estimate"]["avg_rps"].as_f64().unwrap();
    assert!((avg - 1.01e10 / 86_400.0).abs() < 1e-6, "{avg}");
    assert_eq!(json["servers"]["servers_needed"], 51);
    assert!(json["assumptions"].as_array().unwrap().len() >= 5);
}

#[test]
fn estimate_without_flags_uses_the_defaults_and_says_so() {
    let o = estimate(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("not given, so taken from the defaults: --daily-active-users"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn bad_estimate_input_gets_one_line_naming_the_flag_and_exit_2() {
    // lab passes the flags on unchanged: one refused workload, one value that is not a
    // number and one unknown flag show that the estimator's one-line errors and exit
    // code 2 reach the user. The estimator's own tests (crates/system-design, `cli.rs`)
    // go through every flag and its extreme values.
    for (args, expected) in [
        (&["--daily-active-users", "0"][..], "--daily-active-users"),
        (&["--headroom", "NaN"][..], "headroom is NaN"),
        (
            &["--object-bytes", "lots"][..],
            "--object-bytes takes a whole number",
        ),
        (&["--users", "5"][..], "--users"),
    ] {
        let o = estimate(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err}");
        assert!(
            err.contains(expected),
            "{args:?}: expected {expected:?} in {err:?}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
