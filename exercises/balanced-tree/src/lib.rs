//! # Exercise: an AVL tree
//!
//! Question 9 asks why you would choose a balanced tree over an unbalanced one. The
//! short answer is "a plain BST fed sorted keys becomes a linked list, and a balanced
//! tree keeps its height O(log n) whatever the order". The answer lands better when you
//! have written the rotations that do it.
//!
//! Build `AvlTree<K, V>` by implementing the contract's `SearchTree` trait below. Each
//! node stores its subtree's height (1 for a leaf). After an insert, on the way back up
//! the path it took, every node recomputes its height from its children's; a node whose
//! balance factor, height(left) − height(right), reached 2 or −2 is fixed with a
//! rotation (or two) that keeps the keys in order and restores the balance.
//!
//! The tests are the same conformance cases the reference passes: the basics, the four
//! rotation cases, every invariant after every insert (keys in order, stored heights
//! right, balance factors in {-1, 0, 1}), the height after 10,000 sorted inserts, random
//! sequences compared against `std::collections::BTreeMap`, and the comparisons a lookup
//! makes (counted). Run them with `cargo lab check balanced-tree`; stuck, run `cargo lab
//! hint balanced-tree`.
//!
//! A plan that works (the hints expand on it):
//! - `len`, `height` (the root's stored height, 0 for no root) and `get` (walk down from
//!   the root, left when the key is smaller, right when it is larger) come first;
//! - `insert` is recursive: insert into the left or right subtree, then fix the node on
//!   the way back. An AVL tree of any size you can build in memory is under 50 levels
//!   high, so the recursion depth is small;
//! - rotations take a `Box<Node>` and return the subtree's new root; recompute heights
//!   bottom-up (the node that went down first).
//!
//! Each `// TODO:` marks a place to edit. The `TreeNode` view the checks walk is given.

// The stub's parameters and helpers are unused until you fill in the bodies (and a
// `Box` that is never moved, or a `mut` never used, looks needless to the compiler);
// delete this line once every `todo!()` is gone, so the compiler can point out anything
// left unused.
#![allow(unused_variables, unused_mut, dead_code, clippy::boxed_local)]

use std::borrow::Borrow;

pub use balanced_tree_contract::{SearchTree, TreeNode};

/// An ordered map kept as an AVL tree.
pub struct AvlTree<K, V> {
    root: Option<Box<Node<K, V>>>,
    /// The number of entries.
    len: usize,
}

/// One entry, its children and the height of the subtree it roots.
pub struct Node<K, V> {
    key: K,
    value: V,
    /// 1 for a leaf, 1 + the larger of the children's heights otherwise.
    height: usize,
    /// Keys smaller than `key`.
    left: Option<Box<Node<K, V>>>,
    /// Keys larger than `key`.
    right: Option<Box<Node<K, V>>>,
}

/// The height of a subtree: 0 when there is no node.
fn height<K, V>(node: Option<&Node<K, V>>) -> usize {
    // TODO: the node's stored height, or 0.
    todo!("the height of a subtree, 0 for none")
}

/// Recomputes `node.height` from its children's stored heights.
fn update_height<K, V>(node: &mut Node<K, V>) {
    // TODO: 1 + the larger of the children's heights.
    todo!("update a node's height from its children")
}

/// height(left) − height(right): in {-1, 0, 1} in a balanced tree.
fn balance_factor<K, V>(node: &Node<K, V>) -> isize {
    // TODO
    todo!("the balance factor")
}

/// Rotates right: the left child `x` becomes the subtree's root, `node` becomes `x`'s
/// right child, and `x`'s old right subtree becomes `node`'s left. Returns `x`.
///
/// ```text
///       node            x
///      /    \          / \
///     x      c   =>   a   node
///    / \                  /  \
///   a   b                b    c
/// ```
fn rotate_right<K, V>(mut node: Box<Node<K, V>>) -> Box<Node<K, V>> {
    // TODO: move the links as drawn, then update the heights of `node` (now lower) and
    // `x` (now above it), in that order.
    todo!("rotate right")
}

/// The mirror image of `rotate_right`. Returns the new subtree root.
fn rotate_left<K, V>(mut node: Box<Node<K, V>>) -> Box<Node<K, V>> {
    // TODO
    todo!("rotate left")
}

/// Updates `node`'s height and, if its balance factor is 2 or −2, rotates it back into
/// balance: a single rotation when the heavy child leans the same way, a double one
/// (first rotate the child, then the node) when it leans the other way. Returns the
/// subtree's root.
fn rebalance<K, V>(mut node: Box<Node<K, V>>) -> Box<Node<K, V>> {
    // TODO
    todo!("rebalance a node")
}

/// Inserts into the subtree rooted at `node`: returns the subtree's new root and the
/// key's previous value, if it had one.
fn insert_into<K: Ord, V>(
    node: Option<Box<Node<K, V>>>,
    key: K,
    value: V,
) -> (Box<Node<K, V>>, Option<V>) {
    // TODO: no node: a new leaf. Otherwise compare, recurse into one side, put the
    // returned subtree back, and rebalance this node on the way out. An equal key
    // swaps the value (`std::mem::replace`) and changes no shape.
    todo!("insert into a subtree")
}

impl<K: Ord, V> SearchTree<K, V> for AvlTree<K, V> {
    type Node<'a>
        = &'a Node<K, V>
    where
        Self: 'a;

    fn new() -> Self {
        AvlTree { root: None, len: 0 }
    }

    /// Stores `value` under `key`; returns the previous value if the key was present.
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        // TODO: `self.root.take()`, `insert_into`, put the new root back; count a new
        // key in `len`.
        todo!("insert")
    }

    /// The value under `key`: one walk down from the root, no recursion needed.
    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        // TODO: compare with `key.cmp(node.key.borrow())` and match on the
        // `std::cmp::Ordering` it returns.
        todo!("get")
    }

    fn len(&self) -> usize {
        // TODO
        todo!("len")
    }

    /// 0 for an empty tree, 1 for one node: the root's stored height.
    fn height(&self) -> usize {
        // TODO
        todo!("height")
    }

    fn root(&self) -> Option<&Node<K, V>> {
        self.root.as_deref()
    }
}

/// The view the conformance cases walk to check the invariants. Given: nothing to do.
impl<'a, K, V> TreeNode<'a, K, V> for &'a Node<K, V> {
    fn key(self) -> &'a K {
        &self.key
    }

    fn value(self) -> &'a V {
        &self.value
    }

    fn left(self) -> Option<Self> {
        self.left.as_deref()
    }

    fn right(self) -> Option<Self> {
        self.right.as_deref()
    }

    fn stored_height(self) -> usize {
        self.height
    }
}
