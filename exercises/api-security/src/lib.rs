//! # Exercise: a rate limiter and an authorization check (questions 19 and 20)
//!
//! Two defences of an API, small enough to write by hand and easy to get subtly wrong.
//!
//! **1. `RateLimiter`**: each key (a user, an API key) may send `burst` requests at once
//! and then `rate_per_sec` per second. `check_at(key, now)` answers `Ok(())` and counts
//! the request, or `Err(RetryAfter(wait))`, counts nothing, and says how long until a
//! request would pass. Over any window of length W, at most `burst + rate × W` requests
//! of one key may pass. Use GCRA: one number per key, its *theoretical arrival time*
//! (TAT), in nanoseconds:
//!
//! ```text
//! T   = ceil(1e9 / rate)   nanoseconds between requests at the sustained rate
//! tau = burst × T          how far ahead of `now` a key's TAT may run
//! request at now:  new_tat = max(tat, now) + T      (a fresh key has tat = now)
//!                  passes  if new_tat − tau <= now, and then tat = new_tat
//!                  (in u64 nanoseconds write it new_tat <= now + tau: new_tat − tau
//!                  underflows while now is smaller than tau)
//!                  refused otherwise, with RetryAfter(new_tat − tau − now)
//! ```
//!
//! `check_at` takes `&self` and must be safe to call from many threads at once.
//!
//! **2. `OrderPolicy::decide`**: whether a caller may use a route of the orders API,
//! checked in this order: no caller is 401 (`Access::Unauthenticated`); a role not in
//! `route.roles()` is 403 (`Access::Forbidden`); on a route that names an order
//! (`route.names_an_order()`), a missing order, or a customer asking for someone
//! else's order, is 404 (`Access::NotFound`), so a foreign id looks like a missing one.
//! Support and admins see every order.
//!
//! Run `cargo lab check api-security`; the cases go in teaching order, limiter first.
//! `cargo lab hint api-security` gives one hint at a time.

use std::time::Duration;

pub use api_security_contract::{Access, Caller, Limiter, Policy, RetryAfter, Role, Route};

/// A thread-safe keyed rate limiter (GCRA).
#[derive(Debug)]
pub struct RateLimiter {
    // TODO: the emission interval T and the tolerance tau, in nanoseconds, and the
    // per-key state: a map from the key to its TAT, behind a lock so `&self` can change
    // it (`std::sync::Mutex<std::collections::HashMap<String, u64>>` is enough).
}

impl RateLimiter {
    /// A limiter that lets each key send `burst` requests at once and `rate_per_sec` per
    /// second after that.
    ///
    /// # Panics
    ///
    /// If `rate_per_sec` is not a finite number above zero, or `burst` is 0.
    pub fn new(rate_per_sec: f64, burst: u32) -> Self {
        // TODO: check the arguments (assert! with a message), compute T rounded up (so
        // the limiter never allows more than the rate) and tau, and start with no keys.
        let _ = (rate_per_sec, burst);
        todo!("compute T = ceil(1e9 / rate) and tau = burst × T; start with no keys")
    }

    /// Decides one request from `key` at `now`: `Ok(())` lets it through; a refusal
    /// stores nothing and says how long until a request would pass.
    pub fn check_at(&self, key: &str, now: Duration) -> Result<(), RetryAfter> {
        // TODO: turn `now` into nanoseconds, look up the key's TAT (a fresh key: `now`),
        // apply the GCRA rule above, and store the new TAT only when the request passes.
        // Do the look-up, the decision and the store under one lock, or two threads can
        // spend the same credit.
        let _ = (key, now);
        todo!("the GCRA decision for one request")
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

/// The orders API's authorization policy.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrderPolicy;

impl Policy for OrderPolicy {
    fn decide(caller: Option<Caller>, route: Route, order_owner: Option<u64>) -> Access {
        // TODO: 401 without a caller; 403 when `route.roles()` does not contain the
        // caller's role; on a route that names an order, 404 when the order is missing
        // or a customer does not own it; otherwise allow.
        let _ = (caller, route, order_owner);
        todo!("authentication, then the role on the route, then the object")
    }
}
