//! The hash ring with virtual nodes (Karger et al., 1997): every node is hashed to
//! many points ("virtual nodes") on a circle of 2^64 positions; a key belongs to the
//! first point at or after its own hash, going clockwise.
//!
//! Adding a node only claims the arcs just before its new points, so keys move only
//! onto the new node, about 1/(n+1) of them; removing a node hands its arcs to the next
//! points clockwise, so only its own keys move. With one point per node the arcs are
//! very uneven (the largest is about ln n times the mean); with v points per node the
//! spread shrinks like 1/sqrt(v).

use std::fmt;
use std::hash::{BuildHasher, Hash};

use crate::cost::{LookupCost, Tally};
use crate::hash::BuildStableHasher;

/// A consistent-hash ring of nodes `N`, placed with the stable hash `S` (XXH64 by
/// default: two rings built alike agree on every key, on every run and machine).
///
/// Lookups read a table indexed by the key hash's top bits, which narrows the search to
/// the one or two points in that slice of the circle, then search that slice: O(1)
/// expected, one hash and two or three memory reads. Adding or removing a node
/// rewrites the point array and the table: O(v·n).
///
/// ```
/// use consistent_hashing::HashRing;
///
/// let mut ring = HashRing::new(100);
/// for node in ["cache-a", "cache-b", "cache-c"] {
///     ring.add(node);
/// }
/// let owner = *ring.get(&"user:42").expect("the ring has nodes");
/// // Three replicas: the owner first, then the next distinct nodes clockwise.
/// let replicas = ring.get_n(&"user:42", 3);
/// assert_eq!(*replicas[0], owner);
/// assert_eq!(replicas.len(), 3);
///
/// // Removing another node never moves this key.
/// let other = ["cache-a", "cache-b", "cache-c"].into_iter().find(|&n| n != owner).unwrap();
/// assert!(ring.remove(&other));
/// assert_eq!(ring.get(&"user:42"), Some(&owner));
/// ```
#[derive(Clone)]
pub struct HashRing<N, S = BuildStableHasher> {
    vnodes_per_node: usize,
    hasher: S,
    /// The nodes, in the order they were added.
    members: Vec<Member<N>>,
    /// Every virtual node's position, sorted; ties broken by the owner's identity hash,
    /// so the order does not depend on the order nodes were added in.
    points: Vec<u64>,
    /// `owners[i]` is the index in `members` of the node at `points[i]`.
    owners: Vec<u32>,
    /// `index[b]` is the first point whose top `bits` bits are at least `b`: the
    /// circle cut into `2^bits` equal slices, about one point per slice.
    index: Vec<u32>,
    bits: u32,
}

#[derive(Clone, Debug)]
struct Member<N> {
    node: N,
    weight: u32,
    /// The node's own hash: the tie-breaker between equal points.
    id: u64,
}

impl<N: Hash + Eq> HashRing<N> {
    /// An empty ring whose nodes get `vnodes_per_node` points each (times their weight),
    /// placed with [`BuildStableHasher`]. 100 to 1,000 is typical: the demo shows the
    /// balance each buys.
    ///
    /// # Panics
    ///
    /// If `vnodes_per_node` is 0: nodes without points own nothing.
    pub fn new(vnodes_per_node: usize) -> Self {
        HashRing::with_hasher(vnodes_per_node, BuildStableHasher)
    }
}

impl<N: Hash + Eq, S: BuildHasher> HashRing<N, S> {
    /// An empty ring placing nodes and keys with `hasher`. Rings agree with each other
    /// only if their hashers do: use a fixed-key hasher, never `RandomState`, for rings
    /// that other processes must agree with.
    ///
    /// # Panics
    ///
    /// If `vnodes_per_node` is 0.
    pub fn with_hasher(vnodes_per_node: usize, hasher: S) -> Self {
        assert!(
            vnodes_per_node > 0,
            "a ring needs at least one virtual node per node"
        );
        HashRing {
            vnodes_per_node,
            hasher,
            members: Vec::new(),
            points: Vec::new(),
            owners: Vec::new(),
            index: Vec::new(),
            bits: 0,
        }
    }

    /// Adds `node` with weight 1. Adding a node already on the ring changes nothing.
    pub fn add(&mut self, node: N) {
        self.add_weighted(node, 1);
    }

