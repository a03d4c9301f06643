//! The reference heap: mark-sweep over slots, plus incremental tri-colour marking.
//!
//! Objects live in a `Vec` of slots and never move, so a [`Handle`] is a slot index and
//! the slot's generation. Freeing an object bumps its slot's generation and puts the
//! slot on a free list; an old handle then matches nothing, which is how this heap turns
//! a use-after-free into [`GcError::Dangling`] without `unsafe`.
//!
//! A collection is two passes (McCarthy, 1960):
//!
//! 1. **mark**: from the roots, follow references with an explicit work list (a
//!    `Vec`, not recursion: a million-object chain would need a million stack frames),
//!    setting each reached slot's mark bit once;
//! 2. **sweep**: walk *every* slot; clear the marks of the marked ones, free the rest.
//!
//! Marking costs O(live objects + their references); sweeping costs O(slots), dead and
//! live alike, which is why the copying collector exists.
//!
//! The same heap also marks **incrementally**: [`Heap::start_incremental`] greys the
//! roots, [`Heap::mark_step`] blackens a few grey objects at a time while the program
//! keeps calling [`Heap::link`] and [`Heap::unlink`], and
//! [`Heap::finish_incremental`] re-scans the roots and sweeps. With
//! [`Barrier::Dijkstra`], `link` shades its target grey, so no black object ever points
//! at a white one; with [`Barrier::Off`] the program can hide a white object behind a
//! black one and the sweep frees an object that is still reachable.

use std::collections::BTreeSet;

use garbage_collection_contract::{CollectStats, GcError, GcHeap, Handle};

use crate::Work;

/// A heap of `u64` values collected by mark-sweep; the reference implementation of the
/// contract's [`GcHeap`].
///
/// ```
/// use garbage_collection::{CollectStats, GcError, Heap};
///
/// let mut heap = Heap::new();
/// let list = heap.alloc(1);
/// let item = heap.alloc(2);
/// let temp = heap.alloc(3);
/// heap.root(list)?;
/// heap.link(list, item)?;
/// assert_eq!(heap.collect(), CollectStats { marked: 2, freed: 1 });
/// assert_eq!(heap.value(item), Some(2));
/// assert_eq!(heap.value(temp), None);
/// assert_eq!(heap.root(temp), Err(GcError::Dangling));
/// # Ok::<(), GcError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Heap {
    /// Every slot ever used. A slot is free when `live` is false; a live object's
    /// references point at live objects (a collection frees a whole unreachable set at
    /// once), except after an incremental cycle run with the barrier off.
    slots: Vec<Slot>,
    /// Free slots, reused last-freed first.
    free: Vec<u32>,
    /// Rooted slots (always live: a root is reachable).
    roots: BTreeSet<u32>,
    /// Live objects.
    live: usize,
    /// What the last collection did.
    work: Work,
    /// The incremental cycle in progress, if any.
    marking: Option<Marking>,
}

/// One slot: the object in it, if any, and the slot's generation.
#[derive(Debug, Clone, Default)]
struct Slot {
    /// Bumped when the object is freed, so handles to it stop matching.
    generation: u32,
    live: bool,
    /// Set by marking, cleared by the sweep: between collections every mark is clear.
    marked: bool,
    value: u64,
    /// The references, one entry per `link` (kept allocated when the slot is freed, for
    /// the next object in the slot).
    refs: Vec<Handle>,
}

/// Whether incremental marking guards the program's pointer writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Barrier {
    /// Dijkstra's insertion barrier: `link(from, to)` during marking shades `to` grey.
    Dijkstra,
    /// No barrier: correct only if the program changes no reference while marking runs.
    Off,
}

/// The state of an incremental cycle.
#[derive(Debug, Clone)]
struct Marking {
    barrier: Barrier,
    /// Marked but not yet scanned. White objects are unmarked; black ones are marked
    /// and no longer here.
    grey: Vec<u32>,
    /// Objects marked so far.
    marked: usize,
}

impl Heap {
    /// An empty heap.
    pub fn new() -> Self {
        Heap::default()
    }

    /// Allocates an object holding `value`, with no references. It is live until a
    /// collection finds it unreachable. During an incremental cycle it is allocated
    /// black (marked): it was not there when the roots were scanned.
    ///
    /// # Panics
    ///
    /// If the heap already uses `u32::MAX` slots.
    pub fn alloc(&mut self, value: u64) -> Handle {
        let black = self.marking.is_some();
        let index = match self.free.pop() {
            Some(i) => i,
            None => {
                let i = u32::try_from(self.slots.len())
                    .ok()
                    .filter(|&i| i < u32::MAX)
                    .expect("the heap holds at most u32::MAX - 1 slots");
                self.slots.push(Slot::default());
                i
            }
        };
        let slot = &mut self.slots[index as usize];
        slot.live = true;
        slot.marked = black;
        slot.value = value;
        debug_assert!(slot.refs.is_empty());
        self.live += 1;
        if let Some(m) = &mut self.marking {
            m.marked += 1;
        }
        Handle::new(index, slot.generation)
    }

