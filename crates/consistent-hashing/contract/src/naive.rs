//! The oracle: the ring placement computed the slow, obvious way.
//!
//! Every node is hashed to `vnodes_per_node` points, `stable_hash(&(&node, replica))`
//! for `replica` in `0..vnodes_per_node`; all points sit in one sorted list (equal
//! points ordered by their node's own hash, `stable_hash(&node)`), and a key belongs to
//! the first point at or after `stable_hash(key)`, wrapping to the first point. That is
//! the documented placement of the reference's `HashRing`, whose tests check it against
//! this one key by key.
//!
//! Deliberately naive: every change rebuilds the whole list, and every lookup scans it
//! from the start, O(points) per lookup. Correct by inspection, and far too slow to
//! serve traffic.
//!
//! ```
//! use consistent_hashing_contract::Placement;
//! use consistent_hashing_contract::naive::NaiveRing;
//!
//! let mut ring = NaiveRing::new(10);
//! ring.add("a");
//! ring.add("b");
//! let owner = *ring.get(&42u64).unwrap();
//! assert_eq!(ring.get_n(&42u64, 2)[0], &owner);
//! ```

use std::hash::Hash;

use crate::Placement;
use crate::hash::stable_hash;

/// A ring placement that recomputes its points on every change and scans them on every
/// lookup; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct NaiveRing<N> {
    vnodes_per_node: usize,
    /// The nodes, in the order they were added.
    nodes: Vec<N>,
    /// Every point as (position, its node's own hash, its node's index), sorted.
    points: Vec<(u64, u64, usize)>,
}

impl<N: Hash + Eq> NaiveRing<N> {
    /// An empty ring whose nodes get `vnodes_per_node` points each (with 0, nodes own
    /// nothing).
    pub fn new(vnodes_per_node: usize) -> Self {
        NaiveRing {
            vnodes_per_node,
            nodes: Vec::new(),
            points: Vec::new(),
        }
    }

    /// Recomputes every point from the nodes, and sorts them.
    fn rebuild(&mut self) {
        self.points = self
            .nodes
            .iter()
            .enumerate()
            .flat_map(|(index, node)| {
                let id = stable_hash(node);
                (0..self.vnodes_per_node as u64)
                    .map(move |replica| (stable_hash(&(node, replica)), id, index))
            })
            .collect();
        self.points.sort_unstable();
    }

    /// The index in `points` of `key`'s owner, found by scanning from the start.
    fn start<K: Hash + ?Sized>(&self, key: &K) -> Option<usize> {
        if self.points.is_empty() {
            return None;
        }
        let hash = stable_hash(key);
        Some(self.points.iter().position(|p| p.0 >= hash).unwrap_or(0))
    }
}

impl<N: Hash + Eq> Placement<N> for NaiveRing<N> {
    fn new(vnodes_per_node: usize) -> Self {
        NaiveRing::new(vnodes_per_node)
    }

    fn add(&mut self, node: N) {
        if !self.nodes.contains(&node) {
            self.nodes.push(node);
            self.rebuild();
        }
    }

    fn remove(&mut self, node: &N) -> bool {
        let Some(at) = self.nodes.iter().position(|n| n == node) else {
            return false;
        };
        self.nodes.remove(at);
        self.rebuild();
        true
    }

    fn get<K: Hash + ?Sized>(&self, key: &K) -> Option<&N> {
        let start = self.start(key)?;
        Some(&self.nodes[self.points[start].2])
    }

    fn get_n<K: Hash + ?Sized>(&self, key: &K, n: usize) -> Vec<&N> {
        let Some(start) = self.start(key) else {
            return Vec::new();
        };
        let mut chosen: Vec<usize> = Vec::new();
        let len = self.points.len();
        for step in 0..len {
            if chosen.len() == n {
                break;
            }
            let owner = self.points[(start + step) % len].2;
            if !chosen.contains(&owner) {
                chosen.push(owner);
            }
        }
        chosen.into_iter().map(|i| &self.nodes[i]).collect()
    }
}
