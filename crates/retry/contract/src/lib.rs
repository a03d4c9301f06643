//! The retry contract: what questions 5 and 24's reference and the learner's exercise
//! both implement, and the cases both must pass.
//!
//! - [`Schedule`]: a backoff schedule, the delays before successive retries, with
//!   [`Jitter`] to spread them;
//! - [`Idempotency`]: an idempotency store, responses by `Idempotency-Key`, refusing
//!   with a [`StoreError`] and its HTTP status;
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest (the backoff first, then the store), with property tests for the jitter
//!   envelopes and the seeds;
//! - [`paused_runtime`]: the tokio runtime on a paused clock that the TTL case (and the
//!   reference's breaker demo) runs on;
//! - [`conformance_tests!`]: one `#[test]` per case for a backoff type and a store type.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/retry/tests/conformance.rs
//! retry_contract::conformance_tests!(backoff: retry_exercise::Backoff, store: retry_exercise::IdempotencyStore);
//! ```

#![forbid(unsafe_code)]

pub mod cases;

use std::time::Duration;

/// How a [`Schedule`] randomises its delays. With `v = min(cap, base × factor^n)` the
/// plain delay of the n-th retry (n from 0), the formulas of the AWS Architecture
/// Blog's "Exponential Backoff And Jitter" (Marc Brooker, 2015).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Jitter {
    /// The exponential schedule itself: `v`.
    None,
    /// Uniform between zero and the exponential delay, `[0, v]`: the most spread, the
    /// fewest calls in the AWS measurements.
    Full,
    /// Half the exponential delay, plus uniform up to the other half, `v/2 + [0, v/2]`:
    /// never very short.
    Equal,
    /// Uniform between `base` and three times the previous delay, capped:
    /// `min(cap, [base, 3 × previous])` with `previous` starting at `base`. Grows
    /// roughly like the exponential schedule without a retry counter.
    Decorrelated,
}

/// A backoff schedule: the delays before successive retries, as an
/// `Iterator<Item = Duration>` built with these methods.
///
/// ```text
/// S::exponential(100 ms, 1 s).max_retries(6)  yields  100, 200, 400, 800, 1000, 1000 ms
/// ```
///
/// The reference `retry::Backoff` implements it by delegating to its inherent builder
/// methods; the exercise's `Backoff` implements it directly.
pub trait Schedule: Iterator<Item = Duration> + Sized {
    /// Delays `base`, `base × 2`, `base × 4`, ... up to `cap`: factor 2, no jitter, no
    /// end.
    fn exponential(base: Duration, cap: Duration) -> Self;

    /// The growth factor per retry (default 2.0): `v = min(cap, base × factor^n)`.
    fn factor(self, factor: f64) -> Self;

    /// How the delays are randomised (default [`Jitter::None`]).
    fn jitter(self, jitter: Jitter) -> Self;

    /// Yield `retries` delays, then `None` (default: no end).
    fn max_retries(self, retries: usize) -> Self;

    /// Draw the jitter from `seed`: the same seed gives the same schedule, and
    /// different seeds different ones.
    fn seed(self, seed: u64) -> Self;
}

/// Why an idempotency store refused a request, with the status the IETF draft "The
/// Idempotency-Key HTTP Header Field" gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// The request has no key and the endpoint requires one: 400.
    MissingKey,
    /// A request with this key is still running: 409. Retry later.
    InProgress,
    /// This key was used with a different payload: 422. A client bug, not retryable.
    PayloadMismatch,
}

impl StoreError {
    /// The HTTP status the draft gives this error. (Part of the contract, not of the
    /// exercise: the cases check which error the learner's store returns, and this maps
    /// it to the wire.)
    ///
    /// ```
    /// use retry_contract::StoreError;
    ///
    /// assert_eq!(StoreError::MissingKey.status(), 400);
    /// assert_eq!(StoreError::InProgress.status(), 409);
    /// assert_eq!(StoreError::PayloadMismatch.status(), 422);
    /// ```
    pub fn status(self) -> u16 {
        match self {
            StoreError::MissingKey => 400,
            StoreError::InProgress => 409,
            StoreError::PayloadMismatch => 422,
        }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StoreError::MissingKey => "this request needs an Idempotency-Key header",
            StoreError::InProgress => {
                "a request with this Idempotency-Key is still being processed"
            }
            StoreError::PayloadMismatch => "this Idempotency-Key was used with a different payload",
        })
    }
}

