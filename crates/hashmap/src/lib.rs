#![doc = include_str!("../README.md")]

pub mod chaining;
pub mod conformance;
pub mod demo;
pub mod hashers;
mod map;
mod raw;

pub use map::{
    Entry, HashMap, IntoIter, Iter, IterMut, Keys, MAX_LOAD_FACTOR, OccupiedEntry, ProbeStats,
    VacantEntry, Values, ValuesMut,
};

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};

use chaining::ChainedHashMap;

/// The contract of a hash map, as the conformance suite sees it.
///
/// [`HashMap`] implements it by delegating to its inherent methods (callers need no
/// trait import), and so do the exercise's map, the [`ChainedHashMap`] and
/// `std::collections::HashMap`, the two oracles the suite compares against. Maps are
/// built with their hasher type's `Default`, so the suite can run one map type with
/// a strong hasher and with deliberately weak ones.
pub trait Map<K: Hash + Eq, V> {
    /// An empty map with room for `capacity` entries before it grows.
    fn with_capacity(capacity: usize) -> Self
    where
        Self: Sized;

    /// Stores `value` under `key`; returns the key's previous value.
    fn insert(&mut self, key: K, value: V) -> Option<V>;

    /// The value stored under `key`.
    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// A mutable reference to the value stored under `key`.
    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// Whether the map holds `key`.
    fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Removes `key`; returns its value.
    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// The number of entries.
    fn len(&self) -> usize;

    /// Whether the map holds no entries.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many entries fit before the table grows.
    fn capacity(&self) -> usize;

    /// Removes every entry.
    fn clear(&mut self);

    /// Every entry once, in any order.
    fn entries(&self) -> Vec<(&K, &V)>;
}

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

/// std's map, the suite's first oracle.
impl<K: Hash + Eq, V, S: BuildHasher + Default> Map<K, V> for std::collections::HashMap<K, V, S> {
    fn with_capacity(capacity: usize) -> Self {
        std::collections::HashMap::with_capacity_and_hasher(capacity, S::default())
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        std::collections::HashMap::insert(self, key, value)
    }

    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        std::collections::HashMap::get(self, key)
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        std::collections::HashMap::get_mut(self, key)
    }

    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        std::collections::HashMap::remove(self, key)
    }

    fn len(&self) -> usize {
        std::collections::HashMap::len(self)
    }

    fn capacity(&self) -> usize {
        std::collections::HashMap::capacity(self)
    }

    fn clear(&mut self) {
        std::collections::HashMap::clear(self)
    }

    fn entries(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
}

/// This concept as the `lab` CLI lists it.
pub fn topic() -> evidence::Topic {
    evidence::Topic {
        id: "hashmap",
        questions: &[1],
        title: "Hashmap: what it is and when to use one",
        answer: include_str!("../README.md"),
        demo: evidence::Demo {
            run: demo::run,
            default_size: 1_000_000,
            small_size: 100_000,
            size_means: "entries in the largest table",
        },
        exercise_dir: "exercises/hashmap",
        cases: conformance::CASES,
        bench: "hashmap",
    }
}
