//! The unbalanced binary search tree: the structure question 9 warns against, built
//! carefully so the demo can measure it.
//!
//! It is the textbook BST (insert at the leaf where a search ends, remove by splicing or
//! by trading with the in-order successor) with no rebalancing, so its shape is whatever
//! the insertion order makes it: about 2.99 log2 n levels for random order, n levels for
//! sorted. Everything is a loop, never recursion, and the nodes live in the shared
//! arena, so a 30,000-level tree builds, searches and drops on a 256 KiB stack.

use std::borrow::Borrow;
use std::fmt;
use std::ops::RangeBounds;

use crate::raw::{Arena, Inserted, Iter, NIL, Range};

/// An ordered map kept as a plain, unbalanced binary search tree, with the same API as
/// [`AvlTree`](crate::AvlTree): every operation costs O(height), and the height is up to
/// n (sorted input). It exists to be compared with the balanced tree.
///
/// # Examples
///
/// ```
/// use balanced_tree::Bst;
///
/// let mut tree = Bst::new();
/// for id in 1..=1_000u32 {
///     tree.insert(id, ()); // ascending ids: each key becomes the right child of the last
/// }
/// assert_eq!(tree.height(), 1_000); // a linked list with extra steps
/// assert!(tree.get(&1_000).is_some()); // found after 1,000 comparisons
/// ```
#[derive(Clone)]
pub struct Bst<K, V> {
    pub(crate) raw: Arena<K, V>,
}

impl<K, V> Bst<K, V> {
    /// An empty tree. Allocates nothing until the first insert.
    ///
    /// ```
    /// assert!(balanced_tree::Bst::<u8, u8>::new().is_empty());
    /// ```
    pub const fn new() -> Self {
        Bst { raw: Arena::new() }
    }

    /// The number of entries.
    ///
    /// ```
    /// let tree: balanced_tree::Bst<_, _> = [(1, 'a'), (2, 'b')].into_iter().collect();
    /// assert_eq!(tree.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether the tree holds no entries.
    ///
    /// ```
    /// let mut tree = balanced_tree::Bst::new();
    /// tree.insert(1, ());
    /// assert!(!tree.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.raw.len() == 0
    }

    /// The number of nodes on the longest root-to-leaf path: 0 when empty, 1 for one
    /// node, up to n. The tree stores no heights, so this walks every node once: O(n),
    /// with an explicit stack (no recursion, whatever the height).
    ///
    /// ```
    /// let tree: balanced_tree::Bst<_, _> = [2, 1, 3].into_iter().map(|k| (k, ())).collect();
    /// assert_eq!(tree.height(), 2);
    /// let chain: balanced_tree::Bst<_, _> = [1, 2, 3].into_iter().map(|k| (k, ())).collect();
    /// assert_eq!(chain.height(), 3);
    /// ```
    pub fn height(&self) -> usize {
        let mut deepest = 0;
        let mut stack = Vec::new();
        if self.raw.root != NIL {
            stack.push((self.raw.root, 1usize));
        }
        while let Some((index, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            for child in [self.raw.left(index), self.raw.right(index)] {
                if child != NIL {
                    stack.push((child, depth + 1));
                }
            }
        }
        deepest
    }

    /// The entry with the smallest key, as `BTreeMap::first_key_value`. O(height).
    ///
    /// ```
    /// let tree: balanced_tree::Bst<_, _> = [(3, 'c'), (1, 'a')].into_iter().collect();
    /// assert_eq!(tree.first_key_value(), Some((&1, &'a')));
    /// ```
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.raw.first()
    }

    /// The entry with the largest key, as `BTreeMap::last_key_value`. O(height).
    ///
    /// ```
    /// let tree: balanced_tree::Bst<_, _> = [(3, 'c'), (1, 'a')].into_iter().collect();
    /// assert_eq!(tree.last_key_value(), Some((&3, &'c')));
    /// ```
    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.raw.last()
    }

    /// The entries in key order, as `BTreeMap::iter`; the walk's stack is as deep as
    /// the tree, on the heap.
    ///
    /// ```
    /// let tree: balanced_tree::Bst<_, _> = [(2, 'b'), (1, 'a')].into_iter().collect();
    /// assert_eq!(tree.iter().collect::<Vec<_>>(), [(&1, &'a'), (&2, &'b')]);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        self.raw.iter()
    }

    /// Removes every entry.
    ///
    /// ```
    /// let mut tree: balanced_tree::Bst<_, _> = (0..10).map(|k| (k, k)).collect();
    /// tree.clear();
    /// assert!(tree.is_empty());
    /// ```
    pub fn clear(&mut self) {
        self.raw.clear();
    }
}

impl<K: Ord, V> Bst<K, V> {
    /// Stores `value` under `key` and returns the key's previous value, as
    /// `BTreeMap::insert`. O(height) comparisons; the new key becomes a leaf.
    ///
    /// # Panics
    ///
    /// When the tree already holds `u32::MAX - 1` entries.
    ///
    /// ```
    /// let mut tree = balanced_tree::Bst::new();
    /// assert_eq!(tree.insert(1, 'a'), None);
    /// assert_eq!(tree.insert(1, 'b'), Some('a'));
    /// ```
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.raw.insert_leaf(key, value) {
            Inserted::Replaced(old) => Some(old),
            Inserted::Leaf(_) => None,
        }
    }

    /// The value stored under `key` (any borrowed form of it): O(height) comparisons.
    ///
    /// ```
    /// let mut tree = balanced_tree::Bst::new();
    /// tree.insert(String::from("kiwi"), 3);
    /// assert_eq!(tree.get("kiwi"), Some(&3));
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
    /// let tree: balanced_tree::Bst<_, _> = [(1, ())].into_iter().collect();
    /// assert!(tree.contains_key(&1));
    /// ```
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.raw.find(key).is_some()
    }

    /// Removes `key` and returns its value, as `BTreeMap::remove`. O(height): a leaf or
    /// a node with one child is spliced out; a node with two children trades its entry
    /// with its in-order successor (the leftmost node of its right subtree), which is
    /// then spliced out.
    ///
    /// ```
    /// let mut tree: balanced_tree::Bst<_, _> = [2, 1, 3].into_iter().map(|k| (k, k)).collect();
    /// assert_eq!(tree.remove(&2), Some(2)); // the root, with two children
    /// assert_eq!(tree.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [1, 3]);
    /// ```
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.raw.find(key)?;
        let (unlinked, _) = self.raw.unlink(index);
        let (_key, value) = self.raw.release(unlinked);
        Some(value)
    }

    /// The entries whose keys lie in `range`, in key order, as `BTreeMap::range`:
    /// O(height + k) for k entries. A range whose start is after its end is empty
    /// (`BTreeMap::range` panics on it).
    ///
    /// ```
    /// let tree: balanced_tree::Bst<_, _> = (0..10).map(|k| (k, ())).collect();
    /// assert_eq!(tree.range(3..=5).map(|(k, _)| *k).collect::<Vec<_>>(), [3, 4, 5]);
    /// assert_eq!(tree.range(5..3).count(), 0);
    /// ```
    pub fn range<R: RangeBounds<K>>(&self, range: R) -> Range<'_, K, V> {
        self.raw.range(range)
    }
}

impl<K, V> Default for Bst<K, V> {
    fn default() -> Self {
        Bst::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Bst<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Bst<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut tree = Bst::new();
        tree.extend(iter);
        tree
    }
}

impl<K: Ord, V> Extend<(K, V)> for Bst<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V> IntoIterator for &'a Bst<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}
