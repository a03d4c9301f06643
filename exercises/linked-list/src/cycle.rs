//! Cycle detection with two pointers.
//!
//! A list built from `Box` can never loop, so here a list is an array: node `i`'s
//! successor is `next[i]`, and `None` ends the list. A walk from `head` either ends or
//! enters a cycle and goes round forever.
//!
//! Floyd's tortoise and hare: move the hare two steps and the tortoise one per round.
//! If the hare finds an end there is no cycle; otherwise they meet inside the cycle.
//! Then a pointer from the head and one from the meeting point, both moving one step,
//! meet exactly where the cycle starts. You may assume every index in `next` and `head`
//! is in range.

/// Where the walk from `head` enters a cycle, or `None` if it reaches an end.
/// O(1) extra memory: no set of visited nodes.
pub fn find_cycle_start(next: &[Option<usize>], head: usize) -> Option<usize> {
    // TODO: phase 1, the hare (two steps) chases the tortoise (one step) until they meet
    // or the hare finds `None`; phase 2, restart the tortoise at `head` and move both one
    // step at a time until they meet.
    todo!("find the cycle's start with Floyd's two phases")
}

/// The number of nodes on the cycle the walk from `head` enters, or `None` if it ends.
pub fn cycle_length(next: &[Option<usize>], head: usize) -> Option<usize> {
    // TODO: from any node on the cycle (the start, say), count the steps until you are
    // back.
    todo!("count the nodes on the cycle")
}
