//! The arena both trees share: nodes in two parallel `Vec`s, linked by `u32` indices.
//!
//! A textbook tree allocates every node on its own (`Option<Box<Node>>`), so a lookup
//! chases pointers to wherever the allocator put them, and dropping a tree that
//! degenerated into a list recurses once per node. Here the nodes live in vectors and
//! links are 4-byte indices:
//!
//! - a lookup reads only the *hot* half of a node, the key and the two child links
//!   ([`Hot`]: 16 bytes for a `u64` key, four nodes per cache line); the value, the
//!   parent link and the AVL height live in the *cold* vector at the same index
//!   ([`Cold`]), read on a hit and by writes. At a million `u64` keys the hot half is
//!   16 MB, which fits a 32 MB last-level cache where 32-byte whole nodes would not;
//! - nothing is allocated per entry, and dropping the tree drops two vectors, with no
//!   recursion at all;
//! - the parent link lets a remove refill the freed slot in O(1): the last node moves
//!   into it and the three links that pointed at it are redirected ([`Arena::release`]),
//!   without comparing keys, so no user code runs while the tree is half-changed.
//!
//! The price: a tree holds fewer than `u32::MAX` entries, and a remove moves one other
//! node in memory.
//!
//! Everything that only reads the tree (search, first and last, in-order iteration,
//! range queries) is here, shared; [`crate::AvlTree`] and [`crate::Bst`] differ only in
//! how they insert and remove.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::hint::select_unpredictable;
use std::iter::FusedIterator;
use std::ops::{Bound, RangeBounds};

/// The missing link: no child, no parent (the root), or an empty tree's root.
pub(crate) const NIL: u32 = u32::MAX;

/// Up to this many nodes a search branches on each comparison; above it, it selects
/// the child without a branch ([`Arena::find`] says why). 16,384 hot halves of `u64`
/// keys are 256 KB, about what a core's L2 cache keeps.
const CACHED_NODES: usize = 1 << 14;

/// What a search reads: the key and the child links.
#[derive(Debug, Clone)]
pub(crate) struct Hot<K> {
    pub(crate) key: K,
    /// The left child's index, or [`NIL`]: its subtree's keys are all smaller.
    pub(crate) left: u32,
    /// The right child's index, or [`NIL`]: its subtree's keys are all larger.
    pub(crate) right: u32,
}

/// What a search does not read: the value, the parent link and the AVL height.
#[derive(Debug, Clone)]
pub(crate) struct Cold<V> {
    pub(crate) value: V,
    /// The parent's index, or [`NIL`] for the root.
    pub(crate) parent: u32,
    /// The AVL tree keeps its subtree's height here (1 for a leaf); the plain BST
    /// leaves it at 1 and never reads it.
    pub(crate) height: u32,
}

/// The nodes and the root.
///
/// Invariants: `hot` and `cold` have the same length, the number of entries; `root` is
/// [`NIL`] exactly when they are empty; every index in a link is below that length;
/// every node is reached from `root` exactly once, and its `parent` is the node whose
/// child link reaches it ([`NIL`] for the root); an in-order walk meets the keys
/// strictly increasing.
#[derive(Debug, Clone)]
pub(crate) struct Arena<K, V> {
    pub(crate) hot: Vec<Hot<K>>,
    pub(crate) cold: Vec<Cold<V>>,
    pub(crate) root: u32,
}

