//! The sync-async contract: what question 3's reference and the learner's exercise
//! both implement, and the cases both must pass.
//!
//! - [`CallError`]: why one call of a fan-out has no result;
//! - [`FetchAll`]: a bounded, ordered fan-out with a timeout per call, the shape of
//!   `sync_async::fetch_all`;
//! - [`FakeService`]: an instrumented service on tokio's clock that counts the calls
//!   started, finished and cancelled, and the most ever in flight at once;
//! - [`Sequential`]: the naive oracle, one call at a time;
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest (what the results are first, then how many run at once and how long it
//!   takes);
//! - [`paused_runtime`]: the tokio runtime on a paused clock the cases run on;
//! - [`conformance_tests!`] and [`correctness_tests!`]: one `#[test]` per case.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/sync-async/tests/conformance.rs
//! sync_async_contract::conformance_tests!(sync_async_exercise::Fetcher);
//! ```

#![forbid(unsafe_code)]

pub mod cases;

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::num::NonZeroUsize;
use std::rc::Rc;
use std::time::Duration;

/// Why a call of a fan-out gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallError {
    /// The call ran past the fan-out's timeout and was cancelled (its future dropped).
    TimedOut,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::TimedOut => f.write_str("the call ran past its timeout and was cancelled"),
        }
    }
}

impl std::error::Error for CallError {}

/// A bounded fan-out: run `call` on every item with at most `limit` calls in flight,
/// each under `timeout`, and return the results in input order.
///
/// The contract, which the cases check on a paused clock:
///
/// - one result per item, in input order, whatever order the calls finish in;
/// - never more than `limit` calls in flight, and a call starts as soon as a slot
///   frees (a sliding window, not batches): `n` calls of latency `L` take
///   `⌈n / limit⌉ × L`;
/// - a call that runs past `timeout` gives `Err(CallError::TimedOut)` and is dropped;
///   the others go on;
/// - dropping the returned future drops every call in flight, and starts no more.
///
/// The reference `sync_async::Fetcher` implements it by calling
/// `sync_async::fetch_all`; the exercise's `Fetcher` calls the learner's `fetch_all`.
pub trait FetchAll {
    /// Runs `call` on every item of `items`, at most `limit` at once, each under
    /// `timeout`; the results come back in input order.
    fn fetch_all<I, F, Fut, T>(
        items: I,
        limit: NonZeroUsize,
        timeout: Duration,
        call: F,
    ) -> impl Future<Output = Vec<Result<T, CallError>>>
    where
        I: IntoIterator,
        F: FnMut(I::Item) -> Fut,
        Fut: Future<Output = T>;
}

/// The naive oracle: one call at a time, each under the timeout, in input order. It
/// gets every result right and ignores the limit, so it passes the correctness cases
/// ([`correctness_tests!`]) and fails those about concurrency and time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sequential;

impl FetchAll for Sequential {
    async fn fetch_all<I, F, Fut, T>(
        items: I,
        _limit: NonZeroUsize,
        timeout: Duration,
        mut call: F,
    ) -> Vec<Result<T, CallError>>
    where
        I: IntoIterator,
        F: FnMut(I::Item) -> Fut,
        Fut: Future<Output = T>,
    {
        let mut results = Vec::new();
        for item in items {
            let result = tokio::time::timeout(timeout, call(item)).await;
            results.push(result.map_err(|_| CallError::TimedOut));
        }
        results
    }
}

/// What a [`FakeService`] counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Calls polled at least once.
    pub started: u64,
    /// Calls that ran to their answer.
    pub finished: u64,
    /// Calls dropped after they started and before they answered: timed out or
    /// cancelled.
    pub cancelled: u64,
    /// Calls started and not yet finished or dropped.
    pub in_flight: u64,
    /// The most calls ever in flight at once.
    pub max_in_flight: u64,
}