    /// Adds `node` with `vnodes_per_node × weight` points: a node of weight 2 gets about
    /// twice the keys of a node of weight 1. Weight 0 lists the node but gives it no
    /// keys (a node being drained). Adding a node already on the ring changes nothing;
    /// to change a weight, remove the node and add it again.
    ///
    /// # Panics
    ///
    /// If the ring would hold more than `u32::MAX` nodes or points.
    pub fn add_weighted(&mut self, node: N, weight: u32) {
        self.add_all([(node, weight)]);
    }

    /// Adds many weighted nodes at once, rewriting the point array once instead of once
    /// per node: how to build a large ring. Nodes already on the ring (or repeated in
    /// `nodes`) are skipped.
    ///
    /// # Panics
    ///
    /// If the ring would hold more than `u32::MAX` nodes or points.
    pub fn add_all(&mut self, nodes: impl IntoIterator<Item = (N, u32)>) {
        // (point, owner's identity hash, owner's index) for every new point.
        let mut fresh: Vec<(u64, u64, u32)> = Vec::new();
        for (node, weight) in nodes {
            if self.position(&node).is_some() {
                continue;
            }
            let index = u32::try_from(self.members.len()).expect("at most u32::MAX nodes");
            let id = self.hasher.hash_one(&node);
            let count = self
                .vnodes_per_node
                .checked_mul(weight as usize)
                .expect("the number of points fits in a usize");
            fresh.extend(
                (0..count as u64)
                    .map(|replica| (self.hasher.hash_one((&node, replica)), id, index)),
            );
            self.members.push(Member { node, weight, id });
        }
        if fresh.is_empty() {
            return;
        }
        fresh.sort_unstable();
        let total = self.points.len() + fresh.len();
        assert!(u32::try_from(total).is_ok(), "at most u32::MAX points");
        // Merge the new sorted points into the sorted array; equal points are ordered
        // by their owners' identity hashes, so the order never depends on history.
        let mut points = Vec::with_capacity(total);
        let mut owners = Vec::with_capacity(total);
        let (mut i, mut j) = (0, 0);
        while i < self.points.len() || j < fresh.len() {
            let take_old = j == fresh.len()
                || (i < self.points.len()
                    && (self.points[i], self.members[self.owners[i] as usize].id)
                        <= (fresh[j].0, fresh[j].1));
            if take_old {
                points.push(self.points[i]);
                owners.push(self.owners[i]);
                i += 1;
            } else {
                points.push(fresh[j].0);
                owners.push(fresh[j].2);
                j += 1;
            }
        }
        self.points = points;
        self.owners = owners;
        self.reindex();
    }

    /// Removes `node` and its points; `false` if it was not on the ring. Only the keys
    /// it owned move, each to the next point clockwise.
    pub fn remove(&mut self, node: &N) -> bool {
        let Some(index) = self.position(node) else {
            return false;
        };
        self.members.remove(index);
        let index = index as u32;
        let mut kept = 0;
        for i in 0..self.points.len() {
            let owner = self.owners[i];
            if owner != index {
                self.points[kept] = self.points[i];
                self.owners[kept] = if owner > index { owner - 1 } else { owner };
                kept += 1;
            }
        }
        self.points.truncate(kept);
        self.owners.truncate(kept);
        self.reindex();
        true
    }

    /// The node that owns `key`, or `None` on a ring with no points.
    pub fn get<K: Hash + ?Sized>(&self, key: &K) -> Option<&N> {
        self.get_tallied(key, &mut ())
    }

    /// What [`get`](Self::get)`(key)` costs: one hash, the two slice-index entries
    /// around the key's slice, the comparisons of a binary search over that slice's
    /// points (about one), and the owner of the point found.
    pub fn lookup_cost<K: Hash + ?Sized>(&self, key: &K) -> LookupCost {
        let mut cost = LookupCost::default();
        self.get_tallied(key, &mut cost);
        cost
    }

    fn get_tallied<K: Hash + ?Sized>(&self, key: &K, tally: &mut impl Tally) -> Option<&N> {
        tally.hashed(1);
        let slot = self.slot(self.hasher.hash_one(key), tally)?;
        tally.read(1);
        Some(&self.members[self.owners[slot] as usize].node)
    }

