//! Behaviour of `HashMap` beyond the shared conformance contract: the entry API, the
//! iterators, the std traits, `retain`, `reserve`/`shrink_to_fit` and the load factor,
//! checked against `std::collections::HashMap` where it has the same method.

use std::collections::HashMap as StdHashMap;

use hashmap::hashers::{Constant, Identity};
use hashmap::{Entry, HashMap, MAX_LOAD_FACTOR, ProbeStats};
use proptest::prelude::*;

fn sorted<K: Ord + Clone, V: Clone>(entries: impl Iterator<Item = (K, V)>) -> Vec<(K, V)> {
    let mut v: Vec<(K, V)> = entries.collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn entry_inserts_or_updates_with_one_lookup() {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for word in "a b a c a b".split(' ') {
        *counts.entry(word).or_insert(0) += 1;
    }
    assert_eq!(
        sorted(counts.iter().map(|(k, v)| (*k, *v))),
        [("a", 3), ("b", 2), ("c", 1)]
    );

    let mut map: HashMap<u32, Vec<u32>> = HashMap::new();
    map.entry(1).or_default().push(10);
    map.entry(1).or_default().push(11);
    assert_eq!(
        map[&1],
        [10, 11],
        "or_default inserts once, then returns the same value"
    );
    assert_eq!(
        *map.entry(2).or_insert_with(|| vec![7]),
        [7],
        "or_insert_with on a vacant key"
    );
    assert_eq!(map.entry(3).or_insert_with_key(|k| vec![*k * 2])[0], 6);
    map.entry(2).and_modify(|v| v.push(8)).or_default();
    map.entry(4).and_modify(|v| v.push(8)).or_default();
    assert_eq!(map[&2], [7, 8], "and_modify changes a present value");
    assert!(
        map[&4].is_empty(),
        "and_modify skips a vacant entry; or_default inserts"
    );
    assert_eq!(map.entry(9).key(), &9);
}

#[test]
fn occupied_and_vacant_entries_do_what_std_does() {
    let mut map: HashMap<String, u32> = HashMap::new();
    map.insert("x".into(), 1);
    match map.entry("x".into()) {
        Entry::Occupied(mut e) => {
            assert_eq!(e.key(), "x");
            assert_eq!(
                e.insert(2),
                1,
                "OccupiedEntry::insert returns the old value"
            );
            assert_eq!(e.remove_entry(), ("x".to_string(), 2));
        }
        Entry::Vacant(_) => panic!("x is present"),
    }
    assert!(map.is_empty(), "remove_entry removed x");
    match map.entry("y".into()) {
        Entry::Vacant(e) => {
            assert_eq!(e.key(), "y");
            *e.insert(5) += 1;
        }
        Entry::Occupied(_) => panic!("y is absent"),
    }
    assert_eq!(
        map.get("y"),
        Some(&6),
        "VacantEntry::insert returns the stored value"
    );
    match map.entry("z".into()) {
        Entry::Vacant(e) => assert_eq!(e.into_key(), "z"),
        Entry::Occupied(_) => panic!("z is absent"),
    }
    assert_eq!(map.len(), 1, "into_key inserts nothing");
}

#[test]
fn a_vacant_entry_stays_put_while_robin_hood_displaces_others() {
    // Every key collides, so each vacant insert displaces nothing but lands at the end
    // of one run; with the identity hasher, inserts land inside runs and displace.
    let mut map: HashMap<u64, u64, Identity> = HashMap::default();
    for k in 0..1_000u64 {
        let v = map.entry(k.swap_bytes() ^ k).or_insert(k);
        assert_eq!(
            *v, k,
            "the reference returned by or_insert is the new value"
        );
        *v += 1;
    }
    for k in 0..1_000u64 {
        assert_eq!(map[&(k.swap_bytes() ^ k)], k + 1);
    }
    let mut colliding: HashMap<u64, u64, Constant> = HashMap::default();
    for k in 0..100 {
        *colliding.entry(k).or_insert(0) += k;
    }
    assert!((0..100).all(|k| colliding[&k] == k));
}

/// Walks `it` to the end, checking before each step that its size hint is exactly the
/// number of items left.
fn counts_down<I: Iterator>(mut it: I, len: usize, name: &str) {
    for left in (0..=len).rev() {
        assert_eq!(
            it.size_hint(),
            (left, Some(left)),
            "{name} with {left} left"
        );
        assert_eq!(it.next().is_some(), left > 0, "{name} with {left} left");
    }
}

#[test]
fn every_iterator_counts_down_exactly() {
    let mut map: HashMap<u32, u32> = (0..20).map(|k| (k, k)).collect();
    counts_down(map.iter(), 20, "iter");
    counts_down(map.keys(), 20, "keys");
    counts_down(map.values(), 20, "values");
    counts_down(map.iter_mut(), 20, "iter_mut");
    counts_down(map.values_mut(), 20, "values_mut");
    counts_down(map.into_iter(), 20, "into_iter");
}

#[test]
fn iterators_agree_with_each_other_and_report_exact_lengths() {
    let mut map: HashMap<u32, u32> = (0..100).map(|k| (k, k * 2)).collect();
    assert_eq!(map.iter().len(), 100);
    assert_eq!(map.keys().len(), 100);
    let keys: Vec<u32> = map.keys().copied().collect();
    let values: Vec<u32> = map.values().copied().collect();
    let pairs: Vec<(u32, u32)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        pairs,
        keys.iter()
            .copied()
            .zip(values.iter().copied())
            .collect::<Vec<_>>(),
        "iter, keys and values walk the same order"
    );
    for v in map.values_mut() {
        *v += 1;
    }
    for (_, v) in map.iter_mut() {
        *v += 1;
    }
    for (_, v) in &mut map {
        *v += 1;
    }
    let mut it = (&map).into_iter();
    it.next();
    assert_eq!(it.len(), 99, "ExactSizeIterator counts down");
    let owned = sorted(map.into_iter());
    assert_eq!(owned, (0..100).map(|k| (k, k * 2 + 3)).collect::<Vec<_>>());
}

