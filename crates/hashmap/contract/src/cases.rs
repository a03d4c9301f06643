//! The hash map contract as named, generic test cases, plus differential property tests
//! against the oracle, `std::collections::HashMap`.
//!
//! Each case is a function generic over the map type, so the reference and the
//! learner's exercise run exactly the same checks;
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. Most cases use the default hasher, and three plug in the weak hashers of
//! [`hashers`](crate::hashers), which is where probing bugs show (long runs, runs that
//! wrap around the end of the table, deletions inside them).
//!
//! Failure messages say what the contract expected and why, so a learner can fix the
//! code from the message alone.

use std::cell::Cell;
use std::collections::HashMap as StdHashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};
use std::rc::Rc;

use proptest::prelude::*;

use testkit::counted::{Counted, Growth, assert_growth, count};
use testkit::property::{TestCaseError, check_explained, same, steps};

use crate::Map;
use crate::hashers::Identity;

/// The entries of `map`, sorted, for order-free comparison.
fn sorted<K: Hash + Eq + Ord + Copy, V: Copy, M: Map<K, V>>(map: &M) -> Vec<(K, V)> {
    let mut entries: Vec<(K, V)> = map.entries().into_iter().map(|(k, v)| (*k, *v)).collect();
    entries.sort_by_key(|(k, _)| *k);
    entries
}

/// A new map is empty, finds nothing and lists nothing.
pub fn starts_empty<M: Map<u64, u64>>() {
    let map = M::with_capacity(0);
    assert_eq!(map.len(), 0, "a new map holds no entries");
    assert!(map.is_empty(), "a new map is empty");
    assert_eq!(map.get(&1), None, "a new map finds nothing");
    assert!(!map.contains_key(&1), "a new map contains no key");
    assert!(map.entries().is_empty(), "a new map lists no entries");
}

/// `get` returns what `insert` stored, and `len` counts distinct keys.
pub fn get_returns_what_insert_stored<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    assert_eq!(
        map.insert(1, 10),
        None,
        "the first insert of 1 replaces nothing"
    );
    assert_eq!(
        map.insert(2, 20),
        None,
        "the first insert of 2 replaces nothing"
    );
    assert_eq!(map.get(&1), Some(&10), "get(1) after insert(1, 10)");
    assert_eq!(map.get(&2), Some(&20), "get(2) after insert(2, 20)");
    assert!(map.contains_key(&2), "contains_key(2) after inserting 2");
    assert_eq!(map.len(), 2, "two distinct keys make two entries");
}

/// Inserting a key that is present replaces the value and returns the old one.
pub fn insert_returns_the_previous_value<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    map.insert(7, 1);
    assert_eq!(
        map.insert(7, 2),
        Some(1),
        "the second insert of a key returns the first value"
    );
    assert_eq!(map.get(&7), Some(&2), "the second insert's value wins");
    assert_eq!(map.len(), 1, "re-inserting a key does not add an entry");
}

/// `get_mut` changes the stored value in place.
pub fn get_mut_changes_the_stored_value<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    map.insert(3, 30);
    *map.get_mut(&3).expect("get_mut finds a present key") += 1;
    assert_eq!(map.get(&3), Some(&31), "a change through get_mut is stored");
    assert!(
        map.get_mut(&4).is_none(),
        "get_mut of an absent key is None"
    );
}

/// `remove` hands back the value once; afterwards the key is gone.
pub fn remove_returns_the_value_once<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    map.insert(1, 10);
    map.insert(2, 20);
    assert_eq!(map.remove(&1), Some(10), "remove returns the removed value");
    assert_eq!(map.remove(&1), None, "a second remove finds nothing");
    assert_eq!(map.get(&1), None, "a removed key is not found");
    assert_eq!(map.get(&2), Some(&20), "other keys survive a remove");
    assert_eq!(map.len(), 1, "remove drops exactly one entry");
    assert_eq!(
        map.insert(1, 11),
        None,
        "a removed key can come back as new"
    );
}

