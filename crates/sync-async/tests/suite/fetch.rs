//! `fetch_all` beyond the contract's cases: how it reads its input, when it calls,
//! that it yields to other tasks, wake-ups from other threads, zero timeouts, panics.

use std::cell::{Cell, RefCell};
use std::num::NonZeroUsize;
use std::rc::Rc;
use std::time::Duration;

use proptest::prelude::*;
use sync_async::{CallError, fetch_all};
use sync_async_contract::{FakeService, paused_runtime};
use testkit::property::{check, same};
use testkit::watchdog::within;

fn limit(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

const WATCHDOG: Duration = Duration::from_secs(20);

#[test]
fn reads_items_and_calls_lazily_in_input_order() {
    let (pulled, called) = within(WATCHDOG, "a dropped fan-out", || {
        paused_runtime().block_on(async {
            let pulled = Rc::new(Cell::new(0));
            let called = Rc::new(RefCell::new(Vec::new()));
            let service = FakeService::new();
            let items = (0..100).inspect(|_| pulled.set(pulled.get() + 1));
            let fan_out = fetch_all(items, limit(4), Duration::from_secs(10), |i| {
                called.borrow_mut().push(i);
                service.call(i, Duration::from_millis(100 + i))
            });
            // Call i takes 100 + i ms: calls 0..=3 end at about 100 ms, 4..=7 at about 200 ms, so
            // by 250 ms calls 8..=11 are running and 12 has not started.
            let _ = tokio::time::timeout(Duration::from_millis(250), fan_out).await;
            (pulled.get(), called.take())
        })
    });
    assert_eq!(pulled, 12, "one item read per started call, none ahead");
    assert_eq!(
        called,
        (0..12).collect::<Vec<_>>(),
        "calls made in input order"
    );
}

#[test]
fn a_long_run_of_ready_calls_yields_to_other_tasks() {
    let seen = within(WATCHDOG, "ready calls", || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let ticks = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
            let counter = std::sync::Arc::clone(&ticks);
            let other = tokio::spawn(async move {
                loop {
                    counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    tokio::task::yield_now().await;
                }
            });
            let results = fetch_all(0..10_000u64, limit(100), Duration::from_secs(1), |_| {
                let ticks = std::sync::Arc::clone(&ticks);
                async move { ticks.load(std::sync::atomic::Ordering::SeqCst) }
            })
            .await;
            other.abort();
            results.into_iter().map(Result::unwrap).max().unwrap()
        })
    });
    assert!(
        seen > 0,
        "10,000 calls that are ready at once ran without letting the other task run once"
    );
}

#[test]
fn wakes_up_for_calls_completed_on_other_threads() {
    let results = within(WATCHDOG, "calls answered by threads", || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(fetch_all(
            0..64u64,
            limit(8),
            Duration::from_secs(10),
            |i| {
                let (tx, rx) = tokio::sync::oneshot::channel();
                std::thread::spawn(move || {
                    // Staggers the answers so they arrive out of order; the result
                    // does not depend on how long the sleep really takes.
                    std::thread::sleep(Duration::from_micros(200 * (i % 5)));
                    let _ = tx.send(i * 3);
                });
                async move { rx.await.unwrap() }
            },
        ))
    });
    let expected: Vec<_> = (0..64u64).map(|i| Ok(i * 3)).collect();
    assert_eq!(results, expected);
}

#[test]
fn a_zero_timeout_keeps_only_calls_that_are_ready_at_once() {
    let results = paused_runtime().block_on(fetch_all(
        0..4u64,
        limit(2),
        Duration::ZERO,
        |i| async move {
            if i % 2 == 1 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            i
        },
    ));
    assert_eq!(
        results,
        [
            Ok(0),
            Err(CallError::TimedOut),
            Ok(2),
            Err(CallError::TimedOut)
        ]
    );
}

#[test]
fn a_huge_limit_and_timeout_are_fine() {
    let results = paused_runtime().block_on(fetch_all(
        0..3u64,
        limit(usize::MAX),
        Duration::MAX,
        |i| async move { i },
    ));
    assert_eq!(results, [Ok(0), Ok(1), Ok(2)]);
}

#[test]
#[should_panic(expected = "call 3 failed")]
fn a_panicking_call_passes_its_panic_on() {
    paused_runtime().block_on(fetch_all(
        0..5u64,
        limit(2),
        Duration::from_secs(1),
        |i| async move {
            assert!(i != 3, "call 3 failed");
            i
        },
    ));
}

#[test]
fn the_peak_is_the_smaller_of_the_limit_and_the_input() {
    check(&(0usize..30, 1usize..40), |(n, k)| {
        let (stats, results) = paused_runtime().block_on(async {
            let service = FakeService::new();
            let results = fetch_all(0..n, limit(k), Duration::from_secs(1), |i| {
                service.call(i, Duration::from_millis(10))
            })
            .await;
            (service.stats(), results)
        });
        same(results.len(), n, || "one result per item".into())?;
        same(stats.max_in_flight, n.min(k) as u64, || {
            format!("the peak in flight for {n} calls at limit {k}")
        })?;
        prop_assert!(results.iter().enumerate().all(|(i, r)| *r == Ok(i)));
        Ok(())
    });
}

#[test]
fn error_text_says_what_happened() {
    assert_eq!(
        CallError::TimedOut.to_string(),
        "the call ran past its timeout and was cancelled"
    );
}
