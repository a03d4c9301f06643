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

use std::borrow::Borrow;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};
use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::LruCache;

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
pub struct ShardedLruCache<K, V, S = RandomState> {
    /// Each shard caches the keys whose hash selects it (see `shard_index`).
    shards: Box<[Shard<K, V, S>]>,
    /// Hashes keys to pick their shard; each shard has its own clone for its table.
    hash_builder: S,
    /// How long an entry stays fresh after it is inserted; `None` means forever.
    ttl: Option<Duration>,
    capacity: NonZeroUsize,
}

/// One shard: an LRU cache of timestamped values behind its own lock.
type Shard<K, V, S> = Mutex<LruCache<K, Entry<V>, S>>;

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
        Self::with_hasher(capacity, shards, RandomState::new())
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
        ShardedLruCache {
            shards,
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
        let mut shard = self.shard(key).lock();
        let entry = shard.get(key)?;
        if entry.is_fresh(Instant::now()) {
            return Some(entry.value.clone());
        }
        shard.remove(key);
        None
    }

    /// Stores `value` under `key` and returns the previous value if it was still fresh.
    pub fn insert(&self, key: K, value: V) -> Option<V> {
        let now = Instant::now();
        let expires_at = self.ttl.map(|ttl| now + ttl);
        let mut shard = self.shard(&key).lock();
        shard
            .put(key, Entry { value, expires_at })
            .filter(|old| old.is_fresh(now))
            .map(|old| old.value)
    }

    /// The cached value for `key`, or else `load()`'s result, which is cached and
    /// returned: the cache-aside pattern in one call.
    ///
    /// `load` runs *without* holding the shard's lock, so a slow load never blocks other
    /// keys. The price: two threads that miss the same key at once both load it (a
    /// small stampede). A service whose loads are expensive puts a single-flight table in
    /// front (one load per key, the others wait for its result).
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
        if let Some(value) = self.get(&key) {
            return value;
        }
        let value = load();
        self.insert(key, value.clone());
        value
    }

    /// Removes `key`'s entry and returns its value if it was still fresh.
    pub fn remove<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let now = Instant::now();
        self.shard(key)
            .lock()
            .remove(key)
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

    fn shard<Q: Hash + ?Sized>(&self, key: &Q) -> &Shard<K, V, S> {
        let hash = self.hash_builder.hash_one(key);
        // Inside a shard, hashbrown picks the bucket from the hash's low bits and a tag
        // from its top 7 bits. Choosing the shard from the middle bits keeps the two
        // independent: every shard's table still sees well-spread low bits.
        let index = ((hash >> 32) as usize) % self.shards.len();
        &self.shards[index]
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
