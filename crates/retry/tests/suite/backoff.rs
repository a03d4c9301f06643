//! The schedule's own API beyond the contract's cases: per-call streams, the ceiling at
//! extreme exponents, the iterator's length, the budget's deposits and the errors' text.

use std::collections::HashSet;
use std::time::Duration;

use retry::{Backoff, GaveUp, Jitter, Rejected, RetryBudget, RetryError};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn seeded_calls_each_get_a_stream_of_their_own() {
    // 8 seeds x 8 calls: 64 different first schedules. A mix that only sets bits
    // (seed | call's mix) gives seeds 0 and 1 the same stream for call 0.
    let mut seen = HashSet::new();
    for seed in 0..8 {
        let template = Backoff::exponential(ms(10), Duration::from_secs(60))
            .jitter(Jitter::Full)
            .seed(seed);
        for call in 0..8 {
            let delays: Vec<Duration> = template.for_call(call).take(4).collect();
            assert!(
                seen.insert(delays),
                "seed {seed}, call {call} drew the same delays as an earlier pair"
            );
        }
    }
}

#[test]
fn a_call_starts_from_the_first_retry_whatever_the_template_has_done() {
    for jitter in [Jitter::None, Jitter::Decorrelated] {
        let template = Backoff::exponential(ms(10), ms(200))
            .jitter(jitter)
            .max_retries(8)
            .seed(3);
        let mut used = template.clone();
        // Run the template past its cap and most of its retries.
        assert_eq!(used.by_ref().take(6).count(), 6);
        let fresh: Vec<Duration> = template.for_call(0).collect();
        let from_used: Vec<Duration> = used.for_call(0).collect();
        assert_eq!(fresh.len(), 8, "{jitter:?}: a call gets all 8 retries");
        assert_eq!(
            from_used, fresh,
            "{jitter:?}: a call made from a used template restarts the schedule"
        );
    }
    let plain: Vec<Duration> = Backoff::exponential(ms(10), ms(200))
        .max_retries(6)
        .for_call(0)
        .collect();
    assert_eq!(plain, [ms(10), ms(20), ms(40), ms(80), ms(160), ms(200)]);
}

#[test]
fn the_ceiling_is_the_cap_however_large_the_exponent() {
    let b = Backoff::exponential(Duration::from_secs(1), Duration::from_secs(30)).factor(10.0);
    assert_eq!(b.ceiling(0), Duration::from_secs(1));
    assert_eq!(b.ceiling(1), Duration::from_secs(10));
    assert_eq!(b.ceiling(2), Duration::from_secs(30), "100 s is capped");
    // 10^40 s is finite as a float but far beyond what a Duration holds.
    assert_eq!(b.ceiling(40), Duration::from_secs(30));
    // And past f64's range: infinite.
    assert_eq!(b.ceiling(400), Duration::from_secs(30));
    assert_eq!(b.ceiling(usize::MAX), Duration::from_secs(30));
}

#[test]
fn the_schedule_knows_how_many_retries_are_left() {
    let mut b = Backoff::exponential(ms(1), ms(10)).max_retries(3);
    for left in (0..=3).rev() {
        assert_eq!(b.size_hint(), (left, Some(left)), "{left} retries left");
        b.next();
    }
    let endless = Backoff::exponential(ms(1), ms(10));
    assert_eq!(
        endless.size_hint(),
        (usize::MAX, None),
        "no max_retries: unbounded"
    );
}

#[test]
fn first_attempts_refill_the_budget_up_to_its_maximum() {
    // Half a token per first attempt, at most 2 tokens, starting full.
    let budget = RetryBudget::new(0.5, 2);
    assert!(budget.try_withdraw() && budget.try_withdraw());
    assert!(!budget.try_withdraw(), "two tokens, two retries");
    budget.deposit();
    assert_eq!(budget.tokens(), 0.5);
    assert!(!budget.try_withdraw(), "half a token is not a retry");
    budget.deposit();
    assert_eq!(budget.tokens(), 1.0);
    assert!(budget.try_withdraw());
    for _ in 0..10 {
        budget.deposit();
    }
    assert_eq!(budget.tokens(), 2.0, "deposits stop at the maximum");
}

#[test]
fn errors_say_what_happened() {
    assert_eq!(Rejected.to_string(), "the circuit breaker is open");
    let cases = [
        (GaveUp::Permanent, "a permanent error"),
        (GaveUp::RetriesExhausted, "no retries left"),
        (GaveUp::Deadline, "the deadline"),
        (GaveUp::Budget, "the retry budget is spent"),
    ];
    for (gave_up, why) in cases {
        let error = RetryError {
            error: "503 Service Unavailable",
            attempts: 4,
            gave_up,
        };
        assert_eq!(
            error.to_string(),
            format!("503 Service Unavailable (after 4 attempts; {why})")
        );
    }
}
