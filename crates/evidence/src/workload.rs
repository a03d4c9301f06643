//! Seeded random workloads, shared by every demo and benchmark.
//!
//! Demos must be deterministic under `--seed`, so all randomness comes from [`rng`]:
//! a small, fast generator whose output is fixed for a given seed (the lock file pins its
//! version, so the stream is the same on every machine).

use rand::{Rng, RngExt, SeedableRng};

/// The generator every workload uses: xoshiro256++, fast and reproducible from a seed.
/// It is not cryptographic, and needs not be.
pub type WorkloadRng = rand::rngs::Xoshiro256PlusPlus;

/// A generator seeded with `seed`: the same seed always gives the same stream.
///
/// # Example
///
/// ```
/// use rand::RngExt;
/// let a: u64 = evidence::workload::rng(7).random();
/// let b: u64 = evidence::workload::rng(7).random();
/// assert_eq!(a, b);
/// ```
pub fn rng(seed: u64) -> WorkloadRng {
    WorkloadRng::seed_from_u64(seed)
}

/// A seed that differs on every call and in every process: a counter and the clock,
/// mixed by splitmix64's finaliser. For random streams that must *not* repeat across
/// callers, such as the jitter of clients that failed together; workloads that must
/// repeat use [`rng`] with a fixed seed.
///
/// ```
/// assert_ne!(evidence::workload::fresh_seed(), evidence::workload::fresh_seed());
/// ```
pub fn fresh_seed() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut z = time ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The Zipf distribution over ranks `0..n`: rank `k` is drawn with probability
/// proportional to `1 / (k + 1)^exponent`, so rank 0 is the most popular.
///
/// Real request streams look like this: a few hot keys take most of the traffic and a
/// long tail is seldom asked for. With exponent 1.0 over 100,000 keys, the top 1% of keys
/// receive about half of all requests. Exponent 0 is the uniform distribution.
///
/// Sampling is exact: the cumulative distribution is precomputed (8 bytes per rank) and
/// each draw is one binary search, `O(log n)`.
///
/// # Example
///
/// ```
/// use evidence::workload::{rng, Zipf};
///
/// let zipf = Zipf::new(1_000, 1.0);
/// let mut rng = rng(1);
/// let draws: Vec<usize> = (0..10_000).map(|_| zipf.sample(&mut rng)).collect();
/// let hot = draws.iter().filter(|&&k| k == 0).count();
/// let cold = draws.iter().filter(|&&k| k == 999).count();
/// assert!(hot > 100 * cold.max(1) / 2, "rank 0 is drawn far more often than the last rank");
/// ```
#[derive(Debug, Clone)]
pub struct Zipf {
    /// `cdf[k]` = P(rank <= k); non-decreasing, and the last entry is exactly 1.0.
    cdf: Vec<f64>,
}

impl Zipf {
    /// The distribution over `n` ranks with the given exponent.
    ///
    /// # Panics
    ///
    /// Panics if `n` is 0 or `exponent` is negative or not finite.
    pub fn new(n: usize, exponent: f64) -> Self {
        assert!(n > 0, "a Zipf distribution needs at least one rank");
        assert!(
            exponent.is_finite() && exponent >= 0.0,
            "the Zipf exponent must be finite and non-negative, got {exponent}"
        );
        let mut cdf = Vec::with_capacity(n);
        let mut total = 0.0;
        for k in 1..=n {
            total += (k as f64).powf(-exponent);
            cdf.push(total);
        }
        for c in &mut cdf {
            *c /= total;
        }
        // Rounding may leave the last entry a hair below 1.0; a draw of 0.99999... must
        // still land on a rank.
        cdf[n - 1] = 1.0;
        Zipf { cdf }
    }

    /// The number of ranks.
    pub fn len(&self) -> usize {
        self.cdf.len()
    }

    /// Always false: a distribution has at least one rank.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The probability of drawing `rank`.
    ///
    /// # Panics
    ///
    /// Panics if `rank >= self.len()`.
    pub fn probability(&self, rank: usize) -> f64 {
        let below = if rank == 0 { 0.0 } else { self.cdf[rank - 1] };
        self.cdf[rank] - below
    }

    /// Draws one rank in `0..self.len()`.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let u: f64 = rng.random();
        // The first rank whose cumulative probability exceeds u.
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1)
    }

    /// `count` draws as `u64` keys, the form most demos and benchmarks want.
    pub fn keys<R: Rng + ?Sized>(&self, rng: &mut R, count: usize) -> Vec<u64> {
        (0..count).map(|_| self.sample(rng) as u64).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_stream() {
        let zipf = Zipf::new(100, 0.9);
        assert_eq!(zipf.keys(&mut rng(3), 50), zipf.keys(&mut rng(3), 50));
        assert_ne!(zipf.keys(&mut rng(3), 50), zipf.keys(&mut rng(4), 50));
    }

    #[test]
    fn probabilities_follow_the_power_law_and_sum_to_one() {
        let zipf = Zipf::new(10, 1.0);
        let sum: f64 = (0..10).map(|k| zipf.probability(k)).sum();
        assert!((sum - 1.0).abs() < 1e-12, "sum {sum}");
        // p(0) / p(1) = 2^1 and p(0) / p(9) = 10^1 for exponent 1.
        assert!((zipf.probability(0) / zipf.probability(1) - 2.0).abs() < 1e-9);
        assert!((zipf.probability(0) / zipf.probability(9) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn exponent_zero_is_uniform() {
        let zipf = Zipf::new(4, 0.0);
        for k in 0..4 {
            assert!((zipf.probability(k) - 0.25).abs() < 1e-12);
        }
    }

    #[test]
    fn draws_match_the_probabilities() {
        let zipf = Zipf::new(50, 1.2);
        let mut counts = [0usize; 50];
        let draws = 200_000;
        let mut r = rng(11);
        for _ in 0..draws {
            counts[zipf.sample(&mut r)] += 1;
        }
        for (k, &c) in counts.iter().enumerate() {
            let expected = zipf.probability(k) * draws as f64;
            // Five standard deviations of a binomial count, plus a little for tiny counts.
            let tolerance = 5.0 * expected.sqrt() + 5.0;
            assert!(
                (c as f64 - expected).abs() < tolerance,
                "rank {k}: drew {c}, expected about {expected:.0}"
            );
        }
    }

    #[test]
    fn a_single_rank_is_always_drawn() {
        let zipf = Zipf::new(1, 1.0);
        assert!(zipf.keys(&mut rng(0), 100).iter().all(|&k| k == 0));
    }

    #[test]
    #[should_panic(expected = "at least one rank")]
    fn zero_ranks_is_refused() {
        let _ = Zipf::new(0, 1.0);
    }
}
