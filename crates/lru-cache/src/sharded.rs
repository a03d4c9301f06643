//! A concurrent LRU cache for read-heavy services: N independent shards, each an
//! [`LruCache`] behind its own [`parking_lot::Mutex`], with optional TTL expiry.
//!
//! Why shards: an LRU `get` *writes* (it moves the entry to the front), so even a
//! read-only workload needs exclusive access. One lock around one cache makes every
//! thread queue on it; with N shards chosen by the key's hash, two threads collide
//! only when their keys fall in the same shard.
//!
//! The trade-off: recency is tracked per shard, so the cache evicts the least recently
//! used entry *of the shard* that needs room, an approximation of global LRU that is
//! close when keys spread evenly. Production caches go further (Caffeine and moka
//! buffer reads and replay them to the policy in batches, and use TinyLFU admission);
//! sharding is the simple version that captures most of the win.
//!
//! [`get_or_insert_with`](ShardedLruCache::get_or_insert_with) is single-flight: when
//! many threads miss the same key at once, one loads it and the others wait for its
//! result, so a hot key that expires costs the backing store one read, not one per
//! waiting request (the "thundering herd" or "cache stampede").

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::{DefaultHasher, LruCache};

/// A thread-safe LRU cache split into shards; share it with `Arc` or by reference.
///
/// Values are returned by clone, since no reference may outlive the shard's lock; store
/// `Arc<T>` for large values.
///
/// # Example
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::time::Duration;
/// use lru_cache::ShardedLruCache;
///
/// let cache = ShardedLruCache::new(NonZeroUsize::new(10_000).unwrap(), NonZeroUsize::new(16).unwrap())
///     .with_ttl(Duration::from_secs(60));
/// std::thread::scope(|s| {
///     for t in 0..4u64 {
///         let cache = &cache;
///         s.spawn(move || {
///             cache.insert(t, t * 10);
///             assert_eq!(cache.get(&t), Some(t * 10));
///         });
///     }
/// });
/// assert_eq!(cache.len(), 4);
/// ```
pub struct ShardedLruCache<K, V, S = DefaultHasher> {
    /// Each shard caches the keys whose hash selects it (see `shard_of`).
    shards: Box<[Shard<K, V, S>]>,
    /// For each shard, the loads in flight: a key is here from the moment one caller
    /// starts loading it until its value is cached (or the load failed). A few entries
    /// at most (one per loading thread), so a vector scanned by key is enough, and it
    /// needs no `K: Clone`.
    flights: Box<[Flights<K, V>]>,
    /// Hashes keys to pick their shard; each shard has its own clone for its table.
    hash_builder: S,
    /// How long an entry stays fresh after it is inserted; `None` means forever.
    ttl: Option<Duration>,
    capacity: NonZeroUsize,
}

/// One shard: an LRU cache of timestamped values behind its own lock.
type Shard<K, V, S> = Mutex<LruCache<K, Entry<V>, S>>;

/// A shard's loads in flight: each key being loaded, and the flight its waiters wait on.
type Flights<K, V> = Mutex<Vec<(K, Arc<Flight<V>>)>>;

/// One load in flight, which the callers that missed the same key wait on.
struct Flight<V> {
    outcome: Mutex<Outcome<V>>,
    landed: Condvar,
}

enum Outcome<V> {
    Loading,
    Loaded(V),
    /// The loader panicked: a waiter loads the key itself.
    Failed,
}

impl<V: Clone> Flight<V> {
    fn new() -> Self {
        Flight {
            outcome: Mutex::new(Outcome::Loading),
            landed: Condvar::new(),
        }
    }

    /// Blocks until the load lands: its value, or `None` if it failed.
    fn wait(&self) -> Option<V> {
        let mut outcome = self.outcome.lock();
        loop {
            match &*outcome {
                Outcome::Loading => self.landed.wait(&mut outcome),
                Outcome::Loaded(value) => return Some(value.clone()),
                Outcome::Failed => return None,
            }
        }
    }

    fn land(&self, outcome: Outcome<V>) {
        *self.outcome.lock() = outcome;
        self.landed.notify_all();
    }
}

#[derive(Clone)]
struct Entry<V> {
    value: V,
    /// When the entry goes stale; `None` without a TTL.
    expires_at: Option<Instant>,
}

impl<V> Entry<V> {
    fn is_fresh(&self, now: Instant) -> bool {
        self.expires_at.is_none_or(|at| now < at)
    }
}

