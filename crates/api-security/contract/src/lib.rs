//! The api-security contract: what questions 19 and 20's reference and the learner's
//! exercise both implement, and the cases both must pass.
//!
//! Two pieces of an API's defences are small enough to write by hand and easy to get
//! subtly wrong:
//!
//! - [`Limiter`]: a per-key rate limiter (GCRA or a token bucket) that answers each
//!   request with `Ok(())` or a [`RetryAfter`] saying when the next request would pass;
//!   over any window of length W it lets at most `burst + rate × W` requests through;
//! - [`Policy`]: the authorization decision for one request, made in the order a server
//!   must make it: who is calling ([`Access::Unauthenticated`], 401), may their role use
//!   this route at all ([`Access::Forbidden`], 403), and may they see this object
//!   ([`Access::NotFound`], 404, so an order id that is not theirs looks like one that
//!   does not exist).
//!
//! Beside them: [`cases`], the named cases in teaching order (the topic's manifest lists
//! them); [`TokenBucket`], the naive oracle of the limiter (a token bucket counted in
//! whole nanoseconds, one entry per key in a vector); [`expected_access`], the oracle of
//! the policy (the authorization matrix written out as a table); and
//! [`conformance_tests!`], one `#[test]` per case.
//!
//! ```text
//! // exercises/api-security/tests/conformance.rs
//! api_security_contract::conformance_tests!(
//!     api_security_exercise::RateLimiter,
//!     api_security_exercise::OrderPolicy
//! );
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod naive;
mod policy;

pub use naive::{TableOracle, TokenBucket};
pub use policy::{Access, Caller, Column, Role, Route, expected_access};

use std::time::Duration;

/// A refusal from a rate limiter: the wait after which the same key's next request
/// would pass, if nothing else is sent in between.
///
/// Over HTTP it becomes `429 Too Many Requests` with a `Retry-After` header of
/// [`whole_seconds`](RetryAfter::whole_seconds) (RFC 9110 allows only whole seconds).
///
/// ```
/// use std::time::Duration;
/// use api_security_contract::RetryAfter;
///
/// assert_eq!(RetryAfter(Duration::from_millis(1)).whole_seconds(), 1);
/// assert_eq!(RetryAfter(Duration::from_millis(2_000)).whole_seconds(), 2);
/// assert_eq!(RetryAfter(Duration::from_millis(2_001)).whole_seconds(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// The wait in whole seconds, rounded up, as the `Retry-After` header carries it:
    /// rounding down would invite a retry that is refused again.
    pub fn whole_seconds(&self) -> u64 {
        let secs = self.0.as_secs();
        if self.0.subsec_nanos() > 0 {
            secs + 1
        } else {
            secs
        }
    }
}

/// The contract of a keyed rate limiter, as the conformance cases see it.
///
/// Time is passed in (`now`, a [`Duration`] since any fixed origin), so the cases are
/// exact and never wait on a clock. `now` is expected not to go backwards for a key; if
/// it does, the limiter decides as if the request came at the latest time seen, which
/// only ever refuses more.
///
/// ```
/// use std::time::Duration;
/// use api_security_contract::{Limiter, RetryAfter, TokenBucket};
///
/// // 2 requests per second, bursts of 3.
/// let limiter = TokenBucket::new(2.0, 3);
/// let t0 = Duration::ZERO;
/// for _ in 0..3 {
///     assert_eq!(limiter.check_at("alice", t0), Ok(()));
/// }
/// assert_eq!(limiter.check_at("alice", t0), Err(RetryAfter(Duration::from_millis(500))));
/// assert_eq!(limiter.check_at("bob", t0), Ok(()), "keys are independent");
/// assert_eq!(limiter.check_at("alice", Duration::from_millis(500)), Ok(()));
/// ```
pub trait Limiter: Send + Sync {
    /// A limiter that lets each key send `burst` requests at once and then
    /// `rate_per_sec` requests per second.
    ///
    /// # Panics
    ///
    /// If `rate_per_sec` is not a finite number above zero, or `burst` is 0 (a limiter
    /// that refuses everything is a configuration mistake).
    fn new(rate_per_sec: f64, burst: u32) -> Self
    where
        Self: Sized;

    /// Decides one request from `key` arriving at `now`: `Ok(())` lets it through and
    /// counts it; `Err(RetryAfter(wait))` refuses it, counts nothing, and says that a
    /// request at `now + wait` would pass.
    fn check_at(&self, key: &str, now: Duration) -> Result<(), RetryAfter>;
}

/// The contract of an authorization policy for the orders API.
///
/// ```
/// use api_security_contract::{Access, Caller, Policy, Role, Route, TableOracle};
///
/// let alice = Caller { user: 1, role: Role::Customer };
/// let bob = Caller { user: 2, role: Role::Customer };
/// // Alice owns order 7; Bob asking for it learns nothing, not even that it exists.
/// assert_eq!(TableOracle::decide(Some(alice), Route::ReadOrder, Some(1)), Access::Allow);
/// assert_eq!(TableOracle::decide(Some(bob), Route::ReadOrder, Some(1)), Access::NotFound);
/// assert_eq!(TableOracle::decide(None, Route::ReadOrder, Some(1)), Access::Unauthenticated);
/// ```
pub trait Policy {
    /// Decides whether `caller` (`None`: no valid credentials) may use `route`.
    ///
    /// `order_owner` is the owner of the order the route names (`GET /orders/{id}`,
    /// `DELETE /orders/{id}`), or `None` when there is no such order; routes that name
    /// no order ignore it. The checks run in this order: authentication (401), the role
    /// on the route (403), then the object (404 for an order that is missing or that the
    /// caller may not see, so both look the same).
    fn decide(caller: Option<Caller>, route: Route, order_owner: Option<u64>) -> Access;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a rate limiter type and a policy type,
    /// both implementing this crate's traits.
    ///
    /// ```text
    /// api_security_contract::conformance_tests!(my::RateLimiter, my::OrderPolicy);
    /// ```
    macro conformance_tests($limiter:ty, $policy:ty) {
        /// The limiter under test.
        type ConformanceLimiter = $limiter;
        /// The policy under test.
        type ConformancePolicy = $policy;
    }
    cases [$crate::cases] {
        a_fresh_key_gets_its_burst_at_once::<ConformanceLimiter>(),
        a_refusal_says_when_the_next_request_passes::<ConformanceLimiter>(),
        requests_pass_again_at_the_rate::<ConformanceLimiter>(),
        an_idle_key_saves_up_no_more_than_its_burst::<ConformanceLimiter>(),
        a_refused_request_costs_nothing::<ConformanceLimiter>(),
        keys_are_independent::<ConformanceLimiter>(),
        threads_sharing_a_key_get_exactly_its_burst::<ConformanceLimiter>(),
        no_window_lets_more_than_burst_plus_rate_times_its_length::<ConformanceLimiter>(),
        agrees_with_the_token_bucket_model::<ConformanceLimiter>(),
        anonymous_callers_get_401_everywhere::<ConformancePolicy>(),
        a_customer_cannot_use_admin_routes::<ConformancePolicy>(),
        another_customers_order_is_not_found::<ConformancePolicy>(),
        a_missing_order_is_404_even_for_admins::<ConformancePolicy>(),
        the_role_route_matrix_holds::<ConformancePolicy>(),
    }
}
