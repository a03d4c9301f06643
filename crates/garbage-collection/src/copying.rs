//! A copying collector: Cheney's semispace algorithm (1970).
//!
//! The objects live in one space (from-space). A collection copies each object reachable
//! from the roots into the other, empty space (to-space), breadth first, using the
//! copied objects themselves as the queue: a *scan* index walks to-space, and each
//! reference it reads either finds its target already copied (forwarded) or copies it
//! to the end. When the scan index catches up with the end, every reachable object has
//! been copied, compacted, in to-space; the spaces swap, and from-space is simply
//! reused, without ever looking at the dead objects in it.
//!
//! So the collector's work is O(live objects + their references): at 1% live it does
//! about 1% of the work of 100% live, where mark-sweep still sweeps every slot. The
//! price is the second space (here two `Vec`s, each as large as the live set at most).
//!
//! Objects move, so the program's [`Handle`]s go through a *handle table* (as in the
//! Smalltalk-80 object table, or JNI's handles): a handle names a table entry, and the
//! entry holds the object's current address and the collection epoch it belongs to. An
//! entry whose epoch is not the current one belongs to an object the last collection did
//! not copy: dead. The collector never visits those; the allocator reclaims them lazily,
//! walking the table with a cursor when it needs an entry (the handle table's "lazy
//! sweep"; a runtime without handles has no such table). An object's references are
//! handles too, kept as a linked list in the space's edge array, so freeing a space is
//! a `clear` of plain data.

use garbage_collection_contract::{CollectStats, GcError, GcHeap, Handle};

use crate::Work;
use crate::edges::{Edge, NONE, splice_out};

/// A heap of `u64` values collected by copying live objects between two semispaces.
///
/// ```
/// use garbage_collection::{CopyingHeap, GcHeap};
///
/// let mut heap = CopyingHeap::new();
/// let root = heap.alloc(1);
/// heap.root(root).unwrap();
/// for v in 0..99 {
///     heap.alloc(v); // garbage
/// }
/// let stats = heap.collect();
/// assert_eq!((stats.marked, stats.freed), (1, 99));
/// // Copying touched the one live object, never the 99 dead ones.
/// assert_eq!(heap.last_work().traced, 1);
/// assert_eq!(heap.last_work().swept, 0);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CopyingHeap {
    /// The handle table.
    entries: Vec<Entry>,
    /// Where the objects are.
    from: Space,
    /// Empty between collections; kept for its capacity.
    to: Space,
    /// Rooted entries (each also has `rooted` set).
    roots: Vec<u32>,
    /// The current epoch: an entry is live iff its epoch equals it.
    epoch: u64,
    /// The allocator's position in its lazy walk over the table for dead entries.
    cursor: usize,
    /// What the last collection did.
    work: Work,
}

/// One handle-table entry.
#[derive(Debug, Clone, Copy)]
struct Entry {
    generation: u32,
    /// The epoch of the last collection that copied the object (or of its allocation).
    epoch: u64,
    /// The object's index in from-space, valid while the entry is live.
    addr: u32,
    rooted: bool,
}

/// One semispace: objects and their references.
#[derive(Debug, Clone, Default)]
struct Space {
    objects: Vec<Object>,
    edges: Vec<Edge>,
}

/// An object in a space.
#[derive(Debug, Clone, Copy)]
struct Object {
    value: u64,
    /// The first edge of its reference list, or `NONE`.
    first: u32,
}

impl CopyingHeap {
    /// The work of the last collection: objects copied, references scanned, roots read
    /// (it sweeps nothing).
    pub fn last_work(&self) -> Work {
        self.work
    }

    /// The entry of a live object, or `Dangling`.
    fn check(&self, h: Handle) -> Result<usize, GcError> {
        match self.entries.get(h.index()) {
            Some(e) if e.epoch == self.epoch && e.generation == h.generation() => Ok(h.index()),
            _ => Err(GcError::Dangling),
        }
    }

    /// A dead entry to reuse, found by the lazy walk, or a new one.
    fn new_entry(&mut self) -> u32 {
        while self.cursor < self.entries.len() {
            let i = self.cursor;
            self.cursor += 1;
            let e = &mut self.entries[i];
            if e.epoch != self.epoch {
                // Retire an entry whose generation cannot move on.
                if let Some(next) = e.generation.checked_add(1) {
                    e.generation = next;
                    e.epoch = self.epoch;
                    e.rooted = false;
                    return i as u32;
                }
            }
        }
        let i = u32::try_from(self.entries.len())
            .expect("the handle table holds at most u32::MAX entries");
        self.entries.push(Entry {
            generation: 0,
            epoch: self.epoch,
            addr: 0,
            rooted: false,
        });
        self.cursor = self.entries.len();
        i
    }

