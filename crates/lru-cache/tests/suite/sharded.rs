//! `ShardedLruCache` under concurrency: a stress test with conservation invariants and a
//! watchdog, plus TTL and capacity behaviour.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use lru_cache::ShardedLruCache;
use rand::{RngExt, SeedableRng};

fn nz(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

/// Runs `work` on `threads` threads and fails (instead of hanging) if they have not all
/// finished within `limit`. A deadlock therefore fails this test in bounded time.
fn with_watchdog(threads: usize, limit: Duration, work: impl Fn(usize) + Send + Sync + 'static) {
    testkit::watchdog::within(limit, "the sharded cache's workers", move || {
        thread::scope(|s| {
            for t in 0..threads {
                let work = &work;
                s.spawn(move || work(t));
            }
        });
    });
}

#[test]
fn concurrent_readers_and_writers_see_only_values_that_were_written() {
    const THREADS: usize = 4;
    const OPS: usize = 40_000;
    const KEYS_PER_THREAD: u64 = 300;
    const CAPACITY: usize = 512;
    let cache = Arc::new(ShardedLruCache::new(nz(CAPACITY), nz(8)));
    // Each thread's last value of each of its keys (`None`: removed), for the final check.
    let finals = Arc::new(Mutex::new(vec![Vec::new(); THREADS]));
    let shared = Arc::clone(&cache);
    let reported = Arc::clone(&finals);
    with_watchdog(THREADS, Duration::from_secs(60), move |t| {
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(t as u64);
        let base = t as u64 * 1_000_000;
        // Each thread owns its keys, so it knows the latest value of each: a read must
        // return exactly that value, or miss because the entry was evicted.
        let mut latest = vec![None; KEYS_PER_THREAD as usize];
        for step in 0..OPS as u64 {
            let k = rng.random_range(0..KEYS_PER_THREAD);
            match rng.random_range(0..10) {
                0..=2 => {
                    let value = base + step;
                    shared.insert(base + k, value);
                    latest[k as usize] = Some(value);
                }
                3 => {
                    shared.remove(&(base + k));
                    latest[k as usize] = None;
                }
                _ => {
                    if let Some(v) = shared.get(&(base + k)) {
                        assert_eq!(
                            Some(v),
                            latest[k as usize],
                            "thread {t} key {k}: stale or foreign value"
                        );
                    }
                }
            }
            // Another thread's keys: any value seen must be one that thread could write.
            let other = ((t + 1) % THREADS) as u64 * 1_000_000 + k;
            if let Some(v) = shared.get(&other) {
                assert!(
                    v / 1_000_000 == other / 1_000_000,
                    "value {v} under key {other}"
                );
            }
        }
        reported.lock().expect("no thread panicked holding it")[t] = latest;
    });
    // A cache that kept nothing would pass every read above, so check what it kept: each
    // entry is the last value its thread wrote (no removed key came back), and the entries
    // fill most of its 512 slots. Inserts outnumber removes three to one and the threads
    // write 1,200 keys, so every shard stays full or nearly so.
    let finals = finals.lock().expect("no thread panicked holding it");
    let mut kept = 0;
    for (t, latest) in finals.iter().enumerate() {
        for (k, &expected) in latest.iter().enumerate() {
            let key = t as u64 * 1_000_000 + k as u64;
            if let Some(v) = cache.get(&key) {
                assert_eq!(Some(v), expected, "thread {t} key {k} after the run");
                kept += 1;
            }
        }
    }
    assert_eq!(
        kept,
        cache.len(),
        "every entry is the latest value of a key the threads wrote"
    );
    assert!(
        kept > CAPACITY / 2 && kept <= CAPACITY,
        "{kept} entries in a cache of {CAPACITY}, after 1,200 keys were written into it"
    );
}

#[test]
fn get_or_insert_with_loads_each_key_once_when_it_fits() {
    let cache = ShardedLruCache::new(nz(1_000), nz(8));
    let loads = AtomicU64::new(0);
    // Every thread asks for the same keys in the same order, and each load takes a
    // moment, so threads routinely miss the same key at the same time: a stampede.
    testkit::watchdog::within(Duration::from_secs(60), "the stampede", move || {
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for k in 0..200u32 {
                        let v = cache.get_or_insert_with(k, || {
                            loads.fetch_add(1, Ordering::Relaxed);
                            thread::sleep(Duration::from_micros(200));
                            k * 2
                        });
                        assert_eq!(v, k * 2);
                    }
                });
            }
        });
        assert_eq!(
            loads.load(Ordering::Relaxed),
            200,
            "single flight: each of the 200 keys is loaded once, however many threads miss it \
             together"
        );
        assert_eq!(cache.len(), 200);
    });
}

