//! # Exercise: a latency histogram and a burn-rate alert
//!
//! Question 26 asks why observability matters. Two of its workhorses are yours to
//! build, by implementing the contract's traits below:
//!
//! 1. `Histogram`, a `LatencyHistogram`: counts `u64` values (latencies in
//!    microseconds) in HDR-style log-linear buckets, so any quantile is within
//!    10^-digits of the exact answer, relatively, in a fixed number of counters.
//!    With `S` = the power of two at or above 2 × 10^digits: values below `S` get a
//!    counter each; above, a value is grouped by its highest set bit, and each group
//!    of values is split into `S/2` counters of equal width. `min`, `max` and the sum
//!    (for `mean`) are kept exactly beside the counters. `merge` adds another
//!    histogram's counters: the result must answer exactly as one histogram that
//!    recorded both streams.
//! 2. `BurnRateAlert`, a `BurnRateCheck`: the SRE workbook's multi-window alert. The
//!    burn rate of a window is its error fraction over the budget `1 - objective`; the
//!    alert fires while both windows (1 h and 5 min in the page tier) burn at the
//!    threshold (14.4) or faster. Times are `Duration`s on a simulated clock; an event
//!    at second `e` is inside a `w`-second window as of second `now` when
//!    `e > now - w`.
//!
//! The tests are the same conformance cases the reference passes. Run them with
//! `cargo lab check observability`; stuck, run `cargo lab hint observability`. Each
//! `// TODO:` marks a place to edit.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables, unused_mut, dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

pub use observability_contract::{
    BurnRateCheck, HistogramError, LatencyHistogram, OutOfRange, SloError,
};

/// An HDR-style histogram of `u64` values.
#[derive(Debug, Clone)]
pub struct Histogram {
    /// The largest value `record` accepts.
    max_value: u64,
    /// Significant decimal digits, 1 to 5.
    digits: u8,
    /// log2 of the sub-bucket count `S` (the power of two at or above 2 × 10^digits).
    sub_bits: u32,
    /// One counter per index; long enough for `index(max_value)`.
    counts: Vec<u64>,
    /// Values recorded.
    total: u64,
    /// Exact extremes and sum of the values recorded.
    min: u64,
    max: u64,
    sum: u128,
}

impl Histogram {
    /// The counter index of `value`.
    fn index(&self, value: u64) -> usize {
        // TODO: bucket 0 holds 0..S, one value per counter. For larger values, let
        // `b` be how many bits the value has beyond `sub_bits` (use `leading_zeros`):
        // the value shifted right by `b` is in [S/2, S); give bucket `b` the indices
        // after bucket `b - 1`'s, S/2 of them.
        todo!("map a value to its counter")
    }

    /// The largest value counter `i` holds: the inverse of `index`.
    fn highest_value(&self, i: usize) -> u64 {
        // TODO: find the bucket and the position in it from `i`, shift back, and add
        // the bucket's width minus one.
        todo!("map a counter back to its largest value")
    }
}

impl LatencyHistogram for Histogram {
    /// An empty histogram for `0..=max_value` at `significant_digits` (1 to 5).
    fn new(max_value: u64, significant_digits: u8) -> Result<Self, HistogramError> {
        // TODO: reject digits outside 1..=5 with `HistogramError::SignificantDigits`;
        // compute `sub_bits`; size `counts` for `index(max_value) + 1` counters.
        todo!("make an empty histogram")
    }

    /// Counts one value; `OutOfRange` above `max_value`.
    fn record(&mut self, value: u64) -> Result<(), OutOfRange> {
        // TODO: check the range, bump the value's counter, the total, min, max and sum.
        todo!("count a value")
    }

    /// The value at quantile `q`: rank `max(1, ceil(q × count))`, within [min, max].
    fn value_at_quantile(&self, q: f64) -> u64 {
        // TODO: 0 when empty; otherwise walk the counters, adding them up, until the
        // sum reaches the rank; answer that counter's highest value, clamped to
        // [min, max] (so q = 0 and q = 1 are exact).
        todo!("find the value at a quantile")
    }

    /// How many values were recorded.
    fn count(&self) -> u64 {
        // TODO
        todo!("the count")
    }

    /// The smallest value recorded; 0 when empty.
    fn min(&self) -> u64 {
        // TODO
        todo!("the minimum")
    }

    /// The largest value recorded; 0 when empty.
    fn max(&self) -> u64 {
        // TODO
        todo!("the maximum")
    }

    /// The exact mean; 0.0 when empty.
    fn mean(&self) -> f64 {
        // TODO
        todo!("the mean")
    }

    /// Adds `other`'s values, as if they had been recorded here.
    fn merge(&mut self, other: &Self) {
        // TODO: add the counters index by index (same digits: same layout), then the
        // total, min, max and sum. Mind an empty `other`: its min is not a value.
        todo!("merge another histogram")
    }
}

/// A multi-window burn-rate alert on a simulated clock.
#[derive(Debug, Clone)]
pub struct BurnRateAlert {
    /// `1 - objective`.
    budget: f64,
    threshold: f64,
    long: Window,
    short: Window,
    /// The last event's time: events must not go back.
    last: Duration,
}

/// The events of the last `span` seconds: one `(second, total, errors)` bucket per
/// second that had events, oldest first, and running sums.
#[derive(Debug, Clone)]
struct Window {
    span: u64,
    buckets: VecDeque<(u64, u64, u64)>,
    total: u64,
    errors: u64,
}

impl Window {
    /// Counts one event at `second` and forgets the seconds that left the window.
    fn record(&mut self, second: u64, error: bool) {
        // TODO: add to the last bucket if it is this second's, else push a new one;
        // then pop buckets from the front while they are outside
        // (`second - bucket_second >= span`: written as a subtraction, it cannot
        // overflow for a window of `u64::MAX` seconds), taking them off the sums.
        todo!("count an event in a window")
    }

    /// The window's burn rate for an error budget of `budget`; 0.0 when empty.
    fn burn_rate(&self, budget: f64) -> f64 {
        // TODO
        todo!("errors / total / budget")
    }
}

impl BurnRateCheck for BurnRateAlert {
    /// An alert on `objective` (0.999 for 99.9%) with two windows and a threshold.
    fn with_windows(
        objective: f64,
        long: Duration,
        short: Duration,
        threshold: f64,
    ) -> Result<Self, SloError> {
        // TODO: `SloError::Objective` unless 0 < objective < 1; `SloError::Windows` for
        // a short window under one second or longer than the long one;
        // `SloError::Threshold` unless it is positive and finite.
        todo!("make an alert")
    }

    /// Counts one event at `at`.
    fn record(&mut self, at: Duration, success: bool) {
        // TODO: panic if `at` is before the last event; record in both windows.
        todo!("count an event")
    }

    /// The long and the short window's burn rates.
    fn burn_rates(&self) -> (f64, f64) {
        // TODO
        todo!("both burn rates")
    }

    /// Whether both windows burn at the threshold or faster.
    fn is_firing(&self) -> bool {
        // TODO
        todo!("the verdict")
    }
}
