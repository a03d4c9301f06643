//! Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
//! Balancer", NSDI 2016): a lookup table of prime size M, filled by letting the nodes
//! take turns claiming their next preferred free slot.
//!
//! Each node's preference list is a permutation of the slots, `(offset + j × skip) mod
//! M`, with `offset` and `skip` from two hashes of the node (M prime makes every skip a
//! full cycle). Taking turns gives every node M/n slots, give or take one: near-perfect
//! balance, and a lookup is one hash and one array read. The price: building the
//! table is O(M log M), so it is rebuilt on a change rather than updated, and a change
//! moves a few keys between *old* nodes too (a little more than the minimal 1/(n+1)).
//! Google's load balancers use it so that every packet of a connection reaches the same
//! backend while backends come and go.

use std::fmt;
use std::hash::{BuildHasher, Hash};

use crate::cost::{LookupCost, Tally};
use crate::hash::{BuildStableHasher, mix};

/// The default table size: the prime 65,537, enough for a few hundred nodes (the paper
/// recommends M > 100 n).
pub const DEFAULT_TABLE_SIZE: usize = 65_537;

/// A table size that is not a prime from 2 to 4,294,967,291 (a table indexes its slots
/// with u32).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotPrime(pub usize);

impl fmt::Display for NotPrime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a Maglev table size must be a prime from 2 to 4,294,967,291 (the largest below \
             2^32), and {} is not",
            self.0
        )
    }
}

impl std::error::Error for NotPrime {}

/// A Maglev lookup table over nodes `N`, hashed with `S`.
///
/// ```
/// use consistent_hashing::Maglev;
///
/// let mut table = Maglev::new();
/// for node in ["lb-1", "lb-2", "lb-3"] {
///     table.add(node);
/// }
/// let counts = table.slot_counts();
/// let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
/// assert!(max - min <= 1, "slot counts differ by at most one: {counts:?}");
/// assert!(table.get(&"flow 10.0.0.1:5000").is_some());
/// ```
#[derive(Clone)]
pub struct Maglev<N, S = BuildStableHasher> {
    hasher: S,
    /// The nodes with their identity hashes, sorted by hash so that the table does not
    /// depend on the order they were added in.
    members: Vec<(N, u64)>,
    /// `table[slot]` is the index in `members` of the slot's node.
    table: Vec<u32>,
    size: usize,
}

impl<N: Hash + Eq> Maglev<N> {
    /// An empty table of [`DEFAULT_TABLE_SIZE`] slots, hashing with
    /// [`BuildStableHasher`].
    pub fn new() -> Self {
        Maglev::with_table_size(DEFAULT_TABLE_SIZE).expect("65,537 is prime")
    }

    /// An empty table of `size` slots.
    ///
    /// # Errors
    ///
    /// [`NotPrime`] unless `size` is a prime.
    pub fn with_table_size(size: usize) -> Result<Self, NotPrime> {
        Maglev::with_table_size_and_hasher(size, BuildStableHasher)
    }
}

impl<N: Hash + Eq> Default for Maglev<N> {
    fn default() -> Self {
        Maglev::new()
    }
}

impl<N: Hash + Eq, S: BuildHasher> Maglev<N, S> {
    /// An empty table of `size` slots, hashing with `hasher`.
    ///
    /// # Errors
    ///
    /// [`NotPrime`] unless `size` is a prime that fits in a `u32`.
    pub fn with_table_size_and_hasher(size: usize, hasher: S) -> Result<Self, NotPrime> {
        if !is_prime(size) || u32::try_from(size).is_err() {
            return Err(NotPrime(size));
        }
        Ok(Maglev {
            hasher,
            members: Vec::new(),
            table: Vec::new(),
            size,
        })
    }

    /// Adds `node` and rebuilds the table; adding a node already present changes
    /// nothing.
    pub fn add(&mut self, node: N) {
        if self.insert(node) {
            self.rebuild();
        }
    }

    /// Inserts `node` in identity-hash order without rebuilding; `false` if present.
    fn insert(&mut self, node: N) -> bool {
        if self.members.iter().any(|(n, _)| *n == node) {
            return false;
        }
        let id = self.hasher.hash_one(&node);
        let at = self.members.partition_point(|&(_, other)| other < id);
        self.members.insert(at, (node, id));
        true
    }

    /// Removes `node` and rebuilds the table; `false` if it was not present.
    pub fn remove(&mut self, node: &N) -> bool {
        match self.members.iter().position(|(n, _)| n == node) {
            Some(i) => {
                self.members.remove(i);
                self.rebuild();
                true
            }
            None => false,
        }
    }

