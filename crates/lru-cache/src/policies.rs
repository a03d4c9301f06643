//! Two other eviction policies, for the demo to compare LRU with.
//!
//! - [`FifoCache`] evicts the entry inserted longest ago, however often it is read. It
//!   needs no bookkeeping on reads, which is why some caches that are read from many
//!   threads at once prefer it (a read takes no write lock).
//! - [`RandomCache`] evicts an entry chosen at random: no bookkeeping at all, and no
//!   pathological access pattern (a scan slightly larger than the cache makes LRU and
//!   FIFO miss every time; random eviction keeps some hits).
//!
//! Both keep a clone of each key for their bookkeeping, which is fine for a demo over
//! `u64` keys. Their tests are here; the conformance suite pins down LRU only.

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::num::NonZeroUsize;

use rand::RngExt;

use crate::Cache;
use evidence::workload::{WorkloadRng, rng};

/// First in, first out: evicts the oldest insertion; reads change nothing.
#[derive(Debug, Clone)]
pub struct FifoCache<K, V> {
    map: HashMap<K, V>,
    /// Keys in insertion order, oldest first; holds exactly the keys of `map`.
    order: VecDeque<K>,
    capacity: NonZeroUsize,
}

impl<K: Hash + Eq + Clone, V> Cache<K, V> for FifoCache<K, V> {
    fn with_capacity(capacity: NonZeroUsize) -> Self {
        FifoCache {
            map: HashMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get(key)
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get_mut(key)
    }

    fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get(key)
    }

    fn put(&mut self, key: K, value: V) -> Option<V> {
        if let Some(slot) = self.map.get_mut(&key) {
            return Some(std::mem::replace(slot, value));
        }
        if self.map.len() == self.capacity.get() {
            let oldest = self
                .order
                .pop_front()
                .expect("a full cache has an oldest key");
            self.map.remove(&oldest);
        }
        self.order.push_back(key.clone());
        self.map.insert(key, value);
        None
    }

    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let value = self.map.remove(key)?;
        // O(n), but the demo never removes; a production FIFO would use a linked slab.
        let i = self.order.iter().position(|k| k.borrow() == key)?;
        self.order.remove(i);
        Some(value)
    }

    fn len(&self) -> usize {
        self.map.len()
    }

    fn capacity(&self) -> NonZeroUsize {
        self.capacity
    }

    fn keys_in_order(&self) -> Vec<&K> {
        self.order.iter().rev().collect()
    }
}

/// Random eviction: when full, a uniformly chosen entry makes room.
#[derive(Debug, Clone)]
pub struct RandomCache<K, V> {
    entries: Vec<(K, V)>,
    /// Index of each key in `entries`.
    index: HashMap<K, usize>,
    capacity: NonZeroUsize,
    rng: WorkloadRng,
}

impl<K: Hash + Eq + Clone, V> RandomCache<K, V> {
    /// An empty cache whose evictions are drawn from `seed`: same seed, same victims.
    pub fn with_seed(capacity: NonZeroUsize, seed: u64) -> Self {
        RandomCache {
            entries: Vec::new(),
            index: HashMap::new(),
            capacity,
            rng: rng(seed),
        }
    }

    fn remove_at(&mut self, i: usize) -> (K, V) {
        let (key, value) = self.entries.swap_remove(i);
        self.index.remove(&key);
        if let Some((moved, _)) = self.entries.get(i) {
            *self.index.get_mut(moved).expect("every entry is indexed") = i;
        }
        (key, value)
    }
}

impl<K: Hash + Eq + Clone, V> Cache<K, V> for RandomCache<K, V> {
    fn with_capacity(capacity: NonZeroUsize) -> Self {
        Self::with_seed(capacity, 0)
    }

    fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.peek(key)
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let &i = self.index.get(key)?;
        Some(&mut self.entries[i].1)
    }

    fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.index.get(key).map(|&i| &self.entries[i].1)
    }

    fn put(&mut self, key: K, value: V) -> Option<V> {
        if let Some(&i) = self.index.get(&key) {
            return Some(std::mem::replace(&mut self.entries[i].1, value));
        }
        if self.entries.len() == self.capacity.get() {
            let victim = self.rng.random_range(0..self.entries.len());
            self.remove_at(victim);
        }
        self.index.insert(key.clone(), self.entries.len());
        self.entries.push((key, value));
        None
    }

    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let &i = self.index.get(key)?;
        Some(self.remove_at(i).1)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(n: usize) -> NonZeroUsize {
        NonZeroUsize::new(n).unwrap()
    }

    #[test]
    fn fifo_evicts_the_oldest_insertion_even_if_it_was_just_read() {
        let mut cache = FifoCache::with_capacity(cap(2));
        cache.put(1, "a");
        cache.put(2, "b");
        assert_eq!(cache.get(&1), Some(&"a"));
        cache.put(3, "c");
        assert_eq!(cache.peek(&1), None, "FIFO ignores reads");
        assert_eq!(cache.keys_in_order(), [&3, &2]);
    }

    #[test]
    fn fifo_overwrite_keeps_the_insertion_slot() {
        let mut cache = FifoCache::with_capacity(cap(2));
        cache.put(1, "a");
        cache.put(2, "b");
        assert_eq!(cache.put(1, "z"), Some("a"));
        cache.put(3, "c");
        assert_eq!(cache.peek(&1), None);
        assert_eq!(cache.remove(&2), Some("b"));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn random_eviction_stays_within_capacity_and_keeps_its_index_consistent() {
        let mut cache = RandomCache::with_seed(cap(8), 5);
        for k in 0..1_000u32 {
            assert_eq!(cache.put(k, k * 2), None);
            assert_eq!(
                cache.len(),
                (k as usize + 1).min(8),
                "fills up to its capacity of 8, then evicts one per new key"
            );
            for &key in cache.keys_in_order() {
                assert_eq!(cache.peek(&key), Some(&(key * 2)));
            }
        }
        let survivor = *cache.keys_in_order()[0];
        assert_eq!(cache.remove(&survivor), Some(survivor * 2));
        assert_eq!(cache.len(), 7);
    }
}
