//! # Exercise: three problems by dynamic programming
//!
//! Question 7 asks what dynamic programming is and when to use it. Here you use it three
//! times. For each problem, name the four things before you write a loop: the **state**
//! (what a subproblem is), the **recurrence** (how a state's answer comes from smaller
//! ones), the **base cases**, and an **order** in which every state's inputs are ready.
//!
//! - [`edit_distance`]: the fewest single-char inserts, deletes and substitutions that
//!   turn one string into another ("kitten" → "sitting" is 3).
//! - [`coin_change`]: the fewest coins that make an amount (coins 1, 3, 4 make 6 with
//!   two: 3 + 3; taking the largest coin first takes three).
//! - [`longest_increasing_subsequence`]: a longest strictly increasing subsequence, in
//!   O(n log n).
//!
//! The plain recursion for each is a few lines and right, but it solves the same
//! subproblems again and again: the last three cases give it inputs it cannot finish
//! in the time limit (seconds where a table takes milliseconds).
//!
//! Run the tests with `cargo lab check dynamic-programming`; stuck, `cargo lab hint
//! dynamic-programming`. Each `// TODO:` marks a place to edit.

// The parameters are unused until you fill in the bodies; delete this line once every
// `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables)]

/// The contract your functions are checked against: the conformance cases call
/// [`Exercise`]'s functions, which call yours.
pub use dynamic_programming_contract::Solutions;

/// The Levenshtein distance between `a` and `b`, counted in `char`s: the fewest
/// single-char inserts, deletes and substitutions that turn `a` into `b`.
///
/// State: `d[i][j]`, the distance between the first `i` chars of `a` and the first `j`
/// of `b`. Compare `char`s, not bytes: "café" → "cafe" is one edit, though "é" is two
/// bytes.
pub fn edit_distance(a: &str, b: &str) -> usize {
    // TODO: collect the chars, fill the table (or two rows of it) in an order where
    // every cell's three neighbours above and to the left are ready, return the last
    // cell.
    todo!("edit_distance: d[i][j] = min(delete, insert, keep or substitute)")
}

/// The fewest coins from `coins` (each usable any number of times) that sum to
/// `amount`, or `None` when no combination does. Coins of value 0 are ignored; an
/// amount of 0 takes `Some(0)` coins.
///
/// State: `best[x]`, the fewest coins that make `x`, for every `x` from 0 to `amount`.
pub fn coin_change(coins: &[u32], amount: u32) -> Option<u32> {
    // TODO: fill best[0..=amount] in increasing order, trying every coin as the last
    // one; keep "cannot be made" apart from a count, and mind overflow near u32::MAX.
    todo!("coin_change: best[x] = 1 + min over coins c <= x of best[x - c]")
}

/// A longest strictly increasing subsequence of `xs` (any one, when several tie), in
/// O(n log n) time.
///
/// The O(n²) DP (`len[i]` = the longest ending at `i`) is right, but too slow for the
/// million-element case. Keep instead, for each length, the smallest last element an
/// increasing subsequence of that length can have.
pub fn longest_increasing_subsequence(xs: &[i64]) -> Vec<i64> {
    // TODO: keep tails sorted, place each element by binary search, remember each
    // element's predecessor, and walk back from the last tail.
    todo!("longest_increasing_subsequence: tails + binary search + predecessors")
}

/// Your solutions as the contract's [`Solutions`] type, for the conformance cases.
/// Nothing to change here: each function forwards to yours above.
#[derive(Debug, Clone, Copy, Default)]
pub struct Exercise;

impl Solutions for Exercise {
    fn edit_distance(a: &str, b: &str) -> usize {
        edit_distance(a, b)
    }

    fn coin_change(coins: &[u32], amount: u32) -> Option<u32> {
        coin_change(coins, amount)
    }

    fn longest_increasing_subsequence(xs: &[i64]) -> Vec<i64> {
        longest_increasing_subsequence(xs)
    }
}