    /// The node for `key`: one hash, one table read. `None` with no nodes.
    pub fn get<K: Hash + ?Sized>(&self, key: &K) -> Option<&N> {
        self.get_tallied(key, &mut ())
    }

    /// What [`get`](Self::get)`(key)` costs: one hash and one slot read, whatever the
    /// number of nodes (nothing with no nodes).
    pub fn lookup_cost<K: Hash + ?Sized>(&self, key: &K) -> LookupCost {
        let mut cost = LookupCost::default();
        self.get_tallied(key, &mut cost);
        cost
    }

    fn get_tallied<K: Hash + ?Sized>(&self, key: &K, tally: &mut impl Tally) -> Option<&N> {
        if self.members.is_empty() {
            return None;
        }
        tally.hashed(1);
        let slot = fast_range(self.hasher.hash_one(key), self.size);
        tally.read(1);
        Some(&self.members[self.table[slot] as usize].0)
    }

    /// How many slots each node holds, in the order of [`nodes`](Self::nodes). With
    /// at most as many nodes as slots, they differ by at most one.
    pub fn slot_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.members.len()];
        for &owner in &self.table {
            counts[owner as usize] += 1;
        }
        counts
    }

    /// The nodes, ordered by their identity hash (the order the table is built in).
    pub fn nodes(&self) -> impl Iterator<Item = &N> {
        self.members.iter().map(|(n, _)| n)
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The table size M.
    pub fn table_size(&self) -> usize {
        self.size
    }

    /// Fills the table: the nodes take turns, each claiming the next free slot of its
    /// own permutation, until every slot is taken.
    fn rebuild(&mut self) {
        const EMPTY: u32 = u32::MAX;
        let m = self.size as u64;
        self.table.clear();
        if self.members.is_empty() {
            return;
        }
        self.table.resize(self.size, EMPTY);
        // Each node's permutation: offset in [0, M), skip in [1, M).
        let prefs: Vec<(u64, u64)> = self
            .members
            .iter()
            .map(|&(_, id)| permutation(id, m))
            .collect();
        let mut next = vec![0u64; self.members.len()];
        let mut filled = 0;
        'fill: loop {
            for (i, &(offset, skip)) in prefs.iter().enumerate() {
                let mut slot = ((offset + next[i] * skip) % m) as usize;
                while self.table[slot] != EMPTY {
                    next[i] += 1;
                    slot = ((offset + next[i] * skip) % m) as usize;
                }
                self.table[slot] = i as u32;
                next[i] += 1;
                filled += 1;
                if filled == self.size {
                    break 'fill;
                }
            }
        }
    }
}

/// The permutation of the `m` slots of the node with identity hash `id`, as the Maglev
/// paper defines it: start at `offset = h1(id) mod m` and step by
/// `skip = h2(id) mod (m - 1) + 1`. The skip is in `[1, m)`, so with `m` prime it is
/// coprime with `m` and the walk visits every slot once. (h1 and h2 are two hashes of
/// the id: `mix` of the id, and of the id with a constant xored in.)
fn permutation(id: u64, m: u64) -> (u64, u64) {
    (mix(id) % m, mix(id ^ 0x5851_F42D_4C95_7F2D) % (m - 1) + 1)
}

/// `hash` mapped onto `0..n` by the high half of a 128-bit product: as uniform as a
/// modulo for a good hash, without a division.
fn fast_range(hash: u64, n: usize) -> usize {
    ((u128::from(hash) * n as u128) >> 64) as usize
}

fn is_prime(n: usize) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 1;
    }
    true
}

impl<N: Hash + Eq, S: BuildHasher> Extend<N> for Maglev<N, S> {
    /// Adds the nodes and rebuilds the table once, instead of once per node: how to
    /// build a large table.
    fn extend<I: IntoIterator<Item = N>>(&mut self, nodes: I) {
        let mut changed = false;
        for node in nodes {
            changed |= self.insert(node);
        }
        if changed {
            self.rebuild();
        }
    }
}