#[test]
fn std_traits_behave_like_std() {
    let a: HashMap<&str, i32> = HashMap::from([("one", 1), ("two", 2)]);
    let mut b: HashMap<&str, i32> = HashMap::new();
    b.extend([("two", 2)]);
    b.extend([(&"one", &1)]);
    assert_eq!(
        a, b,
        "equal contents compare equal whatever the insertion order"
    );
    b.insert("two", 3);
    assert_ne!(a, b, "a different value compares unequal");
    let c = a.clone();
    assert_eq!(a, c, "a clone is equal");
    let debug = format!("{:?}", HashMap::<u8, u8>::from([(1, 2)]));
    assert_eq!(debug, "{1: 2}", "Debug prints like std's map");
    let mut empty: HashMap<u8, u8> = HashMap::default();
    assert_eq!(format!("{empty:?}"), "{}");
    assert_eq!(a["one"], 1, "Index by a borrowed key");
    assert!(empty.is_empty() && !a.is_empty());
    empty.insert(1, 1);
    empty.remove(&1);
    assert!(
        empty.is_empty(),
        "empty again after its one entry is removed"
    );
}

#[test]
#[should_panic(expected = "key not found")]
fn indexing_an_absent_key_panics() {
    let map: HashMap<u8, u8> = HashMap::new();
    let _ = map[&1];
}

#[test]
fn reserve_and_shrink_to_fit_size_the_table() {
    let mut map: HashMap<u64, u64> = HashMap::new();
    assert_eq!(map.buckets(), 0, "new() allocates nothing");
    map.reserve(1_000);
    assert!(map.capacity() >= 1_000);
    let buckets = map.buckets();
    for k in 0..1_000 {
        map.insert(k, k);
    }
    assert_eq!(
        map.buckets(),
        buckets,
        "reserve(1,000) made room for 1,000 inserts"
    );
    map.retain(|k, _| *k < 10);
    map.shrink_to_fit();
    assert_eq!(map.buckets(), 16, "10 entries need 16 buckets at load 7/8");
    assert!((0..10).all(|k| map[&k] == k), "shrinking keeps the entries");
    map.clear();
    map.shrink_to_fit();
    assert_eq!(map.buckets(), 0, "an empty map shrinks to no allocation");
    assert_eq!(map.get(&1), None);
}

#[test]
fn the_load_factor_never_exceeds_seven_eighths() {
    let mut map: HashMap<u64, ()> = HashMap::new();
    for k in 0..100_000 {
        map.insert(k, ());
        assert!(
            map.load_factor() <= MAX_LOAD_FACTOR,
            "load {} after {} inserts",
            map.load_factor(),
            k + 1
        );
    }
    // What the bound buys: at a load of at most 7/8 a lookup reads about one group of
    // control bytes, and the 7-bit tags leave about one key to compare (a tag matches by
    // chance 1 time in 128). probe_stats looks up every entry once (and debug builds
    // assert each is found), so its histograms count the 100,000 entries.
    let stats = map.probe_stats();
    assert_eq!(stats.groups.iter().sum::<usize>(), 100_000);
    let (groups, compared) = (
        ProbeStats::mean(&stats.groups),
        ProbeStats::mean(&stats.comparisons),
    );
    assert!(
        groups < 1.3 && compared < 1.1,
        "a lookup reads {groups:.3} groups and compares {compared:.3} keys on average; \
         about 1 of each expected"
    );
}