    /// Up to `n` distinct nodes for `key`: its owner first, then the owners of the next
    /// points clockwise, skipping nodes already chosen. Fewer than `n` only when the
    /// ring has fewer nodes with points. This is how replicated stores (Dynamo,
    /// Cassandra) pick a key's replicas.
    pub fn get_n<K: Hash + ?Sized>(&self, key: &K, n: usize) -> Vec<&N> {
        let Some(start) = self.slot(self.hasher.hash_one(key), &mut ()) else {
            return Vec::new();
        };
        let wanted = n.min(self.members.iter().filter(|m| m.weight > 0).count());
        let mut chosen: Vec<u32> = Vec::with_capacity(wanted);
        let len = self.points.len();
        for step in 0..len {
            if chosen.len() == wanted {
                break;
            }
            let owner = self.owners[(start + step) % len];
            if !chosen.contains(&owner) {
                chosen.push(owner);
            }
        }
        chosen
            .into_iter()
            .map(|i| &self.members[i as usize].node)
            .collect()
    }

    /// The number of nodes on the ring (including weight-0 ones).
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the ring has no nodes.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The number of points (virtual nodes) on the ring.
    pub fn points(&self) -> usize {
        self.points.len()
    }

    /// The virtual nodes per unit of weight this ring was built with.
    pub fn vnodes_per_node(&self) -> usize {
        self.vnodes_per_node
    }

    /// The nodes, in the order they were added.
    pub fn nodes(&self) -> impl Iterator<Item = &N> {
        self.members.iter().map(|m| &m.node)
    }

    /// The fraction of the circle each node owns (the sum of its arcs), in the order of
    /// [`nodes`](Self::nodes): the share of uniformly hashed keys it gets.
    pub fn ownership(&self) -> Vec<f64> {
        let mut owned = vec![0u128; self.members.len()];
        let len = self.points.len();
        for i in 0..len {
            // The arc that ends at point i starts just after the previous point.
            let previous = self.points[(i + len - 1) % len];
            let arc = if len == 1 {
                1u128 << 64
            } else {
                u128::from(self.points[i].wrapping_sub(previous))
            };
            owned[self.owners[i] as usize] += arc;
        }
        owned
            .into_iter()
            .map(|arc| arc as f64 / (1u128 << 64) as f64)
            .collect()
    }

    /// The index of the first point at or after `hash`, wrapping to 0; the index
    /// entries read and the points compared are reported to `tally`.
    fn slot(&self, hash: u64, tally: &mut impl Tally) -> Option<usize> {
        if self.points.is_empty() {
            return None;
        }
        let slice = slice(hash, self.bits);
        tally.read(1);
        let lo = self.index[slice] as usize;
        let hi = self.index.get(slice + 1).map_or(self.points.len(), |&i| {
            tally.read(1);
            i as usize
        });
        // The first point at or after `hash` is in this slice, or else it is the
        // first point of a later slice, which is `points[hi]`.
        let i = lo
            + self.points[lo..hi].partition_point(|&p| {
                tally.compared(1);
                p < hash
            });
        Some(if i == self.points.len() { 0 } else { i })
    }

    /// Rebuilds the slice table after the points changed: about one slice per point.
    fn reindex(&mut self) {
        let bits = self.points.len().next_power_of_two().trailing_zeros();
        let mut first = 0;
        self.index = (0..1usize << bits)
            .map(|s| {
                while first < self.points.len() && slice(self.points[first], bits) < s {
                    first += 1;
                }
                first as u32
            })
            .collect();
        self.bits = bits;
    }

    fn position(&self, node: &N) -> Option<usize> {
        self.members.iter().position(|m| m.node == *node)
    }
}

impl<N: Hash + Eq, S: BuildHasher> Extend<N> for HashRing<N, S> {
    /// Adds the nodes with weight 1, rewriting the points once ([`HashRing::add_all`]).
    fn extend<I: IntoIterator<Item = N>>(&mut self, nodes: I) {
        self.add_all(nodes.into_iter().map(|n| (n, 1)));
    }
}

impl<N: fmt::Debug, S> fmt::Debug for HashRing<N, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HashRing")
            .field("vnodes_per_node", &self.vnodes_per_node)
            .field(
                "nodes",
                &self.members.iter().map(|m| &m.node).collect::<Vec<_>>(),
            )
            .field("points", &self.points.len())
            .finish()
    }
}

/// The slice of a circle cut into `2^bits` equal slices that `hash` falls in: its top
/// `bits` bits.
fn slice(hash: u64, bits: u32) -> usize {
    hash.checked_shr(64 - bits).unwrap_or(0) as usize
}
