//! The naive oracle: every object in a map, collected by a breadth-first search.
//!
//! This is the definition of garbage written as code: the live objects after a
//! collection are exactly those a breadth-first search from the roots reaches. It never
//! reuses a slot (each object gets the next index, generation 0), so a dangling handle
//! is simply one the map no longer holds. Its costs are the ones a real collector
//! avoids: a map lookup per reference followed, and a hash set of everything reached.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};

use crate::{CollectStats, GcError, GcHeap, Handle};

/// A heap kept as a map from index to object, collected by BFS from the roots.
///
/// ```
/// use garbage_collection_contract::{BfsHeap, GcHeap};
///
/// let mut heap = BfsHeap::new();
/// let a = heap.alloc(1);
/// let b = heap.alloc(2);
/// heap.link(a, b).unwrap();
/// heap.link(b, a).unwrap();
/// // A cycle that no root reaches is garbage: reference counts would never drop to 0.
/// assert_eq!(heap.collect().freed, 2);
/// assert_eq!(heap.live_count(), 0);
/// ```
#[derive(Debug, Clone, Default)]
pub struct BfsHeap {
    /// Live objects by index: the value and the indices it references.
    objects: BTreeMap<u32, (u64, Vec<u32>)>,
    /// Indices of the rooted objects (all live).
    roots: BTreeSet<u32>,
    /// The index the next object gets.
    next: u32,
}

impl BfsHeap {
    /// The live object's index, or `Dangling`.
    fn index(&self, h: Handle) -> Result<u32, GcError> {
        let i = h.index() as u32;
        if h.generation() == 0 && self.objects.contains_key(&i) {
            Ok(i)
        } else {
            Err(GcError::Dangling)
        }
    }

    /// The indices a BFS from the roots reaches.
    pub fn reachable(&self) -> HashSet<u32> {
        let mut seen: HashSet<u32> = self.roots.iter().copied().collect();
        let mut queue: VecDeque<u32> = self.roots.iter().copied().collect();
        while let Some(i) = queue.pop_front() {
            for &j in &self.objects[&i].1 {
                if seen.insert(j) {
                    queue.push_back(j);
                }
            }
        }
        seen
    }
}

impl GcHeap for BfsHeap {
    fn new() -> Self {
        BfsHeap::default()
    }

    fn alloc(&mut self, value: u64) -> Handle {
        let i = self.next;
        self.next = i
            .checked_add(1)
            .expect("the oracle holds at most u32::MAX objects");
        self.objects.insert(i, (value, Vec::new()));
        Handle::new(i, 0)
    }

    fn link(&mut self, from: Handle, to: Handle) -> Result<(), GcError> {
        let (f, t) = (self.index(from)?, self.index(to)?);
        self.objects.get_mut(&f).expect("checked").1.push(t);
        Ok(())
    }

    fn unlink(&mut self, from: Handle, to: Handle) -> Result<bool, GcError> {
        let (f, t) = (self.index(from)?, self.index(to)?);
        let refs = &mut self.objects.get_mut(&f).expect("checked").1;
        Ok(match refs.iter().position(|&r| r == t) {
            Some(p) => {
                refs.remove(p);
                true
            }
            None => false,
        })
    }

    fn root(&mut self, h: Handle) -> Result<(), GcError> {
        let i = self.index(h)?;
        self.roots.insert(i);
        Ok(())
    }

    fn unroot(&mut self, h: Handle) -> Result<bool, GcError> {
        let i = self.index(h)?;
        Ok(self.roots.remove(&i))
    }

    fn collect(&mut self) -> CollectStats {
        let live = self.reachable();
        let before = self.objects.len();
        self.objects.retain(|i, _| live.contains(i));
        CollectStats {
            marked: live.len(),
            freed: before - live.len(),
        }
    }

    fn is_live(&self, h: Handle) -> bool {
        self.index(h).is_ok()
    }

    fn value(&self, h: Handle) -> Option<u64> {
        self.index(h).ok().map(|i| self.objects[&i].0)
    }

    fn live_count(&self) -> usize {
        self.objects.len()
    }
}