/// Looking up, changing or removing an absent key finds nothing and changes nothing.
pub fn missing_keys_are_absent_everywhere<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    assert_eq!(map.remove(&1), None, "remove on an empty map");
    assert!(map.get_mut(&1).is_none(), "get_mut on an empty map");
    for k in 0..100 {
        map.insert(k * 2, k);
    }
    for k in 0..100 {
        let odd = k * 2 + 1;
        assert_eq!(map.get(&odd), None, "{odd} was never inserted");
        assert_eq!(map.remove(&odd), None, "removing {odd}, never inserted");
    }
    assert_eq!(map.len(), 100, "failed lookups and removes change nothing");
}

/// The table grows as needed: 100,000 keys all stay reachable, and the map never
/// reports more entries than its capacity.
pub fn grows_and_keeps_every_key<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    for k in 0..100_000u64 {
        map.insert(k, k * 3);
        assert!(
            map.len() <= map.capacity(),
            "after {} inserts: len {} exceeds capacity {}",
            k + 1,
            map.len(),
            map.capacity()
        );
    }
    assert_eq!(map.len(), 100_000, "100,000 distinct keys inserted");
    for k in 0..100_000u64 {
        assert_eq!(map.get(&k), Some(&(k * 3)), "key {k} after growing");
    }
}

/// `with_capacity(n)` makes room for `n` entries: inserting them does not grow it.
pub fn with_capacity_reserves_room<M: Map<u64, u64>>() {
    for n in [1, 7, 8, 100, 1_000] {
        let mut map = M::with_capacity(n);
        let capacity = map.capacity();
        assert!(
            capacity >= n,
            "with_capacity({n}) reports capacity {capacity}"
        );
        for k in 0..n as u64 {
            map.insert(k, k);
        }
        assert_eq!(
            map.capacity(),
            capacity,
            "inserting {n} keys into with_capacity({n}) must not grow the table"
        );
    }
}

/// `clear` removes everything, and the map works normally afterwards.
pub fn clear_empties_but_keeps_working<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    for k in 0..50 {
        map.insert(k, k);
    }
    map.clear();
    assert_eq!(map.len(), 0, "clear leaves no entries");
    assert_eq!(map.get(&3), None, "clear forgets every key");
    assert!(map.entries().is_empty(), "a cleared map lists nothing");
    map.insert(3, 33);
    assert_eq!(map.get(&3), Some(&33), "insert after clear");
    assert_eq!(map.len(), 1, "len after clear and one insert");
}

/// Iteration lists every entry exactly once, with its current value.
pub fn entries_lists_every_pair_once<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    for k in 0..1_000 {
        map.insert(k, k + 1);
    }
    for k in (0..1_000).step_by(3) {
        map.remove(&k);
    }
    *map.get_mut(&1).expect("1 is present") = 99;
    let expected: Vec<(u64, u64)> = (0..1_000)
        .filter(|k| k % 3 != 0)
        .map(|k| (k, if k == 1 { 99 } else { k + 1 }))
        .collect();
    assert_eq!(
        sorted(&map),
        expected,
        "entries after 1,000 inserts, removing every third key and changing key 1"
    );
}

/// An insert/remove churn that keeps 8 live keys must not grow the table: deleted
/// slots have to become reusable (tombstones that pile up until a resize fail here).
pub fn churn_does_not_grow_the_table<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    for k in 0..8 {
        map.insert(k, k);
    }
    let capacity = map.capacity();
    for k in 8..100_000u64 {
        assert_eq!(map.remove(&(k - 8)), Some(k - 8), "churn: remove {}", k - 8);
        map.insert(k, k);
        assert_eq!(map.len(), 8, "churn keeps 8 live keys");
    }
    assert_eq!(
        map.capacity(),
        capacity,
        "100,000 rounds of remove-one-insert-one with 8 live keys grew the capacity"
    );
    for k in 99_992..100_000 {
        assert_eq!(map.get(&k), Some(&k), "live key {k} after the churn");
    }
}

/// Removing keys from the middle of long runs leaves every other key reachable.
pub fn removal_keeps_the_rest_reachable<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    for k in 0..10_000u64 {
        map.insert(k, k);
    }
    for k in (0..10_000u64).filter(|k| k % 3 == 1) {
        assert_eq!(map.remove(&k), Some(k), "removing {k}");
    }
    for k in 0..10_000u64 {
        let expected = (k % 3 != 1).then_some(k);
        assert_eq!(
            map.get(&k).copied(),
            expected,
            "key {k} after removing every key k with k % 3 == 1"
        );
    }
}

