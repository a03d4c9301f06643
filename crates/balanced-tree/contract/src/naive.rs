//! The naive oracle: a sorted vector.
//!
//! Binary search over a sorted array *is* a walk down a perfectly balanced tree: the
//! middle element is the root, the left half its left subtree, the right half its right
//! subtree. So the obvious solution passes every case, shape checks included, and shows
//! what a balanced tree buys without any rotation. What it costs is the insert: O(n),
//! because every later element shifts one place (`Vec::insert`).

use std::borrow::Borrow;

use crate::{SearchTree, TreeNode};

/// A map kept as a vector of entries sorted by key: O(log n) lookups, O(n) inserts.
///
/// ```
/// use balanced_tree_contract::{SearchTree, SortedVec};
///
/// let mut map = SortedVec::new();
/// for k in 1..=7u32 {
///     map.insert(k, k * 10);
/// }
/// assert_eq!(map.get(&5), Some(&50));
/// // 7 entries as an implicit tree: 4 at the root, then 2 and 6, then the leaves.
/// assert_eq!(map.height(), 3);
/// ```
#[derive(Debug, Clone, Default)]
pub struct SortedVec<K, V> {
    /// Strictly increasing by key.
    entries: Vec<(K, V)>,
}

/// A node of [`SortedVec`]'s implicit tree: a non-empty run of entries, whose middle
/// entry is the node.
#[derive(Debug)]
pub struct SortedVecNode<'a, K, V>(&'a [(K, V)]);

// Derived `Clone`/`Copy` would require `K: Copy` and `V: Copy`; a slice reference is
// always copyable.
impl<K, V> Clone for SortedVecNode<'_, K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V> Copy for SortedVecNode<'_, K, V> {}

impl<'a, K, V> SortedVecNode<'a, K, V> {
    /// The node for a run, or `None` for an empty run.
    fn of(run: &'a [(K, V)]) -> Option<Self> {
        (!run.is_empty()).then_some(SortedVecNode(run))
    }

    fn middle(self) -> usize {
        self.0.len() / 2
    }
}

impl<'a, K, V> TreeNode<'a, K, V> for SortedVecNode<'a, K, V> {
    fn key(self) -> &'a K {
        &self.0[self.middle()].0
    }

    fn value(self) -> &'a V {
        &self.0[self.middle()].1
    }

    fn left(self) -> Option<Self> {
        SortedVecNode::of(&self.0[..self.middle()])
    }

    fn right(self) -> Option<Self> {
        SortedVecNode::of(&self.0[self.middle() + 1..])
    }

    fn stored_height(self) -> usize {
        implicit_height(self.0.len())
    }
}

/// The height of the implicit tree over `n` entries: the left half is the larger, with
/// `n / 2` entries, so the height is the number of bits of `n`.
fn implicit_height(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()) as usize
}

impl<K: Ord, V> SortedVec<K, V> {
    fn position<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }
}

impl<K: Ord, V> SearchTree<K, V> for SortedVec<K, V> {
    type Node<'a>
        = SortedVecNode<'a, K, V>
    where
        Self: 'a;

    fn new() -> Self {
        SortedVec {
            entries: Vec::new(),
        }
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.position(key).ok().map(|i| &self.entries[i].1)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn height(&self) -> usize {
        implicit_height(self.entries.len())
    }

    fn root(&self) -> Option<SortedVecNode<'_, K, V>> {
        SortedVecNode::of(&self.entries)
    }
}
