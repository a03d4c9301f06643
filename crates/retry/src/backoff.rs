//! Exponential backoff with jitter, as an iterator of delays.
//!
//! The formulas are those of the AWS Architecture Blog's "Exponential Backoff And
//! Jitter" (Marc Brooker, 2015). With `v = min(cap, base × factor^n)` for the n-th
//! retry (n from 0):
//!
//! | jitter | delay |
//! |---|---|
//! | [`Jitter::None`] | `v` |
//! | [`Jitter::Full`] | uniform in `[0, v]` |
//! | [`Jitter::Equal`] | `v/2 +` uniform in `[0, v/2]` |
//! | [`Jitter::Decorrelated`] | `min(cap, uniform in [base, 3 × previous])`, `previous` starting at `base` |
//!
//! Without jitter, clients that failed together retry together, and the retries
//! arrive as a spike at every step of the schedule; jitter spreads them out.

use std::time::Duration;

use rand::RngExt;

use crate::Jitter;

/// The delays before successive retries: an `Iterator<Item = Duration>`.
///
/// ```
/// use std::time::Duration;
/// use retry::{Backoff, Jitter};
///
/// let ms = |d: Duration| d.as_millis();
/// let plain: Vec<u128> = Backoff::exponential(Duration::from_millis(100), Duration::from_secs(1))
///     .max_retries(6)
///     .map(ms)
///     .collect();
/// assert_eq!(plain, [100, 200, 400, 800, 1000, 1000]);
///
/// // Full jitter: each delay is somewhere in [0, the plain delay]; the same seed
/// // gives the same schedule.
/// let jittered = || {
///     Backoff::exponential(Duration::from_millis(100), Duration::from_secs(1))
///         .jitter(Jitter::Full)
///         .seed(7)
///         .max_retries(6)
/// };
/// assert!(jittered().zip(&plain).all(|(d, &p)| ms(d) <= p));
/// assert_eq!(jittered().collect::<Vec<_>>(), jittered().collect::<Vec<_>>());
/// ```
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    factor: f64,
    jitter: Jitter,
    max_retries: Option<usize>,
    /// The seed given to [`Backoff::seed`], if any: [`Backoff::for_call`] derives each
    /// call's stream from it, so seeded runs repeat.
    seed: Option<u64>,
    rng: evidence::workload::WorkloadRng,
    /// Delays yielded so far: the `n` of the formulas.
    retries: usize,
    /// The previous delay, for decorrelated jitter.
    previous: Duration,
    /// The previous exponential delay, before jitter.
    previous_ceiling: Duration,
}

impl Backoff {
    /// Delays `base`, `base × 2`, `base × 4`, ... up to `cap`, without jitter, without
    /// end, seeded from the process's entropy (each `Backoff` draws differently, which
    /// is what jitter across clients needs); see the builder methods.
    pub fn exponential(base: Duration, cap: Duration) -> Self {
        Backoff {
            base,
            cap,
            factor: 2.0,
            jitter: Jitter::None,
            max_retries: None,
            seed: None,
            rng: evidence::workload::rng(evidence::workload::fresh_seed()),
            retries: 0,
            previous: base,
            previous_ceiling: Duration::ZERO,
        }
    }

    /// The growth factor per retry (default 2.0). Factors below 1 are treated as 1: a
    /// backoff never shrinks.
    #[must_use]
    pub fn factor(mut self, factor: f64) -> Self {
        self.factor = if factor.is_nan() {
            1.0
        } else {
            factor.max(1.0)
        };
        self
    }

    /// How the delays are randomised (default [`Jitter::None`]).
    #[must_use]
    pub fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// Yield `retries` delays, then `None` (default: no end).
    #[must_use]
    pub fn max_retries(mut self, retries: usize) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Draw the jitter from `seed`: the same seed gives the same schedule.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self.rng = evidence::workload::rng(seed);
        self
    }

    /// A fresh schedule for call number `call` of a policy that shares this backoff:
    /// the same settings, from the first retry, with a jitter stream of its own. Without
    /// a seed the stream comes from fresh entropy; with one, from the seed and `call`,
    /// so a seeded run repeats while its calls still draw differently from each other.
    ///
    /// This is what keeps clients that failed together from retrying together: a
    /// schedule cloned with its random state would hand every call the same delays.
    ///
    /// ```
    /// use std::time::Duration;
    /// use retry::{Backoff, Jitter};
    ///
    /// let template = Backoff::exponential(Duration::from_millis(10), Duration::from_secs(1))
    ///     .jitter(Jitter::Full)
    ///     .seed(7);
    /// let first: Vec<_> = template.for_call(0).take(3).collect();
    /// let second: Vec<_> = template.for_call(1).take(3).collect();
    /// assert_ne!(first, second, "two calls draw different delays");
    /// assert_eq!(first, template.for_call(0).take(3).collect::<Vec<_>>(), "and repeat under the seed");
    /// ```
    #[must_use]
    pub fn for_call(&self, call: u64) -> Backoff {
        let stream = match self.seed {
            // Mixed with splitmix64's increment so that seeds s and s + 1 do not
            // share streams between neighbouring calls.
            Some(seed) => seed ^ call.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            None => evidence::workload::fresh_seed(),
        };
        Backoff {
            rng: evidence::workload::rng(stream),
            retries: 0,
            previous: self.base,
            previous_ceiling: Duration::ZERO,
            ..self.clone()
        }
    }

    /// The exponential delay `min(cap, base × factor^n)` of retry `n`, before jitter.
    pub fn ceiling(&self, n: usize) -> Duration {
        let exponent = i32::try_from(n).unwrap_or(i32::MAX);
        let grown = self.base.as_secs_f64() * self.factor.powi(exponent);
        if grown.is_finite() && grown < self.cap.as_secs_f64() {
            Duration::from_secs_f64(grown)
        } else {
            self.cap
        }
        .min(self.cap)
    }

    /// A duration uniform in `[low, high]` (nanosecond resolution).
    fn uniform(&mut self, low: Duration, high: Duration) -> Duration {
        let (lo, hi) = (nanos(low), nanos(high));
        if hi <= lo {
            return low;
        }
        Duration::from_nanos(self.rng.random_range(lo..=hi))
    }
}

impl Iterator for Backoff {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        if self.max_retries.is_some_and(|max| self.retries >= max) {
            return None;
        }
        // Once the schedule reached the cap it stays there: skip the power.
        let v = if self.previous_ceiling == self.cap {
            self.cap
        } else {
            self.ceiling(self.retries)
        };
        self.previous_ceiling = v;
        let delay = match self.jitter {
            Jitter::None => v,
            Jitter::Full => self.uniform(Duration::ZERO, v),
            Jitter::Equal => v / 2 + self.uniform(Duration::ZERO, v - v / 2),
            Jitter::Decorrelated => {
                let upper = self.previous.saturating_mul(3);
                let d = self.uniform(self.base, upper).min(self.cap);
                self.previous = d;
                d
            }
        };
        self.retries += 1;
        Some(delay)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self.max_retries {
            Some(max) => {
                let left = max.saturating_sub(self.retries);
                (left, Some(left))
            }
            None => (usize::MAX, None),
        }
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}