/// With a hasher that sends every key to the same bucket, every key still works:
/// lookups, overwrites and removals in one long collision run, including its wrap
/// around the end of the table.
pub fn colliding_keys_stay_reachable<M: Map<u64, u64>>() {
    let mut map = M::with_capacity(0);
    for k in 0..300u64 {
        map.insert(k, k);
    }
    for k in (0..300u64).step_by(2) {
        assert_eq!(map.remove(&k), Some(k), "removing colliding key {k}");
    }
    for k in 0..300u64 {
        let expected = (k % 2 == 1).then_some(k);
        assert_eq!(
            map.get(&k).copied(),
            expected,
            "all 300 keys collide (constant hash); key {k} after removing the even ones"
        );
    }
    for k in (0..300u64).step_by(2) {
        assert_eq!(map.insert(k, k + 1), None, "re-inserting colliding key {k}");
    }
    assert_eq!(map.len(), 300, "300 colliding keys after the round trip");
    assert_eq!(map.get(&4), Some(&5), "a re-inserted colliding key");
}

/// A `String`-keyed map answers lookups by `&str` (through `Borrow`): no allocation
/// per lookup.
pub fn looks_up_string_keys_by_str<M: Map<String, u64>>() {
    let mut map = M::with_capacity(0);
    map.insert("alpha".to_string(), 1);
    map.insert("beta".to_string(), 2);
    assert_eq!(map.get("alpha"), Some(&1), "get by &str");
    assert!(map.contains_key("beta"), "contains_key by &str");
    *map.get_mut("beta").expect("beta is present") += 1;
    assert_eq!(map.remove("beta"), Some(3), "remove by &str");
    assert_eq!(map.get("gamma"), None, "an absent &str key");
}

/// A value that counts how many values of its family were dropped.
#[derive(Debug)]
pub struct DropCounter(Rc<Cell<usize>>);

impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// Every value the map takes is dropped exactly once: handed back by an overwrite or a
/// remove, on `clear`, or when the map is dropped. Growth moves values without
/// dropping them. A leak or a double drop fails here.
pub fn drops_every_value_exactly_once<M: Map<u64, DropCounter>>() {
    let drops = Rc::new(Cell::new(0));
    let value = || DropCounter(Rc::clone(&drops));
    let mut map = M::with_capacity(0);
    for k in 0..100 {
        map.insert(k, value());
    }
    assert_eq!(drops.get(), 0, "growing to 100 entries drops nothing");
    drop(map.insert(5, value()));
    assert_eq!(drops.get(), 1, "an overwrite hands back the old value");
    drop(map.remove(&6));
    assert_eq!(
        drops.get(),
        2,
        "a removed value is dropped once, by the caller"
    );
    map.clear();
    assert_eq!(drops.get(), 101, "clear drops the 99 values left");
    for k in 0..10 {
        map.insert(k, value());
    }
    drop(map);
    assert_eq!(drops.get(), 111, "dropping the map drops its 10 values");
}

/// One step of a random workload for the differential tests.
#[derive(Debug, Clone)]
pub enum Op {
    /// `insert(keys[i], value)`
    Insert(usize, u64),
    /// `get(keys[i])`
    Get(usize),
    /// `*get_mut(keys[i]) = value`
    Set(usize, u64),
    /// `contains_key(keys[i])`
    Contains(usize),
    /// `remove(keys[i])`
    Remove(usize),
    /// `clear()`
    Clear,
}

/// What one operation returned, comparable across maps.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Value(Option<u64>),
    Found(bool),
    Cleared,
}

fn apply<M: Map<u64, u64>>(map: &mut M, key: impl Fn(usize) -> u64, op: &Op) -> Outcome {
    match *op {
        Op::Insert(i, v) => Outcome::Value(map.insert(key(i), v)),
        Op::Get(i) => Outcome::Value(map.get(&key(i)).copied()),
        Op::Set(i, v) => Outcome::Found(map.get_mut(&key(i)).map(|slot| *slot = v).is_some()),
        Op::Contains(i) => Outcome::Found(map.contains_key(&key(i))),
        Op::Remove(i) => Outcome::Value(map.remove(&key(i))),
        Op::Clear => {
            map.clear();
            Outcome::Cleared
        }
    }
}

