//! The contract of a bounded fan-out, as named generic cases, so the reference and the
//! learner's exercise run the same checks. Every case runs on tokio's paused clock
//! ([`paused_runtime`]) against a [`FakeService`], so its times are virtual and exact
//! and its counts are the service's, however busy the machine is; and under a
//! watchdog, so a fan-out that never finishes fails in bounded time.
//!
//! Teaching order (the topic's manifest): what the results are first (a sequential
//! fan-out passes these), then how many calls run at once and how long the whole
//! fan-out takes (only a concurrent one does).

use std::cell::Cell;
use std::future::Future;
use std::num::NonZeroUsize;
use std::pin::Pin;
use std::time::Duration;

use proptest::prelude::*;
use testkit::property::{TestCaseError, check_explained, same};

use crate::{CallError, FakeService, FetchAll, Sequential, Stats, paused_runtime};

/// Wall-clock time a case may take before the watchdog calls it a hang: the cases
/// need milliseconds, as virtual time costs nothing.
const WATCHDOG: Duration = Duration::from_secs(20);

/// What one fan-out over the fake service gave.
#[derive(Debug)]
struct Outcome {
    results: Vec<Result<usize, CallError>>,
    stats: Stats,
    /// Virtual milliseconds from the call to `fetch_all` to its last result.
    elapsed_ms: u128,
}

fn limit(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).expect("the cases use limits of at least 1")
}

/// Runs `F::fetch_all` over calls `0..latencies.len()`, call `i` answering `i` after
/// `latencies[i]` virtual milliseconds.
fn fan_out<F: FetchAll + 'static>(latencies: &[u64], max: usize, timeout_ms: u64) -> Outcome {
    let latencies = latencies.to_vec();
    on_paused_clock(Box::new(move || {
        Box::pin(async move {
            let service = FakeService::new();
            let start = tokio::time::Instant::now();
            let results = F::fetch_all(
                0..latencies.len(),
                limit(max),
                Duration::from_millis(timeout_ms),
                |i| service.call(i, Duration::from_millis(latencies[i])),
            )
            .await;
            Outcome {
                results,
                stats: service.stats(),
                elapsed_ms: start.elapsed().as_millis(),
            }
        })
    }))
}

/// Work for [`on_paused_clock`]: makes the future to run, on the watchdog's thread.
type Job<T> = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = T>>> + Send>;

/// Runs `job`'s future on a paused-clock runtime under the watchdog.
///
/// This and [`oracle`] and [`property`] are not generic, so they are compiled once, here,
/// at the contract's opt-level: only the small async blocks that call the fan-out
/// under test are compiled into the test binary, which keeps `cargo lab check` quick.
/// Inside [`property`], which already runs under the watchdog, the fan-outs share one
/// runtime instead of building one (and a watchdog thread) per random case.
fn on_paused_clock(job: Job<Outcome>) -> Outcome {
    if WATCHED.with(Cell::get) {
        return SHARED_RUNTIME.with(|runtime| runtime.block_on(job()));
    }
    testkit::watchdog::within(WATCHDOG, "fetch_all on a paused clock", move || {
        paused_runtime().block_on(job())
    })
}

thread_local! {
    /// Set on the watchdog thread of a [`property`].
    static WATCHED: Cell<bool> = const { Cell::new(false) };
    /// The runtime a [`property`]'s fan-outs share.
    static SHARED_RUNTIME: tokio::runtime::Runtime = paused_runtime();
}

/// [`on_paused_clock`] for the cancellation case: the counts at the drop and later.
fn stats_on_paused_clock(job: Job<(Stats, Stats)>) -> (Stats, Stats) {
    testkit::watchdog::within(WATCHDOG, "a dropped fetch_all", move || {
        paused_runtime().block_on(job())
    })
}

/// The oracle's outcome.
fn oracle(latencies: &[u64], max: usize, timeout_ms: u64) -> Outcome {
    fan_out::<Sequential>(latencies, max, timeout_ms)
}

