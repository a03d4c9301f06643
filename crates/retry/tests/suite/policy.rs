//! The retry loop on tokio's paused clock: deadlines, Retry-After, budgets and the
//! classifier, with no real waiting.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use retry::{Backoff, GaveUp, RetryBudget, RetryPolicy, Verdict, retry};
use tokio::time::Instant;

fn policy(budget: Option<&RetryBudget>) -> RetryPolicy<'_> {
    let policy = RetryPolicy::new(
        Backoff::exponential(Duration::from_millis(100), Duration::from_secs(1)),
        Duration::from_secs(10),
    );
    match budget {
        Some(budget) => policy.with_budget(budget),
        None => policy,
    }
}

#[tokio::test(start_paused = true)]
async fn retries_follow_the_schedule_until_success() {
    let start = Instant::now();
    let result = retry(
        &policy(None),
        |n| async move { if n < 4 { Err(n) } else { Ok(n) } },
        |_| Verdict::Retry,
    )
    .await;
    assert_eq!(result, Ok(4));
    // Waited 100 + 200 + 400 ms.
    assert_eq!(start.elapsed(), Duration::from_millis(700));
}

#[tokio::test(start_paused = true)]
async fn a_permanent_error_is_not_retried() {
    let calls = AtomicU32::new(0);
    let result: Result<(), _> = retry(
        &policy(None),
        |_| {
            calls.fetch_add(1, Ordering::Relaxed);
            async { Err("422") }
        },
        |_| Verdict::Permanent,
    )
    .await;
    let error = result.unwrap_err();
    assert_eq!((error.attempts, error.gave_up), (1, GaveUp::Permanent));
    assert_eq!(calls.load(Ordering::Relaxed), 1);
}

#[tokio::test(start_paused = true)]
async fn the_deadline_is_never_overslept() {
    let start = Instant::now();
    let mut p = policy(None);
    p.deadline = Duration::from_millis(1_000);
    let result: Result<(), _> = retry(&p, |_| async { Err(()) }, |_| Verdict::Retry).await;
    let error = result.unwrap_err();
    assert_eq!(error.gave_up, GaveUp::Deadline);
    // 100 + 200 + 400 = 700 ms slept; the next wait (800 ms) would end past 1 s.
    assert_eq!(start.elapsed(), Duration::from_millis(700));
    assert_eq!(error.attempts, 4);
    assert!(start.elapsed() <= p.deadline);
}

#[tokio::test(start_paused = true)]
async fn retry_after_lengthens_the_wait() {
    let start = Instant::now();
    let result = retry(
        &policy(None),
        |n| async move { if n == 1 { Err(()) } else { Ok(()) } },
        |_| Verdict::RetryAfter(Duration::from_secs(3)),
    )
    .await;
    assert_eq!(result, Ok(()));
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(3),
        "the server's 3 s, not the backoff's 100 ms"
    );
}

#[tokio::test(start_paused = true)]
async fn retries_stop_when_the_backoff_ends() {
    let mut p = policy(None);
    p.backoff = p.backoff.max_retries(2);
    let error = retry(&p, |_| async { Err::<(), _>(()) }, |_| Verdict::Retry)
        .await
        .unwrap_err();
    assert_eq!(
        (error.attempts, error.gave_up),
        (3, GaveUp::RetriesExhausted)
    );
}

#[tokio::test(start_paused = true)]
async fn a_spent_budget_stops_retries_across_callers() {
    // 2 tokens, refilled by 10% of each call.
    let budget = RetryBudget::new(0.1, 2);
    let p = policy(Some(&budget));
    let mut retried = 0;
    for _ in 0..5 {
        let error = retry(&p, |_| async { Err::<(), _>(()) }, |_| Verdict::Retry)
            .await
            .unwrap_err();
        retried += error.attempts - 1;
        assert!(matches!(error.gave_up, GaveUp::Budget));
    }
    // The two starting tokens plus 0.5 deposited: two retries in all, then none.
    assert_eq!(retried, 2);
    assert!(budget.tokens() < 1.0);
}