impl<K, V> Arena<K, V> {
    pub(crate) const fn new() -> Self {
        Arena {
            hot: Vec::new(),
            cold: Vec::new(),
            root: NIL,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.hot.len()
    }

    /// Empties the tree. Both vectors are taken out before anything is dropped, so a
    /// key or value whose `Drop` panics leaves an empty, consistent tree behind (clearing
    /// one vector and then the other would leave them different lengths).
    pub(crate) fn clear(&mut self) {
        self.root = NIL;
        let hot = std::mem::take(&mut self.hot);
        let cold = std::mem::take(&mut self.cold);
        drop(hot);
        drop(cold);
    }

    /// Adds a leaf whose parent will be `parent` (the caller links it) and returns its
    /// index.
    ///
    /// # Panics
    ///
    /// When the tree already holds `u32::MAX - 1` entries (the index would collide with
    /// [`NIL`]): a capacity overflow, as `Vec` panics on one.
    pub(crate) fn push(&mut self, key: K, value: V, parent: u32) -> u32 {
        let index = u32::try_from(self.hot.len())
            .ok()
            .filter(|&i| i != NIL)
            .expect("a tree holds fewer than u32::MAX entries");
        self.hot.push(Hot {
            key,
            left: NIL,
            right: NIL,
        });
        self.cold.push(Cold {
            value,
            parent,
            height: 1,
        });
        index
    }

    pub(crate) fn left(&self, index: u32) -> u32 {
        self.hot[index as usize].left
    }

    pub(crate) fn right(&self, index: u32) -> u32 {
        self.hot[index as usize].right
    }

    pub(crate) fn parent(&self, index: u32) -> u32 {
        self.cold[index as usize].parent
    }

    pub(crate) fn key(&self, index: u32) -> &K {
        &self.hot[index as usize].key
    }

    pub(crate) fn value(&self, index: u32) -> &V {
        &self.cold[index as usize].value
    }

    pub(crate) fn value_mut(&mut self, index: u32) -> &mut V {
        &mut self.cold[index as usize].value
    }

    pub(crate) fn height(&self, index: u32) -> u32 {
        if index == NIL {
            0
        } else {
            self.cold[index as usize].height
        }
    }

    pub(crate) fn set_height(&mut self, index: u32, height: u32) {
        self.cold[index as usize].height = height;
    }

    /// Makes `child` (which may be [`NIL`]) the left child of `index`.
    pub(crate) fn set_left(&mut self, index: u32, child: u32) {
        self.hot[index as usize].left = child;
        self.set_parent(child, index);
    }

    /// Makes `child` (which may be [`NIL`]) the right child of `index`.
    pub(crate) fn set_right(&mut self, index: u32, child: u32) {
        self.hot[index as usize].right = child;
        self.set_parent(child, index);
    }

    fn set_parent(&mut self, child: u32, parent: u32) {
        if child != NIL {
            self.cold[child as usize].parent = parent;
        }
    }

    /// Puts `new` (which may be [`NIL`]) where `old` hangs: in the same child link of
    /// `old`'s parent, or at the root.
    pub(crate) fn replace(&mut self, old: u32, new: u32) {
        let parent = self.parent(old);
        if parent == NIL {
            self.root = new;
            self.set_parent(new, NIL);
        } else if self.left(parent) == old {
            self.set_left(parent, new);
        } else {
            self.set_right(parent, new);
        }
    }

    /// Swaps the entries (keys and values, not links) of two distinct nodes: how a
    /// remove with two children hands the doomed entry to its in-order successor.
    pub(crate) fn swap_entries(&mut self, a: u32, b: u32) {
        let (low, high) = (a.min(b) as usize, a.max(b) as usize);
        let (front, back) = self.hot.split_at_mut(high);
        std::mem::swap(&mut front[low].key, &mut back[0].key);
        let (front, back) = self.cold.split_at_mut(high);
        std::mem::swap(&mut front[low].value, &mut back[0].value);
    }

    /// Removes the slot of a node that is no longer linked into the tree and returns
    /// its entry. The last node moves into the slot, and its parent's child link and its
    /// children's parent links follow it: O(1), no key compared.
    pub(crate) fn release(&mut self, index: u32) -> (K, V) {
        let hot = self.hot.swap_remove(index as usize);
        let cold = self.cold.swap_remove(index as usize);
        if (index as usize) < self.hot.len() {
            // The node that was last now sits at `index`; its old index was `len`.
            let moved_from = self.hot.len() as u32;
            let parent = self.parent(index);
            if parent == NIL {
                self.root = index;
            } else if self.left(parent) == moved_from {
                self.hot[parent as usize].left = index;
            } else {
                self.hot[parent as usize].right = index;
            }
            let (left, right) = (self.left(index), self.right(index));
            self.set_parent(left, index);
            self.set_parent(right, index);
        }
        (hot.key, cold.value)
    }

    /// The leftmost node below `index` (inclusive).
    pub(crate) fn leftmost(&self, mut index: u32) -> u32 {
        while self.left(index) != NIL {
            index = self.left(index);
        }
        index
    }

    pub(crate) fn first(&self) -> Option<(&K, &V)> {
        (self.root != NIL).then(|| self.entry(self.leftmost(self.root)))
    }

    pub(crate) fn last(&self) -> Option<(&K, &V)> {
        if self.root == NIL {
            return None;
        }
        let mut index = self.root;
        while self.right(index) != NIL {
            index = self.right(index);
        }
        Some(self.entry(index))
    }

    fn entry(&self, index: u32) -> (&K, &V) {
        (self.key(index), self.value(index))
    }

    pub(crate) fn iter(&self) -> Iter<'_, K, V> {
        let mut walk = Walk::new(self);
        walk.front_from(self.root);
        Iter {
            walk,
            root: self.root,
            remaining: self.hot.len(),
        }
    }

