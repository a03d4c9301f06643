//! The AVL tree: a binary search tree that keeps every node's two subtree heights within
//! one of each other, so its height stays below 1.44 log2(n + 2) whatever order the keys
//! arrive in.
//!
//! Insert and remove change the tree at the bottom as a plain BST does, then walk back
//! up through the parent links (no recursion, no stack), updating heights and rotating
//! where a balance factor reached ±2. The walk stops at the first node whose height did
//! not change: nothing above it can have changed either. After an insert that is at
//! most one single or double rotation (the rotated subtree gets back its old height);
//! after a remove it can be one per level.

use std::borrow::Borrow;
use std::fmt;
use std::ops::RangeBounds;

use crate::raw::{Arena, Inserted, Iter, NIL, Range};

/// An ordered map kept as an AVL tree, with the API of `std::collections::BTreeMap` for
/// what it shares: `insert`, `get` and `remove` in O(log n) comparisons in the worst
/// case, iteration in key order, range queries in O(log n + k).
///
/// Nodes live in two vectors (keys and links apart from values) linked by `u32`
/// indices, as the crate's code map describes: the tree holds fewer than `u32::MAX`
/// entries, drops without recursion, and allocates nothing per entry beyond the
/// vectors' growth.
///
/// # Examples
///
/// ```
/// use balanced_tree::AvlTree;
///
/// let mut tree = AvlTree::new();
/// for id in 1..=1_000u32 {
///     tree.insert(id, id * 2); // ascending ids: a plain BST would be a list
/// }
/// assert_eq!(tree.height(), 10); // 1,000 keys fit in 10 levels
/// assert_eq!(tree.get(&500), Some(&1_000));
/// assert_eq!(tree.range(10..13).map(|(k, _)| *k).collect::<Vec<_>>(), [10, 11, 12]);
/// assert_eq!(tree.remove(&500), Some(1_000));
/// assert_eq!(tree.len(), 999);
/// ```
#[derive(Clone)]
pub struct AvlTree<K, V> {
    pub(crate) raw: Arena<K, V>,
    rebalances: Rebalances,
}

/// How many times an [`AvlTree`] restored balance since it was made: the counters a
/// demo or a test reads to check how much restructuring writes cost.
///
/// ```
/// use balanced_tree::AvlTree;
///
/// let mut tree = AvlTree::new();
/// for k in [1, 2, 3] {
///     tree.insert(k, ()); // the third insert leans right twice: one left rotation
/// }
/// assert_eq!(tree.rebalances().single, 1);
/// assert_eq!(tree.rebalances().double, 0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rebalances {
    /// Single rotations: a child leaning the same way as its parent.
    pub single: u64,
    /// Double rotations (two rotations, counted once): a child leaning the other way.
    pub double: u64,
}

impl Rebalances {
    /// Single and double rotations together: how many subtrees were rebalanced.
    ///
    /// ```
    /// let tree: balanced_tree::AvlTree<_, _> = (0..100).map(|k| (k, ())).collect();
    /// // Ascending keys: one single rotation per insert once the tree has a few levels.
    /// assert!(tree.rebalances().total() > 90);
    /// ```
    pub fn total(self) -> u64 {
        self.single + self.double
    }
}

impl<K, V> AvlTree<K, V> {
    /// An empty tree. Allocates nothing until the first insert.
    ///
    /// ```
    /// let tree = balanced_tree::AvlTree::<u32, ()>::new();
    /// assert!(tree.is_empty());
    /// ```
    pub const fn new() -> Self {
        AvlTree {
            raw: Arena::new(),
            rebalances: Rebalances {
                single: 0,
                double: 0,
            },
        }
    }

