//! # Exercise: the same answers, in a better complexity class
//!
//! Question 2 asks you to explain time and space complexity. Here you show it: three
//! problems whose obvious solution is too slow, to be solved in the class an interviewer
//! expects.
//!
//! - `has_duplicate(items)`: does some value occur twice? Comparing every pair is
//!   O(n²). Write it in **O(n)** expected time.
//! - `two_sum(items, target)`: two positions `i < j` with `items[i] + items[j] ==
//!   target`. Checking every pair is O(n²). Write it in **O(n)** expected time.
//! - `first_at_least(sorted, target)`: the index of the first element `>= target` in a
//!   sorted slice (`sorted.len()` if none). Scanning is O(n). Write it in **O(log n)**.
//!
//! The tests check your answers, then your *growth*: they count the comparisons and
//! hashes your code makes at n and at 16n (through values whose `==`, `<` and `hash`
//! count), and fail if the count grows faster than the class allows, with both counts in
//! the message. An all-pairs `has_duplicate` answers correctly and still fails:
//!
//! ```text
//! your has_duplicate did 32,640 comparisons at n = 256 and 8,386,560 at n = 4,096:
//! that grows like n², expected n
//! ```
//!
//! Use only what the bounds give you: `has_duplicate` and `two_sum` get `Hash + Eq`
//! (no `Ord`, so no sorting), `first_at_least` gets `Ord`.
//!
//! Run the tests with `cargo lab check complexity`; stuck, `cargo lab hint complexity`.
//! Each `// TODO:` marks a place to edit.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables)]

use std::hash::Hash;
use std::ops::Sub;

/// The contract your solution implements: the conformance cases call
/// `Solution::has_duplicate` and the others through this trait.
pub use complexity_contract::Algorithms;

/// Whether some value occurs twice or more in `items`.
///
/// Expected: O(n) time. Remember what you have seen in a structure that answers
/// "have I seen this?" in O(1) expected time, and stop at the first repeat.
pub fn has_duplicate<T: Hash + Eq>(items: &[T]) -> bool {
    // TODO: one pass over `items`, remembering each value (a reference to it is enough).
    todo!("has_duplicate: one pass with a std::collections::HashSet")
}

/// Two positions `i < j` with `items[i] + items[j] == target`, or `None`. One position
/// cannot pair with itself; when several pairs qualify, any one is correct.
///
/// Expected: O(n) time. For each `items[j]`, the partner it needs is `target - items[j]`:
/// can you find out in O(1) whether that partner appeared earlier, and where?
pub fn two_sum<T: Copy + Hash + Eq + Sub<Output = T>>(
    items: &[T],
    target: T,
) -> Option<(usize, usize)> {
    // TODO: one pass, with a map from each value seen so far to its position.
    todo!("two_sum: one pass with a std::collections::HashMap of value -> position")
}

/// The index of the first element of `sorted` that is `>= target`, or `sorted.len()`
/// when every element is smaller. `sorted` is in ascending order and may repeat values.
///
/// Expected: O(log n) comparisons: halve the range that can hold the answer with each
/// comparison.
pub fn first_at_least<T: Ord>(sorted: &[T], target: &T) -> usize {
    // TODO: binary search: keep `low..high` as the range the answer can be in.
    todo!("first_at_least: binary search, one comparison halves the range")
}

/// Your solutions, as the type the conformance cases run on. Nothing to edit here: each
/// method calls your function above.
#[derive(Debug, Clone, Copy, Default)]
pub struct Solution;

impl Algorithms for Solution {
    fn has_duplicate<T: Hash + Eq>(items: &[T]) -> bool {
        has_duplicate(items)
    }

    fn two_sum<T: Copy + Hash + Eq + Sub<Output = T>>(
        items: &[T],
        target: T,
    ) -> Option<(usize, usize)> {
        two_sum(items, target)
    }

    fn first_at_least<T: Ord>(sorted: &[T], target: &T) -> usize {
        first_at_least(sorted, target)
    }
}
