//! The reference algorithms against std and naive oracles, and their counted work.

use complexity::algorithms::{
    first_at_least, has_duplicate, has_duplicate_all_pairs, has_duplicate_sorting, linear_search,
    merge_sort, two_sum,
};
use complexity::counted::{Counted, count};
use proptest::prelude::*;
use testkit::property::{check, same};

#[test]
fn merge_sort_agrees_with_std_sort_and_is_stable() {
    // Pairs sorted by their first field only: stability keeps the second in input order.
    let strategy = prop::collection::vec((0u8..8, any::<u16>()), 0..200);
    check(&strategy, |items| {
        let mut keyed: Vec<Keyed> = items.iter().map(|&(k, v)| Keyed(k, v)).collect();
        let mut std_sorted = keyed.clone();
        std_sorted.sort();
        merge_sort(&mut keyed);
        same(keyed, std_sorted, || format!("merge_sort of {items:?}"))
    });
}

/// Ordered by the first field only.
#[derive(Debug, Clone, Copy)]
struct Keyed(u8, u16);

impl PartialEq for Keyed {
    fn eq(&self, other: &Self) -> bool {
        // Equality for the comparison with std's sort is the whole value, so a lost
        // stability (second fields out of order) is seen.
        self.0 == other.0 && self.1 == other.1
    }
}
impl Eq for Keyed {}
impl PartialOrd for Keyed {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Keyed {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

#[test]
fn merge_sort_stays_within_n_ceil_log2_n_comparisons() {
    for n in [1usize, 2, 3, 5, 8, 100, 1_000, 4_097] {
        let mut items: Vec<Counted<u64>> = (0..n as u64)
            .map(|k| Counted::new(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) % 1_000))
            .collect();
        let (_, ops) = count(|| merge_sort(&mut items));
        let bound = n as u64 * u64::from(n.next_power_of_two().trailing_zeros());
        assert!(
            ops.comparisons <= bound,
            "{n} elements: {} comparisons, bound n⌈log2 n⌉ = {bound}",
            ops.comparisons
        );
        assert!(items.windows(2).all(|w| w[0] <= w[1]));
    }
    // Already sorted: each merge stops comparing when the left run is used up, n/2 per
    // level.
    let mut sorted: Vec<Counted<u32>> = (0..1_024).map(Counted::new).collect();
    let (_, ops) = count(|| merge_sort(&mut sorted));
    assert_eq!(ops.comparisons, 512 * 10);
}

#[test]
fn the_three_duplicate_checks_agree() {
    check(&prop::collection::vec(0u16..50, 0..40), |items| {
        let want = has_duplicate_all_pairs(&items);
        same(has_duplicate(&items), want, || {
            format!("hash set on {items:?}")
        })?;
        let mut copy = items.clone();
        same(has_duplicate_sorting(&mut copy), want, || {
            format!("sorting on {items:?}")
        })
    });
}

#[test]
fn all_pairs_compares_n_n_minus_1_over_2_times_without_a_duplicate() {
    let items: Vec<Counted<u32>> = (0..300).map(Counted::new).collect();
    let (found, ops) = count(|| has_duplicate_all_pairs(&items));
    assert!(!found);
    assert_eq!(ops.comparisons, 300 * 299 / 2);
}

#[test]
fn the_hash_set_hashes_each_element_once() {
    let items: Vec<Counted<u32>> = (0..5_000).map(Counted::new).collect();
    let (found, ops) = count(|| has_duplicate(&items));
    assert!(!found);
    assert_eq!(ops.hashes, 5_000);
    let mut repeated = items.clone();
    repeated[10] = Counted::new(3);
    let (found, ops) = count(|| has_duplicate(&repeated));
    assert!(found);
    assert_eq!(ops.hashes, 11, "it stops at the first repeat, position 10");
}

#[test]
fn two_sum_returns_the_earliest_completing_pair() {
    assert_eq!(two_sum(&[1, 4, 4, 3], 7), Some((1, 3)));
    assert_eq!(two_sum(&[5, 5, 5], 10), Some((0, 1)));
    assert_eq!(two_sum::<i64>(&[], 0), None);
}

#[test]
fn first_at_least_agrees_with_partition_point_and_is_logarithmic() {
    check(
        &(prop::collection::vec(any::<i16>(), 0..100), any::<i16>()),
        |(mut v, t)| {
            v.sort_unstable();
            same(
                first_at_least(&v, &t),
                v.partition_point(|x| *x < t),
                || format!("first_at_least({v:?}, {t})"),
            )
        },
    );
    let sorted: Vec<Counted<u32>> = (0..1_000_000).map(Counted::new).collect();
    for target in [0, 1, 499_999, 999_999, 1_000_000] {
        let (i, ops) = count(|| first_at_least(&sorted, &Counted::new(target)));
        assert_eq!(i, target as usize);
        assert!(
            (19..=20).contains(&ops.comparisons),
            "{target}: {} comparisons, ⌈log2(1,000,001)⌉ = 20",
            ops.comparisons
        );
    }
}

#[test]
fn linear_search_compares_until_it_finds() {
    let items: Vec<Counted<u8>> = (0..100).map(Counted::new).collect();
    let (i, ops) = count(|| linear_search(&items, &Counted::new(41)));
    assert_eq!((i, ops.comparisons), (Some(41), 42));
    let (i, ops) = count(|| linear_search(&items, &Counted::new(200)));
    assert_eq!((i, ops.comparisons), (None, 100));
}
