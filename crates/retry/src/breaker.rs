//! A circuit breaker: stop calling a dependency that keeps failing, give it time to
//! recover, then test it with a few calls before trusting it again.
//!
//! - **Closed**: calls go through; the outcomes of the last `window` calls are kept.
//!   When at least `min_calls` of them are known and the failure rate reaches
//!   `failure_rate`, the breaker opens.
//! - **Open**: calls are refused at once (no timeout to wait for, no load on the
//!   failing dependency) until `cool_down` has passed.
//! - **Half-open**: up to `probes` calls go through. If they all succeed the breaker
//!   closes with a clean window; if any fails it opens for another cool-down.

use std::collections::VecDeque;
use std::time::Duration;

use parking_lot::Mutex;
use tokio::time::Instant;

/// A breaker's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakerConfig {
    /// Open when this fraction of the recent calls failed (0.5 = half).
    pub failure_rate: f64,
    /// How many recent calls the rate is computed over.
    pub window: usize,
    /// Never open on fewer known outcomes than this.
    pub min_calls: usize,
    /// How long to stay open before probing.
    pub cool_down: Duration,
    /// Calls let through while half-open; all must succeed to close.
    pub probes: usize,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            failure_rate: 0.5,
            window: 20,
            min_calls: 10,
            cool_down: Duration::from_secs(5),
            probes: 3,
        }
    }
}

/// The breaker's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls go through.
    Closed,
    /// Calls are refused until the instant.
    Open {
        /// When the breaker starts probing.
        until: Instant,
    },
    /// A few probe calls go through.
    HalfOpen,
}

/// The call was refused: the breaker is open (or half-open with its probes taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected;

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the circuit breaker is open")
    }
}

impl std::error::Error for Rejected {}

#[derive(Debug)]
struct Inner {
    state: BreakerState,
    /// Recent outcomes, `true` for a failure, newest last.
    outcomes: VecDeque<bool>,
    /// Probes handed out and probes that succeeded, while half-open.
    probes_out: usize,
    probes_ok: usize,
}

/// A thread-safe circuit breaker.
///
/// ```
/// use std::time::Duration;
/// use retry::{BreakerConfig, BreakerState, CircuitBreaker};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// let breaker = CircuitBreaker::new(BreakerConfig {
///     failure_rate: 0.5, window: 10, min_calls: 4,
///     cool_down: Duration::from_secs(1), probes: 1,
/// });
/// for _ in 0..4 {
///     breaker.try_call().unwrap();
///     breaker.record(false); // four failures
/// }
/// assert!(matches!(breaker.state(), BreakerState::Open { .. }));
/// assert!(breaker.try_call().is_err(), "open: refused at once");
/// tokio::time::advance(Duration::from_secs(1)).await;
/// breaker.try_call().unwrap(); // the probe
/// breaker.record(true);
/// assert_eq!(breaker.state(), BreakerState::Closed);
/// # }
/// ```
#[derive(Debug)]
pub struct CircuitBreaker {
    config: BreakerConfig,
    inner: Mutex<Inner>,
}

impl CircuitBreaker {
    /// A closed breaker.
    pub fn new(config: BreakerConfig) -> Self {
        CircuitBreaker {
            config,
            inner: Mutex::new(Inner {
                state: BreakerState::Closed,
                outcomes: VecDeque::with_capacity(config.window),
                probes_out: 0,
                probes_ok: 0,
            }),
        }
    }

    /// The current state (an open breaker whose cool-down has passed reports
    /// half-open).
    pub fn state(&self) -> BreakerState {
        let mut inner = self.inner.lock();
        self.refresh(&mut inner);
        inner.state
    }

    /// Asks to make a call. On `Ok`, make it and then [`record`](Self::record) its
    /// outcome.
    ///
    /// # Errors
    ///
    /// [`Rejected`] while open, or half-open with every probe handed out.
    pub fn try_call(&self) -> Result<(), Rejected> {
        let mut inner = self.inner.lock();
        self.refresh(&mut inner);
        match inner.state {
            BreakerState::Closed => Ok(()),
            BreakerState::Open { .. } => Err(Rejected),
            BreakerState::HalfOpen => {
                if inner.probes_out < self.config.probes {
                    inner.probes_out += 1;
                    Ok(())
                } else {
                    Err(Rejected)
                }
            }
        }
    }

    /// Records the outcome of a call that [`try_call`](Self::try_call) allowed.
    pub fn record(&self, success: bool) {
        let mut inner = self.inner.lock();
        self.refresh(&mut inner);
        match inner.state {
            BreakerState::Closed => {
                if inner.outcomes.len() == self.config.window {
                    inner.outcomes.pop_front();
                }
                inner.outcomes.push_back(!success);
                let failures = inner.outcomes.iter().filter(|&&f| f).count();
                let known = inner.outcomes.len();
                if known >= self.config.min_calls.max(1)
                    && failures as f64 >= self.config.failure_rate * known as f64
                {
                    self.open(&mut inner);
                }
            }
            BreakerState::HalfOpen => {
                if success {
                    inner.probes_ok += 1;
                    if inner.probes_ok >= self.config.probes {
                        inner.state = BreakerState::Closed;
                        inner.outcomes.clear();
                    }
                } else {
                    self.open(&mut inner);
                }
            }
            // A call allowed before the breaker opened finished late: the breaker
            // already acted on enough evidence.
            BreakerState::Open { .. } => {}
        }
    }

    fn open(&self, inner: &mut Inner) {
        inner.state = BreakerState::Open {
            until: Instant::now() + self.config.cool_down,
        };
        inner.outcomes.clear();
    }

    /// Open → half-open once the cool-down has passed.
    fn refresh(&self, inner: &mut Inner) {
        if let BreakerState::Open { until } = inner.state
            && Instant::now() >= until
        {
            inner.state = BreakerState::HalfOpen;
            inner.probes_out = 0;
            inner.probes_ok = 0;
        }
    }
}