#[tokio::test(start_paused = true)]
async fn purging_frees_expired_records_only() {
    use retry::{Begin, IdempotencyStore};
    let store = IdempotencyStore::new(Duration::from_secs(60));
    for key in ["old-1", "old-2"] {
        let Ok(Begin::Run(ticket)) = store.begin(Some(key), b"x") else {
            panic!("a new key runs")
        };
        ticket.complete(key.to_string());
    }
    tokio::time::advance(Duration::from_secs(30)).await;
    let Ok(Begin::Run(young)) = store.begin(Some("young"), b"x") else {
        panic!("a new key runs")
    };
    young.complete("y".to_string());
    tokio::time::advance(Duration::from_secs(31)).await;
    assert_eq!(store.len(), 3, "expired records stay until purged");
    assert_eq!(store.purge_expired(), 2);
    assert_eq!(store.len(), 1);
    assert!(matches!(store.begin(Some("young"), b"x"), Ok(Begin::Replay(r)) if r == "y"));
    assert!(!store.is_empty());
}

/// The first delay of each of `calls` concurrent `retry` calls sharing `policy`: every
/// call fails once, then succeeds, and records when its second attempt started.
async fn first_delays(policy: &RetryPolicy<'_>, calls: usize) -> Vec<Duration> {
    let start = Instant::now();
    let runs = (0..calls).map(|_| async {
        let mut second_attempt = None;
        let _ = retry(
            policy,
            |n| {
                if n == 2 {
                    second_attempt = Some(start.elapsed());
                }
                async move { if n < 2 { Err(()) } else { Ok(()) } }
            },
            |_| Verdict::Retry,
        )
        .await;
        second_attempt.expect("every call retried once")
    });
    futures_join_all(runs).await
}

/// Polls every future to completion on the current task (a tiny `join_all`).
async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let handles: Vec<_> = futures.map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = handles.iter().map(|_| None).collect();
    let mut handles: Vec<Option<_>> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (slot, result) in handles.iter_mut().zip(results.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => {
                        *result = Some(value);
                        *slot = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results
        .into_iter()
        .map(|r| r.expect("every future finished"))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn calls_sharing_a_policy_draw_their_own_jitter() {
    for seed in [None, Some(7)] {
        // Full jitter over [0, 1 s]: tokio's timer counts whole milliseconds, so 100
        // independent draws land on about 95 distinct moments; lockstep lands on 1.
        let mut backoff = Backoff::exponential(Duration::from_secs(1), Duration::from_secs(10))
            .jitter(retry::Jitter::Full);
        if let Some(seed) = seed {
            backoff = backoff.seed(seed);
        }
        let shared = RetryPolicy::new(backoff, Duration::from_secs(10));
        let delays = first_delays(&shared, 100).await;
        let mut distinct = delays.clone();
        distinct.sort();
        distinct.dedup();
        assert!(
            distinct.len() > 80,
            "seed {seed:?}: 100 calls on one policy retried at {} distinct moments: a shared \
             jitter stream makes them retry in lockstep, the herd jitter exists to break up",
            distinct.len()
        );
        if seed.is_some() {
            let again = first_delays(&shared.clone(), 100).await;
            assert_eq!(again, delays, "a seeded policy's calls repeat their delays");
        }
    }
}

/// A wait that ends exactly at the deadline is allowed: the attempt starts at the
/// deadline, not after it.
#[tokio::test(start_paused = true)]
async fn an_attempt_may_start_exactly_at_the_deadline() {
    let five = Duration::from_secs(5);
    let policy = RetryPolicy::new(Backoff::exponential(five, five), Duration::from_secs(10));
    let start = Instant::now();
    let result = retry(
        &policy,
        |n| async move { if n < 3 { Err(n) } else { Ok(n) } },
        |_| Verdict::Retry,
    )
    .await;
    assert_eq!(result, Ok(3), "attempts at 0, 5 and 10 s");
    assert_eq!(start.elapsed(), Duration::from_secs(10));
}
