//! [`UnionFind`]: disjoint sets with union by size and path halving.

/// Disjoint sets over the elements `0..len`, answering "are a and b connected?" in
/// near-constant amortized time (O(α(n)), the inverse Ackermann function, which is at
/// most 4 for any input that fits in memory).
///
/// Union by size keeps trees shallow (a tree of height h has at least 2^h elements);
/// path halving (every node on a `find` path points to its grandparent afterwards)
/// flattens them further without recursion.
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
    /// `parent[x] == x` for a root; otherwise a node closer to the root.
    parent: Vec<u32>,
    /// For a root, the number of elements in its set; meaningless otherwise.
    size: Vec<u32>,
    sets: usize,
}

impl UnionFind {
    /// `len` singleton sets, `{0}, {1}, ...`.
    ///
    /// # Panics
    ///
    /// If `len` exceeds `u32::MAX`.
    pub fn new(len: usize) -> Self {
        assert!(
            len <= u32::MAX as usize,
            "a UnionFind holds at most u32::MAX elements"
        );
        UnionFind {
            parent: (0..len as u32).collect(),
            size: vec![1; len],
            sets: len,
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
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
        let mut x = x as u32;
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x as usize
    }

    /// Merges the sets of `a` and `b`; false if they were already one set.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a as u32;
        self.size[a] += self.size[b];
        self.sets -= 1;
        true
    }

    /// Whether `a` and `b` are in the same set.
    pub fn connected(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }

    /// The number of elements in `x`'s set.
    pub fn set_size(&mut self, x: usize) -> usize {
        let root = self.find(x);
        self.size[root] as usize
    }
}
