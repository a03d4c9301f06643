//! [`UnionFind`]: disjoint sets with union by size and path halving.

/// Disjoint sets over the elements `0..len`, answering "are a and b connected?" in
/// near-constant amortized time (O(α(n)), the inverse Ackermann function, which is at
/// most 4 for any input that fits in memory).
///
/// Union by size keeps trees shallow (a tree of height h has at least 2^h elements);
/// path halving (every other node on a `find` path is pointed at its grandparent)
/// flattens them further without recursion. Each element costs 4 bytes.
///
/// # Example
///
/// ```
/// use graph_cycles::UnionFind;
///
/// let mut sets = UnionFind::new(4);
/// assert!(sets.union(0, 1));
/// assert!(sets.union(2, 3));
/// assert!(!sets.union(1, 0), "already in one set");
/// assert!(sets.connected(0, 1) && !sets.connected(1, 2));
/// assert_eq!(sets.set_count(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct UnionFind {
    /// One word per element: a root holds its set's size minus one, any other element
    /// `LINK | parent`. All zeros means "every element is a singleton root", so `new`
    /// is one zeroed allocation,
    /// which the operating system provides lazily: a check that stops at the first
    /// cycle touches only the elements it visits.
    slots: Vec<u32>,
    sets: usize,
}

/// Set in a slot that links to a parent; the parent is in the low 31 bits. Clear in a
/// root, whose low 31 bits hold its set's size minus one.
const LINK: u32 = 1 << 31;

impl UnionFind {
    /// `len` singleton sets, `{0}, {1}, ...`. O(1) until the elements are touched.
    ///
    /// # Panics
    ///
    /// If `len` exceeds 2^31 (the top bit of each slot marks a link).
    pub fn new(len: usize) -> Self {
        assert!(
            len <= LINK as usize,
            "a UnionFind holds at most 2^31 elements"
        );
        UnionFind {
            slots: vec![0; len],
            sets: len,
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The number of disjoint sets.
    pub fn set_count(&self) -> usize {
        self.sets
    }

    /// The representative of `x`'s set.
    ///
    /// # Panics
    ///
    /// If `x >= self.len()`.
    pub fn find(&mut self, x: usize) -> usize {
        self.root(x).0
    }

    /// Merges the sets of `a` and `b`; false if they were already one set.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let ((mut a, mut a_slot), (mut b, mut b_slot)) = (self.root(a), self.root(b));
        if a == b {
            return false;
        }
        // Union by size: hang the smaller tree under the larger root. A root's slot is
        // its size minus one, so slots compare like sizes.
        if a_slot < b_slot {
            std::mem::swap(&mut a, &mut b);
            std::mem::swap(&mut a_slot, &mut b_slot);
        }
        self.slots[a] = a_slot + b_slot + 1;
        self.slots[b] = LINK | a as u32;
        self.sets -= 1;
        true
    }

    /// The root of `x`'s tree and the root's slot (its set's size minus one).
    fn root(&mut self, x: usize) -> (usize, u32) {
        let mut x = x;
        loop {
            let slot = self.slots[x];
            if slot & LINK == 0 {
                return (x, slot);
            }
            let parent = (slot & !LINK) as usize;
            let parent_slot = self.slots[parent];
            if parent_slot & LINK == 0 {
                return (parent, parent_slot);
            }
            // Path halving: link x to its grandparent and continue from there, so every
            // other node on the path now skips a level.
            self.slots[x] = parent_slot;
            x = (parent_slot & !LINK) as usize;
        }
    }

    /// Whether `a` and `b` are in the same set.
    pub fn connected(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }

    /// The number of elements in `x`'s set.
    pub fn set_size(&mut self, x: usize) -> usize {
        let root = self.find(x);
        self.slots[root] as usize + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each element's depth in its tree, read from the links without `find` (which would
    /// halve the paths it walks).
    fn depths(sets: &UnionFind) -> Vec<usize> {
        (0..sets.len())
            .map(|mut x| {
                let mut depth = 0;
                while sets.slots[x] & LINK != 0 {
                    x = (sets.slots[x] & !LINK) as usize;
                    depth += 1;
                }
                depth
            })
            .collect()
    }

    /// Union by size hangs the smaller tree under the larger root, so no element ends
    /// deeper than log2(n). Joining each new element to the set built so far is the
    /// order in which hanging the larger tree under the smaller makes a chain of n.
    #[test]
    fn union_by_size_keeps_trees_at_most_log_n_deep() {
        let n = 1_024;
        let mut growing = UnionFind::new(n);
        for i in 1..n {
            assert!(growing.union(i, i - 1));
        }
        assert_eq!(growing.set_count(), 1);
        assert_eq!(
            depths(&growing).into_iter().max(),
            Some(1),
            "each newcomer hangs under the one big root"
        );

        // Pairs, then pairs of pairs, ...: equal sizes at every union, the worst case
        // for union by size, which still stays within log2(1,024) = 10.
        let mut doubling = UnionFind::new(n);
        let mut width = 1;
        while width < n {
            for start in (0..n).step_by(2 * width) {
                doubling.union(start, start + width);
            }
            width *= 2;
        }
        assert_eq!(doubling.set_count(), 1);
        let deepest = depths(&doubling).into_iter().max().unwrap();
        assert!(deepest <= 10, "depth {deepest} at 1,024 elements");
    }
}
