//! Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash
//! Algorithm", 2014): maps a 64-bit key to one of `buckets` numbered buckets with no
//! memory at all, moving only about 1/(n+1) of the keys when a bucket is added.
//!
//! It treats the key as the seed of a 64-bit linear congruential generator and
//! "jumps" forward through bucket numbers: the last bucket a key lands on below
//! `buckets` is its bucket. Growing from n to n+1 buckets, a key moves only if its
//! next jump lands exactly on bucket n, which happens with probability 1/(n+1).
//!
//! The catch: buckets are numbers `0..n`, and only the *last* one can be removed
//! without moving other keys. It suits sharded storage whose shards are added and
//! retired in order, not a pool of servers that fail at random.

use crate::cost::Tally;

/// The bucket in `0..buckets` for `key`, bit-exact with the published algorithm (the
/// LCG multiplier 2862933555777941757 and the 2^31 floating-point step), so its results
/// equal every other faithful implementation's.
///
/// Keys should already be well mixed (for a string, pass a 64-bit hash of it, e.g.
/// [`crate::hash::stable_hash`]); the LCG spreads even sequential keys, though.
///
/// # Panics
///
/// If `buckets` is 0: there is no bucket to return. (The paper's C++ returns -1 there,
/// which no `u32` can say.)
///
/// ```
/// use consistent_hashing::jump_hash;
///
/// assert_eq!(jump_hash(256, 1024), 520);
/// assert_eq!(jump_hash(123_456, 1_000), 984);
/// assert_eq!(jump_hash(7, 1), 0, "one bucket takes every key");
/// ```
pub fn jump_hash(key: u64, buckets: u32) -> u32 {
    jump_hash_tallied(key, buckets, &mut ())
}

/// [`jump_hash`], reporting each generator step and each comparison with the bucket
/// count to `tally` ([`crate::cost::jump_hash_cost`] counts them).
pub(crate) fn jump_hash_tallied(mut key: u64, buckets: u32, tally: &mut impl Tally) -> u32 {
    assert!(buckets > 0, "jump_hash needs at least one bucket");
    // The first step always takes bucket 0 (0 < buckets), so 0 is also where it starts.
    let mut bucket: i64 = 0;
    let mut next: i64 = 0;
    loop {
        tally.compared(1);
        if next >= i64::from(buckets) {
            break;
        }
        bucket = next;
        tally.hashed(1);
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        // The next bucket the key would jump to: (b + 1) * 2^31 / ((key >> 33) + 1).
        next = ((bucket + 1) as f64 * ((1u64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    bucket as u32
}

#[cfg(test)]
mod tests {
    // The published values are checked by the contract's conformance cases
    // (`jump_matches_published_values`), which run on this function.
    use super::*;

    #[test]
    #[should_panic(expected = "at least one bucket")]
    fn zero_buckets_panics() {
        jump_hash(1, 0);
    }

    /// Keys whose jumps land within a hair of a bucket boundary, where dividing by
    /// `key >> 33` instead of `(key >> 33) + 1` gives the next bucket (432, 602, 739).
    /// Found and computed by a separate transcription of the paper's code in Python,
    /// which also reproduces the published values.
    #[test]
    fn keys_on_a_bucket_boundary_land_as_the_paper_computes() {
        assert_eq!(jump_hash(295_494, 1_000), 431);
        assert_eq!(jump_hash(887_260, 1_000), 601);
        assert_eq!(jump_hash(1_010_210, 1_000), 737);
    }

    #[test]
    fn the_largest_bucket_count_works() {
        assert!(jump_hash(u64::MAX, u32::MAX) < u32::MAX);
    }
}
