//! The obvious cycle finder, kept as the oracle for the cases and the demo.
//!
//! Remember every node seen; the first node seen twice is where the cycle starts. It is
//! the first answer most people give, and it is correct, which makes it the oracle the
//! cycle functions are checked against. It pays for that with memory: the set holds
//! every node of the walk, μ + λ of them, where the two-pointer algorithms hold two.

use std::collections::HashSet;
use std::hash::Hash;

use crate::Cycle;

/// Walks from `start` along `f`, remembering every node in a hash set; the first node
/// seen twice is the cycle's start. Returns the cycle (or `None` when `f` reaches an
/// end) and the number of nodes the set remembered, which is the most it ever held:
/// μ + λ with a cycle, every node walked without one. That count is the walk's memory,
/// in nodes; it grows with the list.
///
/// # Example
///
/// ```
/// use linked_list_contract::naive::with_hash_set;
///
/// let next = [Some(1), Some(2), Some(0)];
/// let (cycle, remembered) = with_hash_set(0usize, |i| next[i]);
/// assert_eq!(cycle.map(|c| (c.start, c.length, c.tail)), Some((0, 3, 0)));
/// assert_eq!(remembered, 3);
/// ```
pub fn with_hash_set<T: Copy + Eq + Hash>(
    start: T,
    mut f: impl FnMut(T) -> Option<T>,
) -> (Option<Cycle<T>>, usize) {
    let mut seen = HashSet::new();
    // The nodes in the order visited, to find how far in the repeated node came first.
    let mut order = Vec::new();
    let mut steps = 0;
    let mut node = start;
    let repeat = loop {
        if !seen.insert(node) {
            break node;
        }
        order.push(node);
        steps += 1;
        match f(node) {
            Some(n) => node = n,
            None => return (None, seen.len()),
        }
    };
    let tail = order
        .iter()
        .position(|&n| n == repeat)
        .expect("the repeated node was seen before");
    let cycle = Cycle {
        start: repeat,
        length: order.len() - tail,
        tail,
        steps,
    };
    (Some(cycle), seen.len())
}
