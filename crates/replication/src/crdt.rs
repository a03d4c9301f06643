//! State-based CRDTs: replicas update locally and exchange whole states, and `merge`
//! is a join (commutative, associative, idempotent), so replicas that have seen the
//! same updates hold the same state whatever the order, grouping or repetition of the
//! merges.
//!
//! - [`GCounter`]: a count per replica; merge takes each replica's maximum.
//! - [`PnCounter`]: two G-counters, one for increments and one for decrements.
//! - [`OrSet`]: an add-wins observed-remove set without tombstones: every insert is
//!   tagged with a *dot* (replica, event number), a remove drops the dots it has seen,
//!   and the set's causal context (a [`VectorClock`]) tells a merge whether a missing
//!   dot was removed or never seen.
//! - [`LwwRegister`]: one value, the write with the largest (timestamp, replica) wins;
//!   concurrent writes are lost.
//! - [`MvRegister`]: a multi-value register; concurrent writes are kept as siblings,
//!   ordered by version vectors, until a write that saw them all replaces them.
//!
//! Every type is tagged with the replica id it runs on. Two live replicas must never
//! share an id: their events would carry the same dots, and the merge could not tell
//! them apart.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::clock::{Causality, VectorClock};

/// A grow-only counter: each replica counts its own increments; the value is the sum.
///
/// Merge takes, for each replica, the larger of the two counts: a count only grows,
/// so the larger one has seen every increment the smaller one has, and merging the same
/// state twice counts nothing twice.
///
/// # Example
///
/// ```
/// use replication::GCounter;
///
/// let (mut a, mut b) = (GCounter::new(1), GCounter::new(2));
/// a.increment(3);
/// b.increment(4);
/// a.merge(&b);
/// a.merge(&b); // a duplicate delivery changes nothing
/// b.merge(&a);
/// assert_eq!((a.value(), b.value()), (7, 7));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GCounter {
    replica: u32,
    /// Per replica, the sum of its increments (a vector clock whose events are units).
    counts: VectorClock,
}

impl GCounter {
    /// A counter at zero on replica `replica`.
    pub fn new(replica: u32) -> Self {
        GCounter {
            replica,
            counts: VectorClock::new(),
        }
    }

    /// The replica this counter runs on.
    pub fn replica(&self) -> u32 {
        self.replica
    }

    /// Adds `by` to this replica's count.
    ///
    /// # Panics
    ///
    /// If this replica's count would exceed `u64::MAX`.
    pub fn increment(&mut self, by: u64) {
        self.counts.add(self.replica, by);
    }

    /// The total over all replicas this counter has heard of.
    ///
    /// # Panics
    ///
    /// If the total exceeds `u64::MAX` (each replica's count fits, their sum may not).
    pub fn value(&self) -> u64 {
        u64::try_from(self.counts.sum()).expect("the g-counter's total overflowed u64")
    }

    /// This replica's own count, or another's as far as this replica has heard.
    pub fn count_of(&self, replica: u32) -> u64 {
        self.counts.get(replica)
    }

    /// Takes every replica's larger count; linear in the number of replicas.
    pub fn merge(&mut self, other: &GCounter) {
        self.counts.merge(&other.counts);
    }

    /// The number of replicas with a non-zero count: the state's size.
    pub fn replicas(&self) -> usize {
        self.counts.len()
    }
}

/// A counter that goes up and down: a [`GCounter`] of increments and one of decrements,
/// the value their difference.
///
/// (Merging a single signed count per replica by maximum would drop decrements: a
/// replica at 5 that goes down to 4 looks older than its own past.)
///
/// ```
/// use replication::PnCounter;
///
/// let (mut a, mut b) = (PnCounter::new(1), PnCounter::new(2));
/// a.increment(2);
/// b.decrement(5);
/// a.merge(&b);
/// assert_eq!(a.value(), -3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PnCounter {
    up: GCounter,
    down: GCounter,
}

impl PnCounter {
    /// A counter at zero on replica `replica`.
    pub fn new(replica: u32) -> Self {
        PnCounter {
            up: GCounter::new(replica),
            down: GCounter::new(replica),
        }
    }

