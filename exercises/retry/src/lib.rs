//! # Exercise: backoff with jitter, and an idempotency store
//!
//! Questions 5 and 24 ask about idempotency and fault tolerance. Build the two pieces
//! a retrying client and a safe server need:
//!
//! 1. `Backoff`: the delays between retries, an `Iterator<Item = Duration>`. With
//!    `v = min(cap, base × factor^n)` for the n-th delay (n from 0): no jitter gives
//!    `v`; full jitter uniform in `[0, v]`; equal jitter `v/2` plus uniform in
//!    `[0, v/2]`; decorrelated `min(cap, uniform in [base, 3 × previous])`, with
//!    `previous` starting at `base`.
//! 2. `IdempotencyStore`: responses by `Idempotency-Key`. A first request runs; a
//!    repeat after it finished gets its stored response; a repeat while it runs is
//!    `StoreError::InProgress` (409); the key with another payload is
//!    `StoreError::PayloadMismatch` (422); no key is `StoreError::MissingKey` (400);
//!    records expire `ttl` after their request began. Use `tokio::time::Instant` for
//!    time, so the TTL case can run on a paused clock.
//!
//! Run the tests with `cargo lab check retry`; stuck, run `cargo lab hint retry`.
//! Each `// TODO:` marks a place to edit.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables, unused_mut, dead_code)]

use std::time::Duration;

use dashmap::DashMap;
use rand::SeedableRng;
use tokio::time::Instant;

pub use retry::{Jitter, StoreError};

/// Exponential backoff with jitter.
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    factor: f64,
    jitter: Jitter,
    max_retries: Option<usize>,
    rng: rand::rngs::Xoshiro256PlusPlus,
    /// Delays yielded so far: the `n` of the formulas.
    retries: usize,
    /// The previous delay, for decorrelated jitter.
    previous: Duration,
}

impl Backoff {
    /// `base`, doubling up to `cap`, no jitter, no end, seed 0.
    pub fn exponential(base: Duration, cap: Duration) -> Self {
        Backoff {
            base,
            cap,
            factor: 2.0,
            jitter: Jitter::None,
            max_retries: None,
            rng: rand::rngs::Xoshiro256PlusPlus::seed_from_u64(0),
            retries: 0,
            previous: base,
        }
    }

    /// The growth factor.
    pub fn factor(mut self, factor: f64) -> Self {
        self.factor = factor;
        self
    }

    /// The jitter kind.
    pub fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// Yield this many delays, then `None`.
    pub fn max_retries(mut self, retries: usize) -> Self {
        // TODO
        todo!("max_retries")
    }

    /// Draw the jitter from this seed.
    pub fn seed(mut self, seed: u64) -> Self {
        // TODO
        todo!("seed")
    }
}

impl Iterator for Backoff {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        // TODO: stop after max_retries; compute v; apply the jitter; count the retry.
        todo!("next")
    }
}

/// Responses (`String`s) by idempotency key.
#[derive(Debug)]
pub struct IdempotencyStore {
    ttl: Duration,
    // TODO: a map from key to what you need to remember about its request: a
    // fingerprint of the payload, whether it is still running or its response, and
    // when it expires. For example:
    records: DashMap<String, Record>,
}

/// What the store remembers about one key (change it as you like).
#[derive(Debug)]
struct Record {
    payload: Vec<u8>,
    response: Option<String>,
    expires: Instant,
}

impl IdempotencyStore {
    /// An empty store whose records expire `ttl` after their request began.
    pub fn new(ttl: Duration) -> Self {
        IdempotencyStore {
            ttl,
            records: DashMap::new(),
        }
    }

    /// Starts a request: `Ok(None)` to run it, `Ok(Some(response))` to replay.
    pub fn start(&self, key: Option<&str>, payload: &[u8]) -> Result<Option<String>, StoreError> {
        // TODO
        todo!("start")
    }

    /// The request with `key` finished: store its response.
    pub fn finish(&self, key: &str, response: String) {
        // TODO
        todo!("finish")
    }

    /// The request with `key` failed before committing: release the key.
    pub fn abandon(&self, key: &str) {
        // TODO
        todo!("abandon")
    }
}

/// What the conformance suite calls: forwards to the methods above.
impl retry::Schedule for Backoff {
    fn exponential(base: Duration, cap: Duration) -> Self {
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

/// What the conformance suite calls: forwards to the methods above.
impl retry::Idempotency for IdempotencyStore {
    fn new(ttl: Duration) -> Self {
        IdempotencyStore::new(ttl)
    }
    fn start(&self, key: Option<&str>, payload: &[u8]) -> Result<Option<String>, StoreError> {
        IdempotencyStore::start(self, key, payload)
    }
    fn finish(&self, key: &str, response: String) {
        IdempotencyStore::finish(self, key, response);
    }
    fn abandon(&self, key: &str) {
        IdempotencyStore::abandon(self, key);
    }
}
