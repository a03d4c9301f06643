//! User code that panics (a value's `Drop`, a key's `Hash`) leaves the map consistent:
//! every later operation sees a well-formed table. The table keeps entries in
//! uninitialised buckets behind control bytes, so a control byte that says "full" over a
//! dropped entry would be a double drop; these tests run under Miri (`.ci/miri`) too.

use std::panic::{AssertUnwindSafe, catch_unwind};

use hashmap::HashMap;

/// A value whose drop panics when armed.
#[derive(Debug)]
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

/// A map of `n` entries whose value under `armed` panics when dropped.
fn map_with_a_bomb(n: u64, armed: u64) -> HashMap<u64, Bomb> {
    (0..n).map(|k| (k, Bomb { armed: k == armed })).collect()
}

/// The map is empty or holds distinct keys that are all reachable, and it keeps working.
fn still_consistent(map: &mut HashMap<u64, Bomb>) {
    let keys: Vec<u64> = map.keys().copied().collect();
    assert_eq!(keys.len(), map.len(), "iteration agrees with len");
    let mut distinct = keys.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        keys.len(),
        "iteration lists a key twice: {keys:?}"
    );
    for k in &keys {
        assert!(map.contains_key(k), "key {k} is listed but unreachable");
    }
    for k in 1_000..1_200 {
        map.insert(k, Bomb { armed: false });
    }
    assert_eq!(map.len(), keys.len() + 200);
    for k in 1_000..1_100 {
        assert!(map.remove(&k).is_some());
    }
    map.clear();
    assert!(map.is_empty() && map.get(&1_150).is_none());
}

#[test]
fn clear_leaves_an_empty_map_when_a_drop_panics() {
    for armed in [0, 17, 63] {
        let mut map = map_with_a_bomb(64, armed);
        let outcome = catch_unwind(AssertUnwindSafe(|| map.clear()));
        assert!(outcome.is_err(), "the value's Drop panicked");
        assert_eq!(
            map.len(),
            0,
            "clear emptied the map before the panic left it"
        );
        assert_eq!(map.iter().count(), 0);
        still_consistent(&mut map);
    }
}

#[test]
fn retain_and_remove_stay_consistent_when_a_drop_panics() {
    let mut map = map_with_a_bomb(64, 5);
    let outcome = catch_unwind(AssertUnwindSafe(|| map.retain(|k, _| k % 2 == 0)));
    assert!(outcome.is_err(), "dropping key 5's value panicked");
    // Which odd keys retain reached before the panic depends on the bucket order; the
    // even ones it keeps either way, and key 5 it had removed before dropping its value.
    for k in (0..64).step_by(2) {
        assert!(map.contains_key(&k), "retain keeps the even key {k}");
    }
    assert!(
        !map.contains_key(&5),
        "key 5 was removed before its value was dropped"
    );
    still_consistent(&mut map);

    let mut map = map_with_a_bomb(8, 3);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        map.remove(&3);
    }));
    assert!(outcome.is_err());
    assert_eq!(
        map.len(),
        7,
        "the entry was removed before its value was dropped"
    );
    let mut left: Vec<u64> = map.keys().copied().collect();
    left.sort_unstable();
    assert_eq!(left, [0, 1, 2, 4, 5, 6, 7], "every key but 3 is left");
    still_consistent(&mut map);
}

#[test]
fn a_hash_that_panics_while_the_table_grows_leaves_a_working_map() {
    use std::cell::Cell;
    use std::hash::{Hash, Hasher};

    thread_local!(static FUSE: Cell<u32> = const { Cell::new(u32::MAX) });
    /// A key whose `Hash` panics after a set number of calls.
    #[derive(Debug, PartialEq, Eq)]
    struct Touchy(u64);
    impl Hash for Touchy {
        fn hash<H: Hasher>(&self, state: &mut H) {
            FUSE.with(|f| {
                assert!(f.get() != 0, "a key's Hash panicked");
                f.set(f.get().saturating_sub(1));
            });
            self.0.hash(state);
        }
    }
    let mut map: HashMap<Touchy, u64> = HashMap::new();
    for k in 0..14 {
        map.insert(Touchy(k), k);
    }
    // The next insert grows the table and rehashes every key: panic half way through.
    FUSE.with(|f| f.set(8));
    let outcome = catch_unwind(AssertUnwindSafe(|| map.insert(Touchy(99), 99)));
    FUSE.with(|f| f.set(u32::MAX));
    assert!(outcome.is_err());
    let listed: Vec<u64> = map.keys().map(|k| k.0).collect();
    assert_eq!(listed.len(), map.len(), "iteration agrees with len");
    // The entries the rebuild had not moved yet may be lost; the rest are the keys put in,
    // each once.
    let mut distinct = listed.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        listed.len(),
        "iteration lists a key twice: {listed:?}"
    );
    assert!(
        listed.iter().all(|k| *k < 14),
        "only keys 0 to 13 were inserted: {listed:?}"
    );
    for k in &listed {
        assert_eq!(map.get(&Touchy(*k)), Some(k), "key {k} is reachable");
    }
    for k in 100..200 {
        map.insert(Touchy(k), k);
    }
    assert_eq!(map.len(), listed.len() + 100);
}
