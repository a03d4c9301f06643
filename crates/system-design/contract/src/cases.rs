//! The estimator's contract as named, generic test cases, in teaching order: the round
//! numbers of the answer first, then each figure with the unit trap it hides, the worked
//! URL shortener, servers, invalid input, and three property tests.
//!
//! Each case is a function generic over the [`Estimator`], so the reference and the
//! learner's exercise run exactly the same checks;
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. Messages say what was expected and why, with the numbers.

use proptest::prelude::*;

use testkit::property::{TestCaseError, check};

use crate::{DayByDay, Estimate, EstimateError, Estimator, Workload};

/// The relative error a figure may have against its expected value: floats carry about
/// 16 digits, and the estimates are a handful of operations, so a correct solution is
/// far inside it and a wrong formula far outside.
pub const TOLERANCE: f64 = 1e-9;

/// The workload the first cases vary: 10 million daily users making 10 requests each,
/// 4 reads per write, a peak 3 times the average, 1 KB objects kept a year, 3 replicas.
pub const TEN_MILLION_USERS: Workload = Workload {
    daily_active_users: 10_000_000,
    requests_per_user_per_day: 10.0,
    read_write_ratio: 4.0,
    peak_to_average: 3.0,
    object_bytes: 1_000,
    retention_days: 365,
    replication: 3,
};

/// The answer's worked example: 10 million users × 10 requests a day is 10^8 requests
/// spread over 86,400 seconds, 1,157.4 a second: "about 1,160", not 1,000 (÷ 10^5 is a
/// 14% underestimate) and not 100,000,000 (a day is not a second).
pub fn ten_million_users_making_ten_requests_is_about_1160_per_second<E: Estimator>() {
    let estimate = ok::<E>(&TEN_MILLION_USERS);
    close(
        estimate.avg_rps,
        100_000_000.0 / 86_400.0,
        "avg_rps for 10,000,000 users × 10 requests a day (10^8 requests / 86,400 s)",
    );
}

/// Peak = average × peak_to_average: a factor of 3 makes 3,472 requests a second out of
/// 1,157, and a factor of 1 (perfectly flat traffic) leaves the average.
pub fn peak_is_the_average_times_the_peak_factor<E: Estimator>() {
    let average = 100_000_000.0 / 86_400.0;
    let estimate = ok::<E>(&TEN_MILLION_USERS);
    close(
        estimate.peak_rps,
        3.0 * average,
        "peak_rps with peak_to_average 3 (3 × the 1,157.4 average)",
    );
    let flat = ok::<E>(&Workload {
        peak_to_average: 1.0,
        ..TEN_MILLION_USERS
    });
    close(
        flat.peak_rps,
        average,
        "peak_rps with peak_to_average 1 (flat traffic: the peak is the average)",
    );
}

/// `read_write_ratio` is reads per write: 4 means 4 of every 5 requests read, so reads
/// are avg × 4/5 and writes avg × 1/5 (not avg × 4 and avg). A ratio of 0 is a system
/// that only writes (a log), 1 an even split.
pub fn the_ratio_splits_reads_from_writes<E: Estimator>() {
    let average = 100_000_000.0 / 86_400.0;
    for (ratio, reads, why) in [
        (4.0, 0.8, "4 reads per write: 4 of every 5 requests read"),
        (0.0, 0.0, "0 reads per write: every request writes"),
        (1.0, 0.5, "1 read per write: half the requests read"),
        (
            99.0,
            0.99,
            "99 reads per write: 99 of every 100 requests read",
        ),
    ] {
        let estimate = ok::<E>(&Workload {
            read_write_ratio: ratio,
            ..TEN_MILLION_USERS
        });
        close(
            estimate.read_rps,
            average * reads,
            &format!("read_rps with read_write_ratio {ratio} ({why})"),
        );
        close(
            estimate.write_rps,
            average * (1.0 - reads),
            &format!("write_rps with read_write_ratio {ratio} ({why})"),
        );
    }
}

