//! User code that panics (a key's or value's `Drop`) never leaves the cache in a state
//! that safe code can turn into undefined behaviour. `LruCache` indexes its slab without
//! bounds checks, so a stale node id after a panic would be a read out of bounds: these
//! tests run under Miri (`.ci/miri`), which reports such a read as UB, and natively the
//! debug assertions on every index report it as a panic.

use std::cell::Cell;
use std::num::NonZeroUsize;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lru_cache::{LruCache, ShardedLruCache};

/// A value whose drop panics when it is the chosen one.
#[derive(Debug, Clone)]
struct Bomb {
    armed: bool,
}

impl Drop for Bomb {
    fn drop(&mut self) {
        if self.armed && !std::thread::panicking() {
            panic!("a value's Drop panicked");
        }
    }
}

fn cap(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).expect("positive")
}

/// A cache of `n` entries whose entry `armed` panics when dropped.
fn cache_with_a_bomb(n: u32, armed: u32) -> LruCache<u32, Bomb> {
    let mut cache = LruCache::new(cap(n as usize));
    for k in 0..n {
        cache.put(k, Bomb { armed: k == armed });
    }
    cache
}

/// After a panic, the cache holds exactly `expected` (most recent first): the list and
/// the table agree on it, and the cache keeps working.
fn still_consistent(cache: &mut LruCache<u32, Bomb>, expected: &[u32]) {
    let keys = |cache: &LruCache<u32, Bomb>| cache.iter().map(|(k, _)| *k).collect::<Vec<_>>();
    assert_eq!(
        keys(cache),
        expected,
        "the entries after the panic, most recent first"
    );
    assert_eq!(cache.len(), expected.len(), "len counts those entries");
    for k in 0..8 {
        assert_eq!(
            cache.peek(&k).is_some(),
            expected.contains(&k),
            "the table finds key {k} exactly when the list holds it"
        );
    }
    // Reuse the cache: fill it past its capacity, then pop, remove and clear.
    for k in 100..110 {
        cache.put(k, Bomb { armed: false });
    }
    let newest: Vec<u32> = (100..110).rev().take(cache.capacity().get()).collect();
    assert_eq!(
        keys(cache),
        newest,
        "ten new keys leave the newest that fit"
    );
    assert_eq!(
        cache.pop_lru().map(|(k, _)| k),
        newest.last().copied(),
        "pop_lru takes the least recent"
    );
    assert!(cache.remove(&109).is_some(), "the newest key is removable");
    cache.clear();
    assert_eq!(cache.len(), 0);
    assert!(cache.get(&101).is_none());
}

#[test]
fn clear_leaves_an_empty_cache_when_a_drop_panics() {
    let mut cache = cache_with_a_bomb(4, 1);
    let outcome = catch_unwind(AssertUnwindSafe(|| cache.clear()));
    assert!(outcome.is_err(), "the value's Drop panicked");
    assert_eq!(cache.len(), 0, "clear emptied the cache before dropping");
    assert!(cache.get(&0).is_none(), "no stale node id is followed");
    still_consistent(&mut cache, &[]);
}

#[test]
fn resize_stays_consistent_when_an_evicted_value_panics() {
    let mut cache = cache_with_a_bomb(4, 0);
    let outcome = catch_unwind(AssertUnwindSafe(|| cache.resize(cap(2))));
    assert!(outcome.is_err(), "the evicted value's Drop panicked");
    still_consistent(&mut cache, &[3, 2, 1]);
}

#[test]
fn pop_lru_and_eviction_stay_consistent_when_a_drop_panics() {
    let mut cache = cache_with_a_bomb(3, 0);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        cache.pop_lru();
    }));
    assert!(outcome.is_err());
    still_consistent(&mut cache, &[2, 1]);

    let mut cache = cache_with_a_bomb(3, 0);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        cache.put(9, Bomb { armed: false });
    }));
    assert!(
        outcome.is_err(),
        "evicting key 0 dropped its panicking value"
    );
    still_consistent(&mut cache, &[9, 2, 1]);
}

#[test]
fn a_panicking_hash_or_eq_changes_nothing() {
    /// A key whose `Hash` panics once the flag is set.
    #[derive(Debug, PartialEq, Eq)]
    struct Touchy(u32);
    thread_local!(static FUSE: Cell<bool> = const { Cell::new(false) });
    impl std::hash::Hash for Touchy {
        fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
            assert!(!FUSE.with(Cell::get), "a key's Hash panicked");
            self.0.hash(state);
        }
    }
    let mut cache = LruCache::new(cap(3));
    for k in 0..3 {
        cache.put(Touchy(k), k);
    }
    FUSE.with(|f| f.set(true));
    assert!(catch_unwind(AssertUnwindSafe(|| cache.put(Touchy(7), 7))).is_err());
    FUSE.with(|f| f.set(false));
    assert_eq!(cache.len(), 3);
    let keys: Vec<u32> = cache.iter().map(|(k, _)| k.0).collect();
    assert_eq!(keys, [2, 1, 0], "the order is untouched");
}

#[test]
fn the_sharded_cache_survives_a_panicking_clear() {
    // Room for all 8 keys in either shard: the keys spread over the shards by a randomly
    // seeded hash, and a shard that had to evict could drop the bomb during the inserts.
    let cache = ShardedLruCache::new(cap(16), cap(2));
    for k in 0..8u32 {
        cache.insert(k, Bomb { armed: k == 3 });
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| cache.clear()));
    assert!(outcome.is_err());
    // parking_lot's mutexes do not poison: the next call takes the same shard lock.
    for k in 0..8 {
        assert!(
            cache.get(&k).is_none() || k != 3,
            "key 3 was dropped by clear"
        );
    }
    cache.insert(20, Bomb { armed: false });
    assert!(cache.get(&20).is_some());
}
