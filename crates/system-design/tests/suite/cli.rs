//! The estimate command (`cargo lab estimate` runs it): flags, number forms, defaults,
//! and errors that name the flag.

use system_design::cli::{FLAGS, parse, run};
use system_design::{Workload, estimate, servers_needed};

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn json(list: &[&str]) -> serde_json::Value {
    let mut list = list.to_vec();
    list.push("--json");
    serde_json::from_str(&run(&args(&list)).unwrap()).unwrap()
}

#[test]
fn whole_numbers_take_separators_and_powers_of_ten() {
    for form in ["100000000", "100_000_000", "100,000,000", "1e8", "1.0e8"] {
        let request = parse(&args(&["--daily-active-users", form])).unwrap();
        assert_eq!(request.workload.daily_active_users, 100_000_000, "{form}");
    }
    for bad in ["1.5", "-1", "abc", "1e30", "18446744073709551616", ""] {
        let err = parse(&args(&["--object-bytes", bad]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--object-bytes takes a whole number"),
            "{bad}: {err}"
        );
    }
    assert_eq!(
        parse(&args(&["--object-bytes", "18446744073709551615"]))
            .unwrap()
            .workload
            .object_bytes,
        u64::MAX
    );
}

#[test]
fn every_flag_sets_its_field_and_the_json_shows_the_estimate() {
    let out = json(&[
        "--daily-active-users",
        "2000",
        "--requests-per-user-per-day",
        "43.2",
        "--read-write-ratio",
        "3",
        "--peak-to-average",
        "2.5",
        "--object-bytes",
        "100",
        "--retention-days",
        "10",
        "--replication",
        "2",
        "--rps-per-server",
        "0.5",
        "--headroom",
        "0.2",
    ]);
    let workload = Workload {
        daily_active_users: 2_000,
        requests_per_user_per_day: 43.2,
        read_write_ratio: 3.0,
        peak_to_average: 2.5,
        object_bytes: 100,
        retention_days: 10,
        replication: 2,
    };
    let e = estimate(&workload).unwrap();
    assert_eq!(out["workload"]["requests_per_user_per_day"], 43.2);
    assert_eq!(out["estimate"]["avg_rps"], e.avg_rps);
    assert_eq!(out["estimate"]["storage_bytes"], e.storage_bytes);
    assert_eq!(
        out["estimate"]["egress_bits_per_sec"],
        e.egress_bytes_per_sec * 8.0
    );
    assert_eq!(
        out["servers"]["servers_needed"],
        servers_needed(e.peak_rps, 0.5, 0.2).unwrap()
    );
    assert_eq!(out["defaults_used"], serde_json::json!([]));
    assert_eq!(FLAGS.len(), 10, "nine inputs and --json");
}

#[test]
fn flags_left_out_are_listed_as_assumptions() {
    let out = json(&["--daily-active-users", "5"]);
    let defaulted = out["defaults_used"].as_array().unwrap();
    assert_eq!(defaulted.len(), 8, "{defaulted:?}");
    assert!(!defaulted.contains(&serde_json::json!("--daily-active-users")));
    let text = run(&args(&[])).unwrap();
    assert!(
        text.contains("not given, so taken from the defaults: --daily-active-users 10000000"),
        "{text}"
    );
}

#[test]
fn the_text_shows_units_and_powers_of_ten() {
    let text = run(&args(&[
        "--daily-active-users",
        "1e8",
        "--requests-per-user-per-day",
        "101",
        "--read-write-ratio",
        "100",
        "--object-bytes",
        "500",
        "--retention-days",
        "1825",
        "--rps-per-server",
        "10000",
    ]))
    .unwrap();
    for expected in [
        "116,898 req/s",
        "1.17 × 10^5",
        "274 TB",
        "2.74 × 10^14 B",
        "57.9 MB/s",
        "463 Mbit/s",
        "1 TB",
        "51",
        "the 80/20 rule",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn mistakes_are_one_line_naming_the_flag() {
    for (list, expected) in [
        (
            &["--daily-active-users", "0"][..],
            "daily_active_users is 0",
        ),
        (&["--read-write-ratio", "-1"][..], "(--read-write-ratio)"),
        (&["--headroom", "1"][..], "(--headroom)"),
        (
            &["--headroom", "NaN"][..],
            "headroom is NaN: give a finite number",
        ),
        (&["--peak-to-average", "inf"][..], "(--peak-to-average)"),
        (&["--rps-per-server", "0"][..], "(--rps-per-server)"),
        (&["--replication", "0"][..], "(--replication)"),
        (&["--replication", "4294967296"][..], "too large"),
        (&["--headroom", "lots"][..], "--headroom takes a number"),
        (&["--headroom"][..], "--headroom needs a value"),
        (&["--users", "5"][..], "unknown flag '--users'"),
        (
            &["--daily-active-users", "18446744073709551615"][..],
            "too large to represent",
        ),
    ] {
        let err = run(&args(list)).unwrap_err().to_string();
        assert!(
            err.contains(expected),
            "{list:?}: expected {expected:?} in {err:?}"
        );
        assert_eq!(err.lines().count(), 1, "{list:?}: {err}");
    }
}

/// Runs the `system-design-estimate` binary (what `cargo lab estimate` runs) as a child
/// process, so a panic anywhere in it shows as a panic message and exit code 101.
fn estimator(list: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_system-design-estimate"))
        .args(list)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the estimator binary runs")
}

#[test]
fn every_numeric_estimate_flag_takes_extreme_values_without_a_panic() {
    let max = u64::MAX.to_string();
    let huge = "99999999999999999999999";
    // (flag, value, exit code): 0 when the estimate exists, 2 when the value or the
    // figures it leads to cannot be (the defaults fill in the other flags).
    let cases: Vec<(&str, &str, i32)> = vec![
        ("--daily-active-users", "1", 0),
        ("--daily-active-users", &max, 2), // storage overflows a u64
        ("--daily-active-users", huge, 2),
        ("--daily-active-users", "-1", 2),
        ("--requests-per-user-per-day", "1e308", 2), // infinite requests a second
        ("--requests-per-user-per-day", "0", 2),
        ("--read-write-ratio", "0", 0),
        ("--read-write-ratio", "1e308", 0),
        ("--read-write-ratio", "-inf", 2),
        ("--peak-to-average", "1", 0),
        ("--peak-to-average", &max, 2), // more servers than a u64 counts
        ("--peak-to-average", "0.5", 2),
        ("--object-bytes", "0", 0),
        ("--object-bytes", &max, 2),
        ("--object-bytes", "1e308", 2),
        ("--retention-days", "0", 0),
        ("--retention-days", &max, 2),
        ("--replication", "4294967295", 2), // u32::MAX copies overflow storage
        ("--replication", &max, 2),
        ("--rps-per-server", &max, 0),
        ("--rps-per-server", "1e-300", 2),
        ("--rps-per-server", "0", 2),
        ("--headroom", "0", 0),
        ("--headroom", "0.999", 0),
        ("--headroom", &max, 2),
    ];
    for (flag, value, expected) in cases {
        let o = estimator(&[flag, value]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{flag} {value} panicked: {err}");
        assert_eq!(o.status.code(), Some(expected), "{flag} {value}: {err}");
        if expected == 2 {
            assert_eq!(
                err.lines().count(),
                1,
                "{flag} {value}: one line, got {err}"
            );
        }
    }
}