impl<K: Hash + Eq, V: Clone> ShardedLruCache<K, V> {
    /// A cache of about `capacity` entries split into `shards` shards.
    ///
    /// Each shard holds `capacity / shards` entries, rounded up, so the total capacity is
    /// at least `capacity` and [`capacity`](Self::capacity) reports the exact figure.
    /// A power of two of shards, a few times the number of threads, is a good start.
    pub fn new(capacity: NonZeroUsize, shards: NonZeroUsize) -> Self {
        Self::with_hasher(capacity, shards, DefaultHasher::default())
    }
}

impl<K: Hash + Eq, V: Clone, S: BuildHasher + Clone> ShardedLruCache<K, V, S> {
    /// Like [`new`](Self::new), hashing with `hash_builder`.
    pub fn with_hasher(capacity: NonZeroUsize, shards: NonZeroUsize, hash_builder: S) -> Self {
        let per_shard = NonZeroUsize::new(capacity.get().div_ceil(shards.get()))
            .expect("a non-zero capacity split in non-zero shards is non-zero");
        let shards: Box<[_]> = (0..shards.get())
            .map(|_| Mutex::new(LruCache::with_hasher(per_shard, hash_builder.clone())))
            .collect();
        let capacity = NonZeroUsize::new(per_shard.get() * shards.len())
            .expect("a product of non-zero numbers is non-zero");
        let flights = shards.iter().map(|_| Mutex::new(Vec::new())).collect();
        ShardedLruCache {
            shards,
            flights,
            hash_builder,
            ttl: None,
            capacity,
        }
    }