/// Storage = writes per second × 86,400 seconds a day × bytes × days kept × replicas.
/// 10^8 requests a day at 4 reads per write is 2 × 10^7 writes a day; 1 KB each for 365
/// days is 7.3 TB, times 3 replicas 21.9 TB. Forget the 86,400 and the answer is 10^5
/// times too small; forget the replicas and it is a third.
pub fn storage_counts_seconds_in_a_day_bytes_days_and_replicas<E: Estimator>() {
    let estimate = ok::<E>(&TEN_MILLION_USERS);
    close(
        estimate.storage_bytes as f64,
        2e7 * 1_000.0 * 365.0 * 3.0,
        "storage_bytes for 2 × 10^7 writes a day × 1,000 B × 365 days × 3 replicas \
         (write_rps × 86,400 s turns a rate back into a day)",
    );
    let once = ok::<E>(&Workload {
        replication: 1,
        retention_days: 1,
        ..TEN_MILLION_USERS
    });
    close(
        once.storage_bytes as f64,
        2e7 * 1_000.0,
        "storage_bytes for one day kept once: 2 × 10^7 writes × 1,000 B",
    );
    let none = ok::<E>(&Workload {
        retention_days: 0,
        ..TEN_MILLION_USERS
    });
    assert_eq!(
        none.storage_bytes, 0,
        "storage_bytes with retention_days 0 must be 0: nothing is kept"
    );
}

/// Egress = reads per second × bytes per read, in **bytes** per second. 800,000 reads a
/// second of 125 bytes is 10^8 B/s, which a link rates as 800 Mbit/s: multiplying by 8
/// here, or forgetting it when comparing with a 1 Gbit/s link, is an 8x error.
pub fn egress_is_in_bytes_per_second_not_bits<E: Estimator>() {
    // 8.64 × 10^10 requests a day, 8 reads per write: 10^6 requests/s, 8/9 of them reads.
    let workload = Workload {
        daily_active_users: 8_640_000,
        requests_per_user_per_day: 10_000.0,
        read_write_ratio: 8.0,
        object_bytes: 125,
        ..TEN_MILLION_USERS
    };
    let estimate = ok::<E>(&workload);
    close(
        estimate.egress_bytes_per_sec,
        1e6 * 8.0 / 9.0 * 125.0,
        "egress_bytes_per_sec for 888,889 reads/s × 125 B (bytes, not bits: do not \
         multiply by 8)",
    );
}

/// The hot cache holds 20% of one day's reads × object size (the 80/20 rule): 8 × 10^7
/// reads a day of 1 KB is 8 × 10^10 B, a fifth of it 16 GB. Using reads per second
/// instead of a day's reads makes it 86,400 times too small.
pub fn the_hot_cache_holds_a_fifth_of_a_days_reads<E: Estimator>() {
    let estimate = ok::<E>(&TEN_MILLION_USERS);
    close(
        estimate.hot_cache_bytes as f64,
        0.2 * 8e7 * 1_000.0,
        "hot_cache_bytes for 20% of 8 × 10^7 reads a day × 1,000 B",
    );
}