#[test]
fn a_load_that_panics_lets_a_waiting_caller_load_instead() {
    let cache: ShardedLruCache<u32, u32> = ShardedLruCache::new(nz(100), nz(2));
    let started = std::sync::Barrier::new(2);
    testkit::watchdog::within(Duration::from_secs(30), "the failed flight", move || {
        thread::scope(|s| {
            let failing = s.spawn(|| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    cache.get_or_insert_with(7, || {
                        started.wait();
                        thread::sleep(Duration::from_millis(50));
                        panic!("the backing store failed")
                    })
                }))
            });
            started.wait();
            // This caller misses while the first load is in flight and waits for it; the
            // load fails, so this caller loads the key itself.
            assert_eq!(cache.get_or_insert_with(7, || 49), 49);
            assert!(failing.join().unwrap().is_err(), "the first load panicked");
        });
        assert_eq!(cache.get(&7), Some(49));
    });
}

#[test]
fn capacity_is_split_evenly_and_rounded_up() {
    let cache: ShardedLruCache<u32, u32> = ShardedLruCache::new(nz(10), nz(4));
    assert_eq!(cache.shard_count(), 4);
    assert_eq!(cache.capacity().get(), 12, "3 per shard");
    for k in 0..1_000 {
        cache.insert(k, k);
    }
    // 1,000 keys spread over 4 shards fill every one (a shard that got fewer than 3 of
    // them is a chance of about 1 in 10^120), and none holds more than its 3.
    assert_eq!(cache.len(), 12, "each of the 4 shards full at 3");
    cache.clear();
    assert!(cache.is_empty());
}

#[test]
fn an_expired_entry_is_a_miss() {
    let cache = ShardedLruCache::new(nz(10), nz(2)).with_ttl(Duration::ZERO);
    cache.insert("k", 1);
    assert_eq!(cache.get("k"), None, "a zero TTL expires at once");
    assert_eq!(cache.len(), 0, "the stale entry was dropped on read");
    assert_eq!(
        cache.insert("k", 2),
        None,
        "a stale previous value is not returned"
    );
}

#[test]
fn a_stale_value_is_not_returned_by_the_insert_that_replaces_it() {
    // No read in between: the second insert finds the first entry still stored, but
    // past its (zero) time to live, so it reports no previous value.
    let cache = ShardedLruCache::new(nz(10), nz(2)).with_ttl(Duration::ZERO);
    assert_eq!(cache.insert("k", 1), None);
    assert_eq!(cache.insert("k", 2), None, "the stale 1 is not handed back");
    assert_eq!(cache.len(), 1, "the key is stored once, with its new value");
}

#[test]
fn is_empty_follows_the_entries() {
    let cache = ShardedLruCache::new(nz(10), nz(2));
    assert!(cache.is_empty());
    cache.insert(1, 1);
    assert!(!cache.is_empty(), "one entry in one of the shards");
    cache.remove(&1);
    assert!(cache.is_empty());
}

#[test]
fn a_fresh_entry_is_a_hit() {
    let cache = ShardedLruCache::new(nz(10), nz(2)).with_ttl(Duration::from_secs(3_600));
    assert_eq!(cache.insert("k", 1), None);
    assert_eq!(cache.get("k"), Some(1));
    assert_eq!(cache.insert("k", 2), Some(1));
    assert_eq!(cache.remove("k"), Some(2));
}

#[test]
fn each_operation_hashes_its_key_once() {
    use testkit::counted::{Counted, count};
    let cache = ShardedLruCache::new(nz(64), nz(8));
    let (_, put) = count(|| cache.insert(Counted::new(7u64), 1));
    let (hit, get) = count(|| cache.get(&Counted::new(7u64)));
    let (_, miss) = count(|| cache.get(&Counted::new(8u64)));
    let (_, removal) = count(|| cache.remove(&Counted::new(7u64)));
    let (loaded, load) = count(|| cache.get_or_insert_with(Counted::new(9u64), || 2));
    let (cached, cached_load) = count(|| cache.get_or_insert_with(Counted::new(9u64), || 3));
    assert_eq!(hit, Some(1));
    assert_eq!(
        (loaded, cached),
        (2, 2),
        "the second call finds the loaded value"
    );
    assert_eq!(
        [
            put.hashes,
            get.hashes,
            miss.hashes,
            removal.hashes,
            load.hashes,
            cached_load.hashes
        ],
        [1, 1, 1, 1, 1, 1],
        "one hash picks the shard, the flight list and the bucket: insert, hit, miss, \
         remove, a load, a cached get_or_insert_with"
    );
}

#[test]
fn debug_shows_the_shape_not_the_entries() {
    let cache = ShardedLruCache::new(nz(10), nz(4)).with_ttl(Duration::from_secs(5));
    cache.insert("secret", 1);
    let shown = format!("{cache:?}");
    assert_eq!(
        shown, "ShardedLruCache { shards: 4, capacity: 12, ttl: Some(5s), .. }",
        "10 entries over 4 shards round up to 3 each"
    );
}
