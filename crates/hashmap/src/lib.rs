#![doc = include_str!("../README.md")]

pub mod chaining;
pub mod demo;
mod map;
mod raw;

pub use map::{
    Entry, HashMap, IntoIter, Iter, IterMut, Keys, MAX_LOAD_FACTOR, OccupiedEntry, ProbeStats,
    VacantEntry, Values, ValuesMut,
};

/// The contract this crate implements: the [`Map`] trait and the weak [`hashers`] the
/// conformance cases and the demo use. std's map, the cases' oracle, implements [`Map`]
/// there too.
pub use hashmap_contract::{Map, hashers};

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};

use chaining::ChainedHashMap;

impl<K: Hash + Eq, V, S: BuildHasher + Default> Map<K, V> for HashMap<K, V, S> {
    fn with_capacity(capacity: usize) -> Self {
        HashMap::with_capacity_and_hasher(capacity, S::default())
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        HashMap::insert(self, key, value)
    }

    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        HashMap::get(self, key)
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        HashMap::get_mut(self, key)
    }

    fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        HashMap::contains_key(self, key)
    }

    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        HashMap::remove(self, key)
    }

    fn len(&self) -> usize {
        HashMap::len(self)
    }

    fn capacity(&self) -> usize {
        HashMap::capacity(self)
    }

    fn clear(&mut self) {
        HashMap::clear(self)
    }

    fn entries(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> Map<K, V> for ChainedHashMap<K, V, S> {
    fn with_capacity(capacity: usize) -> Self {
        ChainedHashMap::with_capacity_and_hasher(capacity, S::default())
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        ChainedHashMap::insert(self, key, value)
    }

    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        ChainedHashMap::get(self, key)
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        ChainedHashMap::get_mut(self, key)
    }

    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        ChainedHashMap::remove(self, key)
    }

    fn len(&self) -> usize {
        ChainedHashMap::len(self)
    }

    fn capacity(&self) -> usize {
        ChainedHashMap::capacity(self)
    }

    fn clear(&mut self) {
        ChainedHashMap::clear(self)
    }

    fn entries(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
}