    /// Checks every invariant of the arena's links (not the key order), for tests:
    /// lengths, parent links, each node reached once.
    #[cfg(test)]
    pub(crate) fn check_links(&self) {
        assert_eq!(self.hot.len(), self.cold.len(), "hot and cold lengths");
        if self.root == NIL {
            assert!(self.hot.is_empty(), "no root but {} nodes", self.hot.len());
            return;
        }
        assert_eq!(self.parent(self.root), NIL, "the root has no parent");
        let mut seen = vec![false; self.hot.len()];
        let mut stack = vec![self.root];
        while let Some(i) = stack.pop() {
            assert!(!seen[i as usize], "node {i} reached twice");
            seen[i as usize] = true;
            for child in [self.left(i), self.right(i)] {
                if child != NIL {
                    assert_eq!(self.parent(child), i, "parent link of {child}");
                    stack.push(child);
                }
            }
        }
        assert!(
            seen.iter().all(|&s| s),
            "every node is reached from the root"
        );
    }
}

impl<K: Ord, V> Arena<K, V> {
    /// The search-tree insert both trees start with: walks down to where `key` belongs
    /// and either replaces the value of an equal key or hangs a new leaf there.
    pub(crate) fn insert_leaf(&mut self, key: K, value: V) -> Inserted<V> {
        let mut index = self.root;
        if index == NIL {
            self.root = self.push(key, value, NIL);
            return Inserted::Leaf(self.root);
        }
        // The walk down is the same coin toss at every level as `find`'s, chosen the
        // same way.
        let branch_free = self.hot.len() > CACHED_NODES;
        loop {
            let node = &self.hot[index as usize];
            let ordering = key.cmp(&node.key);
            if ordering == Ordering::Equal {
                return Inserted::Replaced(std::mem::replace(self.value_mut(index), value));
            }
            let less = ordering == Ordering::Less;
            let next = if branch_free {
                select_unpredictable(less, node.left, node.right)
            } else if less {
                node.left
            } else {
                node.right
            };
            if next == NIL {
                let leaf = self.push(key, value, index);
                if ordering == Ordering::Less {
                    self.hot[index as usize].left = leaf;
                } else {
                    self.hot[index as usize].right = leaf;
                }
                return Inserted::Leaf(leaf);
            }
            index = next;
        }
    }

