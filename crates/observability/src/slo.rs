//! A multi-window burn-rate alert on an SLO, after *The Site Reliability Workbook*,
//! chapter 5.

use std::collections::VecDeque;
use std::time::Duration;

use observability_contract::{
    BurnRateCheck, PAGE_BURN_RATE, PAGE_LONG_WINDOW, PAGE_SHORT_WINDOW, SLOW_PAGE_BURN_RATE,
    SLOW_PAGE_LONG_WINDOW, SLOW_PAGE_SHORT_WINDOW, SloError,
};

/// A multi-window burn-rate alert: it fires while both a long and a short window spend
/// the error budget at `threshold` times the sustainable rate or faster.
///
/// Events are `(time, success)` pairs in time order, time on a simulated clock (time
/// since the stream's start), so tests and the demo can replay hours in milliseconds.
/// Each window keeps one `(second, total, errors)` bucket per second that had events,
/// and running sums: recording is O(1) amortized, asking is O(1), and memory is one
/// bucket per busy second of the long window (3,600 at most for an hour, 21,600 for
/// the six hours of [`slow_page`](BurnRateAlert::slow_page), 24 bytes each).
///
/// The burn rate of a window is its error fraction divided by the budget
/// `1 - objective`: at 1 the budget lasts exactly the SLO period; at 14.4 a 30-day
/// budget is gone in 50 hours.
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use observability::BurnRateAlert;
///
/// // 99.9% of requests succeed: the workbook's page tier, 1 h and 5 min at 14.4x.
/// let mut alert = BurnRateAlert::page(0.999).unwrap();
/// for s in 0..3_600 {
///     // 100 requests a second; from second 2000 on, 5 of them fail (burn rate 50).
///     for i in 0..100 {
///         alert.record(Duration::from_secs(s), s < 2_000 || i >= 5);
///     }
/// }
/// let (long, short) = alert.burn_rates();
/// assert!(alert.is_firing() && long > 14.4 && short > 14.4);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BurnRateAlert {
    /// `1 - objective`: the fraction of events allowed to fail.
    budget: f64,
    threshold: f64,
    long: Window,
    short: Window,
    /// The last event's time: events must not go back.
    last: Duration,
}

/// The events of the last `span` seconds, bucketed by second.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Window {
    span: u64,
    /// `(second, total, errors)`, oldest first, one per second that had events.
    buckets: VecDeque<(u64, u64, u64)>,
    total: u64,
    errors: u64,
}

impl BurnRateAlert {
    /// An alert on an SLO of `objective` (0.999 for 99.9%) that fires while both
    /// windows burn at `threshold` or faster.
    ///
    /// # Errors
    ///
    /// [`SloError`] for an objective outside (0, 1), a window under a second, a short
    /// window longer than the long one, or a threshold that is not a positive number.
    ///
    /// ```
    /// use std::time::Duration;
    /// let six_hours = Duration::from_secs(6 * 3_600);
    /// let ticket = observability::BurnRateAlert::with_windows(
    ///     0.999, six_hours, Duration::from_secs(1_800), 6.0,
    /// );
    /// assert!(ticket.is_ok());
    /// ```
    pub fn with_windows(
        objective: f64,
        long: Duration,
        short: Duration,
        threshold: f64,
    ) -> Result<BurnRateAlert, SloError> {
        if !(objective > 0.0 && objective < 1.0) {
            return Err(SloError::Objective(objective));
        }
        if short.as_secs() == 0 || short > long {
            return Err(SloError::Windows { long, short });
        }
        if !(threshold > 0.0 && threshold.is_finite()) {
            return Err(SloError::Threshold(threshold));
        }
        Ok(BurnRateAlert {
            budget: 1.0 - objective,
            threshold,
            long: Window::new(long.as_secs()),
            short: Window::new(short.as_secs()),
            last: Duration::ZERO,
        })
    }

    /// The workbook's page tier for `objective`: a 1 h long window, a 5 min short one,
    /// burn rate 14.4.
    ///
    /// # Errors
    ///
    /// [`SloError::Objective`] for an objective outside (0, 1).
    pub fn page(objective: f64) -> Result<BurnRateAlert, SloError> {
        BurnRateAlert::with_windows(
            objective,
            PAGE_LONG_WINDOW,
            PAGE_SHORT_WINDOW,
            PAGE_BURN_RATE,
        )
    }