/// A fake remote service on tokio's clock, instrumented: each [`call`](Self::call)
/// sleeps its latency (virtual time on a paused clock) and then answers, and the
/// service counts what happened to every call ([`Stats`]).
///
/// A call counts as started when it is first polled, not when its future is created:
/// a future does nothing until polled. Clones share the counters. It is `!Send`
/// (counters in `Rc<Cell>`): the cases run on one thread.
///
/// ```
/// use std::time::Duration;
///
/// use sync_async_contract::{FakeService, paused_runtime};
///
/// let service = FakeService::new();
/// paused_runtime().block_on(async {
///     assert_eq!(service.call(7, Duration::from_millis(20)).await, 7);
///     // Dropped after 5 ms of its 20: cancelled.
///     let _ = tokio::time::timeout(Duration::from_millis(5), service.call(8, Duration::from_millis(20))).await;
/// });
/// let stats = service.stats();
/// assert_eq!((stats.started, stats.finished, stats.cancelled, stats.in_flight), (2, 1, 1, 0));
/// ```
#[derive(Debug, Clone, Default)]
pub struct FakeService {
    stats: Rc<Cell<Stats>>,
}

impl FakeService {
    /// A service that has seen no calls.
    pub fn new() -> Self {
        FakeService::default()
    }

    /// A call that answers `value` after `latency`.
    pub fn call<T>(&self, value: T, latency: Duration) -> impl Future<Output = T> + use<T> {
        let stats = Rc::clone(&self.stats);
        async move {
            let mut call = InFlight::start(stats);
            tokio::time::sleep(latency).await;
            call.finished = true;
            value
        }
    }

    /// The counts so far.
    pub fn stats(&self) -> Stats {
        self.stats.get()
    }
}

/// One call in flight: counted in on creation, out on drop, as finished or cancelled.
struct InFlight {
    stats: Rc<Cell<Stats>>,
    finished: bool,
}

impl InFlight {
    fn start(stats: Rc<Cell<Stats>>) -> Self {
        let mut s = stats.get();
        s.started += 1;
        s.in_flight += 1;
        s.max_in_flight = s.max_in_flight.max(s.in_flight);
        stats.set(s);
        InFlight {
            stats,
            finished: false,
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut s = self.stats.get();
        s.in_flight -= 1;
        if self.finished {
            s.finished += 1;
        } else {
            s.cancelled += 1;
        }
        self.stats.set(s);
    }
}

/// A current-thread tokio runtime whose clock starts paused: time moves only when
/// every task waits on a timer, straight to the next timer, so a case's virtual time
/// is exact however busy the machine is.
///
/// # Panics
///
/// If tokio cannot build the runtime (it needs no I/O, so only when out of resources).
pub fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a paused-clock runtime")
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a [`FetchAll`] type: the correctness cases,
    /// then those about concurrency and time.
    ///
    /// ```text
    /// sync_async_contract::conformance_tests!(sync_async_exercise::Fetcher);
    /// ```
    macro conformance_tests($($fetcher:ident)::+) {
        /// The fan-out under test.
        type Subject = $($fetcher)::+;
    }
    /// The correctness cases only, for the sequential oracle, which ignores the limit.
    macro correctness_tests;
    cases [$crate::cases] {
        an_empty_input_gives_no_results::<Subject>(),
        results_come_back_in_input_order::<Subject>(),
        a_limit_of_one_runs_the_calls_one_at_a_time::<Subject>(),
        a_slow_call_times_out_alone::<Subject>(),
        dropping_the_future_cancels_the_calls_in_flight::<Subject>(),
        agrees_with_the_sequential_oracle::<Subject>(),
    }
    costs {
        in_flight_calls_reach_the_limit_and_never_pass_it::<Subject>(),
        the_total_time_is_rounds_of_latency::<Subject>(),
        a_freed_slot_starts_the_next_call_at_once::<Subject>(),
        the_total_time_matches_a_sliding_window::<Subject>(),
    }
}
