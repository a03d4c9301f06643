//! # Exercise: a mark-sweep garbage collector
//!
//! Question 4 asks how garbage collection works in managed languages. The short answer
//! is "the runtime frees what no chain of pointers from the roots can reach". The answer
//! lands better when you have written the collector that does it.
//!
//! The heap below is given: objects live in a `Vec` of slots and are named by a
//! `Handle`, a slot index plus the slot's *generation*; `alloc`, `link`, `unlink`,
//! `root`, `unroot`, `is_live`, `value` and `live_count` all work. `collect` calls two
//! methods you write:
//!
//! 1. `mark`: starting from every root, follow references and set the `marked` bit of
//!    every slot you reach, once. Use a `Vec` as a work list, not recursion: one case
//!    collects a chain of a million objects, and a recursive mark would need a million
//!    stack frames.
//! 2. `sweep`: walk every slot; a live slot that is marked survives (clear its mark for
//!    the next collection); a live slot that is not is garbage: free it, bump its
//!    generation so old handles stop matching, and put it on the free list for `alloc`.
//!
//! The tests are the same conformance cases the reference passes: unreachable objects
//! freed, reachable ones kept, cycles, self-references, the million-object chain,
//! dangling handles, reused slots, and random graphs compared with a breadth-first
//! search from the roots. Run them with `cargo lab check garbage-collection`; stuck, run
//! `cargo lab hint garbage-collection`.
//!
//! Each `// TODO:` marks a place to edit; everything else is given.

// `mark` and `sweep` ignore their heap until you fill them in; delete this line once
// both `todo!()`s are gone, so the compiler can point out anything left unused.
#![allow(unused_variables, unused_mut, dead_code)]

use std::collections::BTreeSet;

pub use garbage_collection_contract::{CollectStats, GcError, GcHeap, Handle};

/// A heap of `u64` values collected by mark-sweep.
#[derive(Debug, Clone, Default)]
pub struct Heap {
    /// Every slot ever used; a slot is free when `live` is false.
    slots: Vec<Slot>,
    /// Free slots, for `alloc` to reuse (last freed, first reused).
    free: Vec<u32>,
    /// The indices of the rooted slots (always live).
    roots: BTreeSet<u32>,
    /// How many slots are live.
    live: usize,
}

/// One slot of the heap.
#[derive(Debug, Clone, Default)]
struct Slot {
    /// The slot's generation: a handle matches the slot only if it carries the same
    /// one. Freeing the object must move it on, so the freed object's handles stop
    /// matching, even once `alloc` reuses the slot.
    generation: u32,
    /// Whether the slot holds an object.
    live: bool,
    /// Set by `mark` on every reachable slot; `sweep` clears it again, so between
    /// collections every mark is clear.
    marked: bool,
    /// The object's value.
    value: u64,
    /// The object's references, one entry per `link` (a target may repeat).
    refs: Vec<Handle>,
}

impl Heap {
    /// Marks every object reachable from the roots and returns how many it marked.
    ///
    /// Each reachable slot is marked exactly once, however many references lead to it
    /// (cycles and self-references included): mark a slot when you first push it on
    /// the work list, and never push a slot that is already marked.
    fn mark(&mut self) -> usize {
        // TODO: a work list (`Vec<u32>` of slot indices) seeded with the roots, each
        // marked as it is pushed; then pop a slot, and for each handle in its `refs`,
        // mark and push the target slot (`handle.index()`) if it is not marked yet.
        // Count the marks.
        todo!("mark everything reachable from the roots")
    }

    /// Frees every live slot that `mark` did not mark, clears the marks of the others,
    /// and returns how many it freed.
    fn sweep(&mut self) -> usize {
        // TODO: for every slot: skip a free one; clear a marked one's mark; free an
        // unmarked live one: `live = false`, empty its `refs`, move its `generation`
        // on, push its index on `self.free`. Keep `self.live` right.
        todo!("free every unmarked object")
    }

    /// The slot index of a live object, or `Dangling`: the handle's slot must exist,
    /// hold an object, and be at the handle's generation.
    fn check(&self, h: Handle) -> Result<usize, GcError> {
        match self.slots.get(h.index()) {
            Some(s) if s.live && s.generation == h.generation() => Ok(h.index()),
            _ => Err(GcError::Dangling),
        }
    }
}

impl GcHeap for Heap {
    fn new() -> Self {
        Heap::default()
    }

    /// Reuses a free slot (at the generation `sweep` left it) or adds one.
    fn alloc(&mut self, value: u64) -> Handle {
        let index = match self.free.pop() {
            Some(i) => i,
            None => {
                self.slots.push(Slot::default());
                u32::try_from(self.slots.len() - 1).expect("at most u32::MAX slots")
            }
        };
        let slot = &mut self.slots[index as usize];
        slot.live = true;
        slot.value = value;
        self.live += 1;
        Handle::new(index, slot.generation)
    }

    fn link(&mut self, from: Handle, to: Handle) -> Result<(), GcError> {
        let (f, _) = (self.check(from)?, self.check(to)?);
        self.slots[f].refs.push(to);
        Ok(())
    }

    fn unlink(&mut self, from: Handle, to: Handle) -> Result<bool, GcError> {
        let (f, _) = (self.check(from)?, self.check(to)?);
        let refs = &mut self.slots[f].refs;
        Ok(match refs.iter().position(|&r| r == to) {
            Some(p) => {
                refs.swap_remove(p);
                true
            }
            None => false,
        })
    }

    fn root(&mut self, h: Handle) -> Result<(), GcError> {
        let i = self.check(h)?;
        self.roots.insert(i as u32);
        Ok(())
    }

    fn unroot(&mut self, h: Handle) -> Result<bool, GcError> {
        let i = self.check(h)?;
        Ok(self.roots.remove(&(i as u32)))
    }

    /// Mark, then sweep.
    fn collect(&mut self) -> CollectStats {
        let marked = self.mark();
        let freed = self.sweep();
        CollectStats { marked, freed }
    }

    fn is_live(&self, h: Handle) -> bool {
        self.check(h).is_ok()
    }

    fn value(&self, h: Handle) -> Option<u64> {
        self.check(h).ok().map(|i| self.slots[i].value)
    }

    fn live_count(&self) -> usize {
        self.live
    }
}