    /// Adds one reference from `from` to `to`. During an incremental cycle with
    /// [`Barrier::Dijkstra`] this is the write barrier: a white `to` is shaded grey.
    ///
    /// # Errors
    ///
    /// [`GcError::Dangling`] if either handle is dangling; nothing changes.
    pub fn link(&mut self, from: Handle, to: Handle) -> Result<(), GcError> {
        let (f, t) = (self.check(from)?, self.check(to)?);
        self.slots[f].refs.push(to);
        if let Some(m) = &mut self.marking
            && m.barrier == Barrier::Dijkstra
            && !self.slots[t].marked
        {
            self.slots[t].marked = true;
            m.marked += 1;
            m.grey.push(t as u32);
        }
        Ok(())
    }

    /// Removes one reference from `from` to `to`; `Ok(false)` if there was none.
    ///
    /// # Errors
    ///
    /// [`GcError::Dangling`] if either handle is dangling.
    pub fn unlink(&mut self, from: Handle, to: Handle) -> Result<bool, GcError> {
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

    /// Makes `h` a root; rooting a root again changes nothing.
    ///
    /// # Errors
    ///
    /// [`GcError::Dangling`] if `h` is dangling.
    pub fn root(&mut self, h: Handle) -> Result<(), GcError> {
        let i = self.check(h)?;
        self.roots.insert(i as u32);
        Ok(())
    }

    /// Stops `h` being a root; `Ok(false)` if it was not one.
    ///
    /// # Errors
    ///
    /// [`GcError::Dangling`] if `h` is dangling.
    pub fn unroot(&mut self, h: Handle) -> Result<bool, GcError> {
        let i = self.check(h)?;
        Ok(self.roots.remove(&(i as u32)))
    }

    /// Marks from the roots, sweeps every slot, and returns what it kept and freed.
    /// During an incremental cycle it finishes that cycle instead
    /// ([`Heap::finish_incremental`]).
    pub fn collect(&mut self) -> CollectStats {
        if self.marking.is_some() {
            return self.finish_incremental();
        }
        self.work = Work::default();
        let marked = self.mark();
        let freed = self.sweep();
        CollectStats { marked, freed }
    }

    /// Whether `h` names a live object.
    pub fn is_live(&self, h: Handle) -> bool {
        self.check(h).is_ok()
    }

    /// The value of `h`'s object, `None` if `h` is dangling.
    pub fn value(&self, h: Handle) -> Option<u64> {
        self.check(h).ok().map(|i| self.slots[i].value)
    }

    /// The number of live objects.
    pub fn live_count(&self) -> usize {
        self.live
    }

    /// The references `h`'s object holds, in no particular order.
    ///
    /// # Errors
    ///
    /// [`GcError::Dangling`] if `h` is dangling.
    pub fn references(&self, h: Handle) -> Result<&[Handle], GcError> {
        Ok(&self.slots[self.check(h)?].refs)
    }

    /// The rooted objects.
    pub fn roots(&self) -> impl Iterator<Item = Handle> + '_ {
        self.roots
            .iter()
            .map(|&i| Handle::new(i, self.slots[i as usize].generation))
    }

    /// The slots the heap has ever used, live and free: what a sweep walks.
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// The work of the last collection: objects marked, references scanned, slots
    /// swept, roots read.
    pub fn last_work(&self) -> Work {
        self.work
    }

