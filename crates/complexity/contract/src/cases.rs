//! The complexity contract as named, generic test cases: answers first, then growth.
//!
//! Each case is a function generic over the [`Algorithms`] implementation, so the
//! reference and the learner's exercise run exactly the same checks;
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. The last three cases count the comparisons and hashes a solution makes at n and
//! at 16n, through values whose `Eq`, `Ord` and `Hash` count
//! ([`testkit::counted::Counted`]), and fail when the count grows faster than the
//! problem needs, with both counts in the message.

use std::fmt::Debug;
use std::hash::Hash;

use proptest::prelude::*;

use testkit::counted::{Counted, Growth, Ops, assert_growth, count};
use testkit::property::{check, same};

use crate::{Algorithms, CountedInt, Naive};

/// The smaller size of the linear growth cases; the larger one is 16 times it.
pub const LINEAR_SMALL: usize = 256;
/// The smaller size of the logarithmic growth case; the larger one is 16 times it.
pub const SEARCH_SMALL: usize = 1_024;
/// How many more elements the large run of a growth case has than the small one.
pub const GROWTH_STEP: usize = 16;
/// Searches whose comparisons are averaged in the logarithmic growth case.
const SEARCHES: usize = 64;

/// An empty slice and a single element have no duplicate; two equal elements do.
pub fn an_empty_slice_has_no_duplicate<A: Algorithms>() {
    let empty: [u32; 0] = [];
    assert!(
        !A::has_duplicate(&empty),
        "has_duplicate(&[]) must be false: no element, no duplicate"
    );
    assert!(
        !A::has_duplicate(&[7]),
        "has_duplicate(&[7]) must be false: one element cannot repeat"
    );
    assert!(
        A::has_duplicate(&[7, 7]),
        "has_duplicate(&[7, 7]) must be true"
    );
}

/// A repeated value is found at the front, at the back, side by side and far apart,
/// for numbers and for strings.
pub fn finds_a_duplicate_wherever_it_is<A: Algorithms>() {
    fn check_true<A: Algorithms, T: Hash + Eq + Debug>(items: &[T], why: &str) {
        assert!(
            A::has_duplicate(items),
            "has_duplicate({items:?}) returned false, but {why}"
        );
    }
    check_true::<A, _>(&[5, 5, 1, 2, 3], "the first two elements are equal");
    check_true::<A, _>(&[1, 2, 3, 9, 9], "the last two elements are equal");
    check_true::<A, _>(&[4, 1, 2, 3, 4], "the first and the last are equal");
    check_true::<A, _>(&[1, 8, 2, 8, 3], "8 occurs twice");
    check_true::<A, _>(&["ann", "bob", "cy", "bob"], "\"bob\" occurs twice");
    check_true::<A, _>(&[0, 0, 0], "0 occurs three times");
}

/// Distinct values are not duplicates, however many there are and whatever their order.
pub fn distinct_items_have_no_duplicate<A: Algorithms>() {
    let descending: Vec<u64> = (0..1_000).rev().collect();
    assert!(
        !A::has_duplicate(&descending),
        "has_duplicate(999, 998, ..., 0) returned true, but every value differs"
    );
    let words = ["a", "ab", "abc", "b", "ba"];
    assert!(
        !A::has_duplicate(&words),
        "has_duplicate({words:?}) returned true, but every string differs"
    );
}

/// Model test: on random short vectors of small numbers (so duplicates are common),
/// `has_duplicate` says what the all-pairs oracle says.
pub fn has_duplicate_agrees_with_all_pairs<A: Algorithms>() {
    check(&prop::collection::vec(0u8..40, 0..30), |items| {
        same(
            A::has_duplicate(&items),
            Naive::has_duplicate(&items),
            || format!("has_duplicate({items:?})"),
        )
    });
}

/// `two_sum` returns positions whose values add up to the target, the smaller first.
pub fn two_sum_finds_a_pair_that_adds_up<A: Algorithms>() {
    expect_pair::<A>(&[2, 7, 11, 15], 9, "2 + 7 = 9");
    expect_pair::<A>(&[3, 2, 4], 6, "2 + 4 = 6 (positions 1 and 2)");
    expect_pair::<A>(&[-3, 10, 4, 1], 1, "-3 + 4 = 1: negative numbers count too");
    expect_pair::<A>(&[1, 5, 9, 14, 20], 34, "14 + 20 = 34, the last two");
}