    /// Adds `by`.
    ///
    /// # Panics
    ///
    /// If this replica's increments would sum past `u64::MAX`.
    pub fn increment(&mut self, by: u64) {
        self.up.increment(by);
    }

    /// Subtracts `by`.
    ///
    /// # Panics
    ///
    /// If this replica's decrements would sum past `u64::MAX`.
    pub fn decrement(&mut self, by: u64) {
        self.down.increment(by);
    }

    /// Increments minus decrements, over all replicas heard of.
    ///
    /// # Panics
    ///
    /// If the difference is outside `i64`'s range.
    pub fn value(&self) -> i64 {
        let diff = i128::try_from(self.up.counts.sum()).expect("fits")
            - i128::try_from(self.down.counts.sum()).expect("fits");
        i64::try_from(diff).expect("the pn-counter's value is outside i64")
    }

    /// Merges both halves.
    pub fn merge(&mut self, other: &PnCounter) {
        self.up.merge(&other.up);
        self.down.merge(&other.down);
    }
}

/// An add-wins observed-remove set (the "OR-set without tombstones" of Bieniusa et al.).
///
/// Each insert takes a new *dot* `(replica, n)` from the set's causal context, a
/// [`VectorClock`], and stores it with the element; a remove drops the element and its
/// dots, leaving the context to remember they were seen. A merge keeps a dot that both
/// sides hold, or that one side holds and the other's context has not seen (a new
/// insert); a dot that one side holds and the other has seen but dropped was removed.
/// So a remove only removes the inserts it observed: an insert concurrent with it
/// survives (add wins), and an element can be inserted again after a remove.
///
/// State: each element with its live dots (one, unless concurrent inserts met), plus a
/// clock with one entry per replica. Merge is linear in both sets' sizes.
///
/// # Example
///
/// ```
/// use replication::OrSet;
///
/// let mut a = OrSet::new(1);
/// a.insert("milk");
/// let mut b = a.clone_as(2); // b has seen a's insert
/// b.remove(&"milk");
/// a.insert("milk"); // concurrently, a inserts it again
/// a.merge(&b);
/// b.merge(&a);
/// assert!(a.contains(&"milk") && b.contains(&"milk")); // add wins
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrSet<T> {
    replica: u32,
    /// Every dot this replica has seen, inserted here or merged in.
    clock: VectorClock,
    /// Each present element with its live dots, sorted, never empty; every dot is
    /// covered by `clock`.
    entries: BTreeMap<T, Dots>,
}

/// The live dots of one element, sorted by replica: a replica's newer insert replaces
/// its older dot, so there is at most one per replica.
type Dots = Vec<(u32, u64)>;

impl<T: Ord + Clone> OrSet<T> {
    /// An empty set on replica `replica`.
    pub fn new(replica: u32) -> Self {
        OrSet {
            replica,
            clock: VectorClock::new(),
            entries: BTreeMap::new(),
        }
    }

    /// A copy of this set's state running as replica `replica`: what a new replica
    /// holds after a full sync from this one.
    pub fn clone_as(&self, replica: u32) -> Self {
        OrSet {
            replica,
            ..self.clone()
        }
    }

    /// Inserts `value` with a fresh dot; returns whether it was absent. Inserting a
    /// present element renews its dots, so a remove elsewhere that has not seen this
    /// insert does not remove it.
    pub fn insert(&mut self, value: T) -> bool {
        let dot = self.clock.tick(self.replica);
        self.entries
            .insert(value, vec![(self.replica, dot)])
            .is_none()
    }

    /// Removes `value` and every insert of it this replica has seen; returns whether it
    /// was present.
    pub fn remove(&mut self, value: &T) -> bool {
        self.entries.remove(value).is_some()
    }

    /// Whether `value` is in the set.
    pub fn contains(&self, value: &T) -> bool {
        self.entries.contains_key(value)
    }

    /// The elements, sorted.
    pub fn elements(&self) -> Vec<T> {
        self.entries.keys().cloned().collect()
    }

    /// The elements, sorted, borrowed.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.entries.keys()
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The causal context: every insert this replica has seen, as a clock.
    pub fn clock(&self) -> &VectorClock {
        &self.clock
    }

