//! Vector clocks: one counter per replica, and the partial order they define.
//!
//! A vector clock (a *version vector* when it versions data rather than events) maps
//! each replica id to how many events of that replica the holder has seen. Comparing
//! two clocks entry by entry says whether one history contains the other ([`Before`],
//! [`After`], [`Equal`]) or neither does ([`Concurrent`]): the information
//! last-writer-wins throws away and a multi-value register keeps.
//!
//! [`Before`]: Causality::Before
//! [`After`]: Causality::After
//! [`Equal`]: Causality::Equal
//! [`Concurrent`]: Causality::Concurrent

use std::cmp::Ordering;
use std::fmt;

/// How two vector clocks (two histories) relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Causality {
    /// Every entry of `self` is at most the other's, and one is smaller: the other saw
    /// everything `self` saw, and more.
    Before,
    /// The mirror image of [`Causality::Before`]: `self` saw everything the other saw.
    After,
    /// The same entries: the same history.
    Equal,
    /// Each has an entry larger than the other's: neither saw the other's latest event.
    Concurrent,
}

/// A vector clock: a counter per replica id, zero for replicas never seen.
///
/// Kept as a vector of `(replica, count)` pairs sorted by replica with no zero counts,
/// so merge and compare are one linear merge-join of two sorted lists (a `BTreeMap`
/// would cost a tree walk per entry), and two clocks are equal exactly when their
/// vectors are.
///
/// # Example
///
/// ```
/// use replication::{Causality, VectorClock};
///
/// let mut a = VectorClock::new();
/// a.tick(1);
/// let mut b = a.clone();
/// b.tick(2); // b saw a's event, then one of its own
/// assert_eq!(a.compare(&b), Causality::Before);
/// a.tick(1); // a moves on without seeing b's event
/// assert_eq!(a.compare(&b), Causality::Concurrent);
/// a.merge(&b);
/// assert_eq!(a.compare(&b), Causality::After);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct VectorClock {
    /// Sorted by replica id, strictly increasing; every count is at least 1.
    entries: Vec<(u32, u64)>,
}

impl VectorClock {
    /// An empty clock: no events seen.
    pub fn new() -> Self {
        VectorClock::default()
    }

    /// Records one more event of `replica` and returns its new count.
    ///
    /// # Panics
    ///
    /// If the replica's count would overflow `u64` (2⁶⁴ − 1 events).
    ///
    /// ```
    /// let mut clock = replication::VectorClock::new();
    /// assert_eq!((clock.tick(7), clock.tick(7), clock.get(7), clock.get(8)), (1, 2, 2, 0));
    /// ```
    pub fn tick(&mut self, replica: u32) -> u64 {
        self.add(replica, 1)
    }

    /// The count of `replica`: how many of its events this clock has seen (0 if none).
    pub fn get(&self, replica: u32) -> u64 {
        match self.entries.binary_search_by_key(&replica, |&(r, _)| r) {
            Ok(i) => self.entries[i].1,
            Err(_) => 0,
        }
    }

    /// Raises each entry to the larger of the two clocks' entries: afterwards this clock
    /// has seen everything either had. Linear in the two clocks' lengths.
    pub fn merge(&mut self, other: &VectorClock) {
        merge_max(&mut self.entries, &other.entries);
    }