/// One position is not a pair with itself: `[4]` has no pair summing to 8, `[4, 4]` has.
pub fn two_sum_uses_each_position_once<A: Algorithms>() {
    let got = A::two_sum(&[4, 1], 8);
    assert_eq!(
        got, None,
        "two_sum(&[4, 1], 8) must be None: 4 + 4 = 8 would use position 0 twice"
    );
    expect_pair::<A>(&[4, 1, 4], 8, "the two 4s at positions 0 and 2");
}

/// No pair adds up: an empty slice, one element, and sums that miss the target.
pub fn two_sum_returns_none_when_no_pair_adds_up<A: Algorithms>() {
    for (items, target) in [(&[][..], 0), (&[5][..], 5), (&[1, 2, 3][..], 100)] {
        let got = A::two_sum(items, target);
        assert_eq!(
            got, None,
            "two_sum({items:?}, {target}) must be None: no two positions add up to {target}"
        );
    }
}

/// Model test: on random vectors and targets, `two_sum` finds a pair exactly when the
/// all-pairs oracle does, and any pair it returns is valid.
pub fn two_sum_agrees_with_all_pairs<A: Algorithms>() {
    let strategy = (prop::collection::vec(-50i64..50, 0..25), -100i64..100);
    check(&strategy, |(items, target)| {
        let got = A::two_sum(&items, target);
        let want = Naive::two_sum(&items, target);
        if let Some(message) = invalid_pair(&items, target, got) {
            return Err(TestCaseError::fail(message));
        }
        same(got.is_some(), want.is_some(), || {
            format!("two_sum({items:?}, {target}) found a pair (the oracle found {want:?})")
        })
    });
}

/// With equal elements, `first_at_least` returns the first of them, not any of them.
pub fn first_at_least_finds_the_first_of_equal_items<A: Algorithms>() {
    let sorted = [1, 3, 3, 3, 3, 3, 8, 9];
    for (target, want, why) in [
        (3, 1, "the first 3 is at index 1"),
        (
            2,
            1,
            "2 is absent; the first element >= 2 is the 3 at index 1",
        ),
        (8, 6, "8 is at index 6"),
        (1, 0, "1 is the first element"),
    ] {
        let got = A::first_at_least(&sorted, &target);
        assert_eq!(
            got, want,
            "first_at_least({sorted:?}, {target}) returned {got}: {why}"
        );
    }
}

/// The ends: an empty slice gives 0, a target above every element gives `len`, one
/// below every element gives 0.
pub fn first_at_least_handles_both_ends<A: Algorithms>() {
    let empty: [i32; 0] = [];
    let got = A::first_at_least(&empty, &5);
    assert_eq!(
        got, 0,
        "first_at_least(&[], 5) returned {got}: an empty slice has only index 0 to insert at"
    );
    let sorted = [10, 20, 30];
    for (target, want, why) in [
        (31, 3, "no element is >= 31, so the answer is len() = 3"),
        (5, 0, "every element is >= 5, so the answer is 0"),
        (30, 2, "30 is the last element"),
    ] {
        let got = A::first_at_least(&sorted, &target);
        assert_eq!(
            got, want,
            "first_at_least({sorted:?}, {target}) returned {got}: {why}"
        );
    }
}

/// Model test: on random sorted vectors (with repeats) and targets, `first_at_least`
/// returns exactly what a scan from the front returns.
pub fn first_at_least_agrees_with_a_scan<A: Algorithms>() {
    let strategy = (prop::collection::vec(0u8..30, 0..40), 0u8..32);
    check(&strategy, |(mut sorted, target)| {
        sorted.sort_unstable();
        same(
            A::first_at_least(&sorted, &target),
            Naive::first_at_least(&sorted, &target),
            || format!("first_at_least({sorted:?}, {target})"),
        )
    });
}

/// `has_duplicate` on n distinct values (the worst case: nothing to stop early for)
/// must do O(n) work: the comparisons and hashes counted at n = 256 and n = 4,096 must
/// grow about 16-fold, not 256-fold as comparing all pairs does.
pub fn has_duplicate_does_linear_work<A: Algorithms>() {
    let run = |n: usize| {
        let items = distinct(n);
        let (found, ops) = count(|| A::has_duplicate(&items));
        assert!(!found, "has_duplicate returned true on {n} distinct values");
        ops
    };
    growth("your has_duplicate", run, LINEAR_SMALL, Growth::Linear);
}

