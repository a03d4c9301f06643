//! The observability contract: what question 26's reference histogram and burn-rate
//! alert and the learner's exercise both implement, and the cases both must pass.
//!
//! - [`LatencyHistogram`]: an HDR-style histogram of `u64` values (latencies in
//!   microseconds, say) whose quantiles are within a stated relative error of the exact
//!   answer, with [`HistogramError`] and [`OutOfRange`] for bad input;
//! - [`BurnRateCheck`]: a multi-window SLO burn-rate alert (Google's SRE workbook,
//!   chapter 5) fed a stream of `(time, success)` events on a simulated clock, with
//!   [`SloError`] for a bad objective or window;
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, with property tests against the naive oracles;
//! - [`SortedSamples`] and [`NaiveBurnRate`]: the oracles, which keep every value or
//!   event and answer by sorting or scanning;
//! - [`conformance_tests!`]: one `#[test]` per case for a histogram and an alert type.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/observability/tests/conformance.rs
//! observability_contract::conformance_tests!(
//!     histogram: observability_exercise::Histogram,
//!     alert: observability_exercise::BurnRateAlert,
//! );
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod naive;

pub use naive::{NaiveBurnRate, SortedSamples};

use std::fmt;
use std::time::Duration;

/// The fewest significant decimal digits a histogram can keep.
pub const MIN_DIGITS: u8 = 1;
/// The most significant decimal digits a histogram can keep: five digits of a value up
/// to `u64::MAX` take 2^17 counters per power of two (half of the 2^18 sub-buckets),
/// 6.3 million counters or about 50 MB in all.
pub const MAX_DIGITS: u8 = 5;

/// Why a histogram could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistogramError {
    /// The precision asked for is outside [`MIN_DIGITS`]..=[`MAX_DIGITS`].
    SignificantDigits(u8),
}

impl fmt::Display for HistogramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistogramError::SignificantDigits(d) => write!(
                f,
                "significant digits must be {MIN_DIGITS} to {MAX_DIGITS}, not {d} \
                 (3 keeps quantiles within 0.1%)"
            ),
        }
    }
}

impl std::error::Error for HistogramError {}

/// A value above the histogram's `max_value` was recorded; nothing was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange {
    /// The value that did not fit.
    pub value: u64,
    /// The largest value the histogram accepts.
    pub max_value: u64,
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "value {} is above the histogram's max_value {} (make the histogram with a larger max_value)",
            self.value, self.max_value
        )
    }
}

impl std::error::Error for OutOfRange {}

/// The relative error a histogram with `digits` significant digits promises: 10^-digits.
///
/// ```
/// assert_eq!(observability_contract::relative_error(3), 0.001);
/// ```
pub fn relative_error(digits: u8) -> f64 {
    10f64.powi(-i32::from(digits))
}

/// The exact quantile of sorted values, the answer histograms approximate: the value
/// of rank `max(1, ceil(q × n))` (1-based), so q = 0 is the minimum and q = 1 the
/// maximum; 0 for no values.
///
/// ```
/// use observability_contract::exact_quantile;
/// let sorted = [1, 2, 3, 4, 100];
/// assert_eq!(exact_quantile(&sorted, 0.5), 3);
/// assert_eq!(exact_quantile(&sorted, 0.8), 4);
/// assert_eq!(exact_quantile(&sorted, 0.81), 100);
/// assert_eq!(exact_quantile(&sorted, 0.0), 1);
/// ```
pub fn exact_quantile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[rank(q, sorted.len() as u64) as usize - 1]
}

/// The 1-based rank of quantile `q` among `n > 0` values: `max(1, ceil(q × n))`,
/// at most `n`.
///
/// # Panics
///
/// If `q` is not in `[0, 1]` (NaN included).
pub fn rank(q: f64, n: u64) -> u64 {
    assert!(
        (0.0..=1.0).contains(&q),
        "quantile must be in [0, 1], not {q}"
    );
    ((q * n as f64).ceil() as u64).clamp(1, n)
}

