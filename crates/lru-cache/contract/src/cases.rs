//! The LRU contract as named, generic test cases, plus a model-based property test.
//!
//! Each case is a function generic over the cache type, so the reference and the
//! learner's exercise run exactly the same checks; [`conformance_tests!`](crate::conformance_tests)
//! turns them into one `#[test]` per case. Failure messages say what the contract
//! expected and why, so a learner can fix the code from the message alone.

use std::cell::Cell;
use std::fmt;
use std::num::NonZeroUsize;
use std::rc::Rc;

use proptest::prelude::*;

use testkit::counted::{Counted, Growth, assert_growth, count};
use testkit::property::{check_explained, same, steps};

use crate::Cache;
use crate::naive::NaiveLru;

/// `NonZeroUsize` from a literal the cases know is positive.
fn cap(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).expect("test capacities are positive")
}

/// The keys of `cache` from most to least recently used, copied for comparison.
fn order<C: Cache<u32, u32>>(cache: &C) -> Vec<u32> {
    cache.keys_in_order().into_iter().copied().collect()
}

/// A new cache is empty and reports the capacity it was built with.
pub fn starts_empty<C: Cache<u32, u32>>() {
    let cache = C::with_capacity(cap(3));
    assert_eq!(cache.len(), 0, "a new cache holds no entries");
    assert!(cache.is_empty(), "a new cache is empty");
    assert_eq!(
        cache.capacity().get(),
        3,
        "capacity() returns what with_capacity got"
    );
    assert!(
        cache.keys_in_order().is_empty(),
        "a new cache iterates over nothing"
    );
}

/// `get` returns what `put` stored, and `len` counts entries.
pub fn get_returns_what_put_stored<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(3));
    cache.put(1, 10);
    cache.put(2, 20);
    assert_eq!(cache.get(&1), Some(&10), "get(1) after put(1, 10)");
    assert_eq!(cache.get(&2), Some(&20), "get(2) after put(2, 20)");
    assert_eq!(cache.len(), 2, "two puts of distinct keys make two entries");
}

/// `put` on a key already present returns the old value and keeps one entry.
pub fn put_returns_the_previous_value<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(2));
    assert_eq!(
        cache.put(7, 1),
        None,
        "the first put of a key has no previous value"
    );
    assert_eq!(
        cache.put(7, 2),
        Some(1),
        "the second put of a key returns the old value"
    );
    assert_eq!(cache.get(&7), Some(&2), "the second put's value wins");
    assert_eq!(
        cache.len(),
        1,
        "putting an existing key does not add an entry"
    );
}

/// When full, a put of a new key evicts the least recently used entry.
pub fn evicts_the_least_recently_used<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(2));
    cache.put(1, 10);
    cache.put(2, 20);
    cache.put(3, 30);
    assert_eq!(
        cache.peek(&1),
        None,
        "capacity 2 after put 1, 2, 3: key 1 was the least recently used and must be evicted"
    );
    assert_eq!(
        cache.peek(&2),
        Some(&20),
        "key 2 is more recent than 1 and must stay"
    );
    assert_eq!(
        cache.peek(&3),
        Some(&30),
        "the key just put must be present"
    );
    assert_eq!(
        cache.len(),
        2,
        "the cache never holds more than its capacity"
    );
}

/// A `get` makes its entry the most recently used, saving it from the next eviction.
pub fn get_protects_an_entry_from_eviction<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(2));
    cache.put(1, 10);
    cache.put(2, 20);
    cache.get(&1);
    cache.put(3, 30);
    assert_eq!(
        cache.peek(&1),
        Some(&10),
        "put 1, put 2, get 1, put 3 (capacity 2): the get made 1 recent, so 2 is evicted, not 1"
    );
    assert_eq!(cache.peek(&2), None, "key 2 was the least recently used");
}

/// `peek` reads without promoting: a peeked entry is still the next to go.
pub fn peek_does_not_promote<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(2));
    cache.put(1, 10);
    cache.put(2, 20);
    assert_eq!(cache.peek(&1), Some(&10), "peek finds a present key");
    cache.put(3, 30);
    assert_eq!(
        cache.peek(&1),
        None,
        "put 1, put 2, peek 1, put 3 (capacity 2): peek must not promote, so 1 is evicted"
    );
}