    /// The number of entries.
    ///
    /// ```
    /// let tree: balanced_tree::AvlTree<_, _> = [(1, 'a'), (2, 'b')].into_iter().collect();
    /// assert_eq!(tree.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether the tree holds no entries.
    ///
    /// ```
    /// let mut tree = balanced_tree::AvlTree::new();
    /// assert!(tree.is_empty());
    /// tree.insert(1, ());
    /// assert!(!tree.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.raw.len() == 0
    }

    /// The number of nodes on the longest root-to-leaf path: 0 when empty, 1 for one
    /// node, below 1.44 log2(n + 2) for n entries. O(1): the root stores it.
    ///
    /// ```
    /// let mut tree = balanced_tree::AvlTree::new();
    /// assert_eq!(tree.height(), 0);
    /// tree.insert(1, ());
    /// assert_eq!(tree.height(), 1);
    /// for k in 2..=7 {
    ///     tree.insert(k, ());
    /// }
    /// assert_eq!(tree.height(), 3); // 7 ascending keys end as a perfect tree
    /// ```
    pub fn height(&self) -> usize {
        self.raw.height(self.raw.root) as usize
    }

    /// The entry with the smallest key, as `BTreeMap::first_key_value`. O(log n).
    ///
    /// ```
    /// let tree: balanced_tree::AvlTree<_, _> = [(3, 'c'), (1, 'a')].into_iter().collect();
    /// assert_eq!(tree.first_key_value(), Some((&1, &'a')));
    /// ```
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.raw.first()
    }

    /// The entry with the largest key, as `BTreeMap::last_key_value`. O(log n).
    ///
    /// ```
    /// let tree: balanced_tree::AvlTree<_, _> = [(3, 'c'), (1, 'a')].into_iter().collect();
    /// assert_eq!(tree.last_key_value(), Some((&3, &'c')));
    /// ```
    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.raw.last()
    }

    /// The entries in key order, as `BTreeMap::iter`.
    ///
    /// ```
    /// let tree: balanced_tree::AvlTree<_, _> = [(2, 'b'), (1, 'a')].into_iter().collect();
    /// assert_eq!(tree.iter().collect::<Vec<_>>(), [(&1, &'a'), (&2, &'b')]);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        self.raw.iter()
    }

    /// How many single and double rotations the tree has made since it was created.
    /// Counting costs one addition per rotation, which is rare; nothing on the
    /// lookup path.
    ///
    /// ```
    /// let mut tree = balanced_tree::AvlTree::new();
    /// for k in [3, 1, 2] {
    ///     tree.insert(k, ()); // 1 leans right under 3, which leans left: a double rotation
    /// }
    /// assert_eq!(tree.rebalances().double, 1);
    /// ```
    pub fn rebalances(&self) -> Rebalances {
        self.rebalances
    }

    /// Removes every entry, keeping the counters of [`rebalances`](Self::rebalances).
    ///
    /// ```
    /// let mut tree: balanced_tree::AvlTree<_, _> = (0..10).map(|k| (k, k)).collect();
    /// tree.clear();
    /// assert_eq!((tree.len(), tree.height()), (0, 0));
    /// ```
    pub fn clear(&mut self) {
        self.raw.clear();
    }

    /// height(left) − height(right).
    fn balance_factor(&self, index: u32) -> i64 {
        let (left, right) = (self.raw.left(index), self.raw.right(index));
        i64::from(self.raw.height(left)) - i64::from(self.raw.height(right))
    }

    /// Recomputes a node's height from its children's.
    fn update_height(&mut self, index: u32) {
        let (left, right) = (self.raw.left(index), self.raw.right(index));
        let height = 1 + self.raw.height(left).max(self.raw.height(right));
        self.raw.set_height(index, height);
    }

    /// Rotates right at `top`: its left child `x` takes `top`'s place, `top` becomes
    /// `x`'s right child and takes `x`'s old right subtree as its left. The in-order
    /// sequence is unchanged; only `top` and `x` change height. Returns `x`.
    fn rotate_right(&mut self, top: u32) -> u32 {
        let x = self.raw.left(top);
        let middle = self.raw.right(x);
        self.raw.replace(top, x);
        self.raw.set_left(top, middle);
        self.raw.set_right(x, top);
        self.update_height(top);
        self.update_height(x);
        x
    }

    /// The mirror image of [`rotate_right`](Self::rotate_right). Returns the new root
    /// of the subtree.
    fn rotate_left(&mut self, top: u32) -> u32 {
        let x = self.raw.right(top);
        let middle = self.raw.left(x);
        self.raw.replace(top, x);
        self.raw.set_right(top, middle);
        self.raw.set_left(x, top);
        self.update_height(top);
        self.update_height(x);
        x
    }

    /// Updates a node's height and, if its balance factor reached ±2, rotates it back
    /// within ±1. Returns the subtree's root, linked where `index` was.
    fn rebalance(&mut self, index: u32) -> u32 {
        self.update_height(index);
        let factor = self.balance_factor(index);
        if factor > 1 {
            let left = self.raw.left(index);
            if self.balance_factor(left) < 0 {
                // Left-right: straighten the zig-zag first.
                self.rotate_left(left);
                self.rebalances.double += 1;
            } else {
                self.rebalances.single += 1;
            }
            self.rotate_right(index)
        } else if factor < -1 {
            let right = self.raw.right(index);
            if self.balance_factor(right) > 0 {
                self.rotate_right(right);
                self.rebalances.double += 1;
            } else {
                self.rebalances.single += 1;
            }
            self.rotate_left(index)
        } else {
            index
        }
    }

    /// Walks up from `index` to the root after a change below it, rebalancing each
    /// node, until a subtree's height comes out as it was before the change.
    fn retrace(&mut self, mut index: u32) {
        while index != NIL {
            let before = self.raw.height(index);
            let top = self.rebalance(index);
            if self.raw.height(top) == before {
                break;
            }
            index = self.raw.parent(top);
        }
    }
}

