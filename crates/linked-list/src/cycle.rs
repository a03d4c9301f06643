//! Cycle detection in a sequence where each node has at most one successor.
//!
//! A list built from `Box` can never loop in safe Rust (each node owns the next), so
//! here a list is an array: node `i`'s successor is `next[i]`, `None` at the end. The
//! same functions serve any "successor function": a linked list in an arena, the states
//! of a random number generator, `x -> f(x)` in Pollard's rho.
//!
//! A walk from the head either ends or, after a *tail* of μ nodes, enters a *cycle* of
//! λ nodes and goes round forever: the shape of the letter ρ.
//!
//! - [`floyd`] (tortoise and hare): the hare moves two steps per round, the tortoise one;
//!   inside the cycle the gap shrinks by one each round, so they meet. Restarting the
//!   tortoise from the head and moving both one step at a time, they meet again exactly
//!   at the cycle's start. O(μ + λ) time, O(1) memory.
//! - [`brent`]: the tortoise teleports to the hare at every power of two and the hare
//!   counts its steps, which gives λ directly; then a pointer λ steps ahead finds μ.
//!   Also O(μ + λ) time and O(1) memory, with fewer successor calls (the demo counts
//!   them), which wins when calling the successor is the expensive part.
//! - [`naive::with_hash_set`]: remember every node seen; the first repeat is the start.
//!   Simplest to get right, but O(μ + λ) memory.

/// [`Cycle`], what a walk that finds a cycle reports, and [`naive::with_hash_set`], the
/// oracle, come from the contract the exercise shares.
pub use linked_list_contract::{Cycle, naive};

/// Where the walk from `head` enters a cycle, or `None` if it reaches an end; Floyd's
/// algorithm, O(1) memory.
///
/// # Panics
///
/// If `head` or a successor the walk reaches is not a node (not less than `next.len()`),
/// with a message naming it.
///
/// # Example
///
/// ```
/// use linked_list::cycle::find_cycle_start;
///
/// // 0 -> 1 -> 2 -> 3 -> 4 -> 2: a tail of two nodes, then a cycle of three.
/// let next = [Some(1), Some(2), Some(3), Some(4), Some(2)];
/// assert_eq!(find_cycle_start(&next, 0), Some(2));
/// assert_eq!(find_cycle_start(&[Some(1), None], 0), None);
/// ```
pub fn find_cycle_start(next: &[Option<usize>], head: usize) -> Option<usize> {
    let mut f = Counted::new(successor(next));
    floyd_start(check_head(next, head), &mut f).map(|(start, _)| start)
}

/// The number of nodes on the cycle the walk from `head` enters (λ), or `None` if it
/// reaches an end.
///
/// # Panics
///
/// As [`find_cycle_start`].
///
/// ```
/// use linked_list::cycle::cycle_length;
///
/// let next = [Some(1), Some(2), Some(3), Some(4), Some(2)];
/// assert_eq!(cycle_length(&next, 0), Some(3));
/// assert_eq!(cycle_length(&[Some(0)], 0), Some(1), "a self-loop");
/// ```
pub fn cycle_length(next: &[Option<usize>], head: usize) -> Option<usize> {
    floyd(check_head(next, head), successor(next)).map(|c| c.length)
}

/// [`find_cycle_start`] by Brent's algorithm: the same answer, usually in fewer
/// successor calls.
///
/// # Panics
///
/// As [`find_cycle_start`].
///
/// ```
/// use linked_list::cycle::find_cycle_start_brent;
///
/// let next = [Some(1), Some(2), Some(3), Some(4), Some(2)];
/// assert_eq!(find_cycle_start_brent(&next, 0), Some(2));
/// ```
pub fn find_cycle_start_brent(next: &[Option<usize>], head: usize) -> Option<usize> {
    brent(check_head(next, head), successor(next)).map(|c| c.start)
}

/// Floyd's tortoise and hare over any successor function, from `start`. Returns the
/// cycle's start, length and tail, and the successor calls it made; `None` if `f`
/// reaches an end.
///
/// # Example
///
/// ```
/// use linked_list::cycle::floyd;
///
/// // x -> x² + 1 mod 255 from 3: 3, 10, then 101, 2, 5, 26, 167, 95 and back to 101.
/// let cycle = floyd(3u32, |x| Some((x * x + 1) % 255)).unwrap();
/// assert_eq!((cycle.start, cycle.length, cycle.tail), (101, 6, 2));
/// ```
pub fn floyd<T: Copy + Eq>(start: T, f: impl FnMut(T) -> Option<T>) -> Option<Cycle<T>> {
    let mut f = Counted::new(f);
    let (cycle_start, tail) = floyd_start(start, &mut f)?;
    // Phase 3: go round once to measure the cycle.
    let mut length = 1;
    let mut hare = f.call(cycle_start).expect("on the cycle");
    while hare != cycle_start {
        hare = f.call(hare).expect("on the cycle");
        length += 1;
    }
    Some(Cycle {
        start: cycle_start,
        length,
        tail,
        steps: f.calls,
    })
}

/// Floyd's first two phases: the cycle's start and the tail's length μ, without going
/// round the cycle to measure it (which `find_cycle_start` does not need).
fn floyd_start<T: Copy + Eq, F: FnMut(T) -> Option<T>>(
    start: T,
    f: &mut Counted<F>,
) -> Option<(T, usize)> {
    // Phase 1: the hare runs two steps per round until it meets the tortoise (inside the
    // cycle) or finds an end.
    let mut tortoise = start;
    let mut hare = start;
    loop {
        hare = f.call(hare)?;
        hare = f.call(hare)?;
        tortoise = f.call(tortoise).expect("the hare already passed here");
        if tortoise == hare {
            break;
        }
    }
    // Phase 2: the meeting point is as far from the cycle's start (going round) as the
    // head is (μ, modulo λ). Walk one from each at the same speed: they meet at the start.
    Some(walk_to_meeting(start, hare, f))
}