    /// Merges `other` in; see the type's documentation for the rule. One pass over
    /// both sorted entry lists.
    pub fn merge(&mut self, other: &OrSet<T>) {
        let mine = std::mem::take(&mut self.entries);
        let mut merged: Vec<(T, Dots)> = Vec::with_capacity(mine.len().max(other.entries.len()));
        let mut a = mine.into_iter().peekable();
        let mut b = other.entries.iter().peekable();
        loop {
            let order = match (a.peek(), b.peek()) {
                (Some((x, _)), Some((y, _))) => x.cmp(y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => break,
            };
            match order {
                Ordering::Less => {
                    let (value, dots) = a.next().expect("peeked");
                    let kept = unseen(dots, &other.clock);
                    if !kept.is_empty() {
                        merged.push((value, kept));
                    }
                }
                Ordering::Greater => {
                    let (value, dots) = b.next().expect("peeked");
                    let kept = unseen(dots.clone(), &self.clock);
                    if !kept.is_empty() {
                        merged.push((value.clone(), kept));
                    }
                }
                Ordering::Equal => {
                    let (value, mine) = a.next().expect("peeked");
                    let (_, theirs) = b.next().expect("peeked");
                    let kept = if mine == *theirs {
                        mine
                    } else {
                        join_dots(&mine, &self.clock, theirs, &other.clock)
                    };
                    if !kept.is_empty() {
                        merged.push((value, kept));
                    }
                }
            }
        }
        // The pairs are sorted and distinct: `BTreeMap` builds from them in one pass.
        self.entries = merged.into_iter().collect();
        self.clock.merge(&other.clock);
    }
}

/// The dots of `dots` that `clock` has not seen: inserts the other side never heard of.
fn unseen(mut dots: Dots, clock: &VectorClock) -> Dots {
    dots.retain(|&(r, n)| !clock.contains(r, n));
    dots
}

/// An element on both sides: a dot on both sides stays; a dot on one side only stays
/// if the other side has not seen it (had it seen it, it would still hold it, unless
/// it removed it).
fn join_dots(
    mine: &Dots,
    my_clock: &VectorClock,
    theirs: &Dots,
    their_clock: &VectorClock,
) -> Dots {
    let mut kept = Vec::with_capacity(mine.len() + theirs.len());
    let (mut i, mut j) = (0, 0);
    while i < mine.len() || j < theirs.len() {
        match (mine.get(i), theirs.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                kept.push(x);
                i += 1;
                j += 1;
            }
            (Some(&x), y) if y.is_none_or(|&y| x < y) => {
                if !their_clock.contains(x.0, x.1) {
                    kept.push(x);
                }
                i += 1;
            }
            (_, Some(&y)) => {
                if !my_clock.contains(y.0, y.1) {
                    kept.push(y);
                }
                j += 1;
            }
            (Some(_), None) | (None, None) => unreachable!("covered above"),
        }
    }
    // Two dots of one replica can meet (an old insert one side kept, a newer one the
    // other side made); both stay, which is correct, if not minimal.
    kept
}

impl<T: Ord + Clone> Extend<T> for OrSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for value in iter {
            self.insert(value);
        }
    }
}

/// A last-writer-wins register: the write with the largest `(timestamp, replica)` pair
/// wins, locally and in a merge; the replica id breaks timestamp ties, so every replica
/// picks the same winner.
///
/// Convergent and small, and it loses data: of two concurrent writes, one vanishes
/// although both were acknowledged (the demo counts how many). With wall-clock
/// timestamps a replica whose clock runs behind loses even writes made after the
/// winner.
///
/// ```
/// use replication::LwwRegister;
///
/// let (mut a, mut b) = (LwwRegister::new(1), LwwRegister::new(2));
/// a.set("from a", 10);
/// b.set("from b", 10); // same timestamp: replica 2 > replica 1 wins
/// a.merge(&b);
/// assert_eq!(a.get(), Some(&"from b"));
/// assert!(!a.set("too old", 9)); // an older write than the one held is ignored
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LwwRegister<T> {
    replica: u32,
    /// The winning write: value, timestamp, writer.
    current: Option<(T, u64, u32)>,
}

