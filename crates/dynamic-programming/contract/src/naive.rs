//! Brute force, the oracles for the property tests: the plain recursions and exhaustive
//! searches that dynamic programming replaces. Each is short enough to check by eye and
//! shares nothing with a table; each is exponential, so the property tests keep their
//! inputs small, and [`BruteForce`] fails the time-limit cases by design.

use crate::Solutions;

/// The brute-force oracle as a [`Solutions`] type: the correctness cases run on it
/// (`correctness_tests!`), so a case that no correct answer could pass shows up here
/// first.
#[derive(Debug, Clone, Copy, Default)]
pub struct BruteForce;

impl Solutions for BruteForce {
    fn edit_distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        edit_distance(&a, &b)
    }

    fn coin_change(coins: &[u32], amount: u32) -> Option<u32> {
        coin_change(coins, amount)
    }

    fn longest_increasing_subsequence(xs: &[i64]) -> Vec<i64> {
        longest_increasing_subsequence(xs)
    }
}

/// The edit distance by the plain recursion: the last step turning `a` into `b` is a
/// delete, an insert, or a keep-or-substitute of the first chars, so try all three.
/// About 3^(n+m) calls: the same suffix pairs are solved again and again, which is the
/// overlap a DP table removes.
///
/// ```
/// let (a, b): (Vec<char>, Vec<char>) = ("kitten".chars().collect(), "sitting".chars().collect());
/// assert_eq!(dynamic_programming_contract::naive::edit_distance(&a, &b), 3);
/// ```
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    match (a.split_first(), b.split_first()) {
        (None, _) => b.len(),
        (_, None) => a.len(),
        (Some((x, a_rest)), Some((y, b_rest))) => {
            let delete = edit_distance(a_rest, b) + 1;
            let insert = edit_distance(a, b_rest) + 1;
            let keep_or_substitute = edit_distance(a_rest, b_rest) + usize::from(x != y);
            delete.min(insert).min(keep_or_substitute)
        }
    }
}

/// The fewest coins by exhaustive search: for k = 0, 1, 2, ... coins, try every
/// multiset of k coins (in non-decreasing coin order, so each is tried once) and stop at
/// the first k that sums to `amount`. `None` once k coins of the smallest value already
/// exceed the amount. Coins of value 0 are ignored.
///
/// ```
/// use dynamic_programming_contract::naive::coin_change;
/// assert_eq!(coin_change(&[1, 3, 4], 6), Some(2));
/// assert_eq!(coin_change(&[2], 3), None);
/// ```
pub fn coin_change(coins: &[u32], amount: u32) -> Option<u32> {
    let coins: Vec<u32> = coins.iter().copied().filter(|&c| c > 0).collect();
    if amount == 0 {
        return Some(0);
    }
    let smallest = *coins.iter().min()?;
    (1..=amount / smallest).find(|&k| sums_to(&coins, k, amount))
}

/// Whether some `k` coins from `coins` (repeats allowed, in non-decreasing index order)
/// sum to exactly `rest`.
fn sums_to(coins: &[u32], k: u32, rest: u32) -> bool {
    if k == 0 {
        return rest == 0;
    }
    coins
        .iter()
        .enumerate()
        .any(|(i, &c)| c <= rest && sums_to(&coins[i..], k - 1, rest - c))
}

/// A longest strictly increasing subsequence by trying every subset of positions: 2^n
/// of them, for the small inputs of the property tests (the first longest in the order
/// the subsets are tried).
///
/// ```
/// use dynamic_programming_contract::naive::longest_increasing_subsequence;
/// assert_eq!(longest_increasing_subsequence(&[3, 1, 2]).len(), 2);
/// ```
///
/// # Panics
///
/// With more than 20 elements: a million subsets is where brute force stops being a test
/// oracle.
pub fn longest_increasing_subsequence(xs: &[i64]) -> Vec<i64> {
    assert!(
        xs.len() <= 20,
        "the brute-force LIS tries 2^n subsets: keep n <= 20, not {}",
        xs.len()
    );
    let mut best = Vec::new();
    for mask in 0u32..1 << xs.len() {
        if mask.count_ones() as usize <= best.len() {
            continue;
        }
        let picked: Vec<i64> = (0..xs.len())
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| xs[i])
            .collect();
        if picked.windows(2).all(|w| w[0] < w[1]) {
            best = picked;
        }
    }
    best
}