/// Overwriting a key makes it the most recent and evicts nothing.
pub fn overwriting_refreshes_without_evicting<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(2));
    cache.put(1, 10);
    cache.put(2, 20);
    cache.put(1, 11);
    assert_eq!(cache.len(), 2, "overwriting key 1 must not evict anything");
    cache.put(3, 30);
    assert_eq!(
        cache.peek(&2),
        None,
        "put 1, put 2, put 1 again, put 3 (capacity 2): the overwrite made 1 recent, so 2 goes"
    );
    assert_eq!(cache.peek(&1), Some(&11), "key 1 keeps its new value");
}

/// `get_mut` changes the stored value in place and counts as a use.
pub fn get_mut_updates_in_place_and_promotes<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(2));
    cache.put(1, 10);
    cache.put(2, 20);
    *cache.get_mut(&1).expect("get_mut finds a present key") += 5;
    assert_eq!(
        cache.peek(&1),
        Some(&15),
        "a change through get_mut is stored"
    );
    cache.put(3, 30);
    assert_eq!(
        cache.peek(&1),
        Some(&15),
        "get_mut made 1 recent, so 2 is evicted instead"
    );
    assert_eq!(cache.peek(&2), None, "key 2 was the least recently used");
}

/// `remove` returns the value and frees a slot, so the next put evicts nothing.
pub fn remove_frees_a_slot<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(2));
    cache.put(1, 10);
    cache.put(2, 20);
    assert_eq!(
        cache.remove(&1),
        Some(10),
        "remove returns the removed value"
    );
    assert_eq!(cache.len(), 1, "remove drops the entry");
    assert_eq!(
        cache.remove(&1),
        None,
        "removing twice finds nothing the second time"
    );
    cache.put(3, 30);
    assert_eq!(
        cache.peek(&2),
        Some(&20),
        "after a remove there was room: 2 must not be evicted"
    );
    assert_eq!(
        order(&cache),
        [3, 2],
        "the list stays linked after a remove"
    );
}

/// Removing a middle, the least recent and the most recent entry keeps the order of the
/// rest intact. (In a slab design, where removal moves the last-stored node into the
/// freed slot, these removals move nodes that have neighbours on one or both sides.)
pub fn remove_keeps_the_order_of_the_rest<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(5));
    for k in 1..=5 {
        cache.put(k, k * 10);
    }
    cache.get(&1);
    assert_eq!(order(&cache), [1, 5, 4, 3, 2], "after put 1..=5 and get 1");
    assert_eq!(cache.remove(&3), Some(30), "remove returns the value");
    assert_eq!(
        order(&cache),
        [1, 5, 4, 2],
        "after removing a middle entry (3)"
    );
    cache.remove(&2);
    assert_eq!(
        order(&cache),
        [1, 5, 4],
        "after removing the least recent (2)"
    );
    cache.remove(&1);
    assert_eq!(order(&cache), [5, 4], "after removing the most recent (1)");
    cache.put(6, 60);
    cache.get(&4);
    assert_eq!(
        order(&cache),
        [4, 6, 5],
        "puts and gets still link correctly afterwards"
    );
    for k in [4, 6, 5] {
        assert_eq!(
            cache.peek(&k),
            Some(&(k * 10)),
            "key {k} keeps its value through the moves"
        );
    }
}

/// Looking up, peeking, changing or removing a key that is absent finds nothing.
pub fn missing_keys_are_absent_everywhere<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(2));
    assert_eq!(cache.get(&1), None, "get on an empty cache");
    assert_eq!(cache.peek(&1), None, "peek on an empty cache");
    assert!(cache.get_mut(&1).is_none(), "get_mut on an empty cache");
    assert_eq!(cache.remove(&1), None, "remove on an empty cache");
    cache.put(2, 20);
    assert_eq!(
        cache.get(&1),
        None,
        "get of an absent key in a non-empty cache"
    );
    assert_eq!(cache.len(), 1, "failed lookups change nothing");
}

