//! The reference's own behaviour beyond the contract: float noise in the server count,
//! the error messages word for word, and a property the oracle does not state.

use proptest::prelude::*;

use system_design::{EstimateError, Workload, estimate, servers_needed};

const BASE: Workload = Workload {
    daily_active_users: 1_000_000,
    requests_per_user_per_day: 20.0,
    read_write_ratio: 9.0,
    peak_to_average: 2.0,
    object_bytes: 2_000,
    retention_days: 30,
    replication: 2,
};

#[test]
fn a_quotient_a_hair_above_a_whole_number_is_that_number() {
    // 3 × (1 − 0.3) is 2.0999999999999996 in floats, so 2.1 / it is 1.0000000000000002.
    let (peak, capacity, headroom) = std::hint::black_box((2.1, 3.0, 0.3));
    assert!(
        peak / (capacity * (1.0 - headroom)) > 1.0,
        "the float noise this test is about"
    );
    assert_eq!(servers_needed(2.1, 3.0, 0.3), Ok(1));
    // A real excess, however small in requests, is one more server.
    assert_eq!(servers_needed(7_000.000_1, 10_000.0, 0.3), Ok(2));
}

#[test]
fn errors_name_the_input_its_value_and_what_is_allowed() {
    let cases: [(Workload, &str); 4] = [
        (
            Workload {
                daily_active_users: 0,
                ..BASE
            },
            "daily_active_users is 0: a workload needs at least one user to size",
        ),
        (
            Workload {
                read_write_ratio: -1.0,
                ..BASE
            },
            "read_write_ratio is -1: it must be at least 0",
        ),
        (
            Workload {
                peak_to_average: f64::INFINITY,
                ..BASE
            },
            "peak_to_average is inf: give a finite number",
        ),
        (
            Workload {
                replication: 0,
                ..BASE
            },
            "replication is 0: it must be at least 1",
        ),
    ];
    for (workload, message) in cases {
        assert_eq!(estimate(&workload).unwrap_err().to_string(), message);
    }
    assert_eq!(
        servers_needed(10.0, 1.0, 1.0).unwrap_err().to_string(),
        "headroom is 1: it must be in [0, 1): the fraction of each server kept free"
    );
    let too_large = estimate(&Workload {
        daily_active_users: u64::MAX,
        object_bytes: u64::MAX,
        ..BASE
    })
    .unwrap_err();
    assert!(
        matches!(
            too_large,
            EstimateError::TooLarge {
                output: "storage_bytes",
                ..
            }
        ),
        "{too_large:?}"
    );
}

#[test]
fn zero_sized_objects_and_no_retention_are_valid() {
    let e = estimate(&Workload {
        object_bytes: 0,
        retention_days: 0,
        ..BASE
    })
    .unwrap();
    assert_eq!((e.storage_bytes, e.hot_cache_bytes), (0, 0));
    assert_eq!(e.egress_bytes_per_sec, 0.0);
    assert!(e.avg_rps > 0.0, "the requests still count: {e:?}");
}

proptest! {
    /// More users never means less of anything: every figure is monotone in users.
    #[test]
    fn more_users_never_estimate_less(users in 1u64..1_000_000_000, extra in 0u64..1_000_000_000) {
        let small = estimate(&Workload { daily_active_users: users, ..BASE }).unwrap();
        let large = estimate(&Workload { daily_active_users: users + extra, ..BASE }).unwrap();
        prop_assert!(large.avg_rps >= small.avg_rps);
        prop_assert!(large.peak_rps >= small.peak_rps);
        prop_assert!(large.storage_bytes >= small.storage_bytes);
        prop_assert!(large.hot_cache_bytes >= small.hot_cache_bytes);
        prop_assert!(large.egress_bytes_per_sec >= small.egress_bytes_per_sec);
    }

    /// The server count is the least that carries the peak: one fewer would not.
    #[test]
    fn servers_are_the_fewest_that_carry_the_peak(
        peak in 1.0..1e7f64,
        capacity in 1.0..1e5f64,
        headroom in 0.0..0.9f64,
    ) {
        let n = servers_needed(peak, capacity, headroom).unwrap() as f64;
        let usable = capacity * (1.0 - headroom);
        prop_assert!(n * usable >= peak * (1.0 - 1e-12), "{n} servers carry {}", n * usable);
        prop_assert!((n - 1.0) * usable < peak, "{} servers would do", n - 1.0);
    }
}

#[test]
fn a_huge_ratio_means_all_reads_not_an_overflow() {
    let e = estimate(&Workload {
        read_write_ratio: 1e308,
        ..BASE
    })
    .unwrap();
    assert_eq!(e.read_rps, e.avg_rps);
    assert!(e.write_rps > 0.0 && e.write_rps < 1e-300, "{e:?}");
}
