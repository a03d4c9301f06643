//! Rendezvous hashing, or highest random weight (Thaler and Ravishankar, 1996): every
//! node scores every key with a hash of the pair, and the key goes to the node with the
//! highest score.
//!
//! No ring and no table: adding a node moves exactly the keys on which the new node
//! now scores highest (about 1/(n+1)), removing one moves only its own keys, and the
//! balance is as good as the hash. The price is O(n) work per lookup, fine for tens of
//! nodes, too slow for thousands. The n best scores give n distinct replicas for free.

use std::fmt;
use std::hash::{BuildHasher, Hash};

use crate::cost::{LookupCost, Tally};
use crate::hash::{BuildStableHasher, mix};

/// Rendezvous (highest-random-weight) hashing over nodes `N`, hashed with `S`.
///
/// ```
/// use consistent_hashing::Rendezvous;
///
/// let mut nodes = Rendezvous::new();
/// for node in ["a", "b", "c"] {
///     nodes.add(node);
/// }
/// let owner = *nodes.get(&"session:7").unwrap();
/// let others: Vec<_> = ["a", "b", "c"].into_iter().filter(|&n| n != owner).collect();
/// assert!(nodes.remove(&others[0]));
/// assert_eq!(nodes.get(&"session:7"), Some(&owner), "only the removed node's keys move");
/// ```
#[derive(Clone)]
pub struct Rendezvous<N, S = BuildStableHasher> {
    hasher: S,
    members: Vec<(N, u64, u32)>,
    /// Whether every weight is 1, kept up to date by `add` and `remove`: then lookups
    /// compare the mixed hashes themselves, without a logarithm.
    unit_weights: bool,
}

impl<N: Hash + Eq> Rendezvous<N> {
    /// No nodes yet, hashing with [`BuildStableHasher`].
    pub fn new() -> Self {
        Rendezvous::with_hasher(BuildStableHasher)
    }
}

impl<N: Hash + Eq> Default for Rendezvous<N> {
    fn default() -> Self {
        Rendezvous::new()
    }
}

impl<N: Hash + Eq, S: BuildHasher> Rendezvous<N, S> {
    /// No nodes yet, hashing with `hasher`.
    pub fn with_hasher(hasher: S) -> Self {
        Rendezvous {
            hasher,
            members: Vec::new(),
            unit_weights: true,
        }
    }

    /// Adds `node` with weight 1; adding a node already present changes nothing.
    pub fn add(&mut self, node: N) {
        self.add_weighted(node, 1);
    }

    /// Adds `node` with `weight`: it wins each key with probability proportional to
    /// its weight (the logarithmic method: score = weight / -ln(u) for a uniform u
    /// from the pair's hash). Weight 0 never wins. Adding a node already present
    /// changes nothing.
    pub fn add_weighted(&mut self, node: N, weight: u32) {
        if self.members.iter().any(|(n, ..)| *n == node) {
            return;
        }
        let id = self.hasher.hash_one(&node);
        self.members.push((node, id, weight));
        self.unit_weights &= weight == 1;
    }

    /// Removes `node`; `false` if it was not present.
    pub fn remove(&mut self, node: &N) -> bool {
        match self.members.iter().position(|(n, ..)| n == node) {
            Some(i) => {
                self.members.remove(i);
                self.unit_weights = self.members.iter().all(|&(_, _, w)| w == 1);
                true
            }
            None => false,
        }
    }

    /// The node with the highest score for `key`, or `None` with no node of weight > 0.
    pub fn get<K: Hash + ?Sized>(&self, key: &K) -> Option<&N> {
        self.get_tallied(key, &mut ())
    }

    /// What [`get`](Self::get)`(key)` costs: the key's hash, then for every node one
    /// read, one hash of the (key, node) pair and one comparison with the best so far:
    /// O(n).
    pub fn lookup_cost<K: Hash + ?Sized>(&self, key: &K) -> LookupCost {
        let mut cost = LookupCost::default();
        self.get_tallied(key, &mut cost);
        cost
    }

    fn get_tallied<K: Hash + ?Sized>(&self, key: &K, tally: &mut impl Tally) -> Option<&N> {
        tally.hashed(1);
        let key = self.hasher.hash_one(key);
        if self.unit_weights {
            // Every weight is 1: the highest mixed hash wins, no logarithm needed (the
            // score is increasing in it). On a tie the last node wins.
            let mut best: Option<((u64, u64), &N)> = None;
            for (node, id, _) in &self.members {
                tally.read(1);
                tally.hashed(1);
                let score = (mix(key ^ id), *id);
                if let Some((top, _)) = best {
                    tally.compared(1);
                    if score < top {
                        continue;
                    }
                }
                best = Some((score, node));
            }
            return best.map(|(_, node)| node);
        }
        let mut best: Option<(f64, u64, &N)> = None;
        for (node, id, weight) in &self.members {
            tally.read(1);
            tally.hashed(1);
            let s = score(key, *id, *weight);
            if s > 0.0
                && best.is_none_or(|(b, bid, _)| {
                    tally.compared(1);
                    (s, *id) > (b, bid)
                })
            {
                best = Some((s, *id, node));
            }
        }
        best.map(|(_, _, node)| node)
    }

    /// The `n` highest-scoring distinct nodes for `key`, best first (fewer if fewer
    /// nodes have weight > 0).
    pub fn get_n<K: Hash + ?Sized>(&self, key: &K, n: usize) -> Vec<&N> {
        let key = self.hasher.hash_one(key);
        let mut ranked: Vec<(&N, u64, f64, u64)> = self
            .members
            .iter()
            .filter(|&&(_, _, w)| w > 0)
            .map(|(node, id, w)| (node, mix(key ^ id), score(key, *id, *w), *id))
            .collect();
        if self.unit_weights {
            // As `get`: compare the hashes themselves, exactly.
            ranked.sort_unstable_by_key(|&(_, h, _, id)| std::cmp::Reverse((h, id)));
        } else {
            ranked.sort_unstable_by(|a, b| (b.2, b.3).partial_cmp(&(a.2, a.3)).expect("no NaN"));
        }
        ranked.into_iter().take(n).map(|(node, ..)| node).collect()
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

/// The score of node `id` (of `weight`) for `key`: weight / -ln(u), with u uniform in
/// (0, 1) from the mixed pair. It is increasing in the mixed hash, so with equal
/// weights it picks the same node as comparing the hashes (what `get` does then).
fn score(key: u64, id: u64, weight: u32) -> f64 {
    if weight == 0 {
        return 0.0;
    }
    let h = mix(key ^ id);
    // u in (0, 1): 53 random bits, offset by half a step so it is never 0 or 1.
    let u = ((h >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    f64::from(weight) / -u.ln()
}

impl<N: fmt::Debug, S> fmt::Debug for Rendezvous<N, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendezvous")
            .field(
                "nodes",
                &self.members.iter().map(|(n, ..)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}
