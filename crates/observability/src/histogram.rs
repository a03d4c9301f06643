//! An HDR-style histogram: log-linear buckets, constant-time recording, quantiles within
//! a stated relative error, merge by adding counts.

use observability_contract::{
    HistogramError, LatencyHistogram, MAX_DIGITS, MIN_DIGITS, OutOfRange,
};

/// Counters summed at a time by `value_at_quantile` before it looks inside a block.
const QUANTILE_BLOCK: usize = 32;

/// A histogram of `u64` values (latencies in microseconds, say) with a fixed relative
/// error, after Gil Tene's HdrHistogram.
///
/// Values are grouped by magnitude (their highest set bit) and each magnitude is split
/// into a fixed number of linear sub-buckets, `S` = the power of two at or above
/// 2 × 10^digits. Values below `S` get a counter each; above, a counter covers `2^b`
/// consecutive values out of at least `S/2 × 2^b`, so any answer is within 2/S ≤
/// 10^-digits of the truth, relatively. Memory is fixed at construction:
/// `(buckets + 1) × S/2` counters, about 23,000 (184 KB) for an hour in microseconds at
/// 3 digits, whatever the number of values.
///
/// `min`, `max` and `mean` are exact: they are kept beside the counters.
///
/// # Example
///
/// ```
/// use observability::Histogram;
///
/// // Latencies in microseconds up to an hour, to 3 significant digits (0.1%).
/// let mut h = Histogram::new(3_600_000_000, 3).unwrap();
/// for us in [850, 900, 1_100, 1_250, 250_000] {
///     h.record(us).unwrap();
/// }
/// assert_eq!(h.count(), 5);
/// assert_eq!(h.value_at_quantile(0.5), 1_100);
/// assert_eq!(h.max(), 250_000);
/// assert_eq!(h.mean(), 50_820.0); // the mean is pulled up by one slow request
/// assert!(h.record(3_600_000_001).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    /// The largest value `record` accepts.
    max_value: u64,
    /// Significant decimal digits, 1 to 5.
    digits: u8,
    /// log2 of half the sub-bucket count: the bits of a value's mantissa kept beyond
    /// its leading one.
    half_shift: u32,
    /// Sub-bucket count − 1: OR-ed into a value so small values land in bucket 0.
    sub_mask: u64,
    /// One counter per bucket index; long enough for `max_value`.
    counts: Vec<u64>,
    /// Values recorded: the sum of `counts`.
    total: u64,
    /// Exact extremes of the values recorded (`u64::MAX` and 0 while empty).
    min: u64,
    max: u64,
    /// Exact sum of the values recorded (u128: 2^64 values of up to 2^64 cannot overflow it).
    sum: u128,
}

