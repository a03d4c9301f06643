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

/// The exponent `b` of the least-squares fit `cost = a·n^b` (a straight line in
/// log-log space): how a cost grows with the input size. O(1) fits near 0, O(n) near
/// 1, O(log n) small but rising with the range.
///
/// # Panics
///
/// Debug builds panic on fewer than two distinct sizes (there is no line to fit).
///
/// ```
/// let linear: Vec<(usize, f64)> = [10, 100, 1000].iter().map(|&n| (n, 3.0 * n as f64)).collect();
/// assert!((evidence::measure::fitted_exponent(&linear) - 1.0).abs() < 1e-9);
/// let flat = [(10, 7.0), (100, 7.0), (1000, 7.0)];
/// assert!(evidence::measure::fitted_exponent(&flat).abs() < 1e-9);
/// ```
pub fn fitted_exponent(points: &[(usize, f64)]) -> f64 {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .map(|&(n, y)| ((n as f64).ln(), y.ln()))
        .collect();
    let k = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / k;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / k;
    let cov: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let var: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    debug_assert!(
        var > 0.0,
        "fitting a growth needs at least two distinct sizes"
    );
    cov / var
}