/// The URL shortener of the answer: 100 million daily users each create one link and
/// follow 100 (101 requests, 100 reads per write), a peak 3x, 500-byte records kept 5
/// years on 3 replicas. 1,157 links a second, 115,741 redirects, 273.75 TB stored,
/// 57.9 MB/s out, a 1 TB hot cache; at 10,000 redirects a server with 30% headroom,
/// 51 servers carry the 350,694 requests a second of the peak.
pub fn the_url_shortener_adds_up<E: Estimator>() {
    let shortener = Workload {
        daily_active_users: 100_000_000,
        requests_per_user_per_day: 101.0,
        read_write_ratio: 100.0,
        peak_to_average: 3.0,
        object_bytes: 500,
        retention_days: 5 * 365,
        replication: 3,
    };
    let e = ok::<E>(&shortener);
    let day = 86_400.0;
    close(e.write_rps, 1e8 / day, "write_rps: 10^8 links a day");
    close(e.read_rps, 1e10 / day, "read_rps: 10^10 redirects a day");
    close(
        e.peak_rps,
        3.0 * 1.01e10 / day,
        "peak_rps: 3 × 1.01 × 10^10 a day",
    );
    close(
        e.storage_bytes as f64,
        1e8 * 500.0 * 1_825.0 * 3.0,
        "storage_bytes: 10^8 links a day × 500 B × 1,825 days × 3 replicas",
    );
    close(
        e.egress_bytes_per_sec,
        1e10 / day * 500.0,
        "egress_bytes_per_sec: 115,741 redirects/s × 500 B",
    );
    close(
        e.hot_cache_bytes as f64,
        0.2 * 1e10 * 500.0,
        "hot_cache_bytes: 20% of 10^10 redirects a day × 500 B",
    );
    assert_eq!(
        E::servers_needed(e.peak_rps, 10_000.0, 0.3),
        Ok(51),
        "servers_needed({:.0}, 10,000, 0.3): each server may run at 7,000 requests/s, \
         and 50.1 servers round up to 51",
        e.peak_rps
    );
}

/// Servers = ⌈peak / (capacity × (1 − headroom))⌉: with 30% kept free a 10,000 rps
/// server carries 7,000, so 350,000 rps needs exactly 50 and one more request needs 51
/// (round up: 50.0001 servers is 51 machines). No headroom, no peak: 0 servers for 0.
pub fn servers_round_up_after_keeping_headroom<E: Estimator>() {
    for (peak, capacity, headroom, expected, why) in [
        (
            350_000.0,
            10_000.0,
            0.3,
            50,
            "350,000 / 7,000 is exactly 50",
        ),
        (
            350_001.0,
            10_000.0,
            0.3,
            51,
            "350,001 / 7,000 is 50.0001: round up",
        ),
        (
            1_000.0,
            1_000.0,
            0.0,
            1,
            "no headroom: one server at full load",
        ),
        (1_000.0, 1_000.0, 0.5, 2, "half kept free: each carries 500"),
        (0.0, 1_000.0, 0.3, 0, "no load needs no server"),
        (0.5, 1_000.0, 0.3, 1, "any load at all needs one server"),
        (
            2e12,
            1.0,
            0.0,
            2_000_000_000_000,
            "2 × 10^12 / 1 is exactly 2 × 10^12: a tolerance for float noise must be \
             relative to the quotient's last bits, not a fixed fraction that rounds large \
             counts down",
        ),
        (
            2e12 + 1.0,
            1.0,
            0.0,
            2_000_000_000_001,
            "2 × 10^12 + 1 servers' worth of load",
        ),
    ] {
        assert_eq!(
            E::servers_needed(peak, capacity, headroom),
            Ok(expected),
            "servers_needed({peak}, {capacity}, {headroom}): {why}"
        );
    }
}