    /// Copies the object of entry `e` to to-space unless this collection already did,
    /// copying its reference list along (targets fixed later, when the scan reaches it).
    fn forward(&mut self, e: usize, epoch: u64) {
        let entry = self.entries[e];
        if entry.epoch == epoch {
            return;
        }
        let object = self.from.objects[entry.addr as usize];
        let mut first = NONE;
        let mut edge = object.first;
        let mut last: Option<usize> = None;
        while edge != NONE {
            let Edge { to, next } = self.from.edges[edge as usize];
            let at = self.to.edges.len() as u32;
            self.to.edges.push(Edge { to, next: NONE });
            match last {
                Some(l) => self.to.edges[l].next = at,
                None => first = at,
            }
            last = Some(at as usize);
            edge = next;
        }
        let addr = self.to.objects.len() as u32;
        self.to.objects.push(Object { first, ..object });
        self.entries[e].addr = addr;
        self.entries[e].epoch = epoch;
        self.work.traced += 1;
    }
}

impl GcHeap for CopyingHeap {
    fn new() -> Self {
        CopyingHeap::default()
    }

    fn alloc(&mut self, value: u64) -> Handle {
        let e = self.new_entry();
        let addr =
            u32::try_from(self.from.objects.len()).expect("a space holds at most u32::MAX objects");
        self.from.objects.push(Object { value, first: NONE });
        let entry = &mut self.entries[e as usize];
        entry.addr = addr;
        Handle::new(e, entry.generation)
    }

    fn link(&mut self, from: Handle, to: Handle) -> Result<(), GcError> {
        let (f, _) = (self.check(from)?, self.check(to)?);
        let object = &mut self.from.objects[self.entries[f].addr as usize];
        let at = u32::try_from(self.from.edges.len())
            .expect("a space holds at most u32::MAX references");
        self.from.edges.push(Edge {
            to,
            next: object.first,
        });
        object.first = at;
        Ok(())
    }

    fn unlink(&mut self, from: Handle, to: Handle) -> Result<bool, GcError> {
        let (f, _) = (self.check(from)?, self.check(to)?);
        let addr = self.entries[f].addr as usize;
        // The spliced-out edge stays behind until the next copy.
        let Space { objects, edges } = &mut self.from;
        Ok(splice_out(&mut objects[addr].first, edges, to))
    }

    fn root(&mut self, h: Handle) -> Result<(), GcError> {
        let e = self.check(h)?;
        if !self.entries[e].rooted {
            self.entries[e].rooted = true;
            self.roots.push(e as u32);
        }
        Ok(())
    }

    fn unroot(&mut self, h: Handle) -> Result<bool, GcError> {
        let e = self.check(h)?;
        if !self.entries[e].rooted {
            return Ok(false);
        }
        self.entries[e].rooted = false;
        let p = self
            .roots
            .iter()
            .position(|&r| r as usize == e)
            .expect("a rooted entry is in the root list");
        self.roots.swap_remove(p);
        Ok(true)
    }

    fn collect(&mut self) -> CollectStats {
        self.work = Work::default();
        let before = self.from.objects.len();
        let epoch = self.epoch + 1;
        self.to.objects.clear();
        self.to.edges.clear();
        for k in 0..self.roots.len() {
            self.work.roots += 1;
            self.forward(self.roots[k] as usize, epoch);
        }
        // Cheney's scan: everything behind `scan` has its targets copied too.
        let mut scan = 0;
        while scan < self.to.objects.len() {
            let mut edge = self.to.objects[scan].first;
            while edge != NONE {
                let Edge { to, next } = self.to.edges[edge as usize];
                self.work.scanned += 1;
                self.forward(to.index(), epoch);
                edge = next;
            }
            scan += 1;
        }
        std::mem::swap(&mut self.from, &mut self.to);
        self.epoch = epoch;
        self.cursor = 0;
        let marked = self.from.objects.len();
        CollectStats {
            marked,
            freed: before - marked,
        }
    }

    fn is_live(&self, h: Handle) -> bool {
        self.check(h).is_ok()
    }

    fn value(&self, h: Handle) -> Option<u64> {
        let e = self.check(h).ok()?;
        Some(self.from.objects[self.entries[e].addr as usize].value)
    }

    fn live_count(&self) -> usize {
        self.from.objects.len()
    }
}
