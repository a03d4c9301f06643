#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod copying;
pub mod demo;
mod edges;
pub mod generational;
pub mod heap;
pub mod refcount;

pub use copying::CopyingHeap;
pub use garbage_collection_contract::{CollectStats, GcError, GcHeap, Handle};
pub use generational::GenerationalHeap;
pub use heap::{Barrier, Heap};

/// What one collection touched, counted: the demo's measure of a collector's work,
/// exact and repeatable where a pause time is not.
///
/// ```
/// use garbage_collection::{GcHeap, Heap};
///
/// let mut heap = Heap::new();
/// let a = heap.alloc(1);
/// heap.root(a).unwrap();
/// heap.alloc(2);
/// heap.collect();
/// let work = heap.last_work();
/// assert_eq!((work.roots, work.traced, work.swept), (1, 1, 2), "mark-sweep sweeps both slots");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Work {
    /// Roots read, plus remembered-set entries read as roots by a minor collection.
    pub roots: u64,
    /// Live objects visited: marked and scanned, copied or promoted.
    pub traced: u64,
    /// References read while tracing.
    pub scanned: u64,
    /// Slots a sweep walked, live and dead alike.
    pub swept: u64,
}

impl Work {
    /// Everything the collection touched: roots + traced + scanned + swept.
    ///
    /// ```
    /// let w = garbage_collection::Work { roots: 1, traced: 2, scanned: 3, swept: 4 };
    /// assert_eq!(w.total(), 10);
    /// ```
    pub fn total(&self) -> u64 {
        self.roots + self.traced + self.scanned + self.swept
    }
}
