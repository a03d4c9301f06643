//! The contract of a backoff schedule and of an idempotency store, as named generic
//! test cases and property tests, so the reference and the learner's exercise run the
//! same checks; [`conformance_tests!`](crate::conformance_tests) makes one `#[test]`
//! per case. Teaching order (the topic's manifest): the backoff's cases first, the
//! plain schedule before the jitters, then the store's, the rules before the TTL and
//! the race.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use proptest::prelude::*;

use testkit::property::{check, check_explained, same};

use crate::{Idempotency, Jitter, Schedule, StoreError};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn millis<S: Schedule>(s: S) -> Vec<u128> {
    s.map(|d| d.as_millis()).collect()
}

/// Without jitter, base 100 ms, cap 1 s: 100, 200, 400, 800, 1000, 1000 ms.
pub fn the_plain_schedule_doubles_up_to_the_cap<S: Schedule>() {
    assert_eq!(
        millis(S::exponential(ms(100), ms(1_000)).max_retries(6)),
        [100, 200, 400, 800, 1_000, 1_000],
        "exponential(100 ms, 1 s) without jitter"
    );
}

/// `max_retries(n)` yields exactly n delays; without it the schedule does not end.
pub fn max_retries_ends_the_schedule<S: Schedule>() {
    assert_eq!(S::exponential(ms(1), ms(10)).max_retries(3).count(), 3);
    assert_eq!(
        S::exponential(ms(1), ms(10)).max_retries(0).next(),
        None,
        "max_retries(0) yields nothing"
    );
    assert_eq!(
        S::exponential(ms(1), ms(10)).take(1_000).count(),
        1_000,
        "without max_retries the schedule goes on, at the cap"
    );
}

/// `factor(3.0)`: 100, 300, 900, then the cap.
pub fn the_factor_sets_the_growth<S: Schedule>() {
    assert_eq!(
        millis(
            S::exponential(ms(100), ms(1_000))
                .factor(3.0)
                .max_retries(4)
        ),
        [100, 300, 900, 1_000]
    );
}

fn jitters() -> impl Strategy<Value = Jitter> {
    prop_oneof![
        Just(Jitter::None),
        Just(Jitter::Full),
        Just(Jitter::Equal),
        Just(Jitter::Decorrelated)
    ]
}

/// Every delay of every jitter kind lies in its envelope, for random bases, caps,
/// factors and seeds (v = min(cap, base × factor^n)): none = v; full in [0, v];
/// equal in [v/2, v]; decorrelated in [base, min(cap, 3 × previous)], or the cap when
/// the base exceeds it.
pub fn every_jitter_stays_in_its_envelope<S: Schedule>() {
    let strategy = (1u64..500, 1u64..5_000, 1.0f64..4.0, jitters(), any::<u64>());
    let explain = |&(base_ms, cap_ms, factor, jitter, seed): &(u64, u64, f64, Jitter, u64)| {
        format!(
            "exponential({base_ms} ms, {cap_ms} ms).factor({factor}).jitter({jitter:?})\
             .seed({seed}).max_retries(30)"
        )
    };
    check_explained(
        &strategy,
        explain,
        |(base_ms, cap_ms, factor, jitter, seed)| {
            let (base, cap) = (ms(base_ms), ms(cap_ms));
            let delays: Vec<Duration> = S::exponential(base, cap)
                .factor(factor)
                .jitter(jitter)
                .seed(seed)
                .max_retries(30)
                .collect();
            same(delays.len(), 30, || {
                "max_retries(30) yields 30 delays".into()
            })?;
            let mut previous = base;
            for (n, &d) in delays.iter().enumerate() {
                let v = cap.min(Duration::from_secs_f64(
                    (base.as_secs_f64() * factor.powi(n as i32)).min(cap.as_secs_f64() + 1.0),
                ));
                // A microsecond of slack for floating-point rounding in v.
                let slack = Duration::from_micros(1);
                let (low, high) = match jitter {
                    Jitter::None => (v.saturating_sub(slack), v + slack),
                    Jitter::Full => (Duration::ZERO, v + slack),
                    Jitter::Equal => ((v / 2).saturating_sub(slack), v + slack),
                    Jitter::Decorrelated => {
                        let high = cap.min(previous * 3);
                        (base.min(cap), high.max(base.min(cap)))
                    }
                };
                if d < low || d > high {
                    return Err(TestCaseError::fail(format!(
                        "{jitter:?} delay {n} is {d:?}, outside [{low:?}, {high:?}] \
                     (base {base:?}, cap {cap:?}, factor {factor})"
                    )));
                }
                previous = d;
            }
            Ok(())
        },
    );
}

/// The same seed gives the same schedule, for every jitter kind; for the random kinds,
/// different seeds give different schedules.
pub fn seeds_reproduce<S: Schedule>() {
    check(&(jitters(), any::<u64>()), |(jitter, seed)| {
        let schedule = |seed| -> Vec<Duration> {
            S::exponential(ms(10), ms(10_000))
                .jitter(jitter)
                .seed(seed)
                .max_retries(12)
                .collect()
        };
        same(schedule(seed), schedule(seed), || {
            format!("{jitter:?} with seed {seed}, twice")
        })?;
        if jitter != Jitter::None && schedule(seed) == schedule(seed.wrapping_add(1)) {
            return Err(TestCaseError::fail(format!(
                "{jitter:?}: seeds {seed} and {} gave the same 12 delays",
                seed.wrapping_add(1)
            )));
        }
        Ok(())
    });
}

