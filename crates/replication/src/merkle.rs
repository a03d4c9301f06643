//! Merkle-tree anti-entropy: two replicas find the keys they disagree on by comparing
//! hashes of key ranges from the root down, and exchange only the entries of the
//! leaves that differ, as Dynamo and Cassandra's repair do.
//!
//! Keys fall into `2^depth` leaves by a hash of the key (so neighbouring keys spread
//! out, as they do on a hash ring). A leaf's hash is the wrapping sum of its entries'
//! hashes, which does not depend on the order entries are visited in; an inner node
//! hashes its two children. Finding `d` differing leaves among `L` compares about
//! `d · log2(L / d)` nodes instead of sending all `n` entries.

use std::collections::BTreeMap;

use crate::kv::{ENTRY_BYTES, Replica, Version};

/// Bytes one hash takes on the wire.
pub const HASH_BYTES: usize = 8;

/// A hash tree over a store's entries, heap-ordered: node 1 is the root, node `i` has
/// children `2i` and `2i + 1`, and the leaves are nodes `2^depth .. 2^(depth + 1)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerkleTree {
    depth: u32,
    nodes: Vec<u64>,
}

/// What one anti-entropy exchange between two replicas cost and found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    /// Tree nodes whose hashes were compared (each costs a hash each way).
    pub nodes_compared: usize,
    /// Leaves whose hashes differed: their entries were exchanged.
    pub leaves_differing: usize,
    /// Entries sent, both directions.
    pub entries_sent: usize,
    /// Entries that changed a replica (the newer side's version applied).
    pub entries_applied: usize,
    /// Bytes on the wire: hashes plus entries.
    pub bytes: usize,
}

impl MerkleTree {
    /// The most levels a tree may have: 2^20 leaves, 16 MB of hashes.
    pub const MAX_DEPTH: u32 = 20;

    /// Builds the tree of `store` with `2^depth` leaves: one pass over the entries,
    /// then one over the inner nodes.
    ///
    /// # Panics
    ///
    /// If `depth` exceeds [`MerkleTree::MAX_DEPTH`].
    pub fn build(store: &BTreeMap<u64, Version>, depth: u32) -> MerkleTree {
        assert!(
            depth <= Self::MAX_DEPTH,
            "a merkle tree of depth {depth} is too deep: at most {} levels",
            Self::MAX_DEPTH
        );
        let leaves = 1usize << depth;
        let mut nodes = vec![0u64; 2 * leaves];
        for (&key, version) in store {
            nodes[leaves + leaf_of(key, depth)] =
                nodes[leaves + leaf_of(key, depth)].wrapping_add(entry_hash(key, version));
        }
        for i in (1..leaves).rev() {
            nodes[i] = mix(nodes[2 * i] ^ mix(nodes[2 * i + 1]).rotate_left(17));
        }
        MerkleTree { depth, nodes }
    }

    /// The root hash: equal roots mean (up to hash collisions) equal stores.
    pub fn root(&self) -> u64 {
        self.nodes[1]
    }

    /// The number of leaves.
    pub fn leaves(&self) -> usize {
        self.nodes.len() / 2
    }

    /// The leaves whose hashes differ from `other`'s, found from the root down, and the
    /// number of nodes compared on the way.
    ///
    /// # Panics
    ///
    /// If the trees have different depths.
    pub fn diff(&self, other: &MerkleTree) -> (Vec<usize>, usize) {
        assert_eq!(
            self.depth, other.depth,
            "only trees of the same depth can be compared"
        );
        let leaves = self.leaves();
        let mut compared = 0;
        let mut differing = Vec::new();
        let mut pending = vec![1usize];
        while let Some(i) = pending.pop() {
            compared += 1;
            if self.nodes[i] == other.nodes[i] {
                continue;
            }
            if i >= leaves {
                differing.push(i - leaves);
            } else {
                pending.push(2 * i + 1);
                pending.push(2 * i);
            }
        }
        differing.sort_unstable();
        (differing, compared)
    }
}

/// Makes `a` and `b` hold the same entries (for each key, the newer version) by
/// comparing Merkle trees of `2^depth` leaves and exchanging the differing leaves'
/// entries.
pub fn sync(a: &mut Replica, b: &mut Replica, depth: u32) -> SyncStats {
    let (ta, tb) = (
        MerkleTree::build(a.store(), depth),
        MerkleTree::build(b.store(), depth),
    );
    let (leaves, compared) = ta.diff(&tb);
    let mut stats = SyncStats {
        nodes_compared: compared,
        leaves_differing: leaves.len(),
        bytes: compared * 2 * HASH_BYTES,
        ..SyncStats::default()
    };
    if leaves.is_empty() {
        return stats;
    }
    let wanted = |key: &u64| leaves.binary_search(&leaf_of(*key, depth)).is_ok();
    let from_a: Vec<(u64, Version)> = a
        .store()
        .iter()
        .filter(|(k, _)| wanted(k))
        .map(|(&k, &v)| (k, v))
        .collect();
    let from_b: Vec<(u64, Version)> = b
        .store()
        .iter()
        .filter(|(k, _)| wanted(k))
        .map(|(&k, &v)| (k, v))
        .collect();
    stats.entries_sent = from_a.len() + from_b.len();
    stats.bytes += stats.entries_sent * ENTRY_BYTES;
    for (k, v) in from_a {
        stats.entries_applied += usize::from(b.apply(k, v));
    }
    for (k, v) in from_b {
        stats.entries_applied += usize::from(a.apply(k, v));
    }
    stats
}

/// The naive alternative: each replica sends the other its whole store.
pub fn full_sync(a: &mut Replica, b: &mut Replica) -> SyncStats {
    let from_a: Vec<(u64, Version)> = a.store().iter().map(|(&k, &v)| (k, v)).collect();
    let from_b: Vec<(u64, Version)> = b.store().iter().map(|(&k, &v)| (k, v)).collect();
    let mut stats = SyncStats {
        entries_sent: from_a.len() + from_b.len(),
        ..SyncStats::default()
    };
    stats.bytes = stats.entries_sent * ENTRY_BYTES;
    for (k, v) in from_a {
        stats.entries_applied += usize::from(b.apply(k, v));
    }
    for (k, v) in from_b {
        stats.entries_applied += usize::from(a.apply(k, v));
    }
    stats
}

/// A depth giving about `per_leaf` entries per leaf for `entries` entries.
pub fn depth_for(entries: usize, per_leaf: usize) -> u32 {
    let leaves = (entries / per_leaf.max(1)).max(1);
    (usize::BITS - (leaves - 1).leading_zeros()).min(MerkleTree::MAX_DEPTH)
}

/// The leaf a key falls in: the top `depth` bits of its hash.
fn leaf_of(key: u64, depth: u32) -> usize {
    if depth == 0 {
        0
    } else {
        (mix(key) >> (64 - depth)) as usize
    }
}

fn entry_hash(key: u64, v: &Version) -> u64 {
    mix(mix(mix(key) ^ v.timestamp) ^ (u64::from(v.writer) << 32 | 1) ^ mix(v.value))
}

/// splitmix64's finaliser: a fast 64-bit mixer (not cryptographic: a production system
/// uses a cryptographic hash here, Cassandra MD5 or Murmur3 of the rows).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}
