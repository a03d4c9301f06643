#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod balance;
pub mod cost;
pub mod demo;
mod jump;
mod maglev;
mod rendezvous;
mod ring;

use std::hash::{BuildHasher, Hash};

pub use jump::jump_hash;
pub use maglev::{DEFAULT_TABLE_SIZE, Maglev, NotPrime};
pub use rendezvous::Rendezvous;
pub use ring::HashRing;

/// The contract this crate implements: the [`Placement`] trait, and the stable XXH64
/// [`hash`] every structure here hashes with (the conformance cases and the exercise
/// need it too). [`naive::NaiveRing`] is the ring placement computed the slow way, the
/// oracle the ring is checked against.
pub use consistent_hashing_contract::{Placement, hash, naive};

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