    /// References from live objects to freed ones: always 0, unless an incremental cycle
    /// without a barrier freed a reachable object (the bug the barrier prevents). Such a
    /// reference is dead weight, never followed: its handle's generation no longer
    /// matches.
    pub fn dangling_references(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| s.live)
            .flat_map(|s| &s.refs)
            .filter(|&&h| self.check(h).is_err())
            .count()
    }

    /// Starts an incremental cycle: greys the roots and returns. Call
    /// [`mark_step`](Heap::mark_step) between the program's operations, then
    /// [`finish_incremental`](Heap::finish_incremental).
    ///
    /// # Panics
    ///
    /// If a cycle is already in progress.
    pub fn start_incremental(&mut self, barrier: Barrier) {
        assert!(
            self.marking.is_none(),
            "an incremental cycle is already in progress: finish it first"
        );
        self.work = Work::default();
        let mut marking = Marking {
            barrier,
            grey: Vec::new(),
            marked: 0,
        };
        for &r in &self.roots {
            self.work.roots += 1;
            let slot = &mut self.slots[r as usize];
            if !slot.marked {
                slot.marked = true;
                marking.marked += 1;
                marking.grey.push(r);
            }
        }
        self.marking = Some(marking);
    }

    /// Scans up to `budget` grey objects (shading their white targets grey); returns
    /// true when no grey object is left. Does nothing and returns true outside a cycle.
    pub fn mark_step(&mut self, budget: usize) -> bool {
        let Some(mut m) = self.marking.take() else {
            return true;
        };
        for _ in 0..budget {
            let Some(i) = m.grey.pop() else { break };
            m.marked += self.scan(i as usize, &mut m.grey);
        }
        let done = m.grey.is_empty();
        self.marking = Some(m);
        done
    }

    /// Whether an incremental cycle is in progress.
    pub fn is_marking(&self) -> bool {
        self.marking.is_some()
    }

    /// Ends the incremental cycle: re-scans the roots (the program may have rooted
    /// objects since the start), marks until no grey object is left, then sweeps. Returns
    /// what it kept and freed; without a barrier, "freed" may include reachable objects.
    /// Outside a cycle it is a plain [`collect`](Heap::collect).
    pub fn finish_incremental(&mut self) -> CollectStats {
        let Some(mut m) = self.marking.take() else {
            return self.collect();
        };
        for &r in &self.roots {
            self.work.roots += 1;
            let slot = &mut self.slots[r as usize];
            if !slot.marked {
                slot.marked = true;
                m.marked += 1;
                m.grey.push(r);
            }
        }
        while let Some(i) = m.grey.pop() {
            m.marked += self.scan(i as usize, &mut m.grey);
        }
        let freed = self.sweep();
        CollectStats {
            marked: m.marked,
            freed,
        }
    }

    /// Marks every object reachable from the roots, with an explicit stack; returns how
    /// many it marked.
    fn mark(&mut self) -> usize {
        let mut stack: Vec<u32> = Vec::new();
        let mut marked = 0;
        for &r in &self.roots {
            self.work.roots += 1;
            let slot = &mut self.slots[r as usize];
            if !slot.marked {
                slot.marked = true;
                marked += 1;
                stack.push(r);
            }
        }
        while let Some(i) = stack.pop() {
            marked += self.scan(i as usize, &mut stack);
        }
        marked
    }

    /// Blackens slot `i`: marks each unmarked live target of its references and pushes
    /// it on `grey`. Returns how many it marked. A reference whose generation no longer
    /// matches (left by a barrier-less incremental cycle) is skipped.
    fn scan(&mut self, i: usize, grey: &mut Vec<u32>) -> usize {
        self.work.traced += 1;
        let mut marked = 0;
        for k in 0..self.slots[i].refs.len() {
            let h = self.slots[i].refs[k];
            self.work.scanned += 1;
            let target = &mut self.slots[h.index()];
            if target.live && target.generation == h.generation() && !target.marked {
                target.marked = true;
                marked += 1;
                grey.push(h.index() as u32);
            }
        }
        marked
    }

    /// Frees every live, unmarked slot and clears the marks of the rest; returns how
    /// many it freed.
    fn sweep(&mut self) -> usize {
        let mut freed = 0;
        for (i, slot) in self.slots.iter_mut().enumerate() {
            self.work.swept += 1;
            if !slot.live {
                continue;
            }
            if slot.marked {
                slot.marked = false;
                continue;
            }
            slot.live = false;
            slot.refs.clear();
            freed += 1;
            // A slot whose generation cannot move on any more is retired, never reused,
            // so no old handle can ever match it again.
            if let Some(next) = slot.generation.checked_add(1) {
                slot.generation = next;
                self.free.push(i as u32);
            }
        }
        self.live -= freed;
        freed
    }

    /// The slot of a live object, or `Dangling`.
    fn check(&self, h: Handle) -> Result<usize, GcError> {
        match self.slots.get(h.index()) {
            Some(s) if s.live && s.generation == h.generation() => Ok(h.index()),
            _ => Err(GcError::Dangling),
        }
    }
}

impl GcHeap for Heap {
    fn new() -> Self {
        Heap::new()
    }
    fn alloc(&mut self, value: u64) -> Handle {
        Heap::alloc(self, value)
    }
    fn link(&mut self, from: Handle, to: Handle) -> Result<(), GcError> {
        Heap::link(self, from, to)
    }
    fn unlink(&mut self, from: Handle, to: Handle) -> Result<bool, GcError> {
        Heap::unlink(self, from, to)
    }
    fn root(&mut self, h: Handle) -> Result<(), GcError> {
        Heap::root(self, h)
    }
    fn unroot(&mut self, h: Handle) -> Result<bool, GcError> {
        Heap::unroot(self, h)
    }
    fn collect(&mut self) -> CollectStats {
        Heap::collect(self)
    }
    fn is_live(&self, h: Handle) -> bool {
        Heap::is_live(self, h)
    }
    fn value(&self, h: Handle) -> Option<u64> {
        Heap::value(self, h)
    }
    fn live_count(&self) -> usize {
        Heap::live_count(self)
    }
}
