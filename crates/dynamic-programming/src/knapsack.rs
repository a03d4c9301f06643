//! The 0/1 knapsack: the best value within a weight limit, and the items that make it.

use crate::error::{Error, check_table};

/// The best total value of items from `items` (`(weight, value)` pairs, each taken at
/// most once) whose weights sum to at most `capacity`, and the indices of the items
/// taken, ascending.
///
/// `best[w]` after item i is the best value within weight w using items 0..=i:
/// `max(best[w], best[w − weight] + value)`, with w going down so that no item is
/// taken twice. One row of `u64`s, and one bit per (item, weight) recording whether the
/// item was taken, to walk back. O(n · W) time: pseudo-polynomial, W is a number, not a
/// size. W is the smaller of `capacity` and the items' total weight (capacity beyond
/// what all the items weigh changes nothing), so a capacity of `u32::MAX` is fine for
/// light items.
///
/// # Panics
///
/// When the table would exceed [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES) (n × (W + 1)
/// bits: 10 items of 2 billion each with a capacity of `u32::MAX`), or when the values
/// together overflow a `u64`; [`try_knapsack`] returns the first as an error.
///
/// ```
/// use dynamic_programming::knapsack;
/// // (weight, value): the two lighter items beat the heavy one.
/// let items = [(10, 60), (20, 100), (30, 120)];
/// assert_eq!(knapsack(&items, 50), (220, vec![1, 2]));
/// assert_eq!(knapsack(&items, u32::MAX), (280, vec![0, 1, 2]));
/// assert_eq!(knapsack(&[], 10), (0, vec![]));
/// ```
pub fn knapsack(items: &[(u32, u64)], capacity: u32) -> (u64, Vec<usize>) {
    try_knapsack(items, capacity).unwrap_or_else(|e| panic!("{e}"))
}

/// [`knapsack`], with a table that would be too large returned as an error.
///
/// # Errors
///
/// [`Error::TableTooLarge`] when the row of W + 1 values and the n × (W + 1) bits of
/// choices exceed [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES).
///
/// # Panics
///
/// When the items' values sum beyond `u64::MAX`: no best value could be reported.
///
/// ```
/// use dynamic_programming::try_knapsack;
/// let heavy = [(u32::MAX, 1), (u32::MAX - 1, 2)];
/// assert!(try_knapsack(&heavy, u32::MAX).is_err());
/// ```
pub fn try_knapsack(items: &[(u32, u64)], capacity: u32) -> Result<(u64, Vec<usize>), Error> {
    items
        .iter()
        .try_fold(0u64, |sum, &(_, v)| sum.checked_add(v))
        .unwrap_or_else(|| {
            panic!("knapsack: the items' values sum beyond u64::MAX; scale them down")
        });
    let total_weight: u64 = items.iter().map(|&(w, _)| u64::from(w)).sum();
    let limit = u64::from(capacity).min(total_weight) as usize;
    // Counted in 64-bit words: the row of W + 1 values, and one bit per (item, weight
    // 0..=W), rounded up to whole words per item.
    let row_words = limit / 64 + 1;
    let words = items
        .len()
        .checked_mul(row_words)
        .and_then(|bits| bits.checked_add(limit.checked_add(1)?));
    check_table("knapsack", words, size_of::<u64>(), || {
        format!(
            "{} items within capacity {capacity} (their total weight is {total_weight})",
            items.len()
        )
    })?;
    let mut best = vec![0u64; limit + 1];
    let mut taken = vec![0u64; items.len() * row_words];
    for (i, &(weight, value)) in items.iter().enumerate() {
        let weight = weight as usize;
        if weight > limit {
            continue;
        }
        let bits = &mut taken[i * row_words..(i + 1) * row_words];
        for w in (weight..=limit).rev() {
            let with = best[w - weight] + value;
            if with > best[w] {
                best[w] = with;
                bits[w / 64] |= 1 << (w % 64);
            }
        }
    }
    let mut chosen = Vec::new();
    let mut w = limit;
    for (i, &(weight, _)) in items.iter().enumerate().rev() {
        if taken[i * row_words + w / 64] >> (w % 64) & 1 == 1 {
            chosen.push(i);
            w -= weight as usize;
        }
    }
    chosen.reverse();
    Ok((best[limit], chosen))
}
