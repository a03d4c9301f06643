//! The one timing loop demos use when a claim is about time.
//!
//! Counts (probes, keys moved, calls made) are exact and repeatable, so demos prefer
//! them. When a claim really is about time, compare two things measured in the same run
//! with [`best_ns_per_op`] and state a wide margin: on a shared machine the slowest
//! rounds measure the neighbours, so the fastest round is the best estimate of the code.

use std::time::Instant;

/// Runs `round` `rounds` times and returns the lowest nanoseconds per operation seen.
///
/// `round` does the work and returns how many operations it performed; pass results
/// through [`std::hint::black_box`] inside it so the optimiser cannot delete the work.
///
/// # Panics
///
/// Panics if `rounds` is 0 or a round reports 0 operations.
///
/// # Example
///
/// ```
/// use std::hint::black_box;
/// let v: Vec<u64> = (0..1_000).collect();
/// let ns = evidence::measure::best_ns_per_op(3, || {
///     black_box(v.iter().sum::<u64>());
///     v.len()
/// });
/// assert!(ns > 0.0);
/// ```
pub fn best_ns_per_op(rounds: usize, mut round: impl FnMut() -> usize) -> f64 {
    assert!(rounds > 0, "best_ns_per_op needs at least one round");
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        let ops = round();
        let elapsed = start.elapsed().as_nanos() as f64;
        assert!(ops > 0, "a timed round must perform at least one operation");
        // A round faster than the clock's resolution still took some time.
        best = best.min(elapsed.max(1.0) / ops as f64);
    }
    best
}
