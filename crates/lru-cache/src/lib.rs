#![doc = include_str!("../README.md")]

mod cache;
pub mod demo;
pub mod policies;
pub mod sharded;
pub mod workload;

pub use cache::{DefaultHasher, Displaced, Iter, LruCache, MAX_CAPACITY};
pub use sharded::ShardedLruCache;

/// The contract this crate implements: the [`Cache`] trait, and [`naive::NaiveLru`], the
/// O(n) oracle the conformance cases and the demo compare against.
pub use lru_cache_contract::{Cache, naive};

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};
use std::num::NonZeroUsize;

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