/// With capacity one, every new key replaces the previous one.
pub fn capacity_one_keeps_only_the_newest<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(1));
    cache.put(1, 10);
    cache.put(2, 20);
    assert_eq!(
        cache.peek(&1),
        None,
        "capacity 1: the second key evicts the first"
    );
    assert_eq!(
        cache.get(&2),
        Some(&20),
        "capacity 1: the newest key is kept"
    );
    assert_eq!(
        cache.put(2, 21),
        Some(20),
        "capacity 1: overwriting the only key"
    );
    assert_eq!(cache.len(), 1, "capacity 1 holds one entry");
}

/// Iteration order is most to least recently used, following every kind of use.
pub fn keys_run_from_most_to_least_recent<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(4));
    for k in [1, 2, 3, 4] {
        cache.put(k, k);
    }
    assert_eq!(order(&cache), [4, 3, 2, 1], "after put 1, 2, 3, 4");
    cache.get(&2);
    assert_eq!(order(&cache), [2, 4, 3, 1], "after get 2");
    cache.put(3, 33);
    assert_eq!(order(&cache), [3, 2, 4, 1], "after overwriting 3");
    cache.peek(&1);
    assert_eq!(order(&cache), [3, 2, 4, 1], "peek changes nothing");
    cache.put(5, 5);
    assert_eq!(
        order(&cache),
        [5, 3, 2, 4],
        "put 5 evicts 1, the least recent"
    );
}

/// Many evictions in a row keep exactly the newest `capacity` keys.
pub fn long_runs_keep_the_newest_keys<C: Cache<u32, u32>>() {
    let mut cache = C::with_capacity(cap(100));
    for k in 0..10_000 {
        cache.put(k, k);
    }
    assert_eq!(
        cache.len(),
        100,
        "10,000 puts into capacity 100 leave 100 entries"
    );
    let expected: Vec<u32> = (9_900..10_000).rev().collect();
    assert_eq!(
        order(&cache),
        expected,
        "the 100 newest keys remain, newest first"
    );
}

/// A `String`-keyed cache answers lookups by `&str` (through `Borrow`), with no
/// allocation per lookup.
pub fn looks_up_string_keys_by_str<C: Cache<String, u32>>() {
    let mut cache = C::with_capacity(cap(2));
    cache.put("alpha".to_string(), 1);
    assert_eq!(cache.get("alpha"), Some(&1), "get by &str");
    assert_eq!(cache.peek("alpha"), Some(&1), "peek by &str");
    assert_eq!(cache.remove("alpha"), Some(1), "remove by &str");
    assert_eq!(cache.get("beta"), None, "an absent &str key");
}

/// A value that counts how many times values of its family were dropped.
#[derive(Debug)]
pub struct DropCounter(Rc<Cell<usize>>);

impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// Every value the cache takes is dropped exactly once: on eviction, on overwrite (by
/// the caller, who gets the old value back), on remove, or when the cache is dropped.
/// A leak or a double drop would fail here.
pub fn drops_every_value_exactly_once<C: Cache<u32, DropCounter>>() {
    let drops = Rc::new(Cell::new(0));
    let value = || DropCounter(Rc::clone(&drops));
    let mut cache = C::with_capacity(cap(3));
    for k in 0..10 {
        cache.put(k, value());
    }
    assert_eq!(
        drops.get(),
        7,
        "10 puts into capacity 3 evict (and drop) 7 values"
    );
    drop(cache.put(9, value()));
    assert_eq!(
        drops.get(),
        8,
        "an overwrite hands back the old value, which is dropped once"
    );
    drop(cache.remove(&8));
    assert_eq!(drops.get(), 9, "a removed value is dropped once");
    drop(cache);
    assert_eq!(
        drops.get(),
        11,
        "dropping the cache drops the 2 values left, once each"
    );
}

/// One step of a random workload for [`agrees_with_a_naive_model`].
#[derive(Debug, Clone)]
pub enum Op {
    /// `get(key)`
    Get(u32),
    /// `peek(key)`
    Peek(u32),
    /// `*get_mut(key) = value`
    Set(u32, u32),
    /// `put(key, value)`
    Put(u32, u32),
    /// `remove(key)`
    Remove(u32),
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Op::Get(k) => write!(f, "get({k})"),
            Op::Peek(k) => write!(f, "peek({k})"),
            Op::Set(k, v) => write!(f, "*get_mut({k}) = {v}"),
            Op::Put(k, v) => write!(f, "put({k}, {v})"),
            Op::Remove(k) => write!(f, "remove({k})"),
        }
    }
}

