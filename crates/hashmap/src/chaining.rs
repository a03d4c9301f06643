//! The first answer: separate chaining.
//!
//! An array of buckets, each a small `Vec` of the entries whose hash picks that bucket.
//! It is the textbook picture and easy to get right: a complete second solution, which
//! passes the same conformance cases as [`HashMap`](crate::HashMap), the differential
//! test against `std::collections::HashMap` included (`tests/chaining.rs`). It is
//! slower than open addressing because every lookup follows a pointer from the bucket
//! array to the bucket's own allocation, and each non-empty bucket costs an allocation
//! of its own.
//!
//! ```
//! use hashmap::chaining::ChainedHashMap;
//!
//! let mut map = ChainedHashMap::new();
//! map.insert("k", 1);
//! assert_eq!(map.get("k"), Some(&1));
//! assert_eq!(map.remove("k"), Some(1));
//! assert!(map.is_empty());
//! ```

use std::borrow::Borrow;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::mem;

/// The table doubles once the entries outnumber the buckets (load factor 1).
const MAX_LOAD: usize = 1;
const MIN_BUCKETS: usize = 8;

/// A hash map with separate chaining: `Vec` buckets, doubling at load factor 1.
#[derive(Clone)]
pub struct ChainedHashMap<K, V, S = RandomState> {
    buckets: Vec<Vec<(K, V)>>,
    len: usize,
    hash_builder: S,
}

impl<K, V> ChainedHashMap<K, V, RandomState> {
    /// An empty map with std's keyed SipHash; allocates on the first insert.
    pub fn new() -> Self {
        Self::with_hasher(RandomState::new())
    }
}

impl<K, V, S> ChainedHashMap<K, V, S> {
    /// An empty map hashing with `hash_builder`.
    pub fn with_hasher(hash_builder: S) -> Self {
        Self::with_capacity_and_hasher(0, hash_builder)
    }

    /// An empty map with a bucket per entry for `capacity` entries.
    pub fn with_capacity_and_hasher(capacity: usize, hash_builder: S) -> Self {
        let buckets = if capacity == 0 {
            0
        } else {
            capacity
                .div_ceil(MAX_LOAD)
                .next_power_of_two()
                .max(MIN_BUCKETS)
        };
        ChainedHashMap {
            buckets: (0..buckets).map(|_| Vec::new()).collect(),
            len: 0,
            hash_builder,
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the map holds no entries.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many entries fit before the table doubles: one per bucket.
    pub fn capacity(&self) -> usize {
        self.buckets.len() * MAX_LOAD
    }

    /// Removes every entry, keeping the bucket array.
    pub fn clear(&mut self) {
        self.buckets.iter_mut().for_each(Vec::clear);
        self.len = 0;
    }

    /// The entries, bucket by bucket.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.buckets.iter().flatten().map(|(k, v)| (k, v))
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> ChainedHashMap<K, V, S> {
    fn bucket_of<Q: Hash + ?Sized>(&self, key: &Q) -> usize {
        // The bucket count is a power of two; keep the hash's top bits, mixed, so a
        // weak hasher's low bits alone do not decide the bucket.
        let hash = self.hash_builder.hash_one(key);
        let bits = self.buckets.len().trailing_zeros();
        (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// Inserts `value` under `key`; returns the previous value.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        if self.len >= self.capacity() {
            self.grow();
        }
        let b = self.bucket_of(&key);
        let chain = &mut self.buckets[b];
        if let Some((_, v)) = chain.iter_mut().find(|(k, _)| *k == key) {
            return Some(mem::replace(v, value));
        }
        chain.push((key, value));
        self.len += 1;
        None
    }

    fn grow(&mut self) {
        let buckets = (self.buckets.len() * 2).max(MIN_BUCKETS);
        let old = mem::replace(
            &mut self.buckets,
            (0..buckets).map(|_| Vec::new()).collect(),
        );
        for (k, v) in old.into_iter().flatten() {
            let b = self.bucket_of(&k);
            self.buckets[b].push((k, v));
        }
    }

    fn chain<Q>(&self, key: &Q) -> Option<&Vec<(K, V)>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.len == 0 {
            return None;
        }
        Some(&self.buckets[self.bucket_of(key)])
    }

    /// The value stored under `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let chain = self.chain(key)?;
        chain
            .iter()
            .find(|(k, _)| k.borrow() == key)
            .map(|(_, v)| v)
    }

    /// A mutable reference to the value stored under `key`.
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.len == 0 {
            return None;
        }
        let b = self.bucket_of(key);
        let chain = &mut self.buckets[b];
        chain
            .iter_mut()
            .find(|(k, _)| k.borrow() == key)
            .map(|(_, v)| v)
    }

    /// Whether the map holds `key`.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Removes `key` and returns its value; the chain's last entry fills the gap.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.len == 0 {
            return None;
        }
        let b = self.bucket_of(key);
        let chain = &mut self.buckets[b];
        let at = chain.iter().position(|(k, _)| k.borrow() == key)?;
        self.len -= 1;
        Some(chain.swap_remove(at).1)
    }
}

impl<K, V, S: Default> Default for ChainedHashMap<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for ChainedHashMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}