    /// The workbook's second page tier for `objective`: a 6 h long window, a 30 min
    /// short one, burn rate 6 (5% of a 30-day budget in six hours). It catches a burn
    /// too slow for [`page`](BurnRateAlert::page): a sustained 10x burn never reaches
    /// 14.4x, but after a clean six hours its long window reaches 6x once 6/10 of the
    /// window is errors at 10x, 3.6 h in. Run both tiers on the same events; either
    /// one firing pages.
    ///
    /// # Errors
    ///
    /// [`SloError::Objective`] for an objective outside (0, 1).
    ///
    /// ```
    /// use std::time::Duration;
    /// use observability::BurnRateAlert;
    ///
    /// // 99.9% SLO, 10 requests a second: 6 h clean, then 1 error in 100 (burn 10).
    /// let mut fast = BurnRateAlert::page(0.999).unwrap();
    /// let mut slow = BurnRateAlert::slow_page(0.999).unwrap();
    /// let mut first_slow_page = None;
    /// for s in 0..10 * 3_600 {
    ///     for i in 0..10 {
    ///         let ok = s < 6 * 3_600 || (s * 10 + i) % 100 != 0;
    ///         fast.record(Duration::from_secs(s), ok);
    ///         slow.record(Duration::from_secs(s), ok);
    ///         assert!(!fast.is_firing(), "10x never reaches the 14.4x tier");
    ///     }
    ///     if slow.is_firing() && first_slow_page.is_none() {
    ///         first_slow_page = Some(s - 6 * 3_600);
    ///     }
    /// }
    /// // 3.6 h = 12,960 s after the burn began, give or take the last 10 s of errors.
    /// assert!(first_slow_page.is_some_and(|s| s.abs_diff(12_960) <= 10));
    /// ```
    pub fn slow_page(objective: f64) -> Result<BurnRateAlert, SloError> {
        BurnRateAlert::with_windows(
            objective,
            SLOW_PAGE_LONG_WINDOW,
            SLOW_PAGE_SHORT_WINDOW,
            SLOW_PAGE_BURN_RATE,
        )
    }

    /// Counts one event at simulated time `at`, and forgets the seconds that left each
    /// window.
    ///
    /// # Panics
    ///
    /// If `at` is earlier than the previous event: the stream must be in time order.
    pub fn record(&mut self, at: Duration, success: bool) {
        assert!(
            at >= self.last,
            "events must arrive in time order: {at:?} came after {:?}",
            self.last
        );
        self.last = at;
        let second = at.as_secs();
        let error = u64::from(!success);
        self.long.record(second, error);
        self.short.record(second, error);
    }

    /// The burn rates of the long and the short window, as of the last event; 0.0 for
    /// a window without events.
    pub fn burn_rates(&self) -> (f64, f64) {
        (
            self.long.error_fraction() / self.budget,
            self.short.error_fraction() / self.budget,
        )
    }

    /// Whether both windows burn at the threshold or faster, as of the last event.
    pub fn is_firing(&self) -> bool {
        let (long, short) = self.burn_rates();
        long >= self.threshold && short >= self.threshold
    }
}

impl Window {
    fn new(span: u64) -> Window {
        Window {
            span,
            buckets: VecDeque::new(),
            total: 0,
            errors: 0,
        }
    }

    fn record(&mut self, second: u64, error: u64) {
        match self.buckets.back_mut() {
            Some((s, total, errors)) if *s == second => {
                *total += 1;
                *errors += error;
            }
            _ => self.buckets.push_back((second, 1, error)),
        }
        self.total += 1;
        self.errors += error;
        // An event at second s is inside as of `second` while s + span > second,
        // written as a difference: `record` keeps s ≤ second, so it cannot underflow,
        // where s + span would overflow for a window near u64::MAX seconds.
        while let Some(&(s, total, errors)) = self.buckets.front() {
            if second - s < self.span {
                break;
            }
            self.buckets.pop_front();
            self.total -= total;
            self.errors -= errors;
        }
    }

    fn error_fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.errors as f64 / self.total as f64
        }
    }
}

impl BurnRateCheck for BurnRateAlert {
    fn with_windows(
        objective: f64,
        long: Duration,
        short: Duration,
        threshold: f64,
    ) -> Result<Self, SloError> {
        BurnRateAlert::with_windows(objective, long, short, threshold)
    }

    fn record(&mut self, at: Duration, success: bool) {
        BurnRateAlert::record(self, at, success)
    }

    fn burn_rates(&self) -> (f64, f64) {
        BurnRateAlert::burn_rates(self)
    }

    fn is_firing(&self) -> bool {
        BurnRateAlert::is_firing(self)
    }
}