/// Random operations on key indices below `universe`; inserts and removes dominate so
/// tables both grow and thin out.
fn ops(universe: usize) -> impl Strategy<Value = Vec<Op>> {
    let index = 0..universe;
    let op = prop_oneof![
        80 => (index.clone(), any::<u64>()).prop_map(|(i, v)| Op::Insert(i, v)),
        40 => index.clone().prop_map(Op::Get),
        10 => (index.clone(), any::<u64>()).prop_map(|(i, v)| Op::Set(i, v)),
        10 => index.clone().prop_map(Op::Contains),
        50 => index.prop_map(Op::Remove),
        // Rare: about one clear in 200 operations.
        1 => Just(Op::Clear),
    ];
    prop::collection::vec(op, 0..=1_000)
}

/// Key universes: few keys (dense overwrites and removals), a mid-size and a large one
/// (hundreds of live keys, several resizes).
fn universe() -> impl Strategy<Value = usize> {
    prop_oneof![Just(16usize), Just(128), Just(1_024)]
}

/// Runs `ops` on the map under test and on the oracle (std's map with hasher `S`),
/// comparing every result and length, then the contents.
fn differential<M, S>(keys: &[u64], ops: &[Op]) -> Result<(), TestCaseError>
where
    M: Map<u64, u64>,
    S: BuildHasher + Default,
{
    let key = |i: usize| keys[i];
    let mut map = M::with_capacity(0);
    let mut std_map = StdHashMap::<u64, u64, S>::with_capacity(0);
    for (step, op) in ops.iter().enumerate() {
        // "expected" in a failure is what std's HashMap returned.
        let context = || format!("step {}, {}", step + 1, describe(op, key));
        let expected = apply(&mut std_map, key, op);
        same(apply(&mut map, key, op), expected, context)?;
        same(map.len(), std_map.len(), || {
            format!("len() after {}", context())
        })?;
    }
    same(sorted(&map), sorted(&std_map), || {
        format!("the entries after all {} operations", ops.len())
    })
}

/// A failing sequence in words: the operations on an empty map, keys spelled out.
fn explain(key: &dyn Fn(usize) -> u64, ops: &[Op]) -> String {
    format!(
        "an empty map, then\n{}",
        steps(ops.iter().map(|op| describe(op, key)))
    )
}

/// An operation with its key spelled out, for failure messages.
fn describe(op: &Op, key: impl Fn(usize) -> u64) -> String {
    match *op {
        Op::Insert(i, v) => format!("insert({}, {v})", key(i)),
        Op::Get(i) => format!("get({})", key(i)),
        Op::Set(i, v) => format!("*get_mut({}) = {v}", key(i)),
        Op::Contains(i) => format!("contains_key({})", key(i)),
        Op::Remove(i) => format!("remove({})", key(i)),
        Op::Clear => "clear()".to_string(),
    }
}

/// Random sequences of up to 1,000 operations (256 of them) give the same results,
/// lengths and final contents as `std::collections::HashMap`.
/// Keys come from small and large universes, with a few random 64-bit keys mixed in.
pub fn agrees_with_std<M: Map<u64, u64>>() {
    let strategy = universe().prop_flat_map(|n| {
        (
            prop::collection::vec(any::<u64>(), n..=n).prop_map(move |mut random| {
                // Mostly small keys 0..n (so the table's order and the keys' order
                // differ in structured ways), a quarter fully random.
                for (i, k) in random.iter_mut().enumerate() {
                    if i % 4 != 0 {
                        *k = i as u64;
                    }
                }
                random
            }),
            ops(n),
        )
    });
    let explain = |(keys, ops): &(Vec<u64>, Vec<Op>)| explain(&|i| keys[i], ops);
    check_explained(&strategy, explain, |(keys, ops)| {
        differential::<M, RandomState>(&keys, &ops)
    });
}