/// Full jitter spreads delays across the whole range: over 4,000 delays at the cap,
/// the mean is near half the cap and both the bottom and top tenths are used.
pub fn full_jitter_uses_the_whole_range<S: Schedule>() {
    let cap = ms(1_000);
    let delays: Vec<f64> = S::exponential(cap, cap)
        .jitter(Jitter::Full)
        .seed(3)
        .take(4_000)
        .map(|d| d.as_secs_f64())
        .collect();
    let mean = delays.iter().sum::<f64>() / delays.len() as f64;
    assert!(
        (0.45..=0.55).contains(&mean),
        "full jitter's mean delay is {mean:.3} s of a 1 s cap; about 0.5 expected"
    );
    assert!(delays.iter().any(|&d| d < 0.1) && delays.iter().any(|&d| d > 0.9));
}

/// A first request with a key runs; once it finished, a repeat with the same payload
/// gets the stored response (the 200 case) without running.
pub fn a_repeat_gets_the_stored_response<I: Idempotency>() {
    let store = I::new(Duration::from_secs(60));
    assert_eq!(
        store.start(Some("k1"), b"pay 10"),
        Ok(None),
        "the first request with a key runs"
    );
    store.finish("k1", "charged 10".into());
    for _ in 0..3 {
        assert_eq!(
            store.start(Some("k1"), b"pay 10"),
            Ok(Some("charged 10".to_string())),
            "a repeat after the first finished gets its response"
        );
    }
    assert_eq!(
        store.start(Some("k2"), b"pay 10"),
        Ok(None),
        "another key is another request"
    );
}

/// A repeat while the first request still runs is refused: 409 Conflict.
pub fn a_repeat_while_running_is_a_conflict<I: Idempotency>() {
    let store = I::new(Duration::from_secs(60));
    assert_eq!(store.start(Some("k"), b"body"), Ok(None));
    assert_eq!(
        store.start(Some("k"), b"body"),
        Err(StoreError::InProgress),
        "the first request has not finished"
    );
}

/// The same key with another payload is refused: 422, even while the first runs.
pub fn another_payload_is_unprocessable<I: Idempotency>() {
    let store = I::new(Duration::from_secs(60));
    assert_eq!(store.start(Some("k"), b"pay 10"), Ok(None));
    assert_eq!(
        store.start(Some("k"), b"pay 99"),
        Err(StoreError::PayloadMismatch),
        "while running"
    );
    store.finish("k", "charged 10".into());
    assert_eq!(
        store.start(Some("k"), b"pay 99"),
        Err(StoreError::PayloadMismatch),
        "after it finished"
    );
}

/// No key where one is required: 400.
pub fn a_missing_key_is_a_bad_request<I: Idempotency>() {
    let store = I::new(Duration::from_secs(60));
    assert_eq!(store.start(None, b"pay 10"), Err(StoreError::MissingKey));
}

/// A request abandoned before it committed releases its key: the retry runs.
pub fn an_abandoned_key_runs_again<I: Idempotency>() {
    let store = I::new(Duration::from_secs(60));
    assert_eq!(store.start(Some("k"), b"pay"), Ok(None));
    store.abandon("k");
    assert_eq!(
        store.start(Some("k"), b"pay"),
        Ok(None),
        "after abandon, the key is free"
    );
}

/// Records expire `ttl` after their request began (tokio's paused clock): before,
/// a repeat replays; after, the same key is a new request, even with a new payload.
pub fn records_expire_after_the_ttl<I: Idempotency>() {
    let runtime = crate::paused_runtime();
    runtime.block_on(async {
        let store = I::new(Duration::from_secs(60));
        assert_eq!(store.start(Some("k"), b"pay 10"), Ok(None));
        store.finish("k", "charged".into());
        tokio::time::advance(Duration::from_secs(59)).await;
        assert_eq!(
            store.start(Some("k"), b"pay 10"),
            Ok(Some("charged".to_string())),
            "59 s into a 60 s TTL the record holds (use tokio::time::Instant for time)"
        );
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(
            store.start(Some("k"), b"pay 99"),
            Ok(None),
            "61 s into a 60 s TTL the key is free again"
        );
    });
}

/// 8 threads start the same key at once: exactly one runs, the others are refused
/// with 409.
pub fn only_one_request_per_key_runs<I: Idempotency + Send + Sync + 'static>() {
    for round in 0..50 {
        let store = Arc::new(I::new(Duration::from_secs(60)));
        let start = Arc::new(Barrier::new(8));
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let (store, start) = (Arc::clone(&store), Arc::clone(&start));
                thread::spawn(move || {
                    start.wait();
                    store.start(Some("same"), b"pay")
                })
            })
            .collect();
        let results: Vec<_> = handles
            .into_iter()
            .map(|h| h.join().expect("no panic"))
            .collect();
        let ran = results.iter().filter(|r| **r == Ok(None)).count();
        let conflicts = results
            .iter()
            .filter(|r| **r == Err(StoreError::InProgress))
            .count();
        assert_eq!(
            (ran, conflicts),
            (1, 7),
            "round {round}: 8 concurrent starts of one key: {results:?}"
        );
    }
}
