//! Behaviour of `LruCache` beyond the shared conformance contract: the extra API
//! (`push`, `pop_lru`, `peek_lru`, `resize`, `clear`, iteration from both ends, `Debug`)
//! and the hasher parameter, checked against the naive model where it has one.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasherDefault;
use std::hash::DefaultHasher;
use std::num::NonZeroUsize;

use lru_cache::naive::NaiveLru;
use lru_cache::{Cache, Displaced, LruCache};
use proptest::prelude::*;

fn cap(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

fn keys<S>(cache: &LruCache<u32, u32, S>) -> Vec<u32> {
    cache.iter().map(|(k, _)| *k).collect()
}

#[test]
fn push_reports_what_it_displaced() {
    let mut cache = LruCache::new(cap(2));
    assert_eq!(cache.push(1, 10), None);
    assert_eq!(cache.push(2, 20), None);
    assert_eq!(cache.push(1, 11), Some((1, 10, Displaced::Replaced)));
    assert_eq!(
        cache.push(3, 30),
        Some((2, 20, Displaced::Evicted)),
        "2 was least recent"
    );
    assert_eq!(keys(&cache), [3, 1]);
}

#[test]
fn pop_lru_drains_from_the_least_recent() {
    let mut cache = LruCache::new(cap(3));
    cache.extend([(1, 10), (2, 20), (3, 30)]);
    cache.get(&1);
    assert_eq!(cache.peek_lru(), Some((&2, &20)));
    assert_eq!(cache.pop_lru(), Some((2, 20)));
    assert_eq!(cache.pop_lru(), Some((3, 30)));
    assert_eq!(cache.pop_lru(), Some((1, 10)));
    assert_eq!(cache.pop_lru(), None);
    assert_eq!(cache.peek_lru(), None);
    assert!(cache.is_empty());
    cache.put(4, 40);
    assert_eq!(keys(&cache), [4], "the cache is usable after being drained");
}

#[test]
fn resize_evicts_the_least_recent_when_shrinking() {
    let mut cache = LruCache::new(cap(4));
    cache.extend((1..=4).map(|k| (k, k)));
    cache.resize(cap(2));
    assert_eq!(keys(&cache), [4, 3]);
    assert_eq!(cache.capacity(), cap(2));
    cache.resize(cap(3));
    cache.put(5, 5);
    assert_eq!(
        keys(&cache),
        [5, 4, 3],
        "growing makes room without evicting"
    );
}

#[test]
fn clear_empties_but_keeps_the_capacity() {
    let mut cache = LruCache::new(cap(3));
    cache.extend([(1, 1), (2, 2)]);
    cache.clear();
    assert!(cache.is_empty());
    assert_eq!(cache.get(&1), None);
    assert_eq!(cache.capacity(), cap(3));
    cache.extend([(7, 7), (8, 8), (9, 9), (10, 10)]);
    assert_eq!(keys(&cache), [10, 9, 8]);
}

#[test]
fn iteration_runs_both_ways_and_knows_its_length() {
    let mut cache = LruCache::new(cap(4));
    cache.extend((1..=4).map(|k| (k, k * 10)));
    let iter = cache.iter();
    assert_eq!(iter.len(), 4);
    let back: Vec<u32> = cache.iter().rev().map(|(k, _)| *k).collect();
    assert_eq!(back, [1, 2, 3, 4], "from the least recent");
    let mut both = cache.iter();
    assert_eq!(both.next(), Some((&4, &40)));
    assert_eq!(both.next_back(), Some((&1, &10)));
    assert_eq!(both.len(), 2);
    assert_eq!(both.next(), Some((&3, &30)));
    assert_eq!(both.next_back(), Some((&2, &20)));
    assert_eq!(both.next(), None, "the two ends met");
    assert_eq!(both.next_back(), None);
}

#[test]
fn debug_shows_entries_from_most_to_least_recent() {
    let mut cache = LruCache::new(cap(3));
    cache.extend([("a", 1), ("b", 2)]);
    assert_eq!(format!("{cache:?}"), r#"{"b": 2, "a": 1}"#);
}

#[test]
fn works_with_any_hasher() {
    let mut cache: LruCache<String, u32, BuildHasherDefault<DefaultHasher>> =
        LruCache::with_hasher(cap(2), BuildHasherDefault::default());
    cache.put("x".into(), 1);
    assert_eq!(cache.get("x"), Some(&1));
    let generic: LruCache<u8, u8, RandomState> = Cache::with_capacity(cap(1));
    assert_eq!(generic.capacity(), cap(1));
}

#[test]
fn a_large_capacity_allocates_only_what_is_used() {
    // Room reserved for the capacity up front would be about 4 billion nodes of 32 bytes;
    // one entry takes a node and a table slot, a few hundred bytes with the first growth.
    let (cache, allocated) = testkit::alloc::measure(|| {
        let mut cache = LruCache::new(NonZeroUsize::MAX);
        cache.put(1u64, 1u64);
        cache
    });
    assert_eq!(cache.capacity().get(), lru_cache::MAX_CAPACITY, "clamped");
    assert_eq!(cache.len(), 1);
    assert!(
        allocated.peak < 1_024,
        "a cache holding one entry allocated {} bytes at its peak",
        allocated.peak
    );
}

#[test]
fn the_largest_capacity_leaves_one_id_for_none() {
    // Node ids are u32 and u32::MAX means "no node", so 2^32 - 2 entries is the most a
    // cache can number (a requested capacity above it is clamped, as above).
    assert_eq!(lru_cache::MAX_CAPACITY, 4_294_967_294);
    let cache: LruCache<u8, u8> = LruCache::new(NonZeroUsize::new(4_294_967_295).unwrap());
    assert_eq!(cache.capacity().get(), 4_294_967_294);
}

#[test]
fn contains_and_is_empty_answer_without_promoting() {
    let mut cache = LruCache::new(cap(2));
    assert!(cache.is_empty(), "a new cache is empty");
    assert!(!cache.contains(&1), "an empty cache contains nothing");
    cache.put(1, 10);
    cache.put(2, 20);
    assert!(
        !cache.is_empty(),
        "a cache holding two entries is not empty"
    );
    assert!(cache.contains(&1) && cache.contains(&2));
    assert!(!cache.contains(&3));
    // contains does not count as a use: 1 stays the least recent and is evicted.
    cache.put(3, 30);
    assert!(
        !cache.contains(&1),
        "1 was the least recent, so it was evicted"
    );
    assert_eq!(keys(&cache), [3, 2]);
}

/// One step of the extra-API model test.
#[derive(Debug, Clone)]
enum Op {
    Put(u8, u32),
    Get(u8),
    Remove(u8),
    PopLru,
    Resize(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..16, any::<u32>()).prop_map(|(k, v)| Op::Put(k, v)),
        3 => (0u8..16).prop_map(Op::Get),
        1 => (0u8..16).prop_map(Op::Remove),
        1 => Just(Op::PopLru),
        1 => (1usize..8).prop_map(Op::Resize),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::property::CASES, failure_persistence: None, ..ProptestConfig::default() })]

    /// `pop_lru` and `resize` agree with the model: the model's least recent entry is the
    /// last of its order, and resizing is popping until the length fits.
    #[test]
    fn extra_operations_agree_with_the_naive_model(
        capacity in 1usize..8,
        ops in prop::collection::vec(op(), 0..400),
    ) {
        let mut cache: LruCache<u8, u32> = LruCache::new(cap(capacity));
        let mut model = NaiveLru::with_capacity(cap(capacity));
        let mut model_capacity = capacity;
        for op in &ops {
            match *op {
                Op::Put(k, v) => prop_assert_eq!(cache.put(k, v), model.put(k, v)),
                Op::Get(k) => prop_assert_eq!(cache.get(&k), model.get(&k)),
                Op::Remove(k) => prop_assert_eq!(cache.remove(&k), model.remove(&k)),
                Op::PopLru => {
                    let expected = model.keys_in_order().last().map(|k| **k);
                    let expected = expected.map(|k| (k, model.remove(&k).unwrap()));
                    prop_assert_eq!(cache.pop_lru(), expected);
                }
                Op::Resize(n) => {
                    cache.resize(cap(n));
                    // The model cannot resize, so rebuild it with the survivors.
                    let survivors: Vec<(u8, u32)> = model
                        .keys_in_order()
                        .into_iter()
                        .take(n)
                        .map(|k| (*k, *model.peek(k).unwrap()))
                        .collect();
                    model = NaiveLru::with_capacity(cap(n));
                    for (k, v) in survivors.into_iter().rev() {
                        model.put(k, v);
                    }
                    model_capacity = n;
                }
            }
            let got: Vec<u8> = cache.iter().map(|(k, _)| *k).collect();
            let want: Vec<u8> = model.keys_in_order().into_iter().copied().collect();
            prop_assert_eq!(got, want, "after {:?}", op);
            prop_assert_eq!(
                (cache.len(), cache.capacity().get()),
                (model.len(), model_capacity),
                "len and capacity after {:?}",
                op
            );
        }
    }
}