impl<T: Clone> LwwRegister<T> {
    /// An empty register on replica `replica`.
    pub fn new(replica: u32) -> Self {
        LwwRegister {
            replica,
            current: None,
        }
    }

    /// Writes `value` at `timestamp`; returns whether it won, that is whether
    /// `(timestamp, replica)` is larger than the held write's. A replica must give each
    /// of its writes a new timestamp: a second write with the same one is ignored.
    pub fn set(&mut self, value: T, timestamp: u64) -> bool {
        if self.wins(timestamp, self.replica) {
            self.current = Some((value, timestamp, self.replica));
            true
        } else {
            false
        }
    }

    /// The winning value, if any write happened.
    pub fn get(&self) -> Option<&T> {
        self.current.as_ref().map(|(v, _, _)| v)
    }

    /// The winning write's `(timestamp, replica)`.
    pub fn stamp(&self) -> Option<(u64, u32)> {
        self.current.as_ref().map(|&(_, t, r)| (t, r))
    }

    /// Keeps whichever of the two writes has the larger `(timestamp, replica)`.
    pub fn merge(&mut self, other: &LwwRegister<T>) {
        if let Some((value, t, r)) = &other.current
            && self.wins(*t, *r)
        {
            self.current = Some((value.clone(), *t, *r));
        }
    }

    fn wins(&self, timestamp: u64, replica: u32) -> bool {
        self.current
            .as_ref()
            .is_none_or(|&(_, t, r)| (timestamp, replica) > (t, r))
    }
}

/// A multi-value register: writes carry version vectors, and a merge keeps every write
/// no other write has seen. Concurrent writes survive as *siblings*; the next local
/// write, which has seen them all, replaces them (the application merges them first,
/// as Dynamo's shopping cart did).
///
/// ```
/// use replication::MvRegister;
///
/// let (mut a, mut b) = (MvRegister::new(1), MvRegister::new(2));
/// a.set("red");
/// b.set("blue"); // concurrent with a's write
/// a.merge(&b);
/// assert_eq!(a.values(), [&"red", &"blue"]);
/// a.set("purple"); // a saw both: one value again
/// b.merge(&a);
/// assert_eq!(b.values(), [&"purple"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MvRegister<T> {
    replica: u32,
    /// Writes none of which saw another, sorted by clock for a canonical state.
    versions: Vec<(VectorClock, T)>,
}

impl<T: Clone> MvRegister<T> {
    /// An empty register on replica `replica`.
    pub fn new(replica: u32) -> Self {
        MvRegister {
            replica,
            versions: Vec::new(),
        }
    }

    /// Writes `value`, replacing every sibling this replica holds (it has seen them).
    pub fn set(&mut self, value: T) {
        let mut clock = self.context();
        clock.tick(self.replica);
        self.versions = vec![(clock, value)];
    }

    /// The siblings' values, in a fixed order (by version vector).
    pub fn values(&self) -> Vec<&T> {
        self.versions.iter().map(|(_, v)| v).collect()
    }

    /// The number of siblings: 1 after a write nobody raced, more after concurrent ones.
    pub fn siblings(&self) -> usize {
        self.versions.len()
    }

    /// Everything this replica's writes have seen: the merge of the siblings' clocks.
    pub fn context(&self) -> VectorClock {
        let mut clock = VectorClock::new();
        for (c, _) in &self.versions {
            clock.merge(c);
        }
        clock
    }

    /// Keeps each version of either side that no version of the other side has seen.
    pub fn merge(&mut self, other: &MvRegister<T>) {
        let mut kept: Vec<(VectorClock, T)> = Vec::new();
        for (clock, value) in &self.versions {
            if !other
                .versions
                .iter()
                .any(|(c, _)| clock.compare(c) == Causality::Before)
            {
                kept.push((clock.clone(), value.clone()));
            }
        }
        for (clock, value) in &other.versions {
            if !self
                .versions
                .iter()
                .any(|(c, _)| matches!(clock.compare(c), Causality::Before | Causality::Equal))
            {
                kept.push((clock.clone(), value.clone()));
            }
        }
        kept.sort_by(|(a, _), (b, _)| a.iter().cmp(b.iter()));
        self.versions = kept;
    }
}