fn op_strategy() -> impl Strategy<Value = Op> {
    // Few distinct keys, so that hits, overwrites and evictions are all frequent.
    let key = 0u32..12;
    prop_oneof![
        3 => key.clone().prop_map(Op::Get),
        1 => key.clone().prop_map(Op::Peek),
        1 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Set(k, v)),
        4 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Put(k, v)),
        1 => key.prop_map(Op::Remove),
    ]
}

/// Random sequences of up to 300 operations on caches of capacity 1 to 8 behave exactly
/// like [`NaiveLru`]: same results, same length, same recency order after every step.
/// On failure, the message lists the shortest failing sequence proptest found, one
/// numbered operation per line.
pub fn agrees_with_a_naive_model<C: Cache<u32, u32>>() {
    let strategy = (1usize..=8, prop::collection::vec(op_strategy(), 0..300));
    let explain = |(capacity, ops): &(usize, Vec<Op>)| {
        format!("a new cache of capacity {capacity}, then\n{}", steps(ops))
    };
    check_explained(&strategy, explain, |(capacity, ops)| {
        let mut cache = C::with_capacity(cap(capacity));
        let mut model = NaiveLru::with_capacity(cap(capacity));
        for (step, op) in ops.iter().enumerate() {
            // "expected" in a failure is what the naive model returned.
            let context = || format!("step {}, {op}", step + 1);
            match *op {
                Op::Get(k) => same(cache.get(&k), model.get(&k), context)?,
                Op::Peek(k) => same(cache.peek(&k), model.peek(&k), context)?,
                Op::Set(k, v) => same(set(&mut cache, k, v), set(&mut model, k, v), context)?,
                Op::Put(k, v) => same(cache.put(k, v), model.put(k, v), context)?,
                Op::Remove(k) => same(cache.remove(&k), model.remove(&k), context)?,
            }
            same(cache.len(), model.len(), || {
                format!("len() after {}", context())
            })?;
            same(order(&cache), order(&model), || {
                format!("keys from most to least recent after {}", context())
            })?;
        }
        Ok(())
    });
}

/// `*get_mut(key) = value`; whether the key was found.
fn set<C: Cache<u32, u32>>(cache: &mut C, key: u32, value: u32) -> bool {
    match cache.get_mut(&key) {
        Some(slot) => {
            *slot = value;
            true
        }
        None => false,
    }
}

/// The key type of the cost case: a `u64` whose hashes and comparisons are counted.
pub type CountedKey = Counted<u64>;

/// Every operation is O(1) on average: a run of gets and puts makes as many hashes and
/// key comparisons per operation with 10,000 entries as with 1,000 (counted through keys
/// that count their own hashes and comparisons). A cache that scans a list to find a
/// key, or to find the least recently used one, does ten times the work at ten times the
/// size, and fails here with its counts.
pub fn work_per_operation_does_not_grow<C: Cache<CountedKey, u64>>() {
    assert_growth(
        "your get and put",
        "hashes and key comparisons per operation",
        (1_000, work_per_operation::<C>(1_000)),
        (10_000, work_per_operation::<C>(10_000)),
        Growth::Constant,
    );
}

/// Hashes and comparisons per operation over 2,000 gets (and puts on a miss) on a full
/// cache of `capacity`, keys spread over twice the capacity: hits, misses and evictions.
fn work_per_operation<C: Cache<CountedKey, u64>>(capacity: usize) -> f64 {
    const OPS: u64 = 2_000;
    let mut cache = C::with_capacity(cap(capacity));
    for k in 0..capacity as u64 {
        cache.put(Counted::new(k), k);
    }
    let span = 2 * capacity as u64;
    let (_, work) = count(|| {
        for i in 0..OPS {
            // A fixed stride through the keys: every run measures the same operations.
            let k = (i * 7_919) % span;
            if cache.get(&Counted::new(k)).is_none() {
                cache.put(Counted::new(k), k);
            }
        }
    });
    work.total() as f64 / OPS as f64
}
