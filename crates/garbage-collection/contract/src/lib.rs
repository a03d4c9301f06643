//! The garbage-collection contract: what question 4's reference collectors and the
//! learner's exercise both implement, and the cases both must pass.
//!
//! - [`Handle`], [`GcError`], [`CollectStats`]: the vocabulary of a heap whose objects
//!   are addressed by generation-checked handles, so a handle to a freed object is
//!   reported ([`GcError::Dangling`]), never undefined behaviour, even after its slot
//!   is reused;
//! - [`GcHeap`]: the trait, the contract of a collected heap (allocate, link, root,
//!   collect, inspect);
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, and a model-based property test against the oracle;
//! - [`BfsHeap`]: the naive oracle, which keeps every object in a map and collects by a
//!   breadth-first search from the roots;
//! - [`conformance_tests!`]: one `#[test]` per case for a heap type.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/garbage-collection/tests/conformance.rs
//! garbage_collection_contract::conformance_tests!(garbage_collection_exercise::Heap);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod naive;

pub use naive::BfsHeap;

use std::fmt;

/// The name of one object on a [`GcHeap`]: a slot index and the slot's generation when
/// the object was allocated.
///
/// A heap bumps a slot's generation when it frees the object in it, so a handle kept
/// past its object's death never matches the slot again, even when a new object reuses
/// the slot: every call with it reports [`GcError::Dangling`] (or `None`, `false`).
/// That is the difference from a raw pointer, which would silently read the new object.
///
/// ```
/// use garbage_collection_contract::Handle;
///
/// let h = Handle::new(3, 7);
/// assert_eq!((h.index(), h.generation()), (3, 7));
/// assert_ne!(h, Handle::new(3, 8), "same slot, another generation: another object");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Handle {
    index: u32,
    generation: u32,
}

impl Handle {
    /// The handle of the object in slot `index` at `generation`. Heaps make handles;
    /// a handle made up by hand is simply dangling unless it happens to match.
    pub const fn new(index: u32, generation: u32) -> Self {
        Handle { index, generation }
    }

    /// The slot index.
    pub const fn index(self) -> usize {
        self.index as usize
    }

    /// The slot's generation when the object was allocated.
    pub const fn generation(self) -> u32 {
        self.generation
    }
}

/// What a heap operation on a bad handle returns.
///
/// ```
/// use garbage_collection_contract::GcError;
///
/// assert!(GcError::Dangling.to_string().starts_with("dangling handle"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GcError {
    /// The handle's object was freed by a collection (its slot may since hold another
    /// object), or the handle never came from this heap.
    Dangling,
}

impl fmt::Display for GcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GcError::Dangling => f.write_str(
                "dangling handle: its object was freed by a collection (root it, or keep it \
                 reachable from a root, to keep it alive)",
            ),
        }
    }
}

impl std::error::Error for GcError {}

/// What one collection did.
///
/// ```
/// use garbage_collection_contract::CollectStats;
///
/// let stats = CollectStats { marked: 2, freed: 5 };
/// assert_eq!(stats.marked + stats.freed, 7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CollectStats {
    /// Objects found reachable from the roots (kept).
    pub marked: usize,
    /// Objects reclaimed: allocated before the collection and unreachable.
    pub freed: usize,
}

/// The contract of a collected heap of `u64` values, as the conformance cases see it.
///
/// Objects are created by [`alloc`](GcHeap::alloc) and point at each other through
/// [`link`](GcHeap::link); the *roots* (the model's thread stacks and globals) are the
/// handles passed to [`root`](GcHeap::root). An object stays alive, and its handle
/// valid, until a [`collect`](GcHeap::collect) finds it unreachable: no chain of links
/// leads to it from a root. A freshly allocated object is live until the next
/// collection, rooted or not.
///
/// The reference `garbage_collection::Heap` (mark-sweep) implements it by delegating to
/// its inherent methods; the copying and generational collectors, the exercise's heap
/// and the naive oracle [`BfsHeap`] implement it directly.
///
/// ```
/// use garbage_collection_contract::{BfsHeap, CollectStats, GcError, GcHeap};
///
/// let mut heap = BfsHeap::new();
/// let (a, b, c) = (heap.alloc(1), heap.alloc(2), heap.alloc(3));
/// heap.root(a).unwrap();
/// heap.link(a, b).unwrap();
/// assert_eq!(heap.collect(), CollectStats { marked: 2, freed: 1 });
/// assert_eq!(heap.value(b), Some(2));
/// assert_eq!(heap.link(a, c), Err(GcError::Dangling), "c was freed");
/// ```
pub trait GcHeap {
    /// An empty heap: no objects, no roots.
    fn new() -> Self
    where
        Self: Sized;

    /// Allocates an object holding `value`, with no references, and returns its handle.
    fn alloc(&mut self, value: u64) -> Handle;

    /// Adds one reference from `from` to `to` (an object may point at itself, and at
    /// the same object more than once).
    ///
    /// # Errors
    ///
    /// [`GcError::Dangling`] if either handle is dangling; nothing changes.
    fn link(&mut self, from: Handle, to: Handle) -> Result<(), GcError>;

    /// Removes one reference from `from` to `to`; `Ok(false)` if there was none.
    ///
    /// # Errors
    ///
    /// [`GcError::Dangling`] if either handle is dangling.
    fn unlink(&mut self, from: Handle, to: Handle) -> Result<bool, GcError>;

    /// Makes `h` a root (rooting a root again changes nothing).
    ///
    /// # Errors
    ///
    /// [`GcError::Dangling`] if `h` is dangling.
    fn root(&mut self, h: Handle) -> Result<(), GcError>;

    /// Stops `h` being a root; `Ok(false)` if it was not one.
    ///
    /// # Errors
    ///
    /// [`GcError::Dangling`] if `h` is dangling.
    fn unroot(&mut self, h: Handle) -> Result<bool, GcError>;

    /// Frees every object no chain of references from a root reaches, and returns how
    /// many objects it kept (`marked`) and freed.
    fn collect(&mut self) -> CollectStats;

    /// Whether `h` names a live object of this heap.
    fn is_live(&self, h: Handle) -> bool;

    /// The value of `h`'s object, `None` if `h` is dangling.
    fn value(&self, h: Handle) -> Option<u64>;

    /// The number of live objects.
    fn live_count(&self) -> usize;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a heap type implementing [`GcHeap`].
    ///
    /// ```text
    /// garbage_collection_contract::conformance_tests!(garbage_collection_exercise::Heap);
    /// ```
    macro conformance_tests($($heap:ident)::+) {
        /// The heap under test.
        type ConformanceHeap = $($heap)::+;
    }
    cases [$crate::cases] {
        unreachable_objects_are_freed::<ConformanceHeap>(),
        reachable_objects_are_kept::<ConformanceHeap>(),
        unreachable_cycles_are_freed::<ConformanceHeap>(),
        self_references_are_followed::<ConformanceHeap>(),
        a_million_object_chain_collects_without_overflow::<ConformanceHeap>(),
        dangling_handles_are_reported::<ConformanceHeap>(),
        reused_slots_keep_old_handles_dangling::<ConformanceHeap>(),
        agrees_with_a_bfs_oracle::<ConformanceHeap>(),
    }
}
