//! The naive oracles: a token bucket counted in whole nanoseconds with its keys in a
//! vector searched front to back, and the authorization matrix read as a table.

use std::sync::Mutex;
use std::time::Duration;

use crate::{Access, Caller, Column, Limiter, Policy, RetryAfter, Role, Route, expected_access};

/// The obvious rate limiter: each key has a bucket of `burst` tokens that refills at
/// `rate_per_sec`; a request takes one token or is refused.
///
/// Tokens are counted as nanoseconds of credit, one token being the emission interval
/// `T = ceil(1e9 / rate)` nanoseconds, so the arithmetic is exact. GCRA makes the same
/// decisions from one stored time per key (the module docs of the reference prove it);
/// this is the version that is easy to believe, and the property cases compare the two.
///
/// Every key lives in one vector behind one lock, searched front to back: O(keys) per
/// request, fine for an oracle.
#[derive(Debug)]
pub struct TokenBucket {
    interval: u64,
    capacity: u64,
    buckets: Mutex<Vec<Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    key: String,
    /// Nanoseconds of credit, at most `capacity`; a request needs `interval`.
    credit: u64,
    /// When `credit` was last brought up to date.
    updated: u64,
}

/// The emission interval in whole nanoseconds, rounded up (so the limiter never lets
/// more through than the rate), and the bucket's capacity, `burst` intervals.
///
/// # Panics
///
/// On a rate that is not finite and above zero, or a burst of 0.
pub(crate) fn interval_and_capacity(rate_per_sec: f64, burst: u32) -> (u64, u64) {
    assert!(
        rate_per_sec.is_finite() && rate_per_sec > 0.0,
        "rate_per_sec must be a finite number above zero, got {rate_per_sec}"
    );
    assert!(
        burst > 0,
        "burst must be at least 1: a burst of 0 refuses every request"
    );
    let interval = (1e9 / rate_per_sec).ceil().clamp(1.0, u64::MAX as f64) as u64;
    (interval, interval.saturating_mul(u64::from(burst)))
}

/// A time as whole nanoseconds, saturating past 584 years.
pub(crate) fn nanos(time: Duration) -> u64 {
    u64::try_from(time.as_nanos()).unwrap_or(u64::MAX)
}

impl Limiter for TokenBucket {
    fn new(rate_per_sec: f64, burst: u32) -> Self {
        let (interval, capacity) = interval_and_capacity(rate_per_sec, burst);
        TokenBucket {
            interval,
            capacity,
            buckets: Mutex::new(Vec::new()),
        }
    }

    fn check_at(&self, key: &str, now: Duration) -> Result<(), RetryAfter> {
        let now = nanos(now);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let index = match buckets.iter().position(|b| b.key == key) {
            Some(index) => index,
            None => {
                buckets.push(Bucket {
                    key: key.to_owned(),
                    credit: self.capacity,
                    updated: now,
                });
                buckets.len() - 1
            }
        };
        let bucket = &mut buckets[index];
        // Time that goes backwards refills nothing.
        let elapsed = now.saturating_sub(bucket.updated);
        bucket.credit = bucket.credit.saturating_add(elapsed).min(self.capacity);
        bucket.updated = bucket.updated.max(now);
        if bucket.credit >= self.interval {
            bucket.credit -= self.interval;
            Ok(())
        } else {
            Err(RetryAfter(Duration::from_nanos(
                self.interval - bucket.credit,
            )))
        }
    }
}

/// The authorization policy read straight off [`expected_access`], the written-out
/// matrix: the caller is placed in a column (anonymous, owner, another customer,
/// support, admin) and the cell is the answer; a missing order turns an allowed read
/// or delete into a 404.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableOracle;

impl Policy for TableOracle {
    fn decide(caller: Option<Caller>, route: Route, order_owner: Option<u64>) -> Access {
        let column = match caller {
            None => Column::Anonymous,
            Some(Caller {
                role: Role::Support,
                ..
            }) => Column::Support,
            Some(Caller {
                role: Role::Admin, ..
            }) => Column::Admin,
            Some(Caller {
                user,
                role: Role::Customer,
            }) => {
                if !route.names_an_order() || order_owner == Some(user) {
                    Column::Owner
                } else {
                    Column::OtherCustomer
                }
            }
        };
        match expected_access(column, route) {
            Access::Allow if route.names_an_order() && order_owner.is_none() => Access::NotFound,
            access => access,
        }
    }
}
