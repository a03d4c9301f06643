#![doc = include_str!("../README.md")]

mod backoff;
mod breaker;
pub mod conformance;
pub mod demo;
mod policy;
pub mod service;
mod store;

pub use backoff::{Backoff, Jitter};
pub use breaker::{BreakerConfig, BreakerState, CircuitBreaker, Rejected};
pub use policy::{GaveUp, RetryBudget, RetryError, RetryPolicy, Verdict, retry};
pub use store::{Begin, IdempotencyStore, StoreError, Ticket};

/// What the conformance suite asks of an idempotency store: implemented by
/// [`IdempotencyStore`] and the exercise's store. Responses are `String`s.
pub trait Idempotency: Sized {
    /// An empty store whose records expire `ttl` after their request began.
    fn new(ttl: std::time::Duration) -> Self;

    /// Starts a request: `Ok(None)` means "run it" (then call
    /// [`finish`](Self::finish)), `Ok(Some(response))` means "send this stored
    /// response".
    ///
    /// # Errors
    ///
    /// As [`IdempotencyStore::begin`].
    fn start(&self, key: Option<&str>, payload: &[u8]) -> Result<Option<String>, StoreError>;

    /// The request started with `key` finished with `response`: store it.
    fn finish(&self, key: &str, response: String);

    /// The request started with `key` failed before committing: release the key.
    fn abandon(&self, key: &str);
}

impl Idempotency for IdempotencyStore<String> {
    fn new(ttl: std::time::Duration) -> Self {
        IdempotencyStore::new(ttl)
    }

    fn start(&self, key: Option<&str>, payload: &[u8]) -> Result<Option<String>, StoreError> {
        Ok(match self.begin(key, payload)? {
            Begin::Run(ticket) => {
                ticket.detach();
                None
            }
            Begin::Replay(response) => Some(response),
        })
    }

    fn finish(&self, key: &str, response: String) {
        self.complete(key, response);
    }

    fn abandon(&self, key: &str) {
        IdempotencyStore::abandon(self, key);
    }
}

/// What the conformance suite asks of a backoff: the builder and the iterator of
/// [`Backoff`]. Implemented by [`Backoff`] and the exercise's.
pub trait Schedule: Iterator<Item = std::time::Duration> + Sized {
    /// See [`Backoff::exponential`].
    fn exponential(base: std::time::Duration, cap: std::time::Duration) -> Self;
    /// See [`Backoff::factor`].
    fn factor(self, factor: f64) -> Self;
    /// See [`Backoff::jitter`].
    fn jitter(self, jitter: Jitter) -> Self;
    /// See [`Backoff::max_retries`].
    fn max_retries(self, retries: usize) -> Self;
    /// See [`Backoff::seed`].
    fn seed(self, seed: u64) -> Self;
}

impl Schedule for Backoff {
    fn exponential(base: std::time::Duration, cap: std::time::Duration) -> Self {
        Backoff::exponential(base, cap)
    }
    fn factor(self, factor: f64) -> Self {
        Backoff::factor(self, factor)
    }
    fn jitter(self, jitter: Jitter) -> Self {
        Backoff::jitter(self, jitter)
    }
    fn max_retries(self, retries: usize) -> Self {
        Backoff::max_retries(self, retries)
    }
    fn seed(self, seed: u64) -> Self {
        Backoff::seed(self, seed)
    }
}

/// A current-thread tokio runtime whose clock starts paused: time moves only when
/// every task waits on a timer, or on `tokio::time::advance`. The conformance suite's
/// TTL case and the demo's breaker run on it.
pub(crate) fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a paused-clock runtime")
}

/// This concept as the `lab` CLI lists it: questions 5 and 24.
pub fn topic() -> evidence::Topic {
    evidence::Topic {
        id: "retry",
        questions: &[5, 24],
        title: "Idempotent retries: backoff with jitter, idempotency keys, circuit breakers",
        answer: include_str!("../README.md"),
        demo: evidence::Demo {
            run: demo::run,
            default_size: 2_000,
            small_size: 500,
            size_means: "payments sent through the faulty service",
        },
        exercise_dir: "exercises/retry",
        cases: conformance::CASES,
        bench: "retry",
    }
}