impl<K: Ord, V> AvlTree<K, V> {
    /// Stores `value` under `key` and returns the key's previous value, as
    /// `BTreeMap::insert` (the stored key is kept; only the value is replaced).
    /// O(log n) comparisons, and at most one single or double rotation.
    ///
    /// # Panics
    ///
    /// When the tree already holds `u32::MAX - 1` entries.
    ///
    /// ```
    /// let mut tree = balanced_tree::AvlTree::new();
    /// assert_eq!(tree.insert("a", 1), None);
    /// assert_eq!(tree.insert("a", 2), Some(1));
    /// assert_eq!(tree.get("a"), Some(&2));
    /// ```
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.raw.insert_leaf(key, value) {
            Inserted::Replaced(old) => Some(old),
            Inserted::Leaf(leaf) => {
                self.retrace(self.raw.parent(leaf));
                None
            }
        }
    }

    /// The value stored under `key` (any borrowed form of it, as for `BTreeMap::get`):
    /// one root-to-leaf walk, at most [`height`](Self::height) comparisons.
    ///
    /// ```
    /// let mut tree = balanced_tree::AvlTree::new();
    /// tree.insert(String::from("kiwi"), 3);
    /// assert_eq!(tree.get("kiwi"), Some(&3)); // no String built for the lookup
    /// assert_eq!(tree.get("fig"), None);
    /// ```
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.raw.get(key)
    }

    /// Whether the tree holds `key`.
    ///
    /// ```
    /// let tree: balanced_tree::AvlTree<_, _> = [(1, ())].into_iter().collect();
    /// assert!(tree.contains_key(&1) && !tree.contains_key(&2));
    /// ```
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.raw.find(key).is_some()
    }

    /// Removes `key` and returns its value, as `BTreeMap::remove`. O(log n): a node
    /// with two children first trades its entry with its in-order successor, which has
    /// at most one child; the walk back up may rotate at every level.
    ///
    /// ```
    /// let mut tree: balanced_tree::AvlTree<_, _> = (0..100).map(|k| (k, k * 10)).collect();
    /// assert_eq!(tree.remove(&42), Some(420));
    /// assert_eq!(tree.remove(&42), None);
    /// assert_eq!(tree.len(), 99);
    /// ```
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.raw.find(key)?;
        let (unlinked, parent) = self.raw.unlink(index);
        self.retrace(parent);
        let (_key, value) = self.raw.release(unlinked);
        Some(value)
    }

    /// The entries whose keys lie in `range`, in key order, as `BTreeMap::range`:
    /// O(log n) comparisons to find both ends, then O(1) amortised per entry, so
    /// O(log n + k) for k entries.
    ///
    /// Unlike `BTreeMap::range`, a range whose start is after its end (`5..3`), or
    /// `(Excluded(x), Excluded(x))`, does not panic: it is empty.
    ///
    /// ```
    /// use std::ops::Bound::{Excluded, Included};
    ///
    /// let tree: balanced_tree::AvlTree<_, _> = (0..10).map(|k| (k, ())).collect();
    /// let keys = |r: Vec<(&i32, &())>| r.into_iter().map(|(k, _)| *k).collect::<Vec<_>>();
    /// assert_eq!(keys(tree.range(3..6).collect()), [3, 4, 5]);
    /// assert_eq!(keys(tree.range((Excluded(3), Included(6))).collect()), [4, 5, 6]);
    /// assert_eq!(keys(tree.range(8..).collect()), [8, 9]);
    /// assert_eq!(tree.range(6..3).count(), 0);
    /// ```
    pub fn range<R: RangeBounds<K>>(&self, range: R) -> Range<'_, K, V> {
        self.raw.range(range)
    }
}