impl Histogram {
    /// An empty histogram for values `0..=max_value`, keeping `significant_digits`
    /// decimal digits.
    ///
    /// # Memory
    ///
    /// All of it is allocated here, 8 bytes per counter, and never grows. With `S` the
    /// sub-bucket count (the power of two at or above 2 × 10^digits) and `b` the
    /// buckets past the first, `max(0, bits(max_value) − log2 S)`, there are
    /// `b × S/2 + (max_value >> b) + 1` counters, under `(b + 2) × S/2`: linear in
    /// 10^digits, logarithmic in `max_value`. For `max_value = u64::MAX`:
    ///
    /// | digits | `S` | counters | memory |
    /// |---|---|---|---|
    /// | 1 | 32 | 976 | 7.8 KB |
    /// | 2 | 256 | 7,424 | 59 KB |
    /// | 3 | 2,048 | 56,320 | 451 KB |
    /// | 4 | 32,768 | 835,584 | 6.7 MB |
    /// | 5 | 262,144 | 6,291,456 | 50.3 MB |
    ///
    /// So `Histogram::new(u64::MAX, 5)` allocates about 50 MB at once, and a histogram
    /// per route and status multiplies that; an hour in microseconds at 3 digits takes
    /// 23,221 counters (186 KB). Size `max_value` to the largest latency you mean to
    /// keep ([`counters`](Histogram::counters) reports the figure).
    ///
    /// # Errors
    ///
    /// [`HistogramError::SignificantDigits`] when `significant_digits` is outside 1..=5.
    ///
    /// ```
    /// use observability::{Histogram, HistogramError};
    /// assert_eq!(Histogram::new(u64::MAX, 2).unwrap().counters(), 7_424);
    /// assert_eq!(Histogram::new(1_000, 6), Err(HistogramError::SignificantDigits(6)));
    /// ```
    pub fn new(max_value: u64, significant_digits: u8) -> Result<Histogram, HistogramError> {
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&significant_digits) {
            return Err(HistogramError::SignificantDigits(significant_digits));
        }
        // The sub-bucket count: the power of two at or above 2 × 10^digits, so that
        // half of it (the resolution of every bucket after the first) is ≥ 10^digits.
        let single_unit = 2 * 10u64.pow(u32::from(significant_digits));
        let sub_count_shift = 64 - (single_unit - 1).leading_zeros();
        let mut h = Histogram {
            max_value,
            digits: significant_digits,
            half_shift: sub_count_shift - 1,
            sub_mask: (1 << sub_count_shift) - 1,
            counts: Vec::new(),
            total: 0,
            min: u64::MAX,
            max: 0,
            sum: 0,
        };
        h.counts = vec![0; h.index(max_value) + 1];
        Ok(h)
    }

    /// Counts one value in O(1): a leading-zeros count, a shift and an add find its
    /// counter.
    ///
    /// # Errors
    ///
    /// [`OutOfRange`] when `value > max_value`; nothing is counted.
    ///
    /// ```
    /// let mut h = observability::Histogram::new(100, 2).unwrap();
    /// assert!(h.record(100).is_ok());
    /// let err = h.record(101).unwrap_err();
    /// assert_eq!((err.value, err.max_value, h.count()), (101, 100, 1));
    /// ```
    #[inline]
    pub fn record(&mut self, value: u64) -> Result<(), OutOfRange> {
        if value > self.max_value {
            return Err(OutOfRange {
                value,
                max_value: self.max_value,
            });
        }
        let i = self.index(value);
        // In bounds: `counts` was sized for `index(max_value)` and the index grows with
        // the value.
        self.counts[i] += 1;
        self.total += 1;
        self.min = self.min.min(value);
        self.max = self.max.max(value);
        self.sum += u128::from(value);
        Ok(())
    }

    /// The value at quantile `q`: the highest value of the counter that holds rank
    /// `max(1, ceil(q × count))`, clamped to `[min, max]`; so q = 0 is the exact
    /// minimum, q = 1 the exact maximum, and any other answer is within 10^-digits of
    /// the exact one, relatively. 0 when empty. O(counters).
    ///
    /// # Panics
    ///
    /// If `q` is not in `[0, 1]` (NaN included).
    ///
    /// ```
    /// let mut h = observability::Histogram::new(1_000_000, 3).unwrap();
    /// for v in 1..=1_000 {
    ///     h.record(v).unwrap();
    /// }
    /// assert_eq!(h.value_at_quantile(0.99), 990);
    /// assert_eq!(h.value_at_quantile(1.0), 1_000);
    /// ```
    pub fn value_at_quantile(&self, q: f64) -> u64 {
        assert!(
            (0.0..=1.0).contains(&q),
            "value_at_quantile takes q in [0, 1] (0.99 for the p99), not {q}"
        );
        if self.total == 0 {
            return 0;
        }
        let rank = observability_contract::rank(q, self.total);
        if rank == 1 {
            return self.min;
        }
        if rank == self.total {
            return self.max;
        }
        // Skip whole blocks of counters while the rank lies beyond them (a block's sum
        // vectorises), then walk the block that holds it.
        let mut seen = 0;
        for (b, block) in self.counts.chunks(QUANTILE_BLOCK).enumerate() {
            let in_block: u64 = block.iter().sum();
            if seen + in_block >= rank {
                for (j, &c) in block.iter().enumerate() {
                    seen += c;
                    if seen >= rank {
                        let i = b * QUANTILE_BLOCK + j;
                        return self.highest_equivalent(i).clamp(self.min, self.max);
                    }
                }
            }
            seen += in_block;
        }
        unreachable!("the counters sum to the count, which is at least the rank")
    }

    /// How many values were recorded.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// The smallest value recorded, exactly; 0 when empty.
    pub fn min(&self) -> u64 {
        if self.total == 0 { 0 } else { self.min }
    }

    /// The largest value recorded, exactly; 0 when empty.
    pub fn max(&self) -> u64 {
        self.max
    }

    /// The exact mean of the values recorded; 0.0 when empty.
    pub fn mean(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.sum as f64 / self.total as f64
        }
    }

    /// The largest value `record` accepts.
    pub fn max_value(&self) -> u64 {
        self.max_value
    }

    /// The significant digits kept.
    pub fn significant_digits(&self) -> u8 {
        self.digits
    }

    /// The number of counters: the histogram's memory is 8 bytes each.
    ///
    /// ```
    /// // An hour in microseconds at 3 digits: about 23,000 counters.
    /// let h = observability::Histogram::new(3_600_000_000, 3).unwrap();
    /// assert_eq!(h.counters(), 23_221);
    /// ```
    pub fn counters(&self) -> usize {
        self.counts.len()
    }

    /// Adds `other`'s values as if they had been recorded here: O(counters).
    ///
    /// With the same `significant_digits` the counters add index by index, and the
    /// result is exactly what recording both streams gives. With different digits each
    /// of `other`'s counters is re-recorded at its highest value (clamped to `other`'s
    /// `[min, max]`), so the merged answers carry both histograms' errors. `min`, `max`
    /// and `mean` stay exact either way.
    ///
    /// # Panics
    ///
    /// If `other` holds a value above this histogram's `max_value`: make the target
    /// with the larger range.
    ///
    /// ```
    /// use observability::Histogram;
    /// let mut a = Histogram::new(1_000, 3).unwrap();
    /// let mut b = Histogram::new(1_000, 3).unwrap();
    /// a.record(10).unwrap();
    /// b.record(990).unwrap();
    /// a.merge(&b);
    /// assert_eq!((a.count(), a.min(), a.max(), a.mean()), (2, 10, 990, 500.0));
    /// ```
    pub fn merge(&mut self, other: &Histogram) {
        if other.total == 0 {
            return;
        }
        assert!(
            other.max <= self.max_value,
            "merge: the other histogram holds {}, above this one's max_value {}",
            other.max,
            self.max_value
        );
        if other.digits == self.digits {
            // Same layout: index i means the same values in both. `other`'s counters
            // beyond its max are zero, and its max fits here, so the zip covers every
            // non-zero counter.
            for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
                *mine += theirs;
            }
        } else {
            for (i, &c) in other.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
                let v = other.highest_equivalent(i).clamp(other.min, other.max);
                let j = self.index(v);
                self.counts[j] += c;
            }
        }
        self.total += other.total;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.sum += other.sum;
    }

    /// The counter index of `value`.
    #[inline]
    fn index(&self, value: u64) -> usize {
        // Bits needed for the value, at least the sub-bucket count's, so that values
        // below the sub-bucket count land in bucket 0 at resolution 1.
        let magnitude = 64 - (value | self.sub_mask).leading_zeros();
        let bucket = magnitude - (self.half_shift + 1);
        // In [S/2, S) for bucket > 0 (the leading one is kept), [0, S) for bucket 0.
        let sub = value >> bucket;
        ((bucket as usize) << self.half_shift) + sub as usize
    }

    /// The largest value that lands in counter `i`.
    fn highest_equivalent(&self, i: usize) -> u64 {
        let half = 1usize << self.half_shift;
        let (bucket, sub) = if i < 2 * half {
            (0, i)
        } else {
            let bucket = i / half - 1;
            (bucket, i - bucket * half)
        };
        let lowest = (sub as u64) << bucket;
        lowest + ((1u64 << bucket) - 1)
    }
}

impl LatencyHistogram for Histogram {
    fn new(max_value: u64, significant_digits: u8) -> Result<Self, HistogramError> {
        Histogram::new(max_value, significant_digits)
    }

    fn record(&mut self, value: u64) -> Result<(), OutOfRange> {
        Histogram::record(self, value)
    }

    fn value_at_quantile(&self, q: f64) -> u64 {
        Histogram::value_at_quantile(self, q)
    }

    fn count(&self) -> u64 {
        Histogram::count(self)
    }

    fn min(&self) -> u64 {
        Histogram::min(self)
    }

    fn max(&self) -> u64 {
        Histogram::max(self)
    }

    fn mean(&self) -> f64 {
        Histogram::mean(self)
    }

    fn merge(&mut self, other: &Self) {
        Histogram::merge(self, other)
    }
}