/// Key sets that punish weak hashing, hashed with [`Identity`]
/// (the key is its own hash).
#[derive(Debug, Clone, Copy)]
pub enum KeySet {
    /// 0, 1, 2, ...: differ only in the low bits.
    Sequential,
    /// 0, 1, 2, ... with the bytes reversed: differ only in the high bits, so a table
    /// that indexes by `hash % buckets` puts them all in bucket 0.
    ByteSwapped,
    /// s = (s + 1) * 3,787,392,781 (wrapping), the sequence hashbrown's tests use to
    /// build pathological probe sequences.
    Multiplicative,
}

impl KeySet {
    /// The first `n` keys of the set.
    pub fn keys(self, n: usize) -> Vec<u64> {
        match self {
            KeySet::Sequential => (0..n as u64).collect(),
            KeySet::ByteSwapped => (0..n as u64).map(u64::swap_bytes).collect(),
            KeySet::Multiplicative => {
                let mut s = 0u64;
                (0..n)
                    .map(|_| {
                        s = s.wrapping_add(1).wrapping_mul(3_787_392_781);
                        s
                    })
                    .collect()
            }
        }
    }
}

/// The differential test again, with the key as its own hash and the key sets of
/// [`KeySet`]: correctness must not depend on a good hash function.
pub fn agrees_with_std_under_weak_hashing<M: Map<u64, u64>>() {
    let key_set = prop_oneof![
        Just(KeySet::Sequential),
        Just(KeySet::ByteSwapped),
        Just(KeySet::Multiplicative),
    ];
    let strategy = (key_set, universe()).prop_flat_map(|(set, n)| (Just(set), Just(n), ops(n)));
    let explain = |(set, n, ops): &(KeySet, usize, Vec<Op>)| {
        let keys = set.keys(*n);
        format!(
            "with each key its own hash ({set:?} keys): {}",
            explain(&|i| keys[i], ops)
        )
    };
    check_explained(&strategy, explain, |(set, n, ops)| {
        differential::<M, Identity>(&set.keys(n), &ops)
    });
}

/// A key that counts its hashes and comparisons, for the cost case.
pub type CountedKey = Counted<u64>;

/// A lookup is O(1) on average: `get` makes as many hashes and key comparisons per
/// lookup in a map of 16,000 entries as in one of 1,000, for keys that are present and
/// for keys that are not (counted through keys that count their own hashes and
/// comparisons). The sizes are 16x apart, so a table that doubles keeps the same load
/// factor at both. A map that scans its entries compares half of them per hit and all
/// of them per miss, sixteen times the work at sixteen times the size, and fails here
/// with its counts.
pub fn lookups_do_constant_work<M: Map<CountedKey, u64>>() {
    let (small, large) = (1_000, 16_000);
    let (small_hit, small_miss) = work_per_lookup::<M>(small as u64);
    let (large_hit, large_miss) = work_per_lookup::<M>(large as u64);
    assert_growth(
        "your get of a present key",
        "hashes and key comparisons per lookup",
        (small, small_hit),
        (large, large_hit),
        Growth::Constant,
    );
    assert_growth(
        "your get of a missing key",
        "hashes and key comparisons per lookup",
        (small, small_miss),
        (large, large_miss),
        Growth::Constant,
    );
}

/// Hashes and comparisons per lookup in a map of keys `0..n`, built by inserting from
/// empty: the mean over 1,000 present keys spread over the whole range, and over 1,000
/// missing ones.
fn work_per_lookup<M: Map<CountedKey, u64>>(n: u64) -> (f64, f64) {
    const LOOKUPS: u64 = 1_000;
    let mut map = M::with_capacity(0);
    for k in 0..n {
        map.insert(Counted::new(k), k);
    }
    let (found, hits) = count(|| {
        (0..LOOKUPS)
            .filter(|i| {
                let k = i * n / LOOKUPS;
                map.get(&Counted::new(k)) == Some(&k)
            })
            .count()
    });
    assert_eq!(
        found, LOOKUPS as usize,
        "every key 0..{n} inserted is found again"
    );
    let (found, misses) = count(|| {
        (0..LOOKUPS)
            .filter(|i| map.get(&Counted::new(n + i * 7)).is_some())
            .count()
    });
    assert_eq!(found, 0, "no key at or above {n} was inserted");
    (
        hits.total() as f64 / LOOKUPS as f64,
        misses.total() as f64 / LOOKUPS as f64,
    )
}
