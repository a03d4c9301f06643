//! A generational collector: a copying nursery and a mark-sweep old generation.
//!
//! The weak generational hypothesis (Lieberman and Hewitt 1983, Ungar 1984) says most
//! objects die young. So new objects go to a small *nursery*, and a **minor collection**
//! copies only the nursery's survivors (Cheney, as in [`CopyingHeap`](crate::CopyingHeap)),
//! never looking at the old generation; an object that has survived
//! [`promotion_age`](GenerationalHeap::promotion_age) minor collections is *promoted*
//! into the old generation, which does not move and is collected by mark-sweep only in a
//! **full collection** ([`collect`](GcHeap::collect)).
//!
//! A minor collection must still find every young object an old one points at, without
//! scanning the old generation. [`link`](GcHeap::link) is the **write barrier**: when
//! it stores a reference to a young object into an old one, it records the old object
//! in the **remembered set**, and a minor collection reads the remembered objects'
//! references as extra roots. The set is rebuilt after every collection to the old
//! objects that still point into the nursery (promoted objects included).
//!
//! A minor collection's work is O(roots + remembered references + surviving young
//! objects); with 95% of the nursery dead it is a small fraction of a full one. Its
//! cost: young objects that only a dead old object points at survive until the next full
//! collection (the remembered set is conservative), and every pointer store pays the
//! barrier's check.
//!
//! Objects move (nursery to nursery, nursery to old), so handles go through a handle
//! table, as in the copying heap. Collections run only when asked: a runtime triggers a
//! minor collection when the nursery fills, a full one when the old generation does.

use std::num::NonZeroU32;

use garbage_collection_contract::{CollectStats, GcError, GcHeap, Handle};

use crate::Work;
use crate::edges::{Edge, NONE, splice_out};

/// The default [`promotion_age`](GenerationalHeap::promotion_age): promoted on the
/// second minor collection survived.
pub const DEFAULT_PROMOTION_AGE: NonZeroU32 = NonZeroU32::new(2).expect("2 is not 0");

/// A heap of `u64` values with a nursery and an old generation.
///
/// ```
/// use garbage_collection::{GcHeap, GenerationalHeap};
///
/// let mut heap = GenerationalHeap::new();
/// let old = heap.alloc(0);
/// heap.root(old).unwrap();
/// heap.minor_collect();
/// heap.minor_collect(); // survived twice: promoted
/// assert_eq!(heap.old_count(), 1);
///
/// let young = heap.alloc(1);
/// heap.link(old, young).unwrap(); // the write barrier remembers `old`
/// for v in 0..98 {
///     heap.alloc(v); // garbage
/// }
/// let stats = heap.minor_collect();
/// // `marked` counts every object still live: the old one (never looked at) and the
/// // young survivor.
/// assert_eq!((stats.marked, stats.freed), (2, 98));
/// assert_eq!(heap.value(young), Some(1), "found through the remembered set");
/// ```
#[derive(Debug, Clone)]
pub struct GenerationalHeap {
    /// The handle table.
    entries: Vec<Entry>,
    /// The young objects.
    nursery: Space,
    /// Empty between collections; survivors are copied here.
    survivor: Space,
    /// The old generation: slots that never move.
    old: Vec<OldSlot>,
    /// Free old slots.
    old_free: Vec<u32>,
    /// Live old objects.
    old_live: usize,
    /// Old slots that may point at young objects (each has `remembered` set).
    remembered: Vec<u32>,
    /// Rooted entries (each has `rooted` set).
    roots: Vec<u32>,
    /// A young entry is live iff its epoch equals this; every collection bumps it.
    young_epoch: u64,
    /// Minor collections survived before promotion.
    promotion_age: NonZeroU32,
    /// The allocator's lazy walk over the table for dead entries.
    cursor: usize,
    /// What the last collection did.
    work: Work,
}

/// One handle-table entry.
#[derive(Debug, Clone, Copy)]
struct Entry {
    generation: u32,
    rooted: bool,
    place: Place,
}

/// Where an entry's object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// In the nursery at `addr`, if `epoch` is the current young epoch; else dead.
    Young { addr: u32, epoch: u64 },
    /// In old slot `.0`.
    Old(u32),
    /// Freed by a full collection.
    Free,
}

/// A nursery space.
#[derive(Debug, Clone, Default)]
struct Space {
    objects: Vec<YoungObject>,
    edges: Vec<Edge>,
}