/// The contract of a latency histogram, as the conformance cases see it.
///
/// The reference `observability::Histogram` implements it by delegating to its inherent
/// methods; the exercise's histogram implements it directly, and so does the oracle
/// [`SortedSamples`].
///
/// ```
/// use observability_contract::{LatencyHistogram, SortedSamples};
///
/// let mut h = SortedSamples::new(1_000, 3).unwrap();
/// for v in [5, 1, 9] {
///     h.record(v).unwrap();
/// }
/// assert_eq!((h.count(), h.min(), h.max(), h.value_at_quantile(0.5)), (3, 1, 9, 5));
/// assert!(h.record(1_001).is_err());
/// ```
pub trait LatencyHistogram: Sized {
    /// An empty histogram for values `0..=max_value`, keeping `significant_digits`
    /// decimal digits (1 to 5): every quantile is within 10^-digits of the exact one,
    /// relatively.
    ///
    /// # Errors
    ///
    /// [`HistogramError::SignificantDigits`] for digits outside 1..=5.
    fn new(max_value: u64, significant_digits: u8) -> Result<Self, HistogramError>;

    /// Counts one value.
    ///
    /// # Errors
    ///
    /// [`OutOfRange`] when `value > max_value`; the histogram is unchanged.
    fn record(&mut self, value: u64) -> Result<(), OutOfRange>;

    /// The value at quantile `q` (0.5 the median, 0.99 the p99): within the relative
    /// error of [`exact_quantile`] of the recorded values, never below the minimum or
    /// above the maximum; 0 when empty.
    ///
    /// # Panics
    ///
    /// If `q` is not in `[0, 1]`.
    fn value_at_quantile(&self, q: f64) -> u64;

    /// How many values were recorded.
    fn count(&self) -> u64;

    /// The smallest value recorded, exactly; 0 when empty.
    fn min(&self) -> u64;

    /// The largest value recorded, exactly; 0 when empty.
    fn max(&self) -> u64;

    /// The mean of the values recorded; 0.0 when empty.
    fn mean(&self) -> f64;

    /// Adds `other`'s values, as if they had been recorded here too.
    fn merge(&mut self, other: &Self);
}

/// Why a burn-rate alert could not be made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SloError {
    /// The objective (the fraction of good events promised) is not strictly between 0
    /// and 1.
    Objective(f64),
    /// A window is shorter than one second, or the short window is longer than the long
    /// one.
    Windows {
        /// The long window.
        long: Duration,
        /// The short window.
        short: Duration,
    },
    /// The burn-rate threshold is not a positive finite number.
    Threshold(f64),
}

impl fmt::Display for SloError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SloError::Objective(o) => write!(
                f,
                "the objective must be strictly between 0 and 1, not {o} (99.9% is 0.999)"
            ),
            SloError::Windows { long, short } => write!(
                f,
                "windows must be at least 1 s with the short one no longer than the long one, \
                 not long {long:?} and short {short:?}"
            ),
            SloError::Threshold(t) => write!(
                f,
                "the burn-rate threshold must be a positive number, not {t} (14.4 pages on 2% of a 30-day budget in 1 h)"
            ),
        }
    }
}

impl std::error::Error for SloError {}

/// The page tier of the SRE workbook's multi-window, multi-burn-rate alert: a 1 h long
/// window, a 5 min short one, and a burn rate of 14.4 (2% of a 30-day error budget
/// spent in one hour).
pub const PAGE_LONG_WINDOW: Duration = Duration::from_secs(3_600);
/// The short window of the page tier: 1/12 of the long one.
pub const PAGE_SHORT_WINDOW: Duration = Duration::from_secs(300);
/// The page tier's burn-rate threshold.
pub const PAGE_BURN_RATE: f64 = 14.4;

/// The workbook's second page tier, for a slower burn the 14.4x tier never sees: a 6 h
/// long window, a 30 min short one, and a burn rate of 6 (5% of a 30-day error budget
/// spent in six hours).
pub const SLOW_PAGE_LONG_WINDOW: Duration = Duration::from_secs(6 * 3_600);
/// The short window of the slow page tier: 1/12 of the long one.
pub const SLOW_PAGE_SHORT_WINDOW: Duration = Duration::from_secs(1_800);
/// The slow page tier's burn-rate threshold.
pub const SLOW_PAGE_BURN_RATE: f64 = 6.0;