/// Input outside the values [`Workload`] lists is an error that names the field, never
/// a number: no users, NaN or infinite floats, a negative ratio, a peak below the
/// average, no requests, no replica.
pub fn invalid_workloads_are_errors<E: Estimator>() {
    let base = TEN_MILLION_USERS;
    let cases: [(Workload, &str, &str); 12] = [
        (
            Workload {
                daily_active_users: 0,
                ..base
            },
            "daily_active_users",
            "zero users: nothing to size",
        ),
        (
            Workload {
                read_write_ratio: -1.0,
                ..base
            },
            "read_write_ratio",
            "a negative ratio: fewer than zero reads per write",
        ),
        (
            Workload {
                read_write_ratio: f64::NAN,
                ..base
            },
            "read_write_ratio",
            "NaN compares false with everything, so it slips past `< 0.0`",
        ),
        (
            Workload {
                read_write_ratio: f64::INFINITY,
                ..base
            },
            "read_write_ratio",
            "an infinite ratio makes inf / inf = NaN reads",
        ),
        (
            Workload {
                requests_per_user_per_day: f64::NAN,
                ..base
            },
            "requests_per_user_per_day",
            "NaN requests",
        ),
        (
            Workload {
                requests_per_user_per_day: f64::INFINITY,
                ..base
            },
            "requests_per_user_per_day",
            "infinite requests",
        ),
        (
            Workload {
                requests_per_user_per_day: -10.0,
                ..base
            },
            "requests_per_user_per_day",
            "negative requests",
        ),
        (
            Workload {
                requests_per_user_per_day: 0.0,
                ..base
            },
            "requests_per_user_per_day",
            "no requests: nothing to size",
        ),
        (
            Workload {
                peak_to_average: 0.5,
                ..base
            },
            "peak_to_average",
            "a peak below the average is not a peak",
        ),
        (
            Workload {
                peak_to_average: f64::NAN,
                ..base
            },
            "peak_to_average",
            "a NaN peak factor",
        ),
        (
            Workload {
                peak_to_average: f64::NEG_INFINITY,
                ..base
            },
            "peak_to_average",
            "an infinite peak factor",
        ),
        (
            Workload {
                replication: 0,
                ..base
            },
            "replication",
            "zero copies: the data is not stored at all",
        ),
    ];
    for (workload, field, why) in cases {
        match E::estimate(&workload) {
            Ok(estimate) => panic!(
                "estimate returned {estimate:?} for {workload:?}, but {why}: expected an \
                 EstimateError naming {field}"
            ),
            Err(e) => assert!(
                e.to_string().contains(field),
                "the error for {why} should name `{field}`, but says: {e}"
            ),
        }
    }
}

/// `servers_needed` refuses what has no answer: headroom of 1 (nothing usable) or more,
/// negative headroom, a server that carries nothing, a negative peak, NaN, infinities.
pub fn invalid_capacity_inputs_are_errors<E: Estimator>() {
    for (peak, capacity, headroom, input, why) in [
        (
            1_000.0,
            100.0,
            1.0,
            "headroom",
            "headroom 1 keeps all capacity free",
        ),
        (1_000.0, 100.0, 1.5, "headroom", "headroom above 1"),
        (1_000.0, 100.0, -0.1, "headroom", "negative headroom"),
        (1_000.0, 100.0, f64::NAN, "headroom", "NaN headroom"),
        (
            1_000.0,
            0.0,
            0.3,
            "rps_per_server",
            "a server that carries nothing",
        ),
        (1_000.0, -5.0, 0.3, "rps_per_server", "negative capacity"),
        (
            1_000.0,
            f64::INFINITY,
            0.3,
            "rps_per_server",
            "infinite capacity",
        ),
        (-1.0, 100.0, 0.3, "peak_rps", "a negative peak"),
        (f64::NAN, 100.0, 0.3, "peak_rps", "a NaN peak"),
        (f64::INFINITY, 100.0, 0.3, "peak_rps", "an infinite peak"),
    ] {
        match E::servers_needed(peak, capacity, headroom) {
            Ok(n) => panic!(
                "servers_needed({peak}, {capacity}, {headroom}) returned {n}, but {why}: \
                 expected an EstimateError naming {input}"
            ),
            Err(e) => assert!(
                e.to_string().contains(input),
                "the error for {why} should name `{input}`, but says: {e}"
            ),
        }
    }
}

/// A result that does not fit is an error, not a wrapped or saturated number: 2^64 − 1
/// users storing 1 GB each overflow `u64` bytes, and a float product can reach
/// infinity. `as u64` would quietly give `u64::MAX`.
pub fn results_too_large_to_represent_are_errors<E: Estimator>() {
    let huge = Workload {
        daily_active_users: u64::MAX,
        object_bytes: 1_000_000_000,
        ..TEN_MILLION_USERS
    };
    match E::estimate(&huge) {
        Ok(e) => panic!(
            "estimate returned storage_bytes {} for 2^64 − 1 users storing 1 GB objects a \
             year: about 1.3 × 10^33 bytes do not fit a u64 (at most 1.8 × 10^19); expected \
             EstimateError::TooLarge",
            e.storage_bytes
        ),
        Err(e) => assert!(
            e.to_string().contains("storage_bytes") || e.to_string().contains("hot_cache"),
            "the error should name the output that overflows (storage_bytes), but says: {e}"
        ),
    }
    let infinite = Workload {
        daily_active_users: u64::MAX,
        requests_per_user_per_day: f64::MAX,
        ..TEN_MILLION_USERS
    };
    assert!(
        E::estimate(&infinite).is_err(),
        "2^64 users × f64::MAX requests is infinite requests a second: expected an error"
    );
    match E::servers_needed(1e300, 1.0, 0.0) {
        Ok(n) => {
            panic!("servers_needed(1e300, 1, 0) returned {n}, but 10^300 servers do not fit a u64")
        }
        Err(e) => assert!(matches!(e, EstimateError::TooLarge { .. }), "{e:?}"),
    }
}

