//! The obvious LRU: a vector ordered from most to least recently used.
//!
//! Every operation scans the vector, so `get` and `put` are O(n). That is the first answer
//! most people give, and it is correct, which makes it the oracle the conformance suite
//! checks every real implementation against; the demo also times it to show what O(n)
//! costs as the capacity grows.

use std::borrow::Borrow;
use std::hash::Hash;
use std::num::NonZeroUsize;

use crate::Cache;

/// An LRU cache as a `Vec` of entries, most recently used first. O(n) per operation.
///
/// # Example
///
/// ```
/// use std::num::NonZeroUsize;
/// use lru_cache_contract::{naive::NaiveLru, Cache};
///
/// let mut cache = NaiveLru::with_capacity(NonZeroUsize::new(2).unwrap());
/// cache.put(1, 'a');
/// cache.put(2, 'b');
/// cache.get(&1);
/// cache.put(3, 'c'); // evicts 2
/// assert_eq!(cache.keys_in_order(), [&3, &1]);
/// ```
#[derive(Debug, Clone)]
pub struct NaiveLru<K, V> {
    /// Most recently used first; never longer than `capacity`.
    entries: Vec<(K, V)>,
    capacity: NonZeroUsize,
}

impl<K, V> NaiveLru<K, V> {
    fn position<Q>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.entries.iter().position(|(k, _)| k.borrow() == key)
    }

    /// Moves entry `i` to the front and returns the front entry.
    fn promote(&mut self, i: usize) -> &mut (K, V) {
        self.entries[..=i].rotate_right(1);
        &mut self.entries[0]
    }
}

impl<K: Hash + Eq, V> Cache<K, V> for NaiveLru<K, V> {
    fn with_capacity(capacity: NonZeroUsize) -> Self {
        NaiveLru {
            entries: Vec::new(),
            capacity,
        }
    }

    fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let i = self.position(key)?;
        Some(&self.promote(i).1)
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let i = self.position(key)?;
        Some(&mut self.promote(i).1)
    }

    fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.position(key).map(|i| &self.entries[i].1)
    }

    fn put(&mut self, key: K, value: V) -> Option<V> {
        if let Some(i) = self.position(&key) {
            return Some(std::mem::replace(&mut self.promote(i).1, value));
        }
        if self.entries.len() == self.capacity.get() {
            self.entries.pop();
        }
        self.entries.insert(0, (key, value));
        None
    }

    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let i = self.position(key)?;
        Some(self.entries.remove(i).1)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn capacity(&self) -> NonZeroUsize {
        self.capacity
    }

    fn keys_in_order(&self) -> Vec<&K> {
        self.entries.iter().map(|(k, _)| k).collect()
    }
}