/// The contract of a multi-window burn-rate alert, as the conformance cases see it.
///
/// Events arrive in time order, stamped with a simulated clock (time since the
/// stream's start). Each window holds the events of the last `window` of time, counted
/// in whole seconds: an event at second `s` is in a window of `w` seconds as of second
/// `now` when `s > now - w`. The burn rate of a window is its error fraction divided by
/// the error budget `1 - objective`; the alert fires while both windows burn at the
/// threshold or faster.
///
/// ```
/// use std::time::Duration;
/// use observability_contract::{BurnRateCheck, NaiveBurnRate};
///
/// let mut alert = NaiveBurnRate::with_windows(
///     0.99, Duration::from_secs(60), Duration::from_secs(10), 10.0,
/// ).unwrap();
/// for s in 0..60 {
///     alert.record(Duration::from_secs(s), s % 5 != 0); // 20% errors: burn rate 20
/// }
/// assert!(alert.is_firing());
/// ```
pub trait BurnRateCheck: Sized {
    /// An alert on an SLO of `objective` good events (0.999 for 99.9%), firing while
    /// both windows burn the budget at `threshold` times the sustainable rate or faster.
    ///
    /// # Errors
    ///
    /// [`SloError`] for an objective outside (0, 1), a window under a second or a short
    /// window longer than the long one, or a threshold that is not positive.
    fn with_windows(
        objective: f64,
        long: Duration,
        short: Duration,
        threshold: f64,
    ) -> Result<Self, SloError>;

    /// Counts one event at simulated time `at` (since the stream's start).
    ///
    /// # Panics
    ///
    /// If `at` is earlier than the last event's time: the stream must be in order.
    fn record(&mut self, at: Duration, success: bool);

    /// The burn rates of the long and the short window as of the last event; 0.0 for a
    /// window with no events.
    fn burn_rates(&self) -> (f64, f64);

    /// Whether both windows burn at the threshold or faster, as of the last event.
    fn is_firing(&self) -> bool;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a histogram type (a [`LatencyHistogram`])
    /// and an alert type (a [`BurnRateCheck`]): the histogram's cases first, then the
    /// alert's.
    ///
    /// ```text
    /// observability_contract::conformance_tests!(
    ///     histogram: observability::Histogram,
    ///     alert: observability::BurnRateAlert,
    /// );
    /// ```
    macro conformance_tests(histogram: $histogram:ty, alert: $alert:ty $(,)?) {
        /// The histogram under test.
        type ConformanceHistogram = $histogram;
        /// The alert under test.
        type ConformanceAlert = $alert;
    }
    cases [$crate::cases] {
        digits_outside_one_to_five_are_an_error::<ConformanceHistogram>(),
        an_empty_histogram_reports_zeros::<ConformanceHistogram>(),
        one_value_is_every_quantile::<ConformanceHistogram>(),
        values_above_the_maximum_are_out_of_range::<ConformanceHistogram>(),
        small_values_are_counted_exactly::<ConformanceHistogram>(),
        min_max_and_mean_are_exact::<ConformanceHistogram>(),
        large_values_keep_their_significant_digits::<ConformanceHistogram>(),
        quantiles_stay_within_the_relative_error::<ConformanceHistogram>(),
        merging_an_empty_histogram_changes_nothing::<ConformanceHistogram>(),
        merge_equals_recording_both_streams::<ConformanceHistogram>(),
        bad_objectives_and_windows_are_errors::<ConformanceAlert>(),
        errors_within_budget_never_fire::<ConformanceAlert>(),
        a_sustained_spike_fires::<ConformanceAlert>(),
        a_short_blip_stays_silent::<ConformanceAlert>(),
        the_alert_clears_once_the_short_window_recovers::<ConformanceAlert>(),
        burn_rates_agree_with_the_naive_windows::<ConformanceAlert>(),
    }
}
