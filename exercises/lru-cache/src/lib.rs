//! # Exercise: an LRU cache with O(1) `get` and `put`
//!
//! Question 11 asks how to design a cache strategy for a read-heavy API. Whatever sits
//! in front of the database, something must decide which entries to keep when memory
//! runs out. Least-recently-used (LRU) eviction keeps what was used recently and drops
//! what nobody asked for in the longest time.
//!
//! Build `LruCache<K, V>` by implementing the contract's `Cache` trait below: the cache
//! holds at most `capacity` entries; `get`, `get_mut` and `put` count as a use; when a
//! `put` of a new key finds the cache full, the least recently used entry is evicted.
//! Every operation must be O(1) on average: no scanning of all entries.
//!
//! The tests are the same conformance cases the reference passes. Run them with
//! `cargo lab check lru-cache`; stuck, run `cargo lab hint lru-cache`.
//!
//! A plan that works (hints 1 to 4 expand on it):
//! - a `HashMap` from key to the entry's position, for O(1) lookup;
//! - the entries in a `Vec`, linked into a doubly linked list by index (`prev`, `next`),
//!   most recent at the head and least recent at the tail;
//! - `get`: look up, unlink, relink at the head; `put` when full: reuse the tail's slot.
//!
//! Each `// TODO:` marks a place to edit. `K: Clone` is allowed here, so the map and the
//! list may each hold a copy of the key; the reference shows how to avoid that.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables)]

use std::borrow::Borrow;
use std::hash::Hash;
use std::marker::PhantomData;
use std::num::NonZeroUsize;

pub use lru_cache_contract::Cache;

/// A least-recently-used cache holding at most `capacity` entries.
pub struct LruCache<K, V> {
    capacity: NonZeroUsize,
    // TODO: replace this marker with the fields your design needs, e.g. a
    // `HashMap<K, usize>` of positions and a `Vec` of nodes with `prev`/`next` links.
    _entries: PhantomData<(K, V)>,
}

impl<K: Hash + Eq + Clone, V> Cache<K, V> for LruCache<K, V> {
    /// An empty cache that holds at most `capacity` entries.
    fn with_capacity(capacity: NonZeroUsize) -> Self {
        // TODO: initialise your fields too.
        LruCache {
            capacity,
            _entries: PhantomData,
        }
    }

    /// The value for `key`, marking the entry most recently used.
    fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // TODO: find the entry, move it to the front of the recency list, return its value.
        todo!("look up the key and mark its entry most recently used")
    }

    /// A mutable reference to the value for `key`, marking the entry most recently used.
    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // TODO: like `get`, but hand out `&mut V`.
        todo!("like get, returning a mutable reference")
    }

    /// The value for `key` without changing its recency.
    fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // TODO: find the entry without touching the recency list.
        todo!("look up the key without promoting it")
    }

    /// Stores `value` under `key` as the most recently used entry and returns the key's
    /// previous value. When the key is new and the cache is full, evicts the least
    /// recently used entry first.
    fn put(&mut self, key: K, value: V) -> Option<V> {
        // TODO: three cases: the key exists (replace, promote, return the old value);
        // there is room (add a node at the front); the cache is full (evict the tail).
        todo!("insert or update the entry, evicting the least recently used when full")
    }

    /// Removes `key`'s entry and returns its value.
    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // TODO: unlink the node and free its slot. Removing from the middle of a `Vec`
        // shifts everything after it; `swap_remove` is O(1) but moves the last node,
        // whose map entry and neighbours' links must then be fixed.
        todo!("remove the entry and keep the list linked")
    }

    /// The number of entries.
    fn len(&self) -> usize {
        // TODO: count the entries.
        todo!("return the number of entries")
    }

    /// The most entries the cache holds.
    fn capacity(&self) -> NonZeroUsize {
        self.capacity
    }

    /// The keys from the most to the least recently used, without promoting any.
    fn keys_in_order(&self) -> Vec<&K> {
        // TODO: walk the list from the head along the `next` links.
        todo!("list the keys from the most to the least recently used")
    }
}