/// `two_sum` on n distinct values with no pair adding up (the worst case) must do O(n)
/// work, counted at n = 256 and n = 4,096: one pass with a hash map of the values seen,
/// not a search of all pairs.
pub fn two_sum_does_linear_work<A: Algorithms>() {
    let run = |n: usize| {
        // Multiples of 3 never add up to 1.
        let items: Vec<CountedInt> = (0..n as i64).map(|k| CountedInt::new(3 * k)).collect();
        let (found, ops) = count(|| A::two_sum(&items, CountedInt::new(1)));
        assert_eq!(
            found, None,
            "two_sum found a pair adding up to 1 among multiples of 3"
        );
        ops
    };
    growth("your two_sum", run, LINEAR_SMALL, Growth::Linear);
}

/// `first_at_least` on a sorted slice must do O(log n) comparisons: the mean over 64
/// searches spread over the range, counted at n = 1,024 and n = 16,384, may grow by a
/// few comparisons, not 16-fold as a scan does.
pub fn first_at_least_does_logarithmic_work<A: Algorithms>() {
    let run = |n: usize| {
        // 0, 2, 4, ...: the odd targets fall between elements.
        let sorted: Vec<Counted<u64>> = (0..n as u64).map(|k| Counted::new(2 * k)).collect();
        let (_, ops) = count(|| {
            for s in 0..SEARCHES {
                let target = (s * 2 * n / SEARCHES + s % 2) as u64;
                let got = A::first_at_least(&sorted, &Counted::new(target));
                let want = target.div_ceil(2) as usize;
                assert_eq!(
                    got,
                    want,
                    "first_at_least(0, 2, 4, ..., {}; {target}) returned {got}",
                    2 * (n - 1)
                );
            }
        });
        Ops {
            comparisons: ops.comparisons.div_ceil(SEARCHES as u64),
            hashes: ops.hashes.div_ceil(SEARCHES as u64),
        }
    };
    growth(
        "your first_at_least",
        run,
        SEARCH_SMALL,
        Growth::Logarithmic,
    );
}

/// `n` distinct counted values, spread by an odd multiplier so they are not small
/// consecutive integers.
fn distinct(n: usize) -> Vec<Counted<u64>> {
    (0..n as u64)
        .map(|k| Counted::new(k.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect()
}

/// Runs `run` at `small` and at 16 × `small` and checks the counted work grows no faster
/// than `expected`. The unit in the message names what was counted: comparisons,
/// hashes, or both.
fn growth(what: &str, run: impl Fn(usize) -> Ops, small: usize, expected: Growth) {
    let large = small * GROWTH_STEP;
    let (a, b) = (run(small), run(large));
    let unit = match (a.comparisons + b.comparisons, a.hashes + b.hashes) {
        (_, 0) => "comparisons",
        (0, _) => "hashes",
        _ => "comparisons and hashes",
    };
    let unit = if expected == Growth::Logarithmic {
        format!("{unit} per search")
    } else {
        unit.to_string()
    };
    assert_growth(
        what,
        &unit,
        (small, a.total() as f64),
        (large, b.total() as f64),
        expected,
    );
}

/// Checks that `two_sum(items, target)` found a valid pair, naming the problem if not.
fn expect_pair<A: Algorithms>(items: &[i64], target: i64, why: &str) {
    let got = A::two_sum(items, target);
    if got.is_none() {
        panic!("two_sum({items:?}, {target}) returned None, but {why}");
    }
    if let Some(message) = invalid_pair(items, target, got) {
        panic!("{message}");
    }
}

/// Why `got` is not a valid answer of `two_sum(items, target)`, if it is not.
fn invalid_pair(items: &[i64], target: i64, got: Option<(usize, usize)>) -> Option<String> {
    let (i, j) = got?;
    let call = format!("two_sum({items:?}, {target}) returned Some(({i}, {j}))");
    if i >= j {
        return Some(format!(
            "{call}: the first position must be smaller than the second"
        ));
    }
    if j >= items.len() {
        return Some(format!(
            "{call}: position {j} is past the end (len {})",
            items.len()
        ));
    }
    if items[i] + items[j] != target {
        return Some(format!(
            "{call}: {} + {} = {}, not {target}",
            items[i],
            items[j],
            items[i] + items[j]
        ));
    }
    None
}