/// A young object.
#[derive(Debug, Clone, Copy)]
struct YoungObject {
    value: u64,
    first: u32,
    /// Minor collections survived.
    age: u32,
}

/// An old-generation slot.
#[derive(Debug, Clone, Default)]
struct OldSlot {
    value: u64,
    refs: Vec<Handle>,
    /// Its handle-table entry.
    entry: u32,
    live: bool,
    marked: bool,
    /// In the remembered set.
    remembered: bool,
}

impl Default for GenerationalHeap {
    fn default() -> Self {
        GenerationalHeap::with_promotion_age(DEFAULT_PROMOTION_AGE)
    }
}

impl GenerationalHeap {
    /// An empty heap whose nursery objects are promoted after surviving `age` minor
    /// collections.
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// let heap = garbage_collection::GenerationalHeap::with_promotion_age(NonZeroU32::MIN);
    /// assert_eq!(heap.promotion_age().get(), 1);
    /// ```
    pub fn with_promotion_age(age: NonZeroU32) -> Self {
        GenerationalHeap {
            entries: Vec::new(),
            nursery: Space::default(),
            survivor: Space::default(),
            old: Vec::new(),
            old_free: Vec::new(),
            old_live: 0,
            remembered: Vec::new(),
            roots: Vec::new(),
            young_epoch: 0,
            promotion_age: age,
            cursor: 0,
            work: Work::default(),
        }
    }

    /// Minor collections an object survives before promotion.
    pub fn promotion_age(&self) -> NonZeroU32 {
        self.promotion_age
    }

    /// A minor collection: copies the nursery's survivors, found from the roots and the
    /// remembered set, and promotes the old enough. Frees only young objects, and may
    /// keep young garbage an unreachable old object points at. The stats' `marked` is
    /// every object still live, the old generation's included.
    pub fn minor_collect(&mut self) -> CollectStats {
        self.collect_with(false)
    }

    /// Objects in the nursery.
    pub fn young_count(&self) -> usize {
        self.nursery.objects.len()
    }

    /// Objects in the old generation.
    pub fn old_count(&self) -> usize {
        self.old_live
    }

    /// Old objects in the remembered set.
    pub fn remembered_count(&self) -> usize {
        self.remembered.len()
    }

    /// The work of the last collection, minor or full.
    pub fn last_work(&self) -> Work {
        self.work
    }

    /// The entry and place of a live object, or `Dangling`.
    fn locate(&self, h: Handle) -> Result<(usize, Place), GcError> {
        match self.entries.get(h.index()) {
            Some(e) if e.generation == h.generation() => match e.place {
                Place::Young { epoch, .. } if epoch == self.young_epoch => Ok((h.index(), e.place)),
                Place::Old(_) => Ok((h.index(), e.place)),
                _ => Err(GcError::Dangling),
            },
            _ => Err(GcError::Dangling),
        }
    }

    /// Whether entry `e` holds a live young object.
    fn is_young(&self, e: usize) -> bool {
        matches!(self.entries[e].place, Place::Young { epoch, .. } if epoch == self.young_epoch)
    }

    /// A dead entry to reuse (the allocator's lazy walk), or a new one.
    fn new_entry(&mut self) -> u32 {
        while self.cursor < self.entries.len() {
            let i = self.cursor;
            self.cursor += 1;
            let dead = !matches!(self.entries[i].place, Place::Old(_)) && !self.is_young(i);
            let e = &mut self.entries[i];
            if dead && let Some(next) = e.generation.checked_add(1) {
                e.generation = next;
                e.rooted = false;
                return i as u32;
            }
        }
        let i = u32::try_from(self.entries.len())
            .expect("the handle table holds at most u32::MAX entries");
        self.entries.push(Entry {
            generation: 0,
            rooted: false,
            place: Place::Free,
        });
        self.cursor = self.entries.len();
        i
    }