/// Moves `behind` (from the head) and `ahead` (on the cycle, μ steps from its start
/// modulo λ) one step at a time until they meet, which is at the cycle's start; returns
/// that node and the steps taken, μ. Both Floyd and Brent end this way.
fn walk_to_meeting<T: Copy + Eq, F: FnMut(T) -> Option<T>>(
    mut behind: T,
    mut ahead: T,
    f: &mut Counted<F>,
) -> (T, usize) {
    let mut tail = 0;
    while behind != ahead {
        behind = f.call(behind).expect("on the walk already taken");
        ahead = f.call(ahead).expect("on the cycle");
        tail += 1;
    }
    (behind, tail)
}

/// Brent's algorithm over any successor function: the same result as [`floyd`].
///
/// ```
/// use linked_list::cycle::{brent, floyd};
///
/// let f = |x: u64| Some((x * x + 1) % 1_000_003);
/// let (b, fl) = (brent(2, f).unwrap(), floyd(2, f).unwrap());
/// assert_eq!((b.start, b.length, b.tail), (fl.start, fl.length, fl.tail));
/// ```
pub fn brent<T: Copy + Eq>(start: T, f: impl FnMut(T) -> Option<T>) -> Option<Cycle<T>> {
    let mut f = Counted::new(f);
    // Phase 1: the hare searches in windows of doubling size; the tortoise waits at each
    // window's start. When the hare meets it, the hare's count within the window is λ.
    let mut power = 1;
    let mut length = 1;
    let mut tortoise = start;
    let mut hare = f.call(start)?;
    while tortoise != hare {
        if power == length {
            tortoise = hare;
            power *= 2;
            length = 0;
        }
        hare = f.call(hare)?;
        length += 1;
    }
    // Phase 2: a pointer λ steps ahead of another meets it exactly at the cycle's start.
    let mut ahead = start;
    for _ in 0..length {
        ahead = f.call(ahead).expect("on the walk already taken");
    }
    let (cycle_start, tail) = walk_to_meeting(start, ahead, &mut f);
    Some(Cycle {
        start: cycle_start,
        length,
        tail,
        steps: f.calls,
    })
}

/// A ρ-shaped array list for experiments: nodes `0..tail` lead into a cycle of the
/// `length` nodes `tail..tail + length` (node `i` points to `i + 1`, the last back to
/// `tail`). The demo and the benchmark measure on these.
///
/// ```
/// let next = linked_list::cycle::rho(2, 3);
/// assert_eq!(next, [Some(1), Some(2), Some(3), Some(4), Some(2)]);
/// assert_eq!(linked_list::cycle::find_cycle_start(&next, 0), Some(2));
/// ```
///
/// # Panics
///
/// If `length` is 0: a cycle has at least one node.
pub fn rho(tail: usize, length: usize) -> Vec<Option<usize>> {
    assert!(length > 0, "a cycle has at least one node");
    let n = tail + length;
    (0..n)
        .map(|i| Some(if i + 1 < n { i + 1 } else { tail }))
        .collect()
}

/// A successor function that counts its calls.
struct Counted<F> {
    f: F,
    calls: usize,
}

impl<F> Counted<F> {
    fn new(f: F) -> Self {
        Counted { f, calls: 0 }
    }

    fn call<T>(&mut self, x: T) -> Option<T>
    where
        F: FnMut(T) -> Option<T>,
    {
        self.calls += 1;
        (self.f)(x)
    }
}

/// `head`, after checking it names a node.
fn check_head(next: &[Option<usize>], head: usize) -> usize {
    assert!(
        head < next.len(),
        "head {head} is not a node: there are {} nodes (0 to {})",
        next.len(),
        next.len().saturating_sub(1)
    );
    head
}

/// The successor function of an array-backed list, checking every link it follows.
fn successor(next: &[Option<usize>]) -> impl Fn(usize) -> Option<usize> + '_ {
    move |i| {
        let j = next[i]?;
        assert!(
            j < next.len(),
            "node {i} points to {j}, but there are only {} nodes (0 to {})",
            next.len(),
            next.len() - 1
        );
        Some(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floyd_and_brent_measure_a_rho() {
        // Tail 0 -> 1 -> 2, cycle 3 -> 4 -> 5 -> 6 -> 3.
        let next = rho(3, 4);
        // The successor calls, counted by hand. Floyd: 4 rounds of 3 calls until the
        // pointers meet at 4, 3 rounds of 2 to walk to the start, 4 calls round the
        // cycle: 22. Brent: 7 calls until the hare meets the tortoise (at 3, with λ = 4),
        // 4 to put a pointer λ ahead of the head, 3 rounds of 2 to the start: 17.
        for (found, steps) in [
            (floyd(0, successor(&next)), 22),
            (brent(0, successor(&next)), 17),
        ] {
            let c = found.expect("a cycle");
            assert_eq!((c.start, c.length, c.tail, c.steps), (3, 4, 3, steps));
        }
    }

    #[test]
    #[should_panic(expected = "node 1 points to 7, but there are only 3 nodes (0 to 2)")]
    fn a_link_out_of_range_is_named() {
        find_cycle_start(&[Some(1), Some(7), None], 0);
    }

    #[test]
    #[should_panic(expected = "head 3 is not a node: there are 3 nodes (0 to 2)")]
    fn a_head_out_of_range_is_named() {
        cycle_length(&[None, None, None], 3);
    }
}
