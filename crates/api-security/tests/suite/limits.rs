//! The limiter at the edges of its arithmetic: rates so slow that a burst spans a
//! century, and times centuries after the origin. The bound, at most
//! `burst + rate × W` passes in any window of length W, must hold for every input the
//! limiter accepts; an input it cannot compute with exactly is refused when it is made.

use std::time::Duration;

use api_security::RateLimiter;
use proptest::prelude::*;

/// One year, in nanoseconds.
const YEAR_NS: u64 = 365 * 24 * 3600 * 1_000_000_000;

/// The instants the edge cases are tried at: the origin, a year, just below and above
/// the limiter's 2⁶² ns horizon, 500 years (past which a u64 of nanoseconds runs out
/// after one more interval), the last u64 nanosecond, and the largest `Duration`.
fn instants() -> [Duration; 7] {
    let max = RateLimiter::MAX_SPAN;
    [
        Duration::ZERO,
        Duration::from_nanos(YEAR_NS),
        Duration::from_nanos(max - 1),
        Duration::from_nanos(max + 1),
        Duration::from_nanos(500 * YEAR_NS),
        Duration::from_nanos(u64::MAX),
        Duration::MAX,
    ]
}

/// How many of `tries` requests from one key at the single instant `now` pass.
fn passes_at_one_instant(limiter: &RateLimiter, key: &str, now: Duration, tries: u32) -> u32 {
    (0..tries)
        .map(|_| u32::from(limiter.check_at(key, now).is_ok()))
        .sum()
}

#[test]
fn a_very_low_rate_with_burst_2_refuses_the_third_request_at_one_instant() {
    // One request per 2 × 10⁹ s (63 years): a burst of 2 spans 126 years, under the limit.
    let limiter = RateLimiter::new(5e-10, 2);
    for (i, now) in instants().into_iter().enumerate() {
        let key = format!("k{i}");
        assert_eq!(
            passes_at_one_instant(&limiter, &key, now, 5),
            2,
            "at {now:?}, a burst of 2 lets exactly 2 of 5 simultaneous requests through"
        );
    }
}

#[test]
fn near_the_largest_time_the_limiter_still_refuses_past_the_burst() {
    let limiter = RateLimiter::new(1.0, 3);
    for (i, now) in instants().into_iter().enumerate() {
        let key = format!("k{i}");
        assert_eq!(
            passes_at_one_instant(&limiter, &key, now, 10),
            3,
            "at {now:?}, a burst of 3 lets exactly 3 of 10 simultaneous requests through"
        );
    }
    // Every time past the horizon counts as the horizon: one key's requests spread from
    // just past it to Duration::MAX are still one instant's worth, its burst.
    let key = "late";
    let late = [
        Duration::from_nanos(RateLimiter::MAX_SPAN + 1),
        Duration::from_nanos(500 * YEAR_NS),
        Duration::from_nanos(u64::MAX),
        Duration::MAX,
    ];
    let passed: u32 = late
        .iter()
        .chain(&late)
        .map(|&now| u32::from(limiter.check_at(key, now).is_ok()))
        .sum();
    assert_eq!(
        passed, 3,
        "times past 2^62 ns count as 2^62 ns, so only the burst passes"
    );
}

#[test]
#[should_panic(expected = "more than the limit of 2^62 ns")]
fn a_burst_spanning_more_than_146_years_is_refused() {
    // One request per 10¹⁰ s (317 years): even one interval is past the limit.
    let _ = RateLimiter::new(1e-10, 2);
}

#[test]
#[should_panic(expected = "more than the limit of 2^62 ns")]
fn a_large_burst_at_a_slow_rate_is_refused() {
    // 1 per 10 years is fine alone; a burst of 15 spans 150 years.
    let _ = RateLimiter::new(1.0 / (10.0 * 365.0 * 24.0 * 3600.0), 15);
}

/// The nanoseconds a burst spans, as the limiter's documentation defines it.
fn span_ns(rate: f64, burst: u32) -> u128 {
    let interval = (1e9 / rate).ceil().max(1.0) as u64;
    u128::from(interval) * u128::from(burst)
}

/// The naive oracle for the bound: every pair of passed requests of one key
/// bounds a window, and that window may hold at most `burst + rate × W` of them.
fn check_window_bound(passed: &[Duration], rate: f64, burst: u32) -> Result<(), TestCaseError> {
    for i in 0..passed.len() {
        for j in i..passed.len() {
            let window_s = (passed[j] - passed[i]).as_secs_f64();
            let count = (j - i + 1) as f64;
            let bound = f64::from(burst) + rate * window_s;
            // Relative slack for the float product only: counts are whole numbers.
            prop_assert!(
                count <= bound * (1.0 + 1e-12) + 1e-9,
                "{count} requests passed between {:?} and {:?}, a window of {window_s} s; \
                 burst {burst} + rate {rate}/s × {window_s} s allows at most {bound}",
                passed[i],
                passed[j]
            );
        }
    }
    Ok(())
}

/// Rates from one per 30 years to 10¹² per second, spread evenly in their logarithm.
fn rates() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-9.0f64..12.0).prop_map(|e| 10f64.powf(e)),
        Just(5e-10),
        Just(1.0),
        Just(1e12),
    ]
}

/// A start well inside the range, at the 2⁶² ns horizon, or near the end of u64
/// nanoseconds and of `Duration`.
fn starts() -> impl Strategy<Value = Duration> {
    let max = RateLimiter::MAX_SPAN;
    prop_oneof![
        (0..YEAR_NS).prop_map(Duration::from_nanos),
        (max - YEAR_NS..max + YEAR_NS).prop_map(Duration::from_nanos),
        (u64::MAX - YEAR_NS..=u64::MAX).prop_map(Duration::from_nanos),
        (0..YEAR_NS).prop_map(|back| Duration::MAX - Duration::from_nanos(back)),
    ]
}

/// Gaps between requests: none, nanoseconds, seconds, or decades.
fn gaps() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        1u64..1_000,
        1_000_000_000u64..100_000_000_000,
        YEAR_NS..50 * YEAR_NS,
    ]
}

proptest! {
    #[test]
    fn no_window_lets_more_than_burst_plus_rate_times_its_length_at_any_rate_or_time(
        rate in rates(),
        burst in prop_oneof![1u32..8, 1u32..1_000_000],
        start in starts(),
        requests in prop::collection::vec((0usize..2, gaps()), 1..80),
    ) {
        prop_assume!(span_ns(rate, burst) <= u128::from(RateLimiter::MAX_SPAN));
        let limiter = RateLimiter::new(rate, burst);
        let mut passed = [Vec::new(), Vec::new()];
        let mut now = start;
        for (key, gap) in requests {
            now = now.saturating_add(Duration::from_nanos(gap));
            if limiter.check_at(["a", "b"][key], now).is_ok() {
                passed[key].push(now);
            }
        }
        for times in &passed {
            check_window_bound(times, rate, burst)?;
        }
    }
}
