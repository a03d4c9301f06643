//! A keyed rate limiter on GCRA, the Generic Cell Rate Algorithm.
//!
//! With rate r and burst b, the emission interval is `T = ceil(1e9 / r)` nanoseconds and
//! the tolerance `τ = b × T`. Each key stores one number, its *theoretical arrival time*
//! (TAT): when the key's next request would be exactly on schedule. A request at `now`
//! passes when `max(TAT, now) + T − τ ≤ now`, and then the TAT becomes
//! `max(TAT, now) + T`; a refusal stores nothing and says how long until it would pass.
//!
//! Why it is the token bucket in one number: the bucket's credit at `now` is
//! `τ − max(0, TAT − now)`; taking one token (T of credit) is moving the TAT by T, and
//! refilling with time is `now` catching up on the TAT. The contract's `TokenBucket`
//! oracle keeps the credit explicitly, and the property cases check both decide alike.
//!
//! Why the window bound holds: each pass moves the TAT forward by at least T, and a pass
//! at time t needs `TAT ≤ t + τ` afterwards. If k requests pass within a window
//! `[t₁, t₁ + W]`, the TAT after the last is at least `t₁ + kT` and at most
//! `t₁ + W + τ`, so `k ≤ b + W / T ≤ b + r × W` (T was rounded up).
//!
//! Why no arithmetic saturates: that proof needs every sum exact. A saturated TAT would
//! make `TAT − τ` come out as 0 and let everything through, so the limiter keeps all of
//! its times at or below [`RateLimiter::MAX_SPAN`] (2⁶² ns, about 146 years): [`RateLimiter::new`]
//! refuses a `τ` above it, and `check_at` counts any later `now` as `MAX_SPAN`. A stored
//! TAT is then at most `MAX_SPAN + τ ≤ 2⁶³`, and `max(TAT, now) + T` at most
//! `2⁶³ + 2⁶²`, well inside a `u64`. (Production limiters face the same edge: `governor`
//! keeps its times as `u64` nanoseconds too, and a rate below one request per century
//! is a configuration error, not a policy.)
//!
//! Concurrency: the keys are spread over shards, each a hash table behind a read-write
//! lock; a known key is decided under the shared lock by a compare-and-swap loop on its
//! `AtomicU64` TAT, so threads on different keys never wait on each other and threads on
//! one hot key retry only when another thread's request got in between. A new key takes
//! its shard's write lock once. (The `governor` crate does the same on a `DashMap`.)

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

use hashbrown::HashTable;

pub use api_security_contract::{Limiter, RetryAfter};

/// Shards of the key table: enough that 2 to 16 threads on different keys rarely share
/// a lock, few enough that an idle limiter is a few kilobytes.
const SHARDS: usize = 64;

/// A thread-safe keyed rate limiter: each key may send `burst` requests at once, then
/// `rate_per_sec` per second (GCRA; see the module docs).
///
/// O(1) per request: one hash of the key, one table probe, one compare-and-swap. Memory
/// is one entry (the key and a `u64`) per key seen; [`retain_recent`] drops keys whose
/// state carries no information any more.
///
/// [`retain_recent`]: RateLimiter::retain_recent
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use api_security::{RateLimiter, RetryAfter};
///
/// // 2 requests per second, bursts of 3.
/// let limiter = RateLimiter::new(2.0, 3);
/// let t0 = Duration::from_secs(100);
/// for _ in 0..3 {
///     assert_eq!(limiter.check_at("alice", t0), Ok(()));
/// }
/// assert_eq!(limiter.check_at("alice", t0), Err(RetryAfter(Duration::from_millis(500))));
/// assert_eq!(limiter.check_at("bob", t0), Ok(()), "keys are independent");
/// assert_eq!(limiter.check_at("alice", t0 + Duration::from_millis(500)), Ok(()));
/// ```
#[derive(Debug)]
pub struct RateLimiter {
    /// T: nanoseconds between requests at the sustained rate, at least 1.
    interval: u64,
    /// τ = burst × T: how far ahead of `now` a key's TAT may run after a pass.
    tolerance: u64,
    /// The origin of [`check`](RateLimiter::check)'s clock.
    started: Instant,
    hasher: foldhash::fast::FixedState,
    shards: Box<[RwLock<HashTable<Entry>>]>,
}

/// One key's state: its theoretical arrival time, in nanoseconds since the origin.
#[derive(Debug)]
struct Entry {
    key: Box<str>,
    tat: AtomicU64,
}