/// A property of one fan-out, given its latencies, limit and timeout in ms.
type Property = fn(&[u64], usize, u64) -> Result<(), TestCaseError>;

/// Runs `test` on random fan-outs ([`fan_outs`]) under one watchdog, explaining a
/// failure by its latencies, limit and timeout.
fn property(test: Property) {
    testkit::watchdog::within(WATCHDOG, "a property of fetch_all", move || {
        WATCHED.with(|w| w.set(true));
        check_explained(
            &fan_outs(),
            |(latencies, max, timeout)| describe(latencies, *max, *timeout),
            |(latencies, max, timeout)| test(&latencies, max, timeout),
        );
    });
}

/// `describe` of a fan-out, for messages: "5 calls of [10, 20] ms, limit 2, timeout 1000 ms".
fn describe(latencies: &[u64], max: usize, timeout_ms: u64) -> String {
    format!(
        "{} calls of {latencies:?} ms, limit {max}, timeout {timeout_ms} ms",
        latencies.len()
    )
}

/// What each call should give: its index, or `TimedOut` when its latency passes the
/// timeout.
fn expected_results(latencies: &[u64], timeout_ms: u64) -> Vec<Result<usize, CallError>> {
    latencies
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            if l > timeout_ms {
                Err(CallError::TimedOut)
            } else {
                Ok(i)
            }
        })
        .collect()
}

/// No items: no calls, an empty result, at once.
pub fn an_empty_input_gives_no_results<F: FetchAll + 'static>() {
    let out = fan_out::<F>(&[], 4, 1_000);
    assert!(
        out.results.is_empty(),
        "fetch_all over no items should return an empty Vec, got {:?}",
        out.results
    );
    assert_eq!(
        out.stats.started, 0,
        "fetch_all over no items should start no call"
    );
    assert_eq!(
        out.elapsed_ms, 0,
        "fetch_all over no items should return at once, without waiting on anything"
    );
}

/// Calls that finish in reverse order (50, 40, 30, 20, 10 ms, all at once) still give
/// their results in input order.
pub fn results_come_back_in_input_order<F: FetchAll + 'static>() {
    let latencies = [50, 40, 30, 20, 10];
    let out = fan_out::<F>(&latencies, 5, 1_000);
    assert_eq!(
        out.results,
        vec![Ok(0), Ok(1), Ok(2), Ok(3), Ok(4)],
        "{}: the calls finish last-first, but result i must be call i's: store each \
         result at its input index",
        describe(&latencies, 5, 1_000)
    );
    assert_eq!(
        (out.stats.started, out.stats.finished),
        (5, 5),
        "every call should start once and finish (started, finished)"
    );
}

/// With a limit of 1 the fan-out is sequential: one call at a time, 5 × 10 ms = 50 ms.
pub fn a_limit_of_one_runs_the_calls_one_at_a_time<F: FetchAll + 'static>() {
    let latencies = [10; 5];
    let out = fan_out::<F>(&latencies, 1, 1_000);
    assert_eq!(out.results, expected_results(&latencies, 1_000));
    assert_eq!(
        out.stats.max_in_flight,
        1,
        "{}: at most 1 call may be in flight, but {} were at once",
        describe(&latencies, 1, 1_000),
        out.stats.max_in_flight
    );
    assert_eq!(
        out.elapsed_ms,
        50,
        "{}: one at a time takes 5 x 10 ms of virtual time",
        describe(&latencies, 1, 1_000)
    );
}