    /// One collection: minor (`full` false: roots and remembered set, nursery only) or
    /// full (roots only, both generations, then the old generation swept).
    fn collect_with(&mut self, full: bool) -> CollectStats {
        self.work = Work::default();
        let before = self.live_count();
        let epoch = self.young_epoch + 1;
        self.survivor.objects.clear();
        self.survivor.edges.clear();
        // Old slots to scan: promoted ones, and in a full collection the marked ones.
        let mut grey: Vec<u32> = Vec::new();
        let mut scanned_old: Vec<u32> = Vec::new();
        for k in 0..self.roots.len() {
            self.work.roots += 1;
            self.visit(self.roots[k] as usize, epoch, full, &mut grey);
        }
        let remembered = std::mem::take(&mut self.remembered);
        for &s in &remembered {
            self.old[s as usize].remembered = false;
            if !full {
                self.work.roots += 1;
                self.scan_old(s as usize, epoch, full, &mut grey);
            }
        }
        let mut scan = 0;
        loop {
            if scan < self.survivor.objects.len() {
                let mut edge = self.survivor.objects[scan].first;
                while edge != NONE {
                    let Edge { to, next } = self.survivor.edges[edge as usize];
                    self.work.scanned += 1;
                    self.visit(to.index(), epoch, full, &mut grey);
                    edge = next;
                }
                scan += 1;
            } else if let Some(s) = grey.pop() {
                scanned_old.push(s);
                self.scan_old(s as usize, epoch, full, &mut grey);
            } else {
                break;
            }
        }
        if full {
            self.sweep_old();
        }
        std::mem::swap(&mut self.nursery, &mut self.survivor);
        self.young_epoch = epoch;
        self.cursor = 0;
        // The new remembered set: old objects that still point into the nursery. A
        // minor collection keeps the old candidates and adds the promoted; a full one
        // traced every live old object, so it checks exactly those.
        let candidates = if full {
            scanned_old
        } else {
            let mut c = remembered;
            c.extend(scanned_old);
            c
        };
        for s in candidates {
            let slot = &self.old[s as usize];
            if !slot.live || slot.remembered {
                continue;
            }
            self.work.scanned += slot.refs.len() as u64;
            if slot.refs.iter().any(|h| self.is_young(h.index())) {
                self.old[s as usize].remembered = true;
                self.remembered.push(s);
            }
        }
        let marked = self.live_count();
        CollectStats {
            marked,
            freed: before - marked,
        }
    }

    /// Reaches entry `e`: evacuates a young object not yet moved this collection; in a
    /// full collection, marks an unmarked old one grey.
    fn visit(&mut self, e: usize, epoch: u64, full: bool, grey: &mut Vec<u32>) {
        match self.entries[e].place {
            Place::Young { addr, epoch: at } if at == self.young_epoch => {
                self.evacuate(e, addr as usize, epoch, full, grey);
            }
            Place::Old(s) if full => {
                let slot = &mut self.old[s as usize];
                if !slot.marked {
                    slot.marked = true;
                    grey.push(s);
                }
            }
            // Already moved this collection, old in a minor collection, or free.
            _ => {}
        }
    }

    /// Reads old slot `s`'s references.
    fn scan_old(&mut self, s: usize, epoch: u64, full: bool, grey: &mut Vec<u32>) {
        self.work.traced += 1;
        let refs = std::mem::take(&mut self.old[s].refs);
        for h in &refs {
            self.work.scanned += 1;
            self.visit(h.index(), epoch, full, grey);
        }
        self.old[s].refs = refs;
    }

    /// Moves the young object of entry `e` (at `addr` in the nursery) to the survivor
    /// space, or promotes it to the old generation once old enough.
    fn evacuate(&mut self, e: usize, addr: usize, epoch: u64, full: bool, grey: &mut Vec<u32>) {
        let object = self.nursery.objects[addr];
        let age = object.age + 1;
        if age >= self.promotion_age.get() {
            let s = match self.old_free.pop() {
                Some(s) => s,
                None => {
                    self.old.push(OldSlot::default());
                    u32::try_from(self.old.len() - 1)
                        .expect("the old generation holds at most u32::MAX objects")
                }
            };
            let mut refs = std::mem::take(&mut self.old[s as usize].refs);
            let mut edge = object.first;
            while edge != NONE {
                let Edge { to, next } = self.nursery.edges[edge as usize];
                refs.push(to);
                edge = next;
            }
            self.old[s as usize] = OldSlot {
                value: object.value,
                refs,
                entry: e as u32,
                live: true,
                // A full collection sweeps after this: the promoted object is live.
                marked: full,
                remembered: false,
            };
            self.old_live += 1;
            self.entries[e].place = Place::Old(s);
            // Its references still need reading: its young targets must survive too.
            grey.push(s);
            self.work.traced += 1;
            return;
        }
        let mut first = NONE;
        let mut last: Option<usize> = None;
        let mut edge = object.first;
        while edge != NONE {
            let Edge { to, next } = self.nursery.edges[edge as usize];
            let at = self.survivor.edges.len() as u32;
            self.survivor.edges.push(Edge { to, next: NONE });
            match last {
                Some(l) => self.survivor.edges[l].next = at,
                None => first = at,
            }
            last = Some(at as usize);
            edge = next;
        }
        let to = self.survivor.objects.len() as u32;
        self.survivor.objects.push(YoungObject {
            value: object.value,
            first,
            age,
        });
        self.entries[e].place = Place::Young { addr: to, epoch };
        self.work.traced += 1;
    }

