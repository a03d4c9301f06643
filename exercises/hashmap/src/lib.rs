//! # Exercise: a hash map with open addressing
//!
//! Question 1 asks what a hashmap is and when you would use one. The best way to answer
//! "collisions, load factor, resizing, deletion" with confidence is to have built one.
//!
//! Build `HashMap<K, V, S>` by implementing the contract's `Map` trait below: all
//! entries live in one `Vec` of slots; a key's hash picks its *home* slot; when that
//! slot is taken, the key goes to the next free slot to the right, wrapping around at
//! the end (linear probing). Lookups walk the same way from the home slot. Every
//! operation must be O(1) on average.
//!
//! The tests are the same conformance cases the reference passes, including random
//! operation sequences compared against `std::collections::HashMap`, with a strong
//! hasher and with deliberately weak ones. Run them with `cargo lab check hashmap`;
//! stuck, run `cargo lab hint hashmap`.
//!
//! A plan that works (the hints expand on it):
//! - `slots: Vec<Option<(K, V)>>` (given), its length a power of two, and `len`;
//! - a helper `home(&self, key)`: hash with `self.hasher.hash_one(key)`, then pick a
//!   slot using *all* the bits of the hash (one weak-hashing case uses keys that differ
//!   only in their high bits);
//! - grow (double and re-insert everything) before more than 7/8 of the slots are full;
//! - deletion must not break the probe sequences of other keys, and must not leave
//!   garbage that makes the table grow (`churn_does_not_grow_the_table`).
//!
//! Each `// TODO:` marks a place to edit.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables, dead_code)]

use std::borrow::Borrow;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};

pub use hashmap_contract::Map;

/// A hash map with open addressing (linear probing).
pub struct HashMap<K, V, S = RandomState> {
    /// The table: empty (nothing allocated yet) or a power-of-two number of slots.
    slots: Vec<Option<(K, V)>>,
    /// The number of full slots.
    len: usize,
    hasher: S,
    // TODO: add anything else your design needs.
}

// Helpers of your own (`home`, `find`, `grow`, ...) go in an inherent
// `impl<K: Hash + Eq, V, S: BuildHasher> HashMap<K, V, S> { ... }` block; the trait's
// methods below call them.

impl<K: Hash + Eq, V, S: BuildHasher + Default> Map<K, V> for HashMap<K, V, S> {
    /// An empty map with room for `capacity` entries before it grows, hashing with a
    /// new `S::default()` (the cases pick the hasher through the type).
    fn with_capacity(capacity: usize) -> Self {
        // TODO: allocate enough slots that `capacity` entries stay at or below the
        // maximum load factor (no slots at all for capacity 0 is fine).
        HashMap {
            slots: Vec::new(),
            len: 0,
            hasher: S::default(),
        }
    }

    /// Stores `value` under `key`; returns the key's previous value.
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        // TODO: grow first if one more entry would pass the load factor; then probe from
        // the home slot: replace the value if the key is there, else fill a free slot.
        todo!("insert the key, or replace its value")
    }

    /// The value stored under `key`.
    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // TODO: probe from the home slot until the key or an empty slot.
        todo!("find the key's slot")
    }

    /// A mutable reference to the value stored under `key`.
    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // TODO: like `get`; a helper `find(&self, key) -> Option<usize>` serves both
        // (`contains_key` has a default in the trait that calls `get`).
        todo!("find the key's slot, mutably")
    }

    /// Removes `key`; returns its value.
    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // TODO: empty the slot without cutting other keys' probe sequences (hint 4).
        todo!("remove the key and repair the probe sequences behind it")
    }

    /// The number of entries.
    fn len(&self) -> usize {
        // TODO: count the entries (`is_empty` has a default in the trait).
        todo!("count the entries")
    }

    /// How many entries fit before the table grows.
    fn capacity(&self) -> usize {
        // TODO: slots × the maximum load factor.
        todo!("entries that fit before growing")
    }

    /// Removes every entry (keeping the slots allocated is fine).
    fn clear(&mut self) {
        // TODO: empty every slot.
        todo!("empty every slot")
    }

    /// Every entry once, in slot order.
    fn entries(&self) -> Vec<(&K, &V)> {
        // TODO: walk the slots, skipping empty ones.
        todo!("list every entry")
    }
}