/// Model test: on random valid and invalid workloads, the estimate agrees with the
/// day-by-day oracle ([`DayByDay`]): the same error or no error, and every figure
/// within [`TOLERANCE`].
pub fn agrees_with_a_day_by_day_count<E: Estimator>() {
    check(&workloads(), |w| {
        let got = E::estimate(&w);
        let expected = DayByDay::estimate(&w);
        match (got, expected) {
            (Ok(g), Ok(x)) => agree(&g, &x),
            (Err(_), Err(_)) => Ok(()),
            (g, x) => Err(TestCaseError::fail(format!(
                "estimate returned {g:?}, the day-by-day oracle {x:?}"
            ))),
        }
    });
    // At most 10^6 / (100 × 0.1) = 100,000 servers: the oracle counts them one by one.
    let servers = (0.0..1e6f64, 100.0..1e5f64, 0.0..0.9f64);
    check(&servers, |(peak, capacity, headroom)| {
        let got = E::servers_needed(peak, capacity, headroom);
        let expected = DayByDay::servers_needed(peak, capacity, headroom);
        if got == expected {
            Ok(())
        } else {
            Err(TestCaseError::fail(format!(
                "servers_needed({peak}, {capacity}, {headroom}) returned {got:?}; counting \
                 servers until they carry the peak gives {expected:?}"
            )))
        }
    });
}

/// Property: whatever the workload, the peak is at least the average (the peak factor
/// is at least 1), and reads plus writes are the average.
pub fn peak_is_never_below_average<E: Estimator>() {
    check(&valid_workloads(), |w| {
        let e = E::estimate(&w).map_err(|err| {
            TestCaseError::fail(format!("a valid workload was refused: {err} ({w:?})"))
        })?;
        if e.peak_rps < e.avg_rps {
            return Err(TestCaseError::fail(format!(
                "peak_rps {} is below avg_rps {} with peak_to_average {}",
                e.peak_rps, e.avg_rps, w.peak_to_average
            )));
        }
        within(
            e.read_rps + e.write_rps,
            e.avg_rps,
            RATE,
            "read_rps + write_rps against avg_rps",
        )
    });
}

/// Property: storage is linear in retention: kept for a + b days it is the storage for
/// a days plus that for b (to a byte of rounding each), and 0 days store nothing.
pub fn storage_grows_linearly_with_retention<E: Estimator>() {
    check(
        &(valid_workloads(), 0u64..2_000, 0u64..2_000),
        |(w, a, b)| {
            let stored = |days: u64| -> Result<f64, TestCaseError> {
                E::estimate(&Workload {
                    retention_days: days,
                    ..w
                })
                .map(|e| e.storage_bytes as f64)
                .map_err(|err| TestCaseError::fail(format!("a valid workload was refused: {err}")))
            };
            let (sa, sb, sum) = (stored(a)?, stored(b)?, stored(a + b)?);
            if stored(0)? != 0.0 {
                return Err(TestCaseError::fail("retention_days 0 stored bytes"));
            }
            // Each figure is rounded to a byte, so allow 2 bytes beyond the relative error.
            if (sum - (sa + sb)).abs() > 2.0 + sum * TOLERANCE {
                return Err(TestCaseError::fail(format!(
                    "storage for {a} + {b} days is {sum}, but {a} days store {sa} and {b} days \
                 {sb}: storage must grow linearly with retention_days"
                )));
            }
            Ok(())
        },
    );
}

