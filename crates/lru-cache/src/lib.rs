#![doc = include_str!("../README.md")]

mod cache;
pub mod conformance;
pub mod demo;
pub mod naive;
pub mod policies;
pub mod sharded;
pub mod workload;

pub use cache::{Displaced, Iter, LruCache, MAX_CAPACITY};
pub use sharded::ShardedLruCache;

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};
use std::num::NonZeroUsize;

/// The contract of a bounded key-value cache, as the conformance suite and the demo
/// see it.
///
/// [`LruCache`] implements it by delegating to its inherent methods (so callers need no
/// trait import), and so do the exercise's cache, the naive model in [`naive`] and the
/// other eviction policies in [`policies`]. What each method promises about *which*
/// entry is evicted is the policy's business; the conformance suite pins down LRU's.
pub trait Cache<K: Hash + Eq, V> {
    /// An empty cache holding at most `capacity` entries.
    fn with_capacity(capacity: NonZeroUsize) -> Self
    where
        Self: Sized;

    /// The value for `key`; counts as a use of the entry.
    fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// A mutable reference to the value for `key`; counts as a use of the entry.
    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// The value for `key` without counting as a use.
    fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// Stores `value` under `key` and returns the key's previous value; evicts an entry
    /// first when the key is new and the cache is full.
    fn put(&mut self, key: K, value: V) -> Option<V>;

    /// Removes `key`'s entry and returns its value.
    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// The number of entries.
    fn len(&self) -> usize;

    /// Whether the cache holds no entries.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most entries the cache holds.
    fn capacity(&self) -> NonZeroUsize;

    /// The keys in the policy's order; for LRU, from the most to the least recently used.
    fn keys_in_order(&self) -> Vec<&K>;
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> Cache<K, V> for LruCache<K, V, S> {
    fn with_capacity(capacity: NonZeroUsize) -> Self {
        LruCache::with_hasher(capacity, S::default())
    }

    fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        LruCache::get(self, key)
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        LruCache::get_mut(self, key)
    }

    fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        LruCache::peek(self, key)
    }

    fn put(&mut self, key: K, value: V) -> Option<V> {
        LruCache::put(self, key, value)
    }

    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        LruCache::remove(self, key)
    }

    fn len(&self) -> usize {
        LruCache::len(self)
    }

    fn capacity(&self) -> NonZeroUsize {
        LruCache::capacity(self)
    }

    fn keys_in_order(&self) -> Vec<&K> {
        self.iter().map(|(k, _)| k).collect()
    }
}

/// This concept as the `lab` CLI lists it.
pub fn topic() -> evidence::Topic {
    evidence::Topic {
        id: "lru-cache",
        questions: &[11],
        title: "LRU cache: a cache strategy for a read-heavy API",
        answer: include_str!("../README.md"),
        demo: evidence::Demo {
            run: demo::run,
            default_size: 1_000_000,
            small_size: 100_000,
            size_means: "requests in the Zipf workload",
        },
        exercise_dir: "exercises/lru-cache",
        cases: conformance::CASES,
        bench: "lru_cache",
    }
}
