//! `List` beyond the shared contract: the rest of its API, a ten-million-node list, and
//! Brent's algorithm against the oracle.

use linked_list::List;
use linked_list::cycle::{brent, find_cycle_start_brent, floyd, naive::with_hash_set};
use linked_list_contract::cases::functional_graph;
use proptest::prelude::*;

#[test]
fn a_ten_million_node_list_builds_is_searched_and_drops() {
    const N: u32 = 10_000_000;
    let list: List<u32> = (0..N).collect();
    assert_eq!(list.len(), N as usize);
    assert_eq!(list.middle(), Some(&(N / 2)));
    assert_eq!(list.nth_from_end(0), Some(&(N - 1)));
    assert_eq!(
        list.iter().position(|&v| v == N - 2),
        Some((N - 2) as usize)
    );
    let mut list = list;
    list.reverse();
    assert_eq!(list.peek_front(), Some(&(N - 1)));
    // Dropping here recurses ten million deep unless Drop is iterative; the test
    // thread's 2 MiB stack would overflow long before that.
    drop(list);
}

#[test]
fn iter_mut_and_middle_mut_change_values_in_place() {
    let mut list: List<u32> = (1..=5).collect();
    for v in list.iter_mut() {
        *v *= 10;
    }
    *list.middle_mut().unwrap() += 1;
    assert_eq!(
        list.iter().copied().collect::<Vec<_>>(),
        [10, 20, 31, 40, 50]
    );
    assert_eq!(List::<u32>::new().middle_mut(), None);
    *list.peek_front_mut().unwrap() = 0;
    assert_eq!(list.peek_front(), Some(&0));
}

#[test]
fn extend_appends_at_the_back_and_iterators_know_their_length() {
    let mut list: List<u32> = [1, 2].into_iter().collect();
    list.extend([3, 4]);
    assert_eq!(list.len(), 4);
    let iter = list.iter();
    assert_eq!(iter.len(), 4);
    assert_eq!(list.clone().into_iter().collect::<Vec<_>>(), [1, 2, 3, 4]);
    let mut empty = List::new();
    empty.extend([9]);
    assert_eq!(empty.peek_front(), Some(&9));
}

#[test]
fn every_iterator_counts_down_its_exact_length() {
    let mut list: List<u32> = [1, 2, 3].into_iter().collect();
    let mut iter = list.iter();
    for left in (0..=3).rev() {
        assert_eq!(
            iter.size_hint(),
            (left, Some(left)),
            "iter with {left} left"
        );
        iter.next();
    }
    let mut iter = list.iter_mut();
    for left in (0..=3).rev() {
        assert_eq!(
            iter.size_hint(),
            (left, Some(left)),
            "iter_mut with {left} left"
        );
        iter.next();
    }
    let mut iter = list.into_iter();
    for left in (0..=3).rev() {
        assert_eq!(
            iter.size_hint(),
            (left, Some(left)),
            "into_iter with {left} left"
        );
        iter.next();
    }
}

#[test]
fn clone_eq_debug_and_clear() {
    let list: List<&str> = ["a", "b"].into_iter().collect();
    let copy = list.clone();
    assert_eq!(list, copy);
    assert_ne!(list, ["a"].into_iter().collect());
    assert_ne!(
        list,
        ["a", "c"].into_iter().collect(),
        "the same length is not enough: the values must match too"
    );
    assert_eq!(format!("{list:?}"), r#"["a", "b"]"#);
    assert!(!list.is_empty(), "a list of two is not empty");
    let mut copy = copy;
    copy.clear();
    assert!(copy.is_empty());
    assert_eq!(copy, List::default());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Brent and Floyd find the same cycle as the hash-set oracle on random functional
    /// graphs, and Brent's index-based entry point agrees.
    #[test]
    fn brent_and_floyd_agree_with_the_oracle(
        (next, head) in functional_graph(80)
    ) {
        let f = |i: usize| next[i];
        let (oracle, _) = with_hash_set(head, f);
        let shape = |c: Option<linked_list::cycle::Cycle<usize>>| c.map(|c| (c.start, c.length, c.tail));
        prop_assert_eq!(shape(floyd(head, f)), shape(oracle));
        prop_assert_eq!(shape(brent(head, f)), shape(oracle));
        prop_assert_eq!(find_cycle_start_brent(&next, head), oracle.map(|c| c.start));
    }

    /// Building from an iterator keeps the order, and into_iter gives it back.
    #[test]
    fn collect_and_into_iter_round_trip(v in prop::collection::vec(any::<i64>(), 0..200)) {
        let list: List<i64> = v.iter().copied().collect();
        prop_assert_eq!(list.len(), v.len());
        prop_assert_eq!(list.into_iter().collect::<Vec<_>>(), v);
    }
}