#[test]
fn a_table_filled_to_seven_eighths_exactly_does_not_grow() {
    let mut map: HashMap<u64, ()> = HashMap::with_capacity(57_344);
    assert_eq!(map.buckets(), 65_536);
    for k in 0..57_344 {
        map.insert(k, ());
    }
    assert_eq!(map.buckets(), 65_536);
    assert_eq!(map.load_factor(), MAX_LOAD_FACTOR);
    map.insert(u64::MAX, ());
    assert_eq!(map.buckets(), 131_072, "one more entry doubles the table");
}

#[test]
fn a_constant_hasher_makes_every_lookup_a_scan() {
    let map: HashMap<u64, (), Constant> = (0..100).map(|k| (k, ())).collect();
    let stats = map.probe_stats();
    assert_eq!(
        stats.comparisons,
        vec![1; 100],
        "the k-th key in probe order is found after comparing k keys"
    );
}

#[test]
fn an_insert_remove_churn_reuses_tombstones_without_growing() {
    // Many live keys (12 of a capacity of 14) leave few empty buckets, so removals
    // leave tombstones; rebuilding in place must reclaim them.
    let mut map: HashMap<u64, u64> = HashMap::new();
    for k in 0..12 {
        map.insert(k, k);
    }
    let buckets = map.buckets();
    for k in 12..50_000u64 {
        assert_eq!(map.remove(&(k - 12)), Some(k - 12));
        map.insert(k, k);
    }
    assert_eq!(map.buckets(), buckets, "the churn kept the table size");
    assert!((49_988..50_000).all(|k| map[&k] == k));
}

fn op() -> impl Strategy<Value = (u8, u16, u32)> {
    (0u8..4, 0u16..300, any::<u32>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// `retain` keeps what std's `retain` keeps, calling the predicate once per entry,
    /// also when every key collides (removals inside one long run).
    #[test]
    fn retain_agrees_with_std(keys in prop::collection::vec(any::<u16>(), 0..400), modulus in 1u16..5, colliding: bool) {
        let mut std_map: StdHashMap<u16, u16> = keys.iter().map(|&k| (k, k)).collect();
        let mut calls = 0;
        let check = |mut ours: Vec<(u16, u16)>| {
            ours.sort();
            ours
        };
        let expected = {
            std_map.retain(|k, v| { *v = v.wrapping_add(1); k % modulus == 0 });
            sorted(std_map.iter().map(|(k, v)| (*k, *v)))
        };
        let got = if colliding {
            let mut map: HashMap<u16, u16, Constant> = keys.iter().map(|&k| (k, k)).collect();
            let len = map.len();
            map.retain(|k, v| { calls += 1; *v = v.wrapping_add(1); k % modulus == 0 });
            prop_assert_eq!(calls, len, "retain calls the predicate once per entry");
            check(map.iter().map(|(k, v)| (*k, *v)).collect())
        } else {
            let mut map: HashMap<u16, u16> = keys.iter().map(|&k| (k, k)).collect();
            let len = map.len();
            map.retain(|k, v| { calls += 1; *v = v.wrapping_add(1); k % modulus == 0 });
            prop_assert_eq!(calls, len, "retain calls the predicate once per entry");
            check(map.iter().map(|(k, v)| (*k, *v)).collect())
        };
        prop_assert_eq!(got, expected);
    }

    /// The entry API, driven at random, matches std's entry API.
    #[test]
    fn entry_api_agrees_with_std(ops in prop::collection::vec(op(), 0..500)) {
        let mut ours: HashMap<u16, u32> = HashMap::new();
        let mut theirs: StdHashMap<u16, u32> = StdHashMap::new();
        for (kind, k, v) in ops {
            match kind {
                0 => prop_assert_eq!(*ours.entry(k).or_insert(v), *theirs.entry(k).or_insert(v)),
                1 => {
                    ours.entry(k).and_modify(|x| *x = x.wrapping_add(v)).or_default();
                    theirs.entry(k).and_modify(|x| *x = x.wrapping_add(v)).or_default();
                }
                2 => {
                    let a = match ours.entry(k) { Entry::Occupied(e) => Some(e.remove()), Entry::Vacant(_) => None };
                    let b = match theirs.entry(k) {
                        std::collections::hash_map::Entry::Occupied(e) => Some(e.remove()),
                        std::collections::hash_map::Entry::Vacant(_) => None,
                    };
                    prop_assert_eq!(a, b);
                }
                _ => prop_assert_eq!(ours.insert(k, v), theirs.insert(k, v)),
            }
            prop_assert_eq!(ours.len(), theirs.len());
        }
        prop_assert_eq!(sorted(ours.into_iter()), sorted(theirs.into_iter()));
    }
}
