//! The algorithms the answer talks about, written plainly so their work can be counted:
//! searching, sorting and finding duplicates, each in its slow and its fast form.
//!
//! | function | time | extra space |
//! |---|---|---|
//! | [`linear_search`] | Θ(n) worst | O(1) |
//! | [`first_at_least`] (binary search) | Θ(log n) | O(1) |
//! | [`merge_sort`] | Θ(n log n), at most n⌈log₂ n⌉ comparisons | Θ(n) buffer + O(log n) stack |
//! | [`has_duplicate_all_pairs`] | Θ(n²) worst | O(1) |
//! | [`has_duplicate_sorting`] | O(n log n) | none (reorders its input) |
//! | [`has_duplicate`] (hash set) | O(n) expected | O(n) |
//! | [`two_sum`] (hash map) | O(n) expected | O(n) |
//!
//! [`Reference`] is the type the contract's conformance cases run on: it implements
//! [`complexity_contract::Algorithms`] with these functions.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::ops::Sub;

use complexity_contract::Algorithms;

/// Whether some value occurs twice in `items`, with a hash set: one hash and one probe
/// per element, O(n) expected time and O(n) extra memory. Stops at the first repeat.
///
/// ```
/// use complexity::algorithms::has_duplicate;
///
/// assert!(has_duplicate(&[42, 7, 19, 7]));
/// assert!(!has_duplicate(&["a", "b"]));
/// ```
pub fn has_duplicate<T: Hash + Eq>(items: &[T]) -> bool {
    let mut seen = HashSet::with_capacity(items.len());
    items.iter().any(|item| !seen.insert(item))
}

/// Whether some value occurs twice, by sorting in place and comparing neighbours:
/// O(n log n) comparisons and no allocation (`sort_unstable` sorts in place). The price
/// is that it reorders the caller's slice; sorting a copy instead would cost the O(n)
/// memory the hash set costs.
///
/// ```
/// let mut ids = vec![42, 7, 19, 7];
/// assert!(complexity::algorithms::has_duplicate_sorting(&mut ids));
/// assert_eq!(ids, [7, 7, 19, 42], "the input is left sorted");
/// ```
pub fn has_duplicate_sorting<T: Ord>(items: &mut [T]) -> bool {
    items.sort_unstable();
    items.windows(2).any(|pair| pair[0] == pair[1])
}

/// Whether some value occurs twice, by comparing every pair: n(n − 1)/2 comparisons
/// when there is no duplicate, no extra memory. The answer everyone writes first.
///
/// ```
/// assert!(complexity::algorithms::has_duplicate_all_pairs(&[1, 2, 1]));
/// ```
pub fn has_duplicate_all_pairs<T: PartialEq>(items: &[T]) -> bool {
    (0..items.len()).any(|j| items[..j].contains(&items[j]))
}

/// Two positions `i < j` with `items[i] + items[j] == target`, in one pass: for each
/// position, look up the value that would complete it (`target - items[j]`) among the
/// values already seen. O(n) expected time, O(n) memory for the map. When several pairs
/// qualify it returns the one whose second position is smallest, and for that the first
/// position where the partner occurs.
///
/// For integers, `target - items[j]` must fit the type: like any `-` on them it panics
/// on overflow in debug builds and wraps in release ones. Pass a wider type (`i128` for
/// `i64` inputs) when the values can reach the ends of their range.
///
/// ```
/// use complexity::algorithms::two_sum;
///
/// assert_eq!(two_sum(&[2, 7, 11, 15], 9), Some((0, 1)));
/// assert_eq!(two_sum(&[4, 1], 8), None, "one position is not a pair");
/// ```
pub fn two_sum<T: Copy + Hash + Eq + Sub<Output = T>>(
    items: &[T],
    target: T,
) -> Option<(usize, usize)> {
    let mut seen: HashMap<T, usize> = HashMap::with_capacity(items.len());
    for (j, &value) in items.iter().enumerate() {
        if let Some(&i) = seen.get(&(target - value)) {
            return Some((i, j));
        }
        seen.entry(value).or_insert(j);
    }
    None
}