/// One call of 1 s among calls of 10 ms, with a 100 ms timeout: that call alone gives
/// `Err(TimedOut)` and is cancelled; the others answer.
pub fn a_slow_call_times_out_alone<F: FetchAll + 'static>() {
    let latencies = [10, 10, 1_000, 10, 10];
    let out = fan_out::<F>(&latencies, 5, 100);
    assert_eq!(
        out.results,
        vec![Ok(0), Ok(1), Err(CallError::TimedOut), Ok(3), Ok(4)],
        "{}: call 2 runs past the timeout and only it should fail (wrap each call in \
         tokio::time::timeout)",
        describe(&latencies, 5, 100)
    );
    assert_eq!(
        (out.stats.finished, out.stats.cancelled),
        (4, 1),
        "the four fast calls should finish and the slow one be cancelled when it timed \
         out (finished, cancelled)"
    );
    assert!(
        out.elapsed_ms < 1_000,
        "{}: fetch_all took {} ms of virtual time: it waited for the slow call instead \
         of giving up on it at the 100 ms timeout",
        describe(&latencies, 5, 100),
        out.elapsed_ms
    );
}

/// Ten calls of 100 ms with a limit of 4: dropping the fan-out after 50 ms drops the 4
/// calls in flight and starts no other, even when time goes on.
pub fn dropping_the_future_cancels_the_calls_in_flight<F: FetchAll + 'static>() {
    let (at_drop, later) = stats_on_paused_clock(Box::new(|| {
        Box::pin(async {
            let service = FakeService::new();
            let fan_out = F::fetch_all(0..10, limit(4), Duration::from_secs(10), |i| {
                service.call(i, Duration::from_millis(100))
            });
            // The outer timeout drops the fan-out's future after 50 ms.
            let dropped = tokio::time::timeout(Duration::from_millis(50), fan_out).await;
            assert!(
                dropped.is_err(),
                "10 calls of 100 ms, limit 4, cannot all finish within 50 ms, but \
                 fetch_all returned {:?}",
                dropped.map(|r| r.len())
            );
            let at_drop = service.stats();
            tokio::time::sleep(Duration::from_secs(1)).await;
            (at_drop, service.stats())
        })
    }));
    assert!(
        at_drop.started > 0,
        "after 50 ms no call had started: fetch_all should start calls as soon as it is \
         polled"
    );
    assert_eq!(
        (at_drop.in_flight, at_drop.cancelled, at_drop.finished),
        (0, at_drop.started, 0),
        "dropping the fan-out should drop every call in flight ({} started): keep the \
         calls' futures inside fetch_all's own future, not in spawned tasks \
         (in flight, cancelled, finished)",
        at_drop.started
    );
    assert_eq!(
        later.started,
        at_drop.started,
        "after the fan-out was dropped, {} more calls started: nothing may run once \
         its future is gone",
        later.started - at_drop.started
    );
}

fn fan_outs() -> impl Strategy<Value = (Vec<u64>, usize, u64)> {
    // Latencies are multiples of 10 ms and timeouts end in 5 ms, so no call finishes on
    // the very tick its timeout fires (which of the two wins is unspecified).
    (
        prop::collection::vec((0u64..=20).prop_map(|t| t * 10), 0..40),
        1usize..=12,
        (0u64..=20).prop_map(|t| t * 10 + 5),
    )
}

/// For random latencies, limits and timeouts: the same results as the one-at-a-time
/// oracle, every call started once and accounted for, never more than `limit` at once.
pub fn agrees_with_the_sequential_oracle<F: FetchAll + 'static>() {
    property(|latencies, max, timeout| {
        let out = fan_out::<F>(latencies, max, timeout);
        let oracle = oracle(latencies, max, timeout);
        same(out.results, oracle.results, || {
            "the results (call i answers Ok(i); Err(TimedOut) when its latency passes the \
                 timeout)"
                .into()
        })?;
        let s = out.stats;
        same(s.started, latencies.len() as u64, || {
            "calls started (each item exactly once)".into()
        })?;
        same(
            (s.finished + s.cancelled, s.in_flight),
            (s.started, 0),
            || "(finished + cancelled, still in flight) when fetch_all returned".into(),
        )?;
        if s.max_in_flight > max as u64 {
            return Err(TestCaseError::fail(format!(
                "{} calls were in flight at once, above the limit of {max}",
                s.max_in_flight
            )));
        }
        Ok(())
    });
}

