//! What one lookup costs, counted: hashes computed, comparisons made, slots read.
//!
//! Lookup cost is the one place the four placements differ in kind: rendezvous hashing
//! scores every node (O(n)), jump hash jumps about ln n times (O(log n)), the ring
//! reads its slice index and binary-searches about one point (O(1) expected), Maglev
//! reads one slot (O(1)). Counting that work, instead of timing it, makes the demo's
//! claim exact and repeatable: a busy machine slows a lookup, it does not add hashes.
//!
//! Each structure counts through the same code path as its `get`: the lookup is generic
//! over a [`Tally`], `get` passes `()`, whose methods do nothing and compile away, and
//! the `lookup_cost` methods pass a [`LookupCost`].
//!
//! ```
//! use consistent_hashing::{Maglev, Rendezvous};
//!
//! let mut rendezvous = Rendezvous::new();
//! let mut maglev = Maglev::new();
//! for node in 0..10u32 {
//!     rendezvous.add(node);
//!     maglev.add(node);
//! }
//! // Rendezvous hashes the key, then scores each of the 10 nodes.
//! assert_eq!(rendezvous.lookup_cost(&7u64).hashes, 11);
//! // Maglev hashes the key and reads one slot.
//! assert_eq!(maglev.lookup_cost(&7u64).total(), 2);
//! ```

use std::ops::AddAssign;

/// The work of one lookup (or, added up, of many).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LookupCost {
    /// Hashes computed: of the key, of each (key, node) pair scored, and each step of
    /// jump hash's generator.
    pub hashes: u64,
    /// Comparisons made: against positions in a search, between scores when picking
    /// the best, against the bucket count in jump hash's loop.
    pub comparisons: u64,
    /// Slots read besides the ones compared: the ring's slice-index entries and the
    /// owner of the point found, Maglev's table slot, each node rendezvous scores.
    pub reads: u64,
}

impl LookupCost {
    /// Hashes, comparisons and reads together: the work of the lookup.
    pub fn total(self) -> u64 {
        self.hashes + self.comparisons + self.reads
    }
}

impl AddAssign for LookupCost {
    fn add_assign(&mut self, other: LookupCost) {
        self.hashes += other.hashes;
        self.comparisons += other.comparisons;
        self.reads += other.reads;
    }
}

/// Where a lookup reports its work: `()` ignores it (what `get` passes, at no cost),
/// [`LookupCost`] adds it up.
pub trait Tally {
    /// `n` hashes were computed.
    fn hashed(&mut self, n: u64);
    /// `n` comparisons were made.
    fn compared(&mut self, n: u64);
    /// `n` slots were read.
    fn read(&mut self, n: u64);
}

impl Tally for () {
    #[inline(always)]
    fn hashed(&mut self, _: u64) {}
    #[inline(always)]
    fn compared(&mut self, _: u64) {}
    #[inline(always)]
    fn read(&mut self, _: u64) {}
}

impl Tally for LookupCost {
    fn hashed(&mut self, n: u64) {
        self.hashes += n;
    }
    fn compared(&mut self, n: u64) {
        self.comparisons += n;
    }
    fn read(&mut self, n: u64) {
        self.reads += n;
    }
}

/// What [`jump_hash`](crate::jump_hash)`(key, buckets)` costs: one generator step and
/// one comparison per jump (about ln(buckets) + 1 of them), and no memory at all.
///
/// ```
/// let one = consistent_hashing::cost::jump_hash_cost(42, 1);
/// assert_eq!((one.hashes, one.comparisons, one.reads), (1, 2, 0));
/// ```
pub fn jump_hash_cost(key: u64, buckets: u32) -> LookupCost {
    let mut cost = LookupCost::default();
    crate::jump::jump_hash_tallied(key, buckets, &mut cost);
    cost
}
