//! # Exercise: backoff with jitter, and an idempotency store
//!
//! Questions 5 and 24 ask about idempotency and fault tolerance. Build the two pieces
//! a retrying client and a safe server need, by implementing the contract's traits
//! below:
//!
//! 1. `Backoff`, a `Schedule`: the delays between retries, an
//!    `Iterator<Item = Duration>`. With `v = min(cap, base × factor^n)` for the n-th
//!    delay (n from 0): no jitter gives `v`; full jitter uniform in `[0, v]`; equal
//!    jitter `v/2` plus uniform in `[0, v/2]`; decorrelated
//!    `min(cap, uniform in [base, 3 × previous])`, with `previous` starting at `base`.
//! 2. `IdempotencyStore`, an `Idempotency` store: responses by `Idempotency-Key`. A
//!    first request runs; a repeat after it finished gets its stored response; a repeat
//!    while it runs is `StoreError::InProgress` (409); the key with another payload is
//!    `StoreError::PayloadMismatch` (422); no key is `StoreError::MissingKey` (400);
//!    records expire `ttl` after their request began. Use `tokio::time::Instant` for
//!    time, so the TTL case can run on a paused clock.
//!
//! The tests are the same conformance cases the reference passes. Run them with
//! `cargo lab check retry`; stuck, run `cargo lab hint retry`. Each `// TODO:` marks a
//! place to edit.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables, unused_mut, dead_code)]

use std::time::Duration;

use dashmap::DashMap;
use rand::SeedableRng;
use tokio::time::Instant;

pub use retry_contract::{Idempotency, Jitter, Schedule, StoreError};

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

impl Schedule for Backoff {
    /// `base`, doubling up to `cap`, no jitter, no end, and a jitter stream of its own:
    /// seeded from fresh entropy, so clients that fail together do not retry together.
    /// (`RandomState::new()` draws new random keys on every call: hashing anything with
    /// it gives a seed no other `Backoff` shares.)
    fn exponential(base: Duration, cap: Duration) -> Self {
        Backoff {
            base,
            cap,
            factor: 2.0,
            jitter: Jitter::None,
            max_retries: None,
            rng: rand::rngs::Xoshiro256PlusPlus::seed_from_u64(std::hash::BuildHasher::hash_one(
                &std::collections::hash_map::RandomState::new(),
                0u8,
            )),
            retries: 0,
            previous: base,
        }
    }

    /// The growth factor.
    fn factor(mut self, factor: f64) -> Self {
        self.factor = factor;
        self
    }

    /// The jitter kind.
    fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// Yield this many delays, then `None`.
    fn max_retries(mut self, retries: usize) -> Self {
        // TODO: remember the limit; `next` stops once `retries` reaches it.
        todo!("max_retries")
    }

    /// Draw the jitter from this seed: the same seed gives the same schedule.
    fn seed(mut self, seed: u64) -> Self {
        // TODO: replace `rng` with a generator seeded from `seed`.
        todo!("seed")
    }
}

impl Iterator for Backoff {
    type Item = Duration;

    /// The next delay, or `None` after `max_retries` delays.
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

impl Idempotency for IdempotencyStore {
    /// An empty store whose records expire `ttl` after their request began.
    fn new(ttl: Duration) -> Self {
        IdempotencyStore {
            ttl,
            records: DashMap::new(),
        }
    }

    /// Starts a request: `Ok(None)` to run it, `Ok(Some(response))` to replay, or the
    /// `StoreError` that refuses it.
    fn start(&self, key: Option<&str>, payload: &[u8]) -> Result<Option<String>, StoreError> {
        // TODO: no key is an error; then decide, in one step under the map's lock, between
        // running (a new or expired key), replaying, and refusing.
        todo!("start")
    }

    /// The request with `key` finished: store its response.
    fn finish(&self, key: &str, response: String) {
        // TODO: keep the response where a repeat of the key will find it.
        todo!("finish")
    }

    /// The request with `key` failed before committing: release the key.
    fn abandon(&self, key: &str) {
        // TODO: forget the key, but only while its request is still running.
        todo!("abandon")
    }
}
