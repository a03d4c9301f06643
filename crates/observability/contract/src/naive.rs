//! The naive oracles: keep everything, answer by sorting or scanning. Exact, obviously
//! right, and O(n) memory, which is what a histogram or a windowed counter avoids.

use std::time::Duration;

use crate::{
    BurnRateCheck, HistogramError, LatencyHistogram, MAX_DIGITS, MIN_DIGITS, OutOfRange, SloError,
    exact_quantile,
};

/// Every recorded value, kept sorted; quantiles are exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedSamples {
    max_value: u64,
    /// Sorted ascending.
    values: Vec<u64>,
}

impl SortedSamples {
    /// The recorded values, sorted.
    pub fn values(&self) -> &[u64] {
        &self.values
    }
}

impl LatencyHistogram for SortedSamples {
    fn new(max_value: u64, significant_digits: u8) -> Result<Self, HistogramError> {
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&significant_digits) {
            return Err(HistogramError::SignificantDigits(significant_digits));
        }
        Ok(SortedSamples {
            max_value,
            values: Vec::new(),
        })
    }

    fn record(&mut self, value: u64) -> Result<(), OutOfRange> {
        if value > self.max_value {
            return Err(OutOfRange {
                value,
                max_value: self.max_value,
            });
        }
        let at = self.values.partition_point(|&v| v <= value);
        self.values.insert(at, value);
        Ok(())
    }

    fn value_at_quantile(&self, q: f64) -> u64 {
        exact_quantile(&self.values, q)
    }

    fn count(&self) -> u64 {
        self.values.len() as u64
    }

    fn min(&self) -> u64 {
        self.values.first().copied().unwrap_or(0)
    }

    fn max(&self) -> u64 {
        self.values.last().copied().unwrap_or(0)
    }

    fn mean(&self) -> f64 {
        if self.values.is_empty() {
            return 0.0;
        }
        let sum: u128 = self.values.iter().map(|&v| u128::from(v)).sum();
        sum as f64 / self.values.len() as f64
    }

    fn merge(&mut self, other: &Self) {
        self.values.extend_from_slice(&other.values);
        self.values.sort_unstable();
    }
}

/// Every event, kept; each question rescans the events inside the window.
#[derive(Debug, Clone, PartialEq)]
pub struct NaiveBurnRate {
    budget: f64,
    long_secs: u64,
    short_secs: u64,
    threshold: f64,
    /// (second, success), in time order.
    events: Vec<(u64, bool)>,
}

/// Checks the parameters every burn-rate alert takes; returns the windows in seconds.
pub(crate) fn check_slo(
    objective: f64,
    long: Duration,
    short: Duration,
    threshold: f64,
) -> Result<(u64, u64), SloError> {
    if !(objective > 0.0 && objective < 1.0) {
        return Err(SloError::Objective(objective));
    }
    if short.as_secs() == 0 || short > long {
        return Err(SloError::Windows { long, short });
    }
    if !(threshold > 0.0 && threshold.is_finite()) {
        return Err(SloError::Threshold(threshold));
    }
    Ok((long.as_secs(), short.as_secs()))
}

impl NaiveBurnRate {
    fn burn(&self, window: u64) -> f64 {
        let Some(&(now, _)) = self.events.last() else {
            return 0.0;
        };
        // The events are in time order: the window is a suffix, found by halving.
        // `now - s ≥ window` rather than `s + window ≤ now`: the events are no later
        // than `now`, and the sum would overflow for a window near u64::MAX seconds.
        let start = self.events.partition_point(|&(s, _)| now - s >= window);
        let inside = &self.events[start..];
        let bad = inside.iter().filter(|(_, ok)| !ok).count();
        bad as f64 / inside.len() as f64 / self.budget
    }
}

impl BurnRateCheck for NaiveBurnRate {
    fn with_windows(
        objective: f64,
        long: Duration,
        short: Duration,
        threshold: f64,
    ) -> Result<Self, SloError> {
        let (long_secs, short_secs) = check_slo(objective, long, short, threshold)?;
        Ok(NaiveBurnRate {
            budget: 1.0 - objective,
            long_secs,
            short_secs,
            threshold,
            events: Vec::new(),
        })
    }

    fn record(&mut self, at: Duration, success: bool) {
        let s = at.as_secs();
        if let Some(&(last, _)) = self.events.last() {
            assert!(
                s >= last,
                "events must arrive in time order: {at:?} after second {last}"
            );
        }
        self.events.push((s, success));
    }

    fn burn_rates(&self) -> (f64, f64) {
        (self.burn(self.long_secs), self.burn(self.short_secs))
    }

    fn is_firing(&self) -> bool {
        let (long, short) = self.burn_rates();
        long >= self.threshold && short >= self.threshold
    }
}