    /// Entries inserted from now on expire `ttl` after insertion: a `get` after that
    /// misses (and drops the stale entry).
    ///
    /// A TTL bounds how stale a cached value can be when the source of truth changes
    /// and nobody invalidates the cache.
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = Some(ttl);
        self
    }

    /// A clone of the value for `key` if it is cached and fresh; marks it most recently
    /// used in its shard.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_hashed(self.hash_builder.hash_one(key), key)
    }

    /// [`get`](Self::get) with `key`'s hash already computed by this cache's hasher.
    fn get_hashed<Q>(&self, hash: u64, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mut shard = self.shards[self.shard_of(hash)].lock();
        let entry = shard.get_hashed(hash, key)?;
        if entry.is_fresh(Instant::now()) {
            return Some(entry.value.clone());
        }
        shard.remove_hashed(hash, key);
        None
    }

    /// Stores `value` under `key` and returns the previous value if it was still fresh.
    pub fn insert(&self, key: K, value: V) -> Option<V> {
        self.insert_hashed(self.hash_builder.hash_one(&key), key, value)
    }

    /// [`insert`](Self::insert) with `key`'s hash already computed by this cache's hasher.
    fn insert_hashed(&self, hash: u64, key: K, value: V) -> Option<V> {
        let now = Instant::now();
        let expires_at = self.ttl.map(|ttl| now + ttl);
        let mut shard = self.shards[self.shard_of(hash)].lock();
        match shard.push_hashed(hash, key, Entry { value, expires_at }) {
            Some((_, old, crate::Displaced::Replaced)) if old.is_fresh(now) => Some(old.value),
            _ => None,
        }
    }

    /// The cached value for `key`, or else `load()`'s result, which is cached and
    /// returned: the cache-aside pattern in one call, single-flight.
    ///
    /// When several threads miss the same key at once, the first runs `load` and the
    /// others wait for its result instead of loading too, so the backing store sees one
    /// read per key however many requests miss it together. `load` runs without holding
    /// the shard's lock, so a slow load never blocks other keys. If `load` panics, the
    /// panic reaches its caller, and one of the waiting callers loads the key instead.
    ///
    /// # Example
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use lru_cache::ShardedLruCache;
    ///
    /// let cache = ShardedLruCache::new(NonZeroUsize::new(100).unwrap(), NonZeroUsize::new(4).unwrap());
    /// let mut loads = 0;
    /// for _ in 0..3 {
    ///     let v = cache.get_or_insert_with("user:7", || { loads += 1; "Ada".to_string() });
    ///     assert_eq!(v, "Ada");
    /// }
    /// assert_eq!(loads, 1, "only the first request reached the backing store");
    /// ```
    pub fn get_or_insert_with(&self, key: K, load: impl FnOnce() -> V) -> V {
        // One hash picks the shard, the flight list and the bucket, for every lookup below.
        let hash = self.hash_builder.hash_one(&key);
        let index = self.shard_of(hash);
        // Owned until this caller registers a flight, which takes the key.
        let mut key = Some(key);
        loop {
            let wanted = key.as_ref().expect("held until the flight takes it");
            if let Some(value) = self.get_hashed(hash, wanted) {
                return value;
            }
            let flight = {
                let mut flights = self.flights[index].lock();
                match flights.iter().find(|(k, _)| k == wanted) {
                    Some((_, flight)) => Some(Arc::clone(flight)),
                    None => {
                        // Checked again under the flights lock: a loader caches its value
                        // before it retires its flight, so a value that landed since the
                        // check above is in the cache now.
                        if let Some(value) = self.get_hashed(hash, wanted) {
                            return value;
                        }
                        let key = key.take().expect("held until the flight takes it");
                        flights.push((key, Arc::new(Flight::new())));
                        None
                    }
                }
            };
            match flight {
                // Another caller is loading this key: take its value, or, if its load
                // failed, go round again (and perhaps become the loader).
                Some(flight) => {
                    if let Some(value) = flight.wait() {
                        return value;
                    }
                }
                None => return self.load_in_flight(hash, load),
            }
        }
    }

    /// Runs `load` for the flight this caller just registered in the flight list of
    /// `hash`'s shard (the last one pushed, with its key), caches the value, then lands
    /// the flight.
    fn load_in_flight(&self, hash: u64, load: impl FnOnce() -> V) -> V {
        let index = self.shard_of(hash);
        let flight = Arc::clone(&self.flights[index].lock().last().expect("just pushed").1);
        /// Retires the flight if `load` panics: its waiters are woken to load themselves.
        struct Failed<'a, K, V> {
            flights: &'a Flights<K, V>,
            flight: &'a Arc<Flight<V>>,
            armed: bool,
        }
        impl<K, V> Drop for Failed<'_, K, V> {
            fn drop(&mut self) {
                if self.armed {
                    self.flights
                        .lock()
                        .retain(|(_, f)| !Arc::ptr_eq(f, self.flight));
                    *self.flight.outcome.lock() = Outcome::Failed;
                    self.flight.landed.notify_all();
                }
            }
        }
        let mut guard = Failed {
            flights: &self.flights[index],
            flight: &flight,
            armed: true,
        };
        let value = load();
        guard.armed = false;
        let key = {
            let mut flights = self.flights[index].lock();
            let at = flights
                .iter()
                .position(|(_, f)| Arc::ptr_eq(f, &flight))
                .expect("only its loader retires a flight");
            flights.swap_remove(at).0
        };
        // Cache first, then land: a caller that finds no flight finds the value.
        self.insert_hashed(hash, key, value.clone());
        flight.land(Outcome::Loaded(value.clone()));
        value
    }

    /// Removes `key`'s entry and returns its value if it was still fresh.
    pub fn remove<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let now = Instant::now();
        let hash = self.hash_builder.hash_one(key);
        self.shards[self.shard_of(hash)]
            .lock()
            .remove_hashed(hash, key)
            .map(|(_, old)| old)
            .filter(|old| old.is_fresh(now))
            .map(|old| old.value)
    }

    /// The number of entries, stale ones not yet dropped included. Shards are counted
    /// one at a time, so under concurrent writes this is a snapshot, not an instant.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.lock().len()).sum()
    }

    /// Whether every shard is empty.
    pub fn is_empty(&self) -> bool {
        self.shards.iter().all(|s| s.lock().is_empty())
    }

    /// The most entries the cache holds: the per-shard capacity times the shard count.
    pub fn capacity(&self) -> NonZeroUsize {
        self.capacity
    }

    /// The number of shards.
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// Removes every entry.
    pub fn clear(&self) {
        for shard in self.shards.iter() {
            shard.lock().clear();
        }
    }

    /// The shard for a key's hash. Each key is hashed once: the same hash picks the shard
    /// here and the bucket inside the shard's table (every shard's cache hashes with a
    /// clone of this cache's hasher, so its hashes agree).
    fn shard_of(&self, hash: u64) -> usize {
        // Inside a shard, hashbrown picks the bucket from the hash's low bits and a tag
        // from its top 7 bits. Choosing the shard from the middle bits keeps the two
        // independent: every shard's table still sees well-spread low bits.
        ((hash >> 32) as usize) % self.shards.len()
    }
}

impl<K, V, S> std::fmt::Debug for ShardedLruCache<K, V, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShardedLruCache")
            .field("shards", &self.shards.len())
            .field("capacity", &self.capacity)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_stale_from_its_expiry_instant_on() {
        let at = Instant::now();
        let entry = Entry {
            value: (),
            expires_at: Some(at),
        };
        assert!(entry.is_fresh(at - Duration::from_nanos(1)));
        assert!(
            !entry.is_fresh(at),
            "at the expiry instant the entry is stale"
        );
        assert!(!entry.is_fresh(at + Duration::from_nanos(1)));
        let forever = Entry {
            value: (),
            expires_at: None,
        };
        assert!(
            forever.is_fresh(at + Duration::from_secs(3_600)),
            "no TTL, never stale"
        );
    }
}