impl<N: fmt::Debug, S> fmt::Debug for Maglev<N, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Maglev")
            .field("table_size", &self.size)
            .field(
                "nodes",
                &self.members.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_sizes_must_be_prime() {
        assert_eq!(
            Maglev::<u32>::with_table_size(100).unwrap_err(),
            NotPrime(100)
        );
        assert_eq!(Maglev::<u32>::with_table_size(1).unwrap_err(), NotPrime(1));
        assert!(Maglev::<u32>::with_table_size(2).is_ok());
        assert!(Maglev::<u32>::with_table_size(65_537).is_ok());
        // Primes are checked by trial division up to their square root: about a
        // million divisions for 2^40 + 15, where dividing up to n / 2 would take hours.
        #[cfg(target_pointer_width = "64")]
        {
            assert!(is_prime(1_099_511_627_791), "2^40 + 15");
            assert!(!is_prime(1_099_511_627_793), "3 x 366,503,875,931");
            assert!(Maglev::<u32>::with_table_size(4_294_967_291).is_ok());
            assert_eq!(
                Maglev::<u32>::with_table_size(1_099_511_627_791).unwrap_err(),
                NotPrime(1_099_511_627_791),
                "a prime, but its slots would not fit the table's u32 indices"
            );
            assert_eq!(
                Maglev::<u32>::with_table_size(4_294_967_297).unwrap_err(),
                NotPrime(4_294_967_297),
                "641 x 6,700,417"
            );
        }
        assert_eq!(
            NotPrime(100).to_string(),
            "a Maglev table size must be a prime from 2 to 4,294,967,291 (the largest below \
             2^32), and 100 is not"
        );
    }

    /// Offsets cover `[0, m)` and skips `[1, m)`, each value drawn by some node, and
    /// every permutation walks all `m` slots.
    #[test]
    fn permutations_start_anywhere_and_step_by_one_to_m_minus_one() {
        for m in [2u64, 7, 13, 1_009] {
            let mut offsets = vec![0; m as usize];
            let mut skips = vec![0; m as usize];
            for id in (0..4_000u64).map(mix) {
                let (offset, skip) = permutation(id, m);
                assert!(
                    offset < m && (1..m).contains(&skip),
                    "m {m}: {offset}, {skip}"
                );
                offsets[offset as usize] += 1;
                skips[skip as usize] += 1;
                if m <= 13 {
                    let mut seen: Vec<u64> = (0..m).map(|j| (offset + j * skip) % m).collect();
                    seen.sort_unstable();
                    assert_eq!(seen, (0..m).collect::<Vec<_>>(), "m {m}: a full walk");
                }
            }
            if m <= 13 {
                assert!(offsets.iter().all(|&c| c > 0), "m {m}: offsets {offsets:?}");
                assert!(skips[1..].iter().all(|&c| c > 0), "m {m}: skips {skips:?}");
            }
        }
    }

    /// The paper's fill done naively (each turn, each node walks its permutation from
    /// the start to the first free slot) gives the same table as `rebuild`, which keeps
    /// each node's place in its walk.
    #[test]
    fn the_table_is_the_papers_fill() {
        for (m, nodes) in [(7usize, 3u32), (13, 5), (101, 7), (1_009, 10)] {
            let mut table = Maglev::with_table_size(m).unwrap();
            table.extend(0..nodes);
            let prefs: Vec<(u64, u64)> = table
                .members
                .iter()
                .map(|&(_, id)| permutation(id, m as u64))
                .collect();
            let mut expected = vec![u32::MAX; m];
            let mut filled = 0;
            'fill: loop {
                for (i, &(offset, skip)) in prefs.iter().enumerate() {
                    let slot = (0..m as u64)
                        .map(|j| ((offset + j * skip) % m as u64) as usize)
                        .find(|&s| expected[s] == u32::MAX)
                        .expect("a permutation reaches every slot");
                    expected[slot] = i as u32;
                    filled += 1;
                    if filled == m {
                        break 'fill;
                    }
                }
            }
            assert_eq!(table.table, expected, "{m} slots, {nodes} nodes");
        }
        let mut small = Maglev::with_table_size(7).unwrap();
        small.add("a");
        assert_eq!(
            format!("{small:?}"),
            r#"Maglev { table_size: 7, nodes: ["a"] }"#
        );
    }

    #[test]
    fn every_slot_is_filled_and_counts_differ_by_at_most_one() {
        for nodes in [1u32, 2, 3, 7, 10, 100] {
            let mut table = Maglev::with_table_size(1_009).unwrap();
            for n in 0..nodes {
                table.add(n);
            }
            assert!(table.table.iter().all(|&o| o < nodes));
            let counts = table.slot_counts();
            assert_eq!(counts.iter().sum::<usize>(), 1_009);
            let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            assert!(max - min <= 1, "{nodes} nodes: {counts:?}");
        }
    }
}