/// Valid workloads of modest size: the oracle adds storage up day by day, and the
/// largest (10^8 users × 100 requests × 10^4 B × 4,000 days × 5 replicas = 2 × 10^18 B)
/// fits a `u64`, so none is refused as too large.
fn valid_workloads() -> impl Strategy<Value = Workload> {
    (
        1u64..100_000_000,
        0.01..100.0f64,
        0.0..1_000.0f64,
        1.0..10.0f64,
        0u64..10_000,
        0u64..2_000,
        1u32..6,
    )
        .prop_map(
            |(users, requests, ratio, peak, bytes, days, replicas)| Workload {
                daily_active_users: users,
                requests_per_user_per_day: requests,
                read_write_ratio: ratio,
                peak_to_average: peak,
                object_bytes: bytes,
                retention_days: days,
                replication: replicas,
            },
        )
}

/// Valid workloads, and workloads with one field made invalid.
fn workloads() -> impl Strategy<Value = Workload> {
    let bad_float = prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        -100.0..0.0f64,
        Just(0.0),
        0.0..1.0f64,
    ];
    (valid_workloads(), 0usize..8, bad_float).prop_map(|(mut w, field, bad)| {
        match field {
            0 => w.daily_active_users = 0,
            1 => w.requests_per_user_per_day = bad,
            2 => w.read_write_ratio = bad,
            3 => w.peak_to_average = bad,
            4 => w.replication = 0,
            _ => {} // three in eight stay valid
        }
        w
    })
}

/// Every figure of `got` against the oracle's `expected`.
fn agree(got: &Estimate, expected: &Estimate) -> Result<(), TestCaseError> {
    within(got.avg_rps, expected.avg_rps, RATE, "avg_rps")?;
    within(got.peak_rps, expected.peak_rps, RATE, "peak_rps")?;
    within(got.read_rps, expected.read_rps, RATE, "read_rps")?;
    within(got.write_rps, expected.write_rps, RATE, "write_rps")?;
    within(
        got.storage_bytes as f64,
        expected.storage_bytes as f64,
        BYTE,
        "storage_bytes",
    )?;
    within(
        got.egress_bytes_per_sec,
        expected.egress_bytes_per_sec,
        RATE,
        "egress_bytes_per_sec",
    )?;
    within(
        got.hot_cache_bytes as f64,
        expected.hot_cache_bytes as f64,
        BYTE,
        "hot_cache_bytes",
    )
}

/// The absolute slack of a rate: none beyond float noise around 0.
const RATE: f64 = 1e-12;
/// The absolute slack of a byte count, rounded to the nearest byte by each side.
const BYTE: f64 = 1.0;

/// `got` within [`TOLERANCE`] of `expected`, or `slack` of it near 0.
fn within(got: f64, expected: f64, slack: f64, what: &str) -> Result<(), TestCaseError> {
    if (got - expected).abs() <= expected.abs() * TOLERANCE + slack {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!(
            "{what}: got {got}, the day-by-day count gives {expected}"
        )))
    }
}

/// The estimate of a workload the case expects to be valid.
fn ok<E: Estimator>(workload: &Workload) -> Estimate {
    E::estimate(workload)
        .unwrap_or_else(|e| panic!("estimate refused a valid workload: {e}\n{workload:?}"))
}

/// `got` within [`TOLERANCE`] of `expected`, else a failure naming `what`.
#[track_caller]
fn close(got: f64, expected: f64, what: &str) {
    let error = (got - expected).abs() / expected.abs().max(f64::MIN_POSITIVE);
    assert!(
        error <= TOLERANCE,
        "{what}: expected {expected:.6e}, got {got:.6e} ({})",
        if got == 0.0 {
            "zero: a factor is missing".to_string()
        } else {
            format!("{:.4}x the expected value", got / expected)
        }
    );
}
