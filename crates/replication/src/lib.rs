#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod clock;
pub mod crdt;
pub mod demo;
pub mod kv;
pub mod merkle;
pub mod sim;
pub mod tcp;

pub use clock::{Causality, VectorClock};
pub use crdt::{GCounter, LwwRegister, MvRegister, OrSet, PnCounter};

use replication_contract::{GrowOnlyCounter, ObservedRemoveSet, UpDownCounter};

// The contract's traits, implemented by delegating to the inherent methods (so callers
// need no trait import); the conformance cases run through them.

impl GrowOnlyCounter for GCounter {
    fn new(replica: u32) -> Self {
        GCounter::new(replica)
    }
    fn increment(&mut self, by: u64) {
        GCounter::increment(self, by);
    }
    fn value(&self) -> u64 {
        GCounter::value(self)
    }
    fn merge(&mut self, other: &Self) {
        GCounter::merge(self, other);
    }
}

impl UpDownCounter for PnCounter {
    fn new(replica: u32) -> Self {
        PnCounter::new(replica)
    }
    fn increment(&mut self, by: u64) {
        PnCounter::increment(self, by);
    }
    fn decrement(&mut self, by: u64) {
        PnCounter::decrement(self, by);
    }
    fn value(&self) -> i64 {
        PnCounter::value(self)
    }
    fn merge(&mut self, other: &Self) {
        PnCounter::merge(self, other);
    }
}

impl<T: Ord + Clone + std::fmt::Debug> ObservedRemoveSet<T> for OrSet<T> {
    fn new(replica: u32) -> Self {
        OrSet::new(replica)
    }
    fn insert(&mut self, value: T) {
        OrSet::insert(self, value);
    }
    fn remove(&mut self, value: &T) {
        OrSet::remove(self, value);
    }
    fn contains(&self, value: &T) -> bool {
        OrSet::contains(self, value)
    }
    fn elements(&self) -> Vec<T> {
        OrSet::elements(self)
    }
    fn merge(&mut self, other: &Self) {
        OrSet::merge(self, other);
    }
}
