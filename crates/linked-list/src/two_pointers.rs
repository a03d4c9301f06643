//! The slow/fast two-pointer walk, written once over any successor function.
//!
//! A node is whatever `N` identifies one (a `&Node`, an index into an array); `next`
//! returns its successor, or `None` at the end. [`List`](crate::List) calls these with
//! references to its boxed nodes; the demo calls them with counting closures to measure
//! how many links each strategy follows; the cycle detectors in [`cycle`](crate::cycle)
//! use the same idea with a hare that never finds an end.

/// Which node to return when the length is even and two nodes share the middle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Middle {
    /// The first of the two (index `(len - 1) / 2`): `[1, 2, 3, 4]` gives 2.
    First,
    /// The second of the two (index `len / 2`): `[1, 2, 3, 4]` gives 3. LeetCode 876's
    /// convention, and what `List::middle` returns.
    Second,
}

/// The middle node of the list starting at `head`, in one pass: `slow` moves one link
/// per round and `fast` two, so when `fast` runs off the end, `slow` is halfway.
///
/// `observe(slow, fast)` sees the two pointers after every round (and once at the
/// start); pass `|_, _| {}` when you do not need it. Follows about `1.5 * len` links:
/// `len` for `fast` and `len / 2` for `slow`.
///
/// # Example
///
/// ```
/// use linked_list::two_pointers::{middle_by, Middle};
///
/// // An array-backed list 0 -> 1 -> ... -> 6.
/// let next = |i: usize| (i + 1 < 7).then_some(i + 1);
/// assert_eq!(middle_by(Some(0), Middle::Second, next, |_, _| {}), Some(3));
/// let next = |i: usize| (i + 1 < 6).then_some(i + 1);
/// assert_eq!(middle_by(Some(0), Middle::Second, next, |_, _| {}), Some(3));
/// assert_eq!(middle_by(Some(0), Middle::First, next, |_, _| {}), Some(2));
/// ```
pub fn middle_by<N: Copy>(
    head: Option<N>,
    which: Middle,
    mut next: impl FnMut(N) -> Option<N>,
    mut observe: impl FnMut(N, Option<N>),
) -> Option<N> {
    let mut slow = head?;
    // Starting `fast` one node ahead shifts the answer back by one for even lengths.
    let mut fast = match which {
        Middle::Second => Some(slow),
        Middle::First => next(slow),
    };
    observe(slow, fast);
    while let Some(f) = fast {
        let Some(f1) = next(f) else { break };
        slow = next(slow).expect("slow trails fast, so its successor exists");
        fast = next(f1);
        observe(slow, fast);
    }
    Some(slow)
}

/// The middle node found the obvious way: count the nodes in one pass, then walk half
/// way in a second. Same answer as [`middle_by`] (with [`Middle::Second`]) and about as
/// many links followed (`len + len / 2`), but two passes over the list, and it must know
/// where the list starts twice.
///
/// # Example
///
/// ```
/// use linked_list::two_pointers::middle_two_pass_by;
///
/// let next = |i: usize| (i + 1 < 5).then_some(i + 1);
/// assert_eq!(middle_two_pass_by(Some(0), next), Some(2));
/// ```
pub fn middle_two_pass_by<N: Copy>(
    head: Option<N>,
    mut next: impl FnMut(N) -> Option<N>,
) -> Option<N> {
    let mut len = 0;
    let mut cursor = head;
    while let Some(n) = cursor {
        len += 1;
        cursor = next(n);
    }
    let mut middle = head?;
    for _ in 0..len / 2 {
        middle = next(middle).expect("len counted these nodes");
    }
    Some(middle)
}
