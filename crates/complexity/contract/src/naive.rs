//! The naive oracle: the answers anyone writes first, slow and obviously right.

use std::hash::Hash;
use std::ops::Sub;

use crate::Algorithms;

/// The obvious solutions: every pair for `has_duplicate` and `two_sum` (n(n − 1)/2
/// comparisons), a scan from the front for `first_at_least` (up to n). Correct, and the
/// growth cases refuse them: that is the lesson.
///
/// ```
/// use complexity_contract::{Algorithms, Naive};
///
/// assert!(!Naive::has_duplicate(&["a", "b"]));
/// assert_eq!(Naive::two_sum(&[5, 5], 10), Some((0, 1)));
/// assert_eq!(Naive::first_at_least(&[1, 2], &9), 2);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Naive;

impl Algorithms for Naive {
    fn has_duplicate<T: Hash + Eq>(items: &[T]) -> bool {
        (0..items.len()).any(|j| items[..j].iter().any(|earlier| *earlier == items[j]))
    }

    fn two_sum<T: Copy + Hash + Eq + Sub<Output = T>>(
        items: &[T],
        target: T,
    ) -> Option<(usize, usize)> {
        (0..items.len()).find_map(|j| {
            let want = target - items[j];
            items[..j].iter().position(|&x| x == want).map(|i| (i, j))
        })
    }

    fn first_at_least<T: Ord>(sorted: &[T], target: &T) -> usize {
        sorted
            .iter()
            .position(|x| x >= target)
            .unwrap_or(sorted.len())
    }
}