    /// How this clock's history relates to `other`'s; see [`Causality`].
    ///
    /// ```
    /// use replication::{Causality, VectorClock};
    /// let (mut a, mut b) = (VectorClock::new(), VectorClock::new());
    /// a.tick(1);
    /// b.tick(2);
    /// assert_eq!(a.compare(&b), Causality::Concurrent);
    /// assert_eq!(VectorClock::new().compare(&a), Causality::Before);
    /// ```
    pub fn compare(&self, other: &VectorClock) -> Causality {
        let (mut less, mut greater) = (false, false);
        let (a, b) = (&self.entries, &other.entries);
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            // A replica missing from one side counts as 0 there.
            let (x, y) = match (a.get(i), b.get(j)) {
                (Some(&(ra, ca)), Some(&(rb, cb))) => match ra.cmp(&rb) {
                    Ordering::Less => {
                        i += 1;
                        (ca, 0)
                    }
                    Ordering::Greater => {
                        j += 1;
                        (0, cb)
                    }
                    Ordering::Equal => {
                        i += 1;
                        j += 1;
                        (ca, cb)
                    }
                },
                (Some(&(_, ca)), None) => {
                    i += 1;
                    (ca, 0)
                }
                (None, Some(&(_, cb))) => {
                    j += 1;
                    (0, cb)
                }
                (None, None) => unreachable!("the loop condition"),
            };
            less |= x < y;
            greater |= x > y;
        }
        match (less, greater) {
            (false, false) => Causality::Equal,
            (true, false) => Causality::Before,
            (false, true) => Causality::After,
            (true, true) => Causality::Concurrent,
        }
    }

    /// Whether this clock has seen event number `count` of `replica` (the "dot"
    /// `(replica, count)`).
    pub fn contains(&self, replica: u32, count: u64) -> bool {
        count <= self.get(replica)
    }

    /// The `(replica, count)` entries, by replica id, zero counts left out.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.entries.iter().copied()
    }

    /// The number of replicas with a non-zero count.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no event has been seen.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds `by` to `replica`'s count and returns the new count.
    pub(crate) fn add(&mut self, replica: u32, by: u64) -> u64 {
        match self.entries.binary_search_by_key(&replica, |&(r, _)| r) {
            Ok(i) => {
                let count = &mut self.entries[i].1;
                *count = count
                    .checked_add(by)
                    .unwrap_or_else(|| panic!("replica {replica}'s count overflowed u64"));
                *count
            }
            Err(_) if by == 0 => 0,
            Err(i) => {
                self.entries.insert(i, (replica, by));
                by
            }
        }
    }

    /// The sum of all counts (a G-counter's value), in `u128` so it cannot overflow.
    pub(crate) fn sum(&self) -> u128 {
        self.entries.iter().map(|&(_, c)| u128::from(c)).sum()
    }
}

impl fmt::Debug for VectorClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(r, c)| (r, c)))
            .finish()
    }
}

impl FromIterator<(u32, u64)> for VectorClock {
    /// A clock from `(replica, count)` pairs; a replica named twice keeps the larger
    /// count.
    fn from_iter<I: IntoIterator<Item = (u32, u64)>>(iter: I) -> Self {
        let mut entries: Vec<(u32, u64)> = iter.into_iter().filter(|&(_, c)| c > 0).collect();
        entries.sort_unstable();
        // Sorted by (replica, count): of equal replicas the last has the largest count.
        entries.reverse();
        entries.dedup_by_key(|&mut (r, _)| r);
        entries.reverse();
        VectorClock { entries }
    }
}

/// `target[r] = max(target[r], other[r])` for sorted, duplicate-free lists, in one pass.
fn merge_max(target: &mut Vec<(u32, u64)>, other: &[(u32, u64)]) {
    // The common case in a converging system: the other side has no replica we lack,
    // so the maximum is taken in place, without allocating.
    let mut i = 0;
    let mut in_place = true;
    for &(r, c) in other {
        while i < target.len() && target[i].0 < r {
            i += 1;
        }
        if i < target.len() && target[i].0 == r {
            target[i].1 = target[i].1.max(c);
            i += 1;
        } else {
            in_place = false;
            break;
        }
    }
    if in_place {
        return;
    }
    let mut merged = Vec::with_capacity(target.len() + other.len());
    let (mut i, mut j) = (0, 0);
    while i < target.len() && j < other.len() {
        let (a, b) = (target[i], other[j]);
        match a.0.cmp(&b.0) {
            Ordering::Less => {
                merged.push(a);
                i += 1;
            }
            Ordering::Greater => {
                merged.push(b);
                j += 1;
            }
            Ordering::Equal => {
                merged.push((a.0, a.1.max(b.1)));
                i += 1;
                j += 1;
            }
        }
    }
    merged.extend_from_slice(&target[i..]);
    merged.extend_from_slice(&other[j..]);
    *target = merged;
}
