#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod backoff;
mod breaker;
pub mod demo;
mod policy;
pub mod service;
mod store;

pub use backoff::Backoff;
pub use breaker::{BreakerConfig, BreakerState, CircuitBreaker, Rejected};
pub use policy::{GaveUp, RetryBudget, RetryError, RetryPolicy, Verdict, retry};
pub use store::{Begin, IdempotencyStore, Ticket};

/// The contract this crate implements: the [`Schedule`] and [`Idempotency`] traits the
/// conformance cases are written against, and the types their signatures use,
/// [`Jitter`] and [`StoreError`].
pub use retry_contract::{Idempotency, Jitter, Schedule, StoreError};

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