/// Twenty calls of 10 ms with a limit of 4: 4 in flight at once, never 5.
pub fn in_flight_calls_reach_the_limit_and_never_pass_it<F: FetchAll + 'static>() {
    let latencies = [10; 20];
    let out = fan_out::<F>(&latencies, 4, 1_000);
    assert_eq!(out.results, expected_results(&latencies, 1_000));
    assert_eq!(
        out.stats.max_in_flight,
        4,
        "{}: the most calls in flight at once should be the limit, 4 ({} means {})",
        describe(&latencies, 4, 1_000),
        out.stats.max_in_flight,
        if out.stats.max_in_flight > 4 {
            "the limit is not enforced"
        } else {
            "calls wait that could have run"
        }
    );
}

/// `n` calls of latency `L` with limit `k` take ⌈n / k⌉ × L: 10 calls of 20 ms at 3 take
/// 80 ms, 1,000 at 100 take 200 ms (against 20 s one at a time).
pub fn the_total_time_is_rounds_of_latency<F: FetchAll + 'static>() {
    for (n, k) in [(10, 3), (1_000, 100)] {
        let latencies = vec![20; n];
        let out = fan_out::<F>(&latencies, k, 1_000);
        assert_eq!(out.results, expected_results(&latencies, 1_000));
        let rounds = n.div_ceil(k) as u128;
        assert_eq!(
            out.elapsed_ms,
            rounds * 20,
            "{n} calls of 20 ms with limit {k} should take ceil({n}/{k}) = {rounds} rounds \
             of 20 ms of virtual time; one at a time would take {} ms",
            n * 20
        );
    }
}

/// Latencies 10, 100, 10, 10 ms with a limit of 2: calls 2 and 3 run in call 0's slot
/// while call 1 is still running, so the whole takes 100 ms; waiting for both calls of a
/// batch before the next batch takes 110 ms.
pub fn a_freed_slot_starts_the_next_call_at_once<F: FetchAll + 'static>() {
    let latencies = [10, 100, 10, 10];
    let out = fan_out::<F>(&latencies, 2, 1_000);
    assert_eq!(out.results, expected_results(&latencies, 1_000));
    assert_eq!(
        out.elapsed_ms,
        100,
        "{}: a slot that frees should start the next call at once (a sliding window, \
         {} ms would mean {})",
        describe(&latencies, 2, 1_000),
        out.elapsed_ms,
        if out.elapsed_ms == 110 {
            "batches: the next two calls waited for the slow one"
        } else {
            "something else"
        }
    );
}

/// When a sliding window of `limit` slots, filled in input order, finishes: each call
/// starts when the earliest slot frees and lasts its latency, or the timeout.
fn sliding_window_ms(latencies: &[u64], max: usize, timeout_ms: u64) -> u64 {
    let mut slots = vec![0u64; max];
    for &l in latencies {
        let earliest = slots.iter_mut().min().expect("a limit of at least 1 slot");
        *earliest += l.min(timeout_ms);
    }
    slots.into_iter().max().unwrap_or(0)
}

/// For random latencies, limits and timeouts, the fan-out ends exactly when a sliding
/// window would: each call starts the moment the earliest slot frees, in input order.
pub fn the_total_time_matches_a_sliding_window<F: FetchAll + 'static>() {
    property(|latencies, max, timeout| {
        let out = fan_out::<F>(latencies, max, timeout);
        same(
            out.elapsed_ms,
            u128::from(sliding_window_ms(latencies, max, timeout)),
            || {
                "virtual ms until the last result (a sliding window: each call starts as \
                     soon as a slot frees, and a call lasts its latency or the timeout)"
                    .into()
            },
        )
    });
}