impl std::error::Error for StoreError {}

/// An idempotency store, as the conformance cases see it: responses (`String`s) by
/// idempotency key, so a retried request gets the first response instead of running
/// again.
///
/// | request | [`start`](Self::start) | HTTP |
/// |---|---|---|
/// | a key never seen (or expired) | `Ok(None)`: run it, then [`finish`](Self::finish) | the response |
/// | a key whose request finished, same payload | `Ok(Some(response))`, not run again | the stored status |
/// | a key whose request is still running | [`StoreError::InProgress`] | 409 |
/// | a key seen with a different payload | [`StoreError::PayloadMismatch`] | 422 |
/// | no key | [`StoreError::MissingKey`] | 400 |
///
/// Records expire `ttl` after their request began, by `tokio::time::Instant`, so the
/// TTL case can run on a paused clock. The reference `retry::IdempotencyStore<String>`
/// implements it over its `begin`/`Ticket` API; the exercise's store implements it
/// directly.
pub trait Idempotency: Sized {
    /// An empty store whose records expire `ttl` after their request began.
    fn new(ttl: Duration) -> Self;

    /// Starts a request with `key` and `payload` (the request body, or whatever must
    /// match for a repeat to be the same request): `Ok(None)` means "run it" (then call
    /// [`finish`](Self::finish)), `Ok(Some(response))` means "send this stored
    /// response".
    ///
    /// # Errors
    ///
    /// [`StoreError::MissingKey`] without a key, [`StoreError::InProgress`] while an
    /// earlier request with the key runs, [`StoreError::PayloadMismatch`] when the key
    /// was used with another payload. Two threads starting the same key at once: one
    /// runs, the other gets `InProgress`.
    fn start(&self, key: Option<&str>, payload: &[u8]) -> Result<Option<String>, StoreError>;

    /// The request started with `key` finished with `response`: store it for repeats.
    fn finish(&self, key: &str, response: String);

    /// The request started with `key` failed before committing: release the key, so a
    /// retry runs afresh. A finished request's response stays.
    fn abandon(&self, key: &str);
}

/// A current-thread tokio runtime whose clock starts paused: time moves only when
/// every task waits on a timer, or on `tokio::time::advance`. The TTL case runs on it,
/// and the reference's breaker demo.
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
    /// Expands to one `#[test]` per case for a backoff type (a [`Schedule`]) and a store
    /// type (an [`Idempotency`] that is `Send + Sync`): the backoff's cases first, then
    /// the store's.
    ///
    /// ```text
    /// retry_contract::conformance_tests!(backoff: retry_exercise::Backoff, store: retry_exercise::IdempotencyStore);
    /// ```
    macro conformance_tests(backoff: $backoff:ty, store: $store:ty $(,)?) {
        /// The backoff under test.
        type ConformanceBackoff = $backoff;
        /// The store under test.
        type ConformanceStore = $store;
    }
    cases [$crate::cases] {
        the_plain_schedule_doubles_up_to_the_cap::<ConformanceBackoff>(),
        max_retries_ends_the_schedule::<ConformanceBackoff>(),
        the_factor_sets_the_growth::<ConformanceBackoff>(),
        every_jitter_stays_in_its_envelope::<ConformanceBackoff>(),
        seeds_reproduce::<ConformanceBackoff>(),
        full_jitter_uses_the_whole_range::<ConformanceBackoff>(),
        a_repeat_gets_the_stored_response::<ConformanceStore>(),
        a_repeat_while_running_is_a_conflict::<ConformanceStore>(),
        another_payload_is_unprocessable::<ConformanceStore>(),
        a_missing_key_is_a_bad_request::<ConformanceStore>(),
        an_abandoned_key_runs_again::<ConformanceStore>(),
        records_expire_after_the_ttl::<ConformanceStore>(),
        only_one_request_per_key_runs::<ConformanceStore>(),
    }
}