    /// The search-tree remove both trees start with: unlinks the entry at `index` from
    /// the tree (not yet from the vectors). A node with two children first trades its
    /// entry with its in-order successor, the leftmost node of its right subtree, which
    /// has no left child; the node unlinked always has at most one child, which takes
    /// its place. Returns the unlinked node and its parent ([`NIL`] if it was the root):
    /// where the tree changed.
    pub(crate) fn unlink(&mut self, index: u32) -> (u32, u32) {
        let (left, right) = (self.left(index), self.right(index));
        let unlinked = if left != NIL && right != NIL {
            let successor = self.leftmost(right);
            self.swap_entries(index, successor);
            successor
        } else {
            index
        };
        let child = match self.left(unlinked) {
            NIL => self.right(unlinked),
            left => left,
        };
        let parent = self.parent(unlinked);
        self.replace(unlinked, child);
        (unlinked, parent)
    }

    /// The index of the node holding `key`: one root-to-leaf walk, one `cmp` per node,
    /// reading only the hot vector.
    ///
    /// Left or right is a coin toss for random keys, so a branch on it is mispredicted
    /// half the time. In a tree that fits in the caches a misprediction costs little and
    /// the branch lets the CPU run ahead on its guess. In a large tree, where most levels
    /// miss, each misprediction throws away the loads the CPU had started for the next
    /// lookups; a conditional move instead makes every lookup a plain chain of loads,
    /// and independent lookups overlap in the out-of-order window. The bench measured
    /// each way faster on its side of the line (the README's bench section has the
    /// figures), so both are here, chosen by the tree's size.
    pub(crate) fn find<Q>(&self, key: &Q) -> Option<u32>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        if self.hot.len() <= CACHED_NODES {
            self.find_branching(key)
        } else {
            self.find_branch_free(key)
        }
    }

    fn find_branching<Q>(&self, key: &Q) -> Option<u32>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let mut index = self.root;
        while index != NIL {
            let node = &self.hot[index as usize];
            index = match key.cmp(node.key.borrow()) {
                Ordering::Less => node.left,
                Ordering::Greater => node.right,
                Ordering::Equal => return Some(index),
            };
        }
        None
    }

    fn find_branch_free<Q>(&self, key: &Q) -> Option<u32>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let mut index = self.root;
        while index != NIL {
            let node = &self.hot[index as usize];
            let ordering = key.cmp(node.key.borrow());
            if ordering == Ordering::Equal {
                return Some(index);
            }
            index = select_unpredictable(ordering == Ordering::Less, node.left, node.right);
        }
        None
    }

    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).map(|i| self.value(i))
    }

    /// The entries with keys in `range`, in order: one descent to the first key inside
    /// the lower bound and one to the last key inside the upper bound (O(height)
    /// comparisons), then an in-order walk between them with no further comparisons
    /// (O(k) steps for k entries). A range whose start lies after its end is empty.
    pub(crate) fn range<R: RangeBounds<K>>(&self, range: R) -> Range<'_, K, V> {
        let mut walk = Walk::new(self);
        // Lower bound: keep a node (and look left for smaller ones) when it is inside
        // the bound, skip it and its left subtree when it is below. The stack ends up
        // as an in-order walk's stack positioned at the first key inside.
        let mut index = self.root;
        while index != NIL {
            let node = &self.hot[index as usize];
            let inside = match range.start_bound() {
                Bound::Included(start) => &node.key >= start,
                Bound::Excluded(start) => &node.key > start,
                Bound::Unbounded => true,
            };
            if inside {
                walk.front.push(index);
                index = node.left;
            } else {
                index = node.right;
            }
        }
        // Upper bound: the last node inside it.
        let mut end = NIL;
        let mut index = self.root;
        while index != NIL {
            let node = &self.hot[index as usize];
            let inside = match range.end_bound() {
                Bound::Included(last) => &node.key <= last,
                Bound::Excluded(last) => &node.key < last,
                Bound::Unbounded => true,
            };
            if inside {
                end = index;
                index = node.right;
            } else {
                index = node.left;
            }
        }
        let first = walk.front.last().copied().unwrap_or(NIL);
        let empty = first == NIL || end == NIL || self.key(first) > self.key(end);
        if empty {
            walk.front.clear();
        }
        Range {
            walk,
            first,
            end,
            done: empty,
            last_front: NIL,
            last_back: NIL,
        }
    }
}