    /// Frees every live, unmarked old object and clears the other marks.
    fn sweep_old(&mut self) {
        for (i, slot) in self.old.iter_mut().enumerate() {
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
            self.entries[slot.entry as usize].place = Place::Free;
            self.old_free.push(i as u32);
            self.old_live -= 1;
        }
    }
}

impl GcHeap for GenerationalHeap {
    fn new() -> Self {
        GenerationalHeap::default()
    }

    fn alloc(&mut self, value: u64) -> Handle {
        let e = self.new_entry();
        let addr = u32::try_from(self.nursery.objects.len())
            .expect("the nursery holds at most u32::MAX objects");
        self.nursery.objects.push(YoungObject {
            value,
            first: NONE,
            age: 0,
        });
        let entry = &mut self.entries[e as usize];
        entry.place = Place::Young {
            addr,
            epoch: self.young_epoch,
        };
        Handle::new(e, entry.generation)
    }

    fn link(&mut self, from: Handle, to: Handle) -> Result<(), GcError> {
        let ((_, from_place), (t, _)) = (self.locate(from)?, self.locate(to)?);
        match from_place {
            Place::Old(s) => {
                let young_target = self.is_young(t);
                let slot = &mut self.old[s as usize];
                slot.refs.push(to);
                // The write barrier: an old object now points at a young one.
                if young_target && !slot.remembered {
                    slot.remembered = true;
                    self.remembered.push(s);
                }
            }
            Place::Young { addr, .. } => {
                let at = u32::try_from(self.nursery.edges.len())
                    .expect("the nursery holds at most u32::MAX references");
                let object = &mut self.nursery.objects[addr as usize];
                self.nursery.edges.push(Edge {
                    to,
                    next: object.first,
                });
                object.first = at;
            }
            Place::Free => unreachable!("locate returns live places only"),
        }
        Ok(())
    }

    fn unlink(&mut self, from: Handle, to: Handle) -> Result<bool, GcError> {
        let ((_, from_place), _) = (self.locate(from)?, self.locate(to)?);
        match from_place {
            Place::Old(s) => {
                let refs = &mut self.old[s as usize].refs;
                Ok(match refs.iter().position(|&r| r == to) {
                    Some(p) => {
                        refs.swap_remove(p);
                        true
                    }
                    None => false,
                })
            }
            Place::Young { addr, .. } => {
                let Space { objects, edges } = &mut self.nursery;
                Ok(splice_out(&mut objects[addr as usize].first, edges, to))
            }
            Place::Free => unreachable!("locate returns live places only"),
        }
    }

    fn root(&mut self, h: Handle) -> Result<(), GcError> {
        let (e, _) = self.locate(h)?;
        if !self.entries[e].rooted {
            self.entries[e].rooted = true;
            self.roots.push(e as u32);
        }
        Ok(())
    }

    fn unroot(&mut self, h: Handle) -> Result<bool, GcError> {
        let (e, _) = self.locate(h)?;
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

    /// A full collection: both generations, from the roots only.
    fn collect(&mut self) -> CollectStats {
        self.collect_with(true)
    }

    fn is_live(&self, h: Handle) -> bool {
        self.locate(h).is_ok()
    }

    fn value(&self, h: Handle) -> Option<u64> {
        match self.locate(h).ok()?.1 {
            Place::Young { addr, .. } => Some(self.nursery.objects[addr as usize].value),
            Place::Old(s) => Some(self.old[s as usize].value),
            Place::Free => None,
        }
    }

    fn live_count(&self) -> usize {
        self.nursery.objects.len() + self.old_live
    }
}