impl<K, V> Default for AvlTree<K, V> {
    fn default() -> Self {
        AvlTree::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for AvlTree<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for AvlTree<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut tree = AvlTree::new();
        tree.extend(iter);
        tree
    }
}

impl<K: Ord, V> Extend<(K, V)> for AvlTree<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V> IntoIterator for &'a AvlTree<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

/// A handle on one node of an [`AvlTree`], for the contract's invariant checks: what
/// [`SearchTree::root`](balanced_tree_contract::SearchTree::root) returns.
///
/// ```
/// use balanced_tree::{AvlTree, SearchTree, TreeNode};
///
/// let tree: AvlTree<_, _> = [(1, 'a'), (2, 'b'), (3, 'c')].into_iter().collect();
/// let root = tree.root().expect("three keys");
/// assert_eq!((*root.key(), root.stored_height()), (2, 2));
/// assert_eq!(root.left().map(|n| *n.value()), Some('a'));
/// ```
pub struct AvlNode<'a, K, V> {
    tree: &'a Arena<K, V>,
    index: u32,
}

impl<K, V> Clone for AvlNode<'_, K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V> Copy for AvlNode<'_, K, V> {}

impl<K, V> fmt::Debug for AvlNode<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AvlNode")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl<'a, K, V> AvlNode<'a, K, V> {
    fn at(tree: &'a Arena<K, V>, index: u32) -> Option<Self> {
        (index != NIL).then_some(AvlNode { tree, index })
    }
}

impl<'a, K, V> balanced_tree_contract::TreeNode<'a, K, V> for AvlNode<'a, K, V> {
    fn key(self) -> &'a K {
        self.tree.key(self.index)
    }

    fn value(self) -> &'a V {
        self.tree.value(self.index)
    }

    fn left(self) -> Option<Self> {
        AvlNode::at(self.tree, self.tree.left(self.index))
    }

    fn right(self) -> Option<Self> {
        AvlNode::at(self.tree, self.tree.right(self.index))
    }

    fn stored_height(self) -> usize {
        self.tree.height(self.index) as usize
    }
}

impl<K: Ord, V> balanced_tree_contract::SearchTree<K, V> for AvlTree<K, V> {
    type Node<'a>
        = AvlNode<'a, K, V>
    where
        Self: 'a;

    fn new() -> Self {
        AvlTree::new()
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        AvlTree::insert(self, key, value)
    }

    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        AvlTree::get(self, key)
    }

    fn len(&self) -> usize {
        AvlTree::len(self)
    }

    fn height(&self) -> usize {
        AvlTree::height(self)
    }

    fn root(&self) -> Option<AvlNode<'_, K, V>> {
        AvlNode::at(&self.raw, self.raw.root)
    }
}