/// What [`Arena::insert_leaf`] did.
pub(crate) enum Inserted<V> {
    /// The key was present: its old value.
    Replaced(V),
    /// The key is new: the index of its leaf.
    Leaf(u32),
}

/// An in-order walk from both ends. The front stack holds the nodes still to visit in
/// increasing order whose left subtrees are done or in progress, the next one on top;
/// the back stack is its mirror image, for visiting in decreasing order. The back stack
/// is filled on the first step back only, so a walk that only goes forward pays
/// nothing for it (in a list-shaped BST it would hold every node).
#[derive(Debug, Clone)]
struct Walk<'a, K, V> {
    hot: &'a [Hot<K>],
    cold: &'a [Cold<V>],
    front: Vec<u32>,
    back: Vec<u32>,
    back_started: bool,
}

impl<'a, K, V> Walk<'a, K, V> {
    fn new(arena: &'a Arena<K, V>) -> Self {
        Walk {
            hot: &arena.hot,
            cold: &arena.cold,
            front: Vec::new(),
            back: Vec::new(),
            back_started: false,
        }
    }

    /// Positions the front at the smallest key below `index` (inclusive).
    fn front_from(&mut self, mut index: u32) {
        while index != NIL {
            self.front.push(index);
            index = self.hot[index as usize].left;
        }
    }

    /// Pushes the largest key below `index` (inclusive) and its right-spine ancestors.
    fn back_from(&mut self, mut index: u32) {
        while index != NIL {
            self.back.push(index);
            index = self.hot[index as usize].right;
        }
    }

    /// Positions the back at `index` itself: the stack a walk from the largest key
    /// would have when `index` is next. Its entries are the ancestors `index` lies to the
    /// right of (they come after it going backwards), found through the parent links,
    /// root-most at the bottom, then `index`.
    fn back_at(&mut self, index: u32) {
        let mut pending = vec![index];
        let mut child = index;
        let mut parent = self.cold[index as usize].parent;
        while parent != NIL {
            if self.hot[parent as usize].right == child {
                pending.push(parent);
            }
            child = parent;
            parent = self.cold[parent as usize].parent;
        }
        self.back.extend(pending.into_iter().rev());
    }

    fn entry(&self, index: u32) -> (&'a K, &'a V) {
        (
            &self.hot[index as usize].key,
            &self.cold[index as usize].value,
        )
    }

    /// The next index in increasing key order, with its entry.
    fn next(&mut self) -> Option<(u32, (&'a K, &'a V))> {
        let index = self.front.pop()?;
        self.front_from(self.hot[index as usize].right);
        Some((index, self.entry(index)))
    }

    /// The next index in decreasing key order, with its entry.
    fn next_back(&mut self) -> Option<(u32, (&'a K, &'a V))> {
        let index = self.back.pop()?;
        self.back_from(self.hot[index as usize].left);
        Some((index, self.entry(index)))
    }
}

/// An iterator over a tree's entries in key order, made by `iter` (as
/// `BTreeMap::iter`): O(1) amortised per entry, from either end, with a stack as deep
/// as the tree.
///
/// ```
/// let tree: balanced_tree::AvlTree<_, _> = [(2, 'b'), (1, 'a'), (3, 'c')].into_iter().collect();
/// let mut iter = tree.iter();
/// assert_eq!(iter.len(), 3);
/// assert_eq!(iter.next(), Some((&1, &'a')));
/// assert_eq!(iter.next_back(), Some((&3, &'c')));
/// assert_eq!(iter.collect::<Vec<_>>(), [(&2, &'b')]);
/// ```
#[derive(Debug, Clone)]
pub struct Iter<'a, K, V> {
    walk: Walk<'a, K, V>,
    /// Where the back walk starts, on the first step back.
    root: u32,
    /// Entries not yet yielded from either end: the two walks stop when it reaches 0.
    remaining: usize,
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        let (_, entry) = self.walk.next()?;
        self.remaining -= 1;
        Some(entry)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        if !self.walk.back_started {
            self.walk.back_started = true;
            self.walk.back_from(self.root);
        }
        let (_, entry) = self.walk.next_back()?;
        self.remaining -= 1;
        Some(entry)
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

