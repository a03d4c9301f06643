//! The complexity contract: what question 2's reference solutions and the learner's
//! exercise both implement, and the cases both must pass.
//!
//! Three classic interview problems, each with an obvious slow answer and a fast one:
//!
//! | problem | naive | expected |
//! |---|---|---|
//! | [`has_duplicate`](Algorithms::has_duplicate) | all pairs, O(n²) | a hash set, O(n) expected |
//! | [`two_sum`](Algorithms::two_sum) | all pairs, O(n²) | a hash map of complements, O(n) expected |
//! | [`first_at_least`](Algorithms::first_at_least) | a scan, O(n) | binary search, O(log n) |
//!
//! - [`Algorithms`]: the trait, one associated function per problem;
//! - [`cases`]: the named cases in teaching order. They check the answers (named
//!   examples, edges, a property test against the naive oracle) *and* the growth: the
//!   comparisons and hashes counted at n and 16n must grow like the expected class;
//! - [`Naive`]: the oracle, the obvious all-pairs and scanning solutions;
//! - [`CountedInt`]: an integer whose comparisons and hashes are counted and that can be
//!   subtracted, for `two_sum`'s growth case;
//! - [`conformance_tests!`]: one `#[test]` per case for a type implementing the trait.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/complexity/tests/conformance.rs
//! complexity_contract::conformance_tests!(complexity_exercise::Solution);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod naive;

pub use naive::Naive;

use std::hash::Hash;
use std::ops::Sub;

use testkit::counted::Counted;

/// The three problems, as the conformance cases call them.
///
/// Associated functions rather than methods: the solutions hold no state. The reference
/// `complexity::algorithms::Reference` implements it by calling the crate's free
/// functions; the exercise's `Solution` calls the learner's.
///
/// ```
/// use complexity_contract::{Algorithms, Naive};
///
/// assert!(Naive::has_duplicate(&[3, 1, 3]));
/// assert_eq!(Naive::two_sum(&[2, 7, 11, 15], 9), Some((0, 1)));
/// assert_eq!(Naive::first_at_least(&[1, 3, 3, 8], &3), 1);
/// ```
pub trait Algorithms {
    /// Whether some value occurs twice or more in `items` (by `Eq`).
    fn has_duplicate<T: Hash + Eq>(items: &[T]) -> bool;

    /// Two positions `i < j` whose values add up to `target`
    /// (`items[i] + items[j] == target`, tested as `target - items[j] == items[i]`), or
    /// `None` when no pair does. One position cannot be used twice. When several pairs
    /// qualify, any one of them is a correct answer.
    fn two_sum<T: Copy + Hash + Eq + Sub<Output = T>>(
        items: &[T],
        target: T,
    ) -> Option<(usize, usize)>;

    /// The index of the first element of `sorted` that is `>= target`, or
    /// `sorted.len()` when there is none (where `target` would be inserted to keep the
    /// order: C++'s `lower_bound`, Rust's `partition_point(|x| x < target)`).
    ///
    /// `sorted` must be in ascending order; on unsorted input the answer is some index
    /// in `0..=len`, with no further promise.
    fn first_at_least<T: Ord>(sorted: &[T], target: &T) -> usize;
}

/// An `i64` whose comparisons and hashes are counted (it wraps a
/// [`testkit::counted::Counted`]) and that supports `-`, so `two_sum`'s growth case can
/// count the hashes a solution makes.
///
/// ```
/// use complexity_contract::CountedInt;
/// use testkit::counted::count;
///
/// let (equal, ops) = count(|| CountedInt::new(9) - CountedInt::new(2) == CountedInt::new(7));
/// assert!(equal);
/// assert_eq!(ops.comparisons, 1, "the subtraction is not counted, the == is");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountedInt(Counted<i64>);

impl CountedInt {
    /// Wraps `value`.
    pub const fn new(value: i64) -> Self {
        CountedInt(Counted::new(value))
    }

    /// The value, without counting anything.
    pub fn get(self) -> i64 {
        *self.0.get()
    }
}

impl Sub for CountedInt {
    type Output = CountedInt;

    fn sub(self, other: CountedInt) -> CountedInt {
        CountedInt::new(self.get() - other.get())
    }
}

testkit::conformance! {
    /// One `#[test]` per conformance case for a type implementing [`Algorithms`]:
    /// `complexity_contract::conformance_tests!(my_crate::Solution);`. The growth cases
    /// run last.
    macro conformance_tests($($subject:ident)::+) {
        type Subject = $($subject)::+;
    }
    /// The cases without the growth ones, for the naive oracle, which is correct but
    /// quadratic (its growth is what the growth cases refuse).
    macro correctness_tests;
    cases [$crate::cases] {
        an_empty_slice_has_no_duplicate::<Subject>(),
        finds_a_duplicate_wherever_it_is::<Subject>(),
        distinct_items_have_no_duplicate::<Subject>(),
        has_duplicate_agrees_with_all_pairs::<Subject>(),
        two_sum_finds_a_pair_that_adds_up::<Subject>(),
        two_sum_uses_each_position_once::<Subject>(),
        two_sum_returns_none_when_no_pair_adds_up::<Subject>(),
        two_sum_agrees_with_all_pairs::<Subject>(),
        first_at_least_finds_the_first_of_equal_items::<Subject>(),
        first_at_least_handles_both_ends::<Subject>(),
        first_at_least_agrees_with_a_scan::<Subject>(),
    }
    costs {
        has_duplicate_does_linear_work::<Subject>(),
        two_sum_does_linear_work::<Subject>(),
        first_at_least_does_logarithmic_work::<Subject>(),
    }
}
