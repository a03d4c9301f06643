//! The async `retry` loop: a classifier, a backoff, an overall deadline, a server's
//! Retry-After, and a retry budget shared by every caller of a dependency.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use crate::Backoff;

/// What the classifier says about a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Do not retry: the error will not go away (a 4xx, a validation error), or the
    /// operation is not idempotent and may have happened.
    Permanent,
    /// Retry after the backoff's next delay.
    Retry,
    /// Retry, but not before this long: the server said so (`Retry-After`). The wait
    /// is the longer of this and the backoff's delay.
    RetryAfter(Duration),
}

/// Why [`retry`] gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaveUp {
    /// The classifier called the error permanent.
    Permanent,
    /// The backoff yielded no more delays.
    RetriesExhausted,
    /// The next wait would end past the deadline.
    Deadline,
    /// The retry budget had no token left.
    Budget,
}

/// The last error, how many attempts were made, and why retrying stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryError<E> {
    /// The error of the last attempt.
    pub error: E,
    /// Attempts made, the first included.
    pub attempts: u32,
    /// Why there was no further attempt.
    pub gave_up: GaveUp,
}

impl<E: std::fmt::Display> std::fmt::Display for RetryError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.gave_up {
            GaveUp::Permanent => "a permanent error",
            GaveUp::RetriesExhausted => "no retries left",
            GaveUp::Deadline => "the deadline",
            GaveUp::Budget => "the retry budget is spent",
        };
        write!(
            f,
            "{} (after {} attempts; {why})",
            self.error, self.attempts
        )
    }
}

impl<E: std::fmt::Debug + std::fmt::Display> std::error::Error for RetryError<E> {}

/// A token bucket of retries, shared by all callers of one dependency: every first
/// attempt deposits `ratio` tokens (up to `max`), every retry takes one. While the
/// dependency is healthy the bucket fills; when it fails, retries drain it and then
/// stop, so retries add at most about `ratio` to the load instead of multiplying it.
/// (The same idea as gRPC's retry throttling and Finagle's retry budget.)
#[derive(Debug)]
pub struct RetryBudget {
    /// Tokens, in thousandths.
    milli_tokens: AtomicU64,
    deposit: u64,
    max: u64,
}

impl RetryBudget {
    /// A budget allowing retries of `ratio` of the calls (0.1 = 10%), holding at most
    /// `max` tokens, starting full.
    pub fn new(ratio: f64, max: u32) -> Self {
        let max = u64::from(max) * 1_000;
        RetryBudget {
            milli_tokens: AtomicU64::new(max),
            deposit: (ratio.clamp(0.0, 1_000.0) * 1_000.0).round() as u64,
            max,
        }
    }

    /// A first attempt: deposits the ratio.
    pub fn deposit(&self) {
        let _ = self
            .milli_tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| {
                Some((t + self.deposit).min(self.max))
            });
    }

    /// A retry: takes one token, or returns `false` when there is none.
    pub fn try_withdraw(&self) -> bool {
        self.milli_tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| {
                t.checked_sub(1_000)
            })
            .is_ok()
    }

    /// Whole tokens left.
    pub fn tokens(&self) -> f64 {
        self.milli_tokens.load(Ordering::Relaxed) as f64 / 1_000.0
    }
}

/// How [`retry`] retries: a backoff schedule, an overall deadline, and optionally a
/// shared budget. One policy is meant to be shared by every call to a dependency: each
/// call draws its own jitter ([`RetryPolicy::next_backoff`]).
#[derive(Debug)]
pub struct RetryPolicy<'b> {
    /// The schedule every call starts from; each call gets its own copy with a jitter
    /// stream of its own.
    pub backoff: Backoff,
    /// No attempt starts, and no wait ends, later than this after the first attempt.
    pub deadline: Duration,
    /// The retry budget shared with other callers, if any.
    pub budget: Option<&'b RetryBudget>,
    /// Calls started so far: numbers each call's jitter stream.
    calls: AtomicU64,
}

impl<'b> RetryPolicy<'b> {
    /// A policy with this schedule and deadline, and no budget.
    pub fn new(backoff: Backoff, deadline: Duration) -> Self {
        RetryPolicy {
            backoff,
            deadline,
            budget: None,
            calls: AtomicU64::new(0),
        }
    }

    /// The same policy, drawing retries from `budget`.
    #[must_use]
    pub fn with_budget(mut self, budget: &'b RetryBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// The schedule for the next call: the policy's backoff with a jitter stream of its
    /// own ([`Backoff::for_call`]), numbered by the calls made so far.
    pub fn next_backoff(&self) -> Backoff {
        let call = self.calls.fetch_add(1, Ordering::Relaxed);
        self.backoff.for_call(call)
    }
}

impl Clone for RetryPolicy<'_> {
    /// A copy that starts numbering its calls afresh (a seeded copy replays the same
    /// jitter streams).
    fn clone(&self) -> Self {
        RetryPolicy {
            backoff: self.backoff.clone(),
            deadline: self.deadline,
            budget: self.budget,
            calls: AtomicU64::new(0),
        }
    }
}

/// Runs `attempt` (given the attempt number, from 1) until it succeeds, the classifier
/// calls its error permanent, the backoff ends, the deadline would pass, or the budget
/// is spent. Sleeps with tokio's clock, so tests can pause and advance it.
///
/// # Errors
///
/// The last error, with the attempts made and why retrying stopped.
///
/// ```
/// use std::time::Duration;
/// use retry::{Backoff, GaveUp, RetryPolicy, Verdict, retry};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let policy = RetryPolicy::new(
///     Backoff::exponential(Duration::from_millis(1), Duration::from_millis(8)),
///     Duration::from_secs(1),
/// );
/// // Fails twice with a retryable error, then succeeds.
/// let result = retry(&policy, |n| async move { if n < 3 { Err("busy") } else { Ok(n) } }, |_| Verdict::Retry).await;
/// assert_eq!(result, Ok(3));
/// // A permanent error is not retried.
/// let result: Result<(), _> = retry(&policy, |_| async { Err("bad request") }, |_| Verdict::Permanent).await;
/// assert_eq!(result.unwrap_err().gave_up, GaveUp::Permanent);
/// # }
/// ```
pub async fn retry<T, E, F, Fut>(
    policy: &RetryPolicy<'_>,
    mut attempt: F,
    classify: impl Fn(&E) -> Verdict,
) -> Result<T, RetryError<E>>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let start = Instant::now();
    let deadline = start + policy.deadline;
    let mut backoff = policy.next_backoff();
    if let Some(budget) = policy.budget {
        budget.deposit();
    }
    let mut attempts = 0;
    loop {
        attempts += 1;
        let error = match attempt(attempts).await {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let floor = match classify(&error) {
            Verdict::Permanent => return Err(stop(error, attempts, GaveUp::Permanent)),
            Verdict::Retry => Duration::ZERO,
            Verdict::RetryAfter(after) => after,
        };
        let Some(delay) = backoff.next() else {
            return Err(stop(error, attempts, GaveUp::RetriesExhausted));
        };
        let wait = delay.max(floor);
        if Instant::now() + wait > deadline {
            return Err(stop(error, attempts, GaveUp::Deadline));
        }
        if policy.budget.is_some_and(|b| !b.try_withdraw()) {
            return Err(stop(error, attempts, GaveUp::Budget));
        }
        tokio::time::sleep(wait).await;
    }
}

fn stop<E>(error: E, attempts: u32, gave_up: GaveUp) -> RetryError<E> {
    RetryError {
        error,
        attempts,
        gave_up,
    }
}