impl<K, V> FusedIterator for Iter<'_, K, V> {}

/// An iterator over the entries whose keys lie in a range, in key order, from either
/// end, made by `range` (as `BTreeMap::range`).
///
/// ```
/// let tree: balanced_tree::Bst<_, _> = (0..10).map(|k| (k, k * k)).collect();
/// assert_eq!(tree.range(7..).map(|(_, v)| *v).collect::<Vec<_>>(), [49, 64, 81]);
/// assert_eq!(tree.range(..3).rev().map(|(k, _)| *k).collect::<Vec<_>>(), [2, 1, 0]);
/// ```
#[derive(Debug, Clone)]
pub struct Range<'a, K, V> {
    walk: Walk<'a, K, V>,
    /// The first and last nodes of the range ([`NIL`] when it is empty).
    first: u32,
    end: u32,
    /// Whether every entry has been yielded, from one end or the other.
    done: bool,
    /// The node each end yielded last ([`NIL`] before its first step): when one end's
    /// next node is the other's last, the two have met.
    last_front: u32,
    last_back: u32,
}

impl<'a, K, V> Iterator for Range<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.walk.front.last().copied() == Some(self.last_back) {
            self.done = true;
            return None;
        }
        let (index, entry) = self.walk.next()?;
        self.last_front = index;
        self.done = index == self.end;
        Some(entry)
    }
}

impl<K, V> DoubleEndedIterator for Range<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.walk.back_started {
            self.walk.back_started = true;
            self.walk.back_at(self.end);
        }
        if self.walk.back.last().copied() == Some(self.last_front) {
            self.done = true;
            return None;
        }
        let (index, entry) = self.walk.next_back()?;
        self.last_back = index;
        self.done = index == self.first;
        Some(entry)
    }
}

impl<K, V> FusedIterator for Range<'_, K, V> {}

#[cfg(test)]
mod tests {
    //! The links the public API cannot see: parent links and the two vectors, checked
    //! after every operation of a long random workload on both trees. (The key order,
    //! heights and balance are checked through the contract's view in `tests/`.)

    use crate::{AvlTree, Bst};

    /// xorshift64: a fixed, dependency-free stream of keys.
    fn keys(mut state: u64, n: usize, universe: u64) -> Vec<u64> {
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state % universe
            })
            .collect()
    }

    #[test]
    fn parent_links_survive_inserts_rotations_and_removes() {
        let mut avl = AvlTree::new();
        let mut bst = Bst::new();
        for (step, k) in keys(0x2545_F491_4F6C_DD1D, 4_000, 300)
            .into_iter()
            .enumerate()
        {
            // Two inserts for every remove, so the trees grow, then stay around 200 keys.
            if step % 3 == 2 {
                assert_eq!(avl.remove(&k), bst.remove(&k), "remove({k}) at step {step}");
            } else {
                assert_eq!(
                    avl.insert(k, step),
                    bst.insert(k, step),
                    "insert({k}) at step {step}"
                );
            }
            avl.raw.check_links();
            bst.raw.check_links();
        }
        for k in 0..300 {
            avl.remove(&k);
            bst.remove(&k);
            avl.raw.check_links();
            bst.raw.check_links();
        }
        assert!(avl.is_empty() && bst.is_empty());
    }
}