/// The index of the first element of `sorted` that is `>= target` (`sorted.len()` when
/// none is), by binary search: at most ⌈log₂(n + 1)⌉ comparisons.
///
/// The invariant: everything before `low` is `< target`, everything from `high` on is
/// `>= target`; each comparison halves `high - low`. `sorted` must be ascending; on
/// unsorted input the answer is some index in `0..=len`.
///
/// ```
/// use complexity::algorithms::first_at_least;
///
/// let sorted = [1, 3, 3, 8];
/// assert_eq!(first_at_least(&sorted, &3), 1);
/// assert_eq!(first_at_least(&sorted, &4), 3);
/// assert_eq!(first_at_least(&sorted, &9), 4);
/// ```
pub fn first_at_least<T: Ord>(sorted: &[T], target: &T) -> usize {
    let (mut low, mut high) = (0, sorted.len());
    while low < high {
        let mid = low + (high - low) / 2;
        if sorted[mid] < *target {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

/// The position of the first element equal to `target`, scanning from the front: up to
/// n comparisons (exactly n when it is absent).
///
/// ```
/// assert_eq!(complexity::algorithms::linear_search(&[5, 6, 7], &7), Some(2));
/// ```
pub fn linear_search<T: PartialEq>(items: &[T], target: &T) -> Option<usize> {
    items.iter().position(|item| item == target)
}

/// Sorts `items` with a top-down merge sort: stable, Θ(n log n) in every case, at most
/// n⌈log₂ n⌉ comparisons (each level of the recursion merges n elements with fewer than
/// n comparisons, and there are ⌈log₂ n⌉ levels), and a buffer of n clones: the
/// textbook O(n) extra space, plus O(log n) stack.
///
/// The halves are sorted alternately into the buffer and back (the buffer starts as a
/// copy), so each level merges once and nothing is copied back.
///
/// ```
/// let mut v = vec![5, 1, 4, 1, 3];
/// complexity::algorithms::merge_sort(&mut v);
/// assert_eq!(v, [1, 1, 3, 4, 5]);
/// ```
pub fn merge_sort<T: Ord + Clone>(items: &mut [T]) {
    if items.len() < 2 {
        return;
    }
    let mut buffer = items.to_vec();
    sort_into(&mut buffer, items);
}

/// Sorts the elements of `out` into `out`, using `scratch` (which holds the same
/// elements on entry) as the other half of each merge.
fn sort_into<T: Ord + Clone>(scratch: &mut [T], out: &mut [T]) {
    let n = out.len();
    if n < 2 {
        return;
    }
    let mid = n / 2;
    let (scratch_left, scratch_right) = scratch.split_at_mut(mid);
    let (out_left, out_right) = out.split_at_mut(mid);
    // Sort each half into `scratch`, with `out`'s halves as their scratch space...
    sort_into(out_left, scratch_left);
    sort_into(out_right, scratch_right);
    // ...then merge the sorted halves into `out`.
    merge(scratch_left, scratch_right, out);
}

/// Merges two sorted runs into `out`, taking from the left run on ties (stability):
/// one comparison per element placed until one run is empty.
fn merge<T: Ord + Clone>(left: &[T], right: &[T], out: &mut [T]) {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        let take_left = j == right.len() || (i < left.len() && right[j] >= left[i]);
        if take_left {
            *slot = left[i].clone();
            i += 1;
        } else {
            *slot = right[j].clone();
            j += 1;
        }
    }
}

/// The reference solutions as the contract's [`Algorithms`]: the type the conformance
/// cases run on.
///
/// ```
/// use complexity::algorithms::Reference;
/// use complexity_contract::Algorithms;
///
/// assert!(Reference::has_duplicate(&[1, 1]));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Reference;

impl Algorithms for Reference {
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
