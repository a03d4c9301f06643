//! # Exercise: jump hash and a hash ring
//!
//! Question 13 asks what consistent hashing is and why you would use it. Build the two
//! answers interviewers most want to hear about:
//!
//! 1. `jump_hash(key, buckets)`: Lamping and Veach's jump consistent hash, bit-exact
//!    with the published algorithm (the cases check values from other
//!    implementations).
//! 2. `HashRing<N>`, by implementing the contract's `Placement` trait below: a ring
//!    with virtual nodes. Each node is hashed to `vnodes_per_node` points on a circle
//!    of 2^64 positions; a key belongs to the first point at or after its own hash,
//!    wrapping around at the end.
//!
//! Use `hash_of` (given) for every hash: it is stable across runs and machines, so
//! two rings built from the same nodes agree.
//!
//! The tests are the conformance cases the reference passes, including property tests
//! that adding a node moves keys only onto it and removing one moves only its keys.
//! Run them with `cargo lab check consistent-hashing`; stuck, run
//! `cargo lab hint consistent-hashing`.
//!
//! Each `// TODO:` marks a place to edit.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables, dead_code)]

use std::hash::Hash;

pub use consistent_hashing_contract::Placement;

/// The stable hash to use for keys and for virtual-node points (XXH64).
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    consistent_hashing_contract::hash::stable_hash(value)
}

/// The bucket in `0..buckets` for `key`: jump consistent hash.
///
/// # Panics
///
/// If `buckets` is 0.
pub fn jump_hash(key: u64, buckets: u32) -> u32 {
    // TODO: the loop from the paper: a 64-bit LCG stepping the key, and jumps forward
    // through the bucket numbers until one lands past the last bucket.
    todo!("jump_hash")
}

/// A consistent-hash ring with virtual nodes.
#[derive(Debug, Clone)]
pub struct HashRing<N> {
    vnodes_per_node: usize,
    /// Every virtual node's point and its node, sorted by point.
    points: Vec<(u64, N)>,
}

impl<N: Hash + Eq + Clone> Placement<N> for HashRing<N> {
    /// An empty ring; each node added gets `vnodes_per_node` points.
    fn new(vnodes_per_node: usize) -> Self {
        HashRing {
            vnodes_per_node,
            points: Vec::new(),
        }
    }

    /// Adds `node`'s points; adding a node already on the ring changes nothing.
    fn add(&mut self, node: N) {
        // TODO: one point per virtual node, e.g. `hash_of(&(&node, replica))`, kept
        // sorted.
        todo!("add")
    }

    /// Removes `node`'s points; `false` if it was not on the ring.
    fn remove(&mut self, node: &N) -> bool {
        // TODO: drop every point of `node`, and say whether there were any.
        todo!("remove")
    }

    /// The node owning `key`: the first point at or after `hash_of(key)`, wrapping
    /// around; `None` on an empty ring.
    fn get<K: Hash + ?Sized>(&self, key: &K) -> Option<&N> {
        // TODO: a binary search over the sorted points, then wrap past the end.
        todo!("get")
    }

    /// Up to `n` distinct nodes for `key`: its owner, then the next distinct nodes
    /// clockwise.
    fn get_n<K: Hash + ?Sized>(&self, key: &K, n: usize) -> Vec<&N> {
        // TODO: start where `get` lands and walk clockwise, skipping nodes already
        // chosen.
        todo!("get_n")
    }
}
