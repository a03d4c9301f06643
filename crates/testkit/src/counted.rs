//! Counting the work an algorithm does: comparisons and hashes, not nanoseconds.
//!
//! Complexity is a statement about work as the input grows, and work can be counted
//! exactly: wrap the keys in [`Counted`] and every `==`, every `<` and every hash adds one
//! to a counter of the calling thread. [`count`] reads the counters around a closure.
//! Counts are exact and repeatable, so claims and tests about growth ("get does a
//! constant number of comparisons from 1k to 1M entries") never flake on a busy machine.
//!
//! ```
//! use testkit::counted::{count, Counted};
//!
//! let keys: Vec<Counted<u32>> = (0..1_000).map(Counted::new).collect();
//! let (found, ops) = count(|| keys.iter().position(|k| *k == Counted::new(500)));
//! assert_eq!(found, Some(500));
//! assert_eq!(ops.comparisons, 501, "a linear scan compares until it finds the key");
//! let (_, ops) = count(|| keys.binary_search(&Counted::new(500)));
//! assert!(ops.comparisons <= 11, "binary search: about log2(1,000) comparisons");
//! ```

use std::cell::Cell;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

thread_local! {
    static COMPARISONS: Cell<u64> = const { Cell::new(0) };
    static HASHES: Cell<u64> = const { Cell::new(0) };
}

/// A value whose comparisons and hashes are counted on the calling thread.
///
/// `PartialEq::eq`, `PartialOrd::partial_cmp` and `Ord::cmp` each count one comparison;
/// `Hash::hash` counts one hash. Everything else behaves as `T` does.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counted<T>(T);

impl<T> Counted<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Counted(value)
    }

    /// The wrapped value, without counting anything.
    pub const fn get(&self) -> &T {
        &self.0
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

fn add(counter: &'static std::thread::LocalKey<Cell<u64>>) {
    counter.with(|c| c.set(c.get() + 1));
}

impl<T: PartialEq> PartialEq for Counted<T> {
    fn eq(&self, other: &Self) -> bool {
        add(&COMPARISONS);
        self.0 == other.0
    }
}

impl<T: Eq> Eq for Counted<T> {}

impl<T: PartialOrd> PartialOrd for Counted<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        add(&COMPARISONS);
        self.0.partial_cmp(&other.0)
    }
}

impl<T: Ord> Ord for Counted<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        add(&COMPARISONS);
        self.0.cmp(&other.0)
    }
}

impl<T: Hash> Hash for Counted<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        add(&HASHES);
        self.0.hash(state);
    }
}

/// The work [`count`] saw: comparisons and hashes of [`Counted`] values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ops {
    /// Calls of `eq`, `partial_cmp` and `cmp` on counted values.
    pub comparisons: u64,
    /// Calls of `hash` on counted values.
    pub hashes: u64,
}

impl Ops {
    /// Comparisons and hashes together: the work of a hash-table operation.
    pub fn total(self) -> u64 {
        self.comparisons + self.hashes
    }
}

/// Runs `f` and returns its result with the comparisons and hashes of [`Counted`] values
/// it made on the calling thread. Other threads' work is not counted, so tests running
/// in parallel do not disturb each other, and counts nest.
pub fn count<R>(f: impl FnOnce() -> R) -> (R, Ops) {
    let now = || Ops {
        comparisons: COMPARISONS.with(Cell::get),
        hashes: HASHES.with(Cell::get),
    };
    let before = now();
    let result = f();
    let after = now();
    (
        result,
        Ops {
            comparisons: after.comparisons - before.comparisons,
            hashes: after.hashes - before.hashes,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

    #[test]
    fn each_kind_of_comparison_counts_once() {
        let (a, b) = (Counted::new(1), Counted::new(2));
        let (_, ops) = count(|| {
            let _ = a == b;
            let _ = a < b;
            let _ = a.cmp(&b);
        });
        assert_eq!(
            ops,
            Ops {
                comparisons: 3,
                hashes: 0
            }
        );
    }

    #[test]
    fn hashing_counts_once_per_hash() {
        let (set, ops) = count(|| (0..100).map(Counted::new).collect::<HashSet<_>>());
        assert_eq!(set.len(), 100);
        assert!(ops.hashes >= 100, "each insert hashes its key: {ops:?}");
        let (_, lookup) = count(|| set.contains(&Counted::new(7)));
        assert_eq!(lookup.hashes, 1, "one lookup hashes once");
    }

    #[test]
    fn counts_nest_and_ignore_other_threads() {
        let (inner, outer) = count(|| {
            let (_, inner) = count(|| Counted::new(1) == Counted::new(1));
            std::thread::spawn(|| {
                let _ = Counted::new(1) == Counted::new(2);
            })
            .join()
            .unwrap();
            let _ = Counted::new(3) == Counted::new(3);
            inner
        });
        assert_eq!(inner.comparisons, 1);
        assert_eq!(
            outer.comparisons, 2,
            "the other thread's comparison is not counted"
        );
    }

    #[test]
    fn ordered_collections_compare_about_log_n_times() {
        let set: BTreeSet<Counted<u32>> = (0..1_024).map(Counted::new).collect();
        let (_, ops) = count(|| set.contains(&Counted::new(777)));
        assert!((1..=40).contains(&ops.comparisons), "{ops:?}");
        assert_eq!(ops.hashes, 0);
    }

    #[test]
    fn get_and_into_inner_do_not_count() {
        let (v, ops) = count(|| {
            let c = Counted::new(5);
            *c.get() + c.into_inner()
        });
        assert_eq!((v, ops.total()), (10, 0));
    }
}