impl RateLimiter {
    /// The largest time, in nanoseconds, the limiter computes with (2⁶², about 146
    /// years): the most a tolerance `burst × interval` may be, and the value any later
    /// `now` is counted as. Two of them and an interval still fit in a `u64`, so the
    /// GCRA sums are exact.
    pub const MAX_SPAN: u64 = 1 << 62;

    /// A limiter that lets each key send `burst` requests at once and `rate_per_sec`
    /// requests per second after that.
    ///
    /// # Panics
    ///
    /// If `rate_per_sec` is not a finite number above zero, or `burst` is 0, or
    /// `burst` intervals of `1 / rate_per_sec` seconds come to more than
    /// [`MAX_SPAN`](Self::MAX_SPAN) nanoseconds (about 146 years): a rate that slow is
    /// a configuration error, and the limiter could not compute with it exactly.
    ///
    /// ```
    /// let limiter = api_security::RateLimiter::new(100.0, 20);
    /// assert_eq!(limiter.interval(), std::time::Duration::from_millis(10));
    /// ```
    pub fn new(rate_per_sec: f64, burst: u32) -> Self {
        assert!(
            rate_per_sec.is_finite() && rate_per_sec > 0.0,
            "rate_per_sec must be a finite number above zero, got {rate_per_sec}"
        );
        assert!(
            burst > 0,
            "burst must be at least 1: a burst of 0 refuses every request"
        );
        // Rounded up, so the sustained rate is never above the one asked for. A float
        // too large for a u64 converts to u64::MAX, which the test below refuses.
        let interval = (1e9 / rate_per_sec).ceil().max(1.0) as u64;
        // In u128 the product is exact: at most (2⁶⁴ − 1) × (2³² − 1).
        let span = u128::from(interval) * u128::from(burst);
        assert!(
            span <= u128::from(Self::MAX_SPAN),
            "burst {burst} at rate_per_sec {rate_per_sec} spans {span} ns, more than the \
             limit of 2^62 ns (about 146 years); raise the rate or lower the burst"
        );
        RateLimiter {
            interval,
            tolerance: interval * u64::from(burst),
            started: Instant::now(),
            hasher: foldhash::fast::FixedState::with_seed(0x5EC0_12E5),
            shards: (0..SHARDS).map(|_| RwLock::new(HashTable::new())).collect(),
        }
    }

    /// The emission interval T: the time one request's credit takes to come back.
    pub fn interval(&self) -> Duration {
        Duration::from_nanos(self.interval)
    }

    /// Decides one request from `key` at `now` (a time since any fixed origin, the same
    /// for every call): `Ok(())` lets it through; `Err(RetryAfter(wait))` refuses it,
    /// stores nothing, and promises that a request at `now + wait` would pass.
    ///
    /// A `now` earlier than the key's previous requests is decided against the stored
    /// schedule, which can only refuse more. A `now` later than
    /// [`MAX_SPAN`](Self::MAX_SPAN) (about 146 years) counts as `MAX_SPAN`, which can also only refuse more: from there on time
    /// stands still for the limiter, so a key that has used its burst stays refused and
    /// the promise of `wait` no longer holds.
    pub fn check_at(&self, key: &str, now: Duration) -> Result<(), RetryAfter> {
        let now = clamped_nanos(now);
        let hash = self.hasher.hash_one(key);
        let shard = &self.shards[shard_of(hash)];
        {
            let table = shard.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(entry) = table.find(hash, |e| &*e.key == key) {
                return self.update(&entry.tat, now);
            }
        }
        let mut table = shard.write().unwrap_or_else(PoisonError::into_inner);
        // Another thread may have inserted the key between the two locks.
        if let Some(entry) = table.find(hash, |e| &*e.key == key) {
            return self.update(&entry.tat, now);
        }
        // A fresh key behaves as one whose TAT is `now`: a full bucket.
        let new_tat = self.decide(now, now)?;
        let hasher = &self.hasher;
        table.insert_unique(
            hash,
            Entry {
                key: key.into(),
                tat: AtomicU64::new(new_tat),
            },
            |e| hasher.hash_one(&*e.key),
        );
        Ok(())
    }

