//! The benchmark workload, shared by the reference's bench and the exercise's
//! `--mine` bench so both measure the very same operations.

use rand::RngExt;

use evidence::workload::{Zipf, rng};

/// One operation of the benchmark stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `get(key)`
    Get(u64),
    /// `put(key, key)`
    Put(u64),
}

/// `len` operations, 90% `get` and 10% `put`, on keys drawn from Zipf(0.9) over ten
/// times `capacity` keys; seeded by the capacity, so every bench sees the same stream.
///
/// ```
/// use lru_cache::workload::{Op, zipf_ops};
///
/// let ops = zipf_ops(100, 1_000);
/// let puts = ops.iter().filter(|op| matches!(op, Op::Put(_))).count();
/// assert!((50..150).contains(&puts), "about 10% puts");
/// assert_eq!(ops, zipf_ops(100, 1_000), "the same stream every time");
/// ```
pub fn zipf_ops(capacity: usize, len: usize) -> Vec<Op> {
    let zipf = Zipf::new(capacity.max(1) * 10, 0.9);
    let mut r = rng(capacity as u64);
    (0..len)
        .map(|_| {
            let key = zipf.sample(&mut r) as u64;
            if r.random_range(0..10) == 0 {
                Op::Put(key)
            } else {
                Op::Get(key)
            }
        })
        .collect()
}
