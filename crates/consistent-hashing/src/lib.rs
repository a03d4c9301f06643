#![doc = include_str!("../README.md")]

pub mod balance;
pub mod conformance;
pub mod demo;
pub mod hash;
mod jump;
mod maglev;
mod rendezvous;
mod ring;

use std::hash::{BuildHasher, Hash};

pub use jump::jump_hash;
pub use maglev::{DEFAULT_TABLE_SIZE, Maglev, NotPrime};
pub use rendezvous::Rendezvous;
pub use ring::HashRing;

/// What the conformance suite asks of a consistent placement of keys on nodes: a ring,
/// rendezvous hashing, or the learner's exercise. Implemented by [`HashRing`] and
/// [`Rendezvous`].
pub trait Placement<N>: Sized {
    /// An empty placement; a ring gives each node `vnodes_per_node` points (placements
    /// without virtual nodes ignore it).
    fn new(vnodes_per_node: usize) -> Self;

    /// Adds `node`; adding a node already present changes nothing.
    fn add(&mut self, node: N);

    /// Removes `node`; `false` if it was not present.
    fn remove(&mut self, node: &N) -> bool;

    /// The node that owns `key`, or `None` with no nodes.
    fn get<K: Hash + ?Sized>(&self, key: &K) -> Option<&N>;

    /// Up to `n` distinct nodes for `key`, its owner first.
    fn get_n<K: Hash + ?Sized>(&self, key: &K, n: usize) -> Vec<&N>;
}

impl<N: Hash + Eq, S: BuildHasher + Default> Placement<N> for HashRing<N, S> {
    fn new(vnodes_per_node: usize) -> Self {
        HashRing::with_hasher(vnodes_per_node, S::default())
    }

    fn add(&mut self, node: N) {
        HashRing::add(self, node);
    }

    fn remove(&mut self, node: &N) -> bool {
        HashRing::remove(self, node)
    }

    fn get<K: Hash + ?Sized>(&self, key: &K) -> Option<&N> {
        HashRing::get(self, key)
    }

    fn get_n<K: Hash + ?Sized>(&self, key: &K, n: usize) -> Vec<&N> {
        HashRing::get_n(self, key, n)
    }
}

impl<N: Hash + Eq, S: BuildHasher + Default> Placement<N> for Rendezvous<N, S> {
    fn new(_vnodes_per_node: usize) -> Self {
        Rendezvous::with_hasher(S::default())
    }

    fn add(&mut self, node: N) {
        Rendezvous::add(self, node);
    }

    fn remove(&mut self, node: &N) -> bool {
        Rendezvous::remove(self, node)
    }

    fn get<K: Hash + ?Sized>(&self, key: &K) -> Option<&N> {
        Rendezvous::get(self, key)
    }

    fn get_n<K: Hash + ?Sized>(&self, key: &K, n: usize) -> Vec<&N> {
        Rendezvous::get_n(self, key, n)
    }
}

/// This concept as the `lab` CLI lists it: questions 12 and 13.
pub fn topic() -> evidence::Topic {
    evidence::Topic {
        id: "consistent-hashing",
        questions: &[12, 13],
        title: "Consistent hashing and load balancing",
        answer: include_str!("../README.md"),
        demo: evidence::Demo {
            run: demo::run,
            default_size: 1_000_000,
            small_size: 100_000,
            size_means: "keys placed (and requests simulated, a fifth as many)",
        },
        exercise_dir: "exercises/consistent-hashing",
        cases: conformance::CASES,
        bench: "consistent_hashing",
    }
}
