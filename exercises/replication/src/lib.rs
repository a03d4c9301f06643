//! # Exercise: three CRDTs
//!
//! Question 16 asks when eventual consistency is acceptable. Part of the answer is
//! "when the data merges by itself": a CRDT (conflict-free replicated data type) is a
//! type whose replicas each take updates locally, exchange their whole states, and
//! `merge` them so that every replica that has seen the same updates reads the same
//! value, whatever order the states arrived in and however often.
//!
//! For that, `merge` must be a *join*: commutative (a ⊔ b = b ⊔ a), associative
//! ((a ⊔ b) ⊔ c = a ⊔ (b ⊔ c)) and idempotent (a ⊔ a = a). Build three:
//!
//! - `GCounter`: a counter that only grows. Keep one count per replica id; a replica
//!   only ever raises its own; merge takes, for each replica, the larger count.
//! - `PnCounter`: a counter that also goes down: two `GCounter`s.
//! - `OrSet<T>`: an add-wins observed-remove set. Each insert gets a unique tag, a
//!   *dot* `(replica, n)`: the replica's n-th insert. A remove drops the dots the
//!   replica has seen for that element. The set also remembers every dot it has seen
//!   (for each replica, the highest n), so a merge can tell "the other side removed
//!   this dot" (it has seen the dot but no longer holds it) from "the other side never
//!   heard of it" (a new insert, which must survive).
//!
//! The tests are the same conformance cases the reference passes: the counters' basics
//! and laws, the set's inserts and removes, add-wins and re-insert after remove, the
//! lattice laws as property tests, convergence when every state is delivered twice in
//! a shuffled order, and model tests against a replica that keeps the whole history.
//! Run them with `cargo lab check replication`; stuck, run `cargo lab hint replication`.
//!
//! Replica ids are distinct: two replicas never share one. Each `// TODO:` marks a
//! place to edit.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables, dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

pub use replication_contract::{GrowOnlyCounter, ObservedRemoveSet, UpDownCounter};

/// A grow-only counter.
#[derive(Debug, Clone)]
pub struct GCounter {
    /// This replica's id: the only entry of `counts` it raises itself.
    replica: u32,
    /// For each replica id, the sum of that replica's increments, as far as this
    /// replica has heard.
    counts: BTreeMap<u32, u64>,
}

impl GrowOnlyCounter for GCounter {
    fn new(replica: u32) -> Self {
        GCounter {
            replica,
            counts: BTreeMap::new(),
        }
    }

    /// Adds `by` to this replica's own entry.
    fn increment(&mut self, by: u64) {
        // TODO: raise `counts[replica]` by `by` (the entry may not exist yet).
        todo!("add `by` to this replica's count")
    }

    /// The sum of every replica's count.
    fn value(&self) -> u64 {
        // TODO: sum the counts.
        todo!("sum the counts of all replicas")
    }

    /// For each replica, keep the larger of the two counts. Why the larger, and never
    /// the sum or the latest? A count only grows, so the larger one has seen every
    /// increment the smaller one has; summing would count them twice.
    fn merge(&mut self, other: &Self) {
        // TODO: for every (replica, count) of `other`, raise ours to at least `count`.
        todo!("take each replica's maximum")
    }
}

/// A counter that goes up and down.
#[derive(Debug, Clone)]
pub struct PnCounter {
    /// Increments.
    up: GCounter,
    /// Decrements (as positive amounts).
    down: GCounter,
}

impl UpDownCounter for PnCounter {
    fn new(replica: u32) -> Self {
        PnCounter {
            up: GrowOnlyCounter::new(replica),
            down: GrowOnlyCounter::new(replica),
        }
    }

    fn increment(&mut self, by: u64) {
        // TODO: count it in `up`.
        todo!("increment the `up` counter")
    }

    fn decrement(&mut self, by: u64) {
        // TODO: count it in `down`.
        todo!("increment the `down` counter")
    }

    /// Increments minus decrements.
    fn value(&self) -> i64 {
        // TODO: `up`'s value minus `down`'s, as i64.
        todo!("up minus down")
    }

    fn merge(&mut self, other: &Self) {
        // TODO: merge both halves.
        todo!("merge `up` with `up`, `down` with `down`")
    }
}

/// An add-wins observed-remove set.
#[derive(Debug, Clone)]
pub struct OrSet<T> {
    /// This replica's id: the replica part of the dots it makes.
    replica: u32,
    /// Every dot this replica has seen, made here or merged in: for each replica id,
    /// the highest n of its dots. The dot `(r, n)` has been seen when
    /// `n <= seen[r]`.
    seen: BTreeMap<u32, u64>,
    /// Each present element with its live dots (never an empty set).
    entries: BTreeMap<T, BTreeSet<(u32, u64)>>,
}

impl<T: Ord + Clone + Debug> ObservedRemoveSet<T> for OrSet<T> {
    fn new(replica: u32) -> Self {
        OrSet {
            replica,
            seen: BTreeMap::new(),
            entries: BTreeMap::new(),
        }
    }

    /// Makes a new dot (this replica's next n, recorded in `seen`) and gives the
    /// element that dot alone: this replica has seen the element's older dots, so the
    /// new one stands for them.
    fn insert(&mut self, value: T) {
        // TODO: n = seen[replica] + 1; store it in `seen`; entries[value] = {(replica, n)}.
        todo!("tag the insert with a new dot")
    }

    /// Drops the element and its dots; `seen` keeps them, which is what makes the
    /// remove travel in a merge.
    fn remove(&mut self, value: &T) {
        // TODO: remove the element from `entries`.
        todo!("forget the element's dots")
    }

    fn contains(&self, value: &T) -> bool {
        // TODO
        todo!("is the element present?")
    }

    fn elements(&self) -> Vec<T> {
        // TODO: the keys of `entries`, in order.
        todo!("the elements, sorted")
    }

    /// For every element either side holds, keep a dot if both sides hold it, or if
    /// one side holds it and the other side has not seen it. (A dot one side holds and
    /// the other has seen but dropped was removed.) Drop elements left with no dot;
    /// then merge `seen` as a G-counter merges its counts.
    fn merge(&mut self, other: &Self) {
        // TODO: the rule above, then raise `seen` to the larger entries.
        todo!("keep the dots the other side did not remove")
    }
}
