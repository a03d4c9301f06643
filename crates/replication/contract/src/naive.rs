//! The naive oracle: replicas that keep the whole history.
//!
//! Each update is an event with a unique tag `(replica, n)`; a replica's state is the
//! set of every event it has heard of, and `merge` is set union. Union is commutative,
//! associative and idempotent by definition, so these types converge for the plainest
//! reason there is, and the cases compare the real CRDTs with them.

use std::collections::BTreeSet;

use crate::{GrowOnlyCounter, ObservedRemoveSet, UpDownCounter};

/// A counter whose state is every increment and decrement event it has heard of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryCounter {
    replica: u32,
    /// Events this replica made so far (the next event is number `made + 1`).
    made: u64,
    /// `(replica, n, amount, is_decrement)`.
    events: BTreeSet<(u32, u64, u64, bool)>,
}

impl HistoryCounter {
    fn event(&mut self, by: u64, down: bool) {
        self.made += 1;
        self.events.insert((self.replica, self.made, by, down));
    }

    /// The number of events held: the oracle's state grows with the history.
    pub fn events(&self) -> usize {
        self.events.len()
    }
}

impl GrowOnlyCounter for HistoryCounter {
    fn new(replica: u32) -> Self {
        HistoryCounter {
            replica,
            made: 0,
            events: BTreeSet::new(),
        }
    }
    fn increment(&mut self, by: u64) {
        self.event(by, false);
    }
    fn value(&self) -> u64 {
        self.events.iter().filter(|e| !e.3).map(|e| e.2).sum()
    }
    fn merge(&mut self, other: &Self) {
        self.events.extend(other.events.iter().copied());
    }
}

impl UpDownCounter for HistoryCounter {
    fn new(replica: u32) -> Self {
        <Self as GrowOnlyCounter>::new(replica)
    }
    fn increment(&mut self, by: u64) {
        self.event(by, false);
    }
    fn decrement(&mut self, by: u64) {
        self.event(by, true);
    }
    fn value(&self) -> i64 {
        self.events
            .iter()
            .map(|&(_, _, by, down)| if down { -(by as i64) } else { by as i64 })
            .sum()
    }
    fn merge(&mut self, other: &Self) {
        self.events.extend(other.events.iter().copied());
    }
}

/// An OR-set whose state is every insert event, tagged, and every tag a remove
/// observed (tombstones, never collected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistorySet<T> {
    replica: u32,
    made: u64,
    /// `(element, replica, n)`: each insert with its unique tag.
    inserts: BTreeSet<(T, u32, u64)>,
    /// Tags of inserts that a remove observed.
    removed: BTreeSet<(u32, u64)>,
}

impl<T: Ord + Clone + std::fmt::Debug> ObservedRemoveSet<T> for HistorySet<T> {
    fn new(replica: u32) -> Self {
        HistorySet {
            replica,
            made: 0,
            inserts: BTreeSet::new(),
            removed: BTreeSet::new(),
        }
    }
    fn insert(&mut self, value: T) {
        self.made += 1;
        self.inserts.insert((value, self.replica, self.made));
    }
    fn remove(&mut self, value: &T) {
        let seen: Vec<(u32, u64)> = self
            .inserts
            .iter()
            .filter(|(v, _, _)| v == value)
            .map(|&(_, r, n)| (r, n))
            .collect();
        self.removed.extend(seen);
    }
    fn contains(&self, value: &T) -> bool {
        self.inserts
            .iter()
            .any(|(v, r, n)| v == value && !self.removed.contains(&(*r, *n)))
    }
    fn elements(&self) -> Vec<T> {
        let live: BTreeSet<&T> = self
            .inserts
            .iter()
            .filter(|(_, r, n)| !self.removed.contains(&(*r, *n)))
            .map(|(v, _, _)| v)
            .collect();
        live.into_iter().cloned().collect()
    }
    fn merge(&mut self, other: &Self) {
        self.inserts.extend(other.inserts.iter().cloned());
        self.removed.extend(other.removed.iter().copied());
    }
}