    /// What [`check_at`](RateLimiter::check_at) would answer for `key` at `now`, without
    /// storing anything: a request that would pass is not counted. For a budget that
    /// only some requests spend, such as failed logins, while the others must still be
    /// refused once it is spent.
    ///
    /// ```
    /// use std::time::Duration;
    /// let limiter = api_security::RateLimiter::new(1.0, 1);
    /// let t0 = Duration::from_secs(5);
    /// assert!(limiter.peek_at("a", t0).is_ok());
    /// assert!(limiter.peek_at("a", t0).is_ok(), "peeking spends nothing");
    /// limiter.check_at("a", t0).unwrap();
    /// assert!(limiter.peek_at("a", t0).is_err());
    /// ```
    pub fn peek_at(&self, key: &str, now: Duration) -> Result<(), RetryAfter> {
        let now = clamped_nanos(now);
        let hash = self.hasher.hash_one(key);
        let table = self.shards[shard_of(hash)]
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        // A key never seen is a full bucket, as in `check_at`.
        let tat = table
            .find(hash, |e| &*e.key == key)
            .map_or(now, |entry| entry.tat.load(Ordering::Acquire));
        self.decide(tat, now).map(drop)
    }

    /// [`check_at`](RateLimiter::check_at) on the limiter's own monotonic clock, which
    /// starts when the limiter is made.
    pub fn check(&self, key: &str) -> Result<(), RetryAfter> {
        self.check_at(key, self.started.elapsed())
    }

    /// The time since the limiter was made: the `now` that [`check`](RateLimiter::check)
    /// uses.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Forgets every key whose TAT is at or before `now`: its bucket is full again, so
    /// its entry says nothing a fresh key would not. Bounds memory by the keys active in
    /// the last `burst × interval`. Returns how many keys were dropped.
    ///
    /// ```
    /// use std::time::Duration;
    /// let limiter = api_security::RateLimiter::new(10.0, 1);
    /// limiter.check_at("a", Duration::ZERO).unwrap();
    /// limiter.check_at("b", Duration::from_millis(50)).unwrap();
    /// assert_eq!(limiter.retain_recent(Duration::from_millis(100)), 1); // a's TAT was 100 ms
    /// assert_eq!(limiter.len(), 1);
    /// ```
    pub fn retain_recent(&self, now: Duration) -> usize {
        let now = clamped_nanos(now);
        let mut dropped = 0;
        for shard in &self.shards {
            let mut table = shard.write().unwrap_or_else(PoisonError::into_inner);
            let before = table.len();
            table.retain(|e| e.tat.load(Ordering::Acquire) > now);
            dropped += before - table.len();
        }
        dropped
    }

    /// The number of keys with stored state.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.read().unwrap_or_else(PoisonError::into_inner).len())
            .sum()
    }

    /// Whether no key has stored state.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The compare-and-swap loop on a known key's TAT.
    fn update(&self, tat: &AtomicU64, now: u64) -> Result<(), RetryAfter> {
        let mut current = tat.load(Ordering::Acquire);
        loop {
            let new_tat = self.decide(current, now)?;
            match tat.compare_exchange_weak(current, new_tat, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return Ok(()),
                // Another request on this key got in first: decide again on its TAT.
                Err(seen) => current = seen,
            }
        }
    }

    /// GCRA's decision for a key whose TAT is `tat`: the new TAT, or the wait.
    ///
    /// `now ≤ MAX_SPAN` and `tat ≤ MAX_SPAN + tolerance`, so the sum cannot overflow;
    /// `allowed_at` is compared before it is subtracted, so it cannot underflow either.
    fn decide(&self, tat: u64, now: u64) -> Result<u64, RetryAfter> {
        debug_assert!(now <= Self::MAX_SPAN && tat <= Self::MAX_SPAN + self.tolerance);
        let new_tat = tat.max(now) + self.interval;
        if new_tat <= now + self.tolerance {
            return Ok(new_tat);
        }
        // It passes at `new_tat − τ`, which is after `now`.
        Err(RetryAfter(Duration::from_nanos(
            new_tat - self.tolerance - now,
        )))
    }
}

impl Limiter for RateLimiter {
    fn new(rate_per_sec: f64, burst: u32) -> Self {
        RateLimiter::new(rate_per_sec, burst)
    }

    fn check_at(&self, key: &str, now: Duration) -> Result<(), RetryAfter> {
        RateLimiter::check_at(self, key, now)
    }
}

/// A time as whole nanoseconds, counting anything past `MAX_SPAN` as `MAX_SPAN`.
fn clamped_nanos(time: Duration) -> u64 {
    let max = RateLimiter::MAX_SPAN;
    u64::try_from(time.as_nanos()).map_or(max, |nanos| nanos.min(max))
}

/// The shard of a hash: its top bits (the table itself uses the low ones).
fn shard_of(hash: u64) -> usize {
    (hash >> 58) as usize % SHARDS
}
