//! # Exercise: a B+tree index
//!
//! Question 17 asks how indexes make queries fast. The short answer is "a B+tree turns a
//! full scan into a descent of a few nodes, and a range into that descent plus a walk
//! along the leaves". It lands better when you have written the split that keeps the
//! tree shallow and the leaf chain that makes ranges cheap.
//!
//! Build `BPlusTree<K, V>` by implementing the contract's `BPlusIndex` trait below:
//!
//! - **leaves** hold the entries, keys sorted, and each knows the next leaf (`next`),
//!   so the leaves form a chain in key order;
//! - **internal nodes** hold separator keys and one more child than keys: child `i`
//!   holds the keys `k` with `keys[i - 1] <= k < keys[i]`;
//! - the **order** m is the most children an internal node may have, so a node holds
//!   at most m − 1 keys. A node that reaches m keys splits in two, and the parent gets a
//!   separator and a new child; when the root splits, a new root goes on top (the only
//!   way the tree grows taller, so every leaf stays at the same depth);
//! - every operation counts the **nodes it visits** (`visits`): a lookup visits
//!   `height` nodes; a range visits its descent plus each further leaf it steps into.
//!
//! Nodes live in one `Vec` (an arena) and refer to each other by index, as a database's
//! pages refer to each other by page number: no `Box` juggling, no `unsafe`, and a leaf
//! can point at its neighbour.
//!
//! The tests are the same conformance cases the reference passes: the basics, the first
//! split at every order from 3 to 8, the height bounds after every insert, the cost of a
//! lookup and of a range (counted), range bounds of every kind, and random workloads
//! compared against `std::collections::BTreeMap`. Run them with `cargo lab check
//! indexing`; stuck, run `cargo lab hint indexing`.
//!
//! Each `// TODO:` marks a place to edit.

// The stub's parameters and helpers are unused until you fill in the bodies; delete
// this line once every `todo!()` is gone, so the compiler can point out anything left
// unused.
#![allow(unused_variables, unused_mut, dead_code)]

use std::cell::Cell;
use std::ops::{Bound, RangeBounds};

pub use indexing_contract::BPlusIndex;

/// An ordered map kept as a B+tree.
pub struct BPlusTree<K, V> {
    /// The arena: every node, addressed by its index.
    nodes: Vec<Node<K, V>>,
    /// The root's index; `None` while the tree is empty.
    root: Option<usize>,
    /// The most children of an internal node; nodes hold at most `order - 1` keys.
    order: usize,
    /// The number of entries.
    len: usize,
    /// Nodes on every root-to-leaf path; 0 while empty.
    height: usize,
    /// Nodes visited by the last operation (a `Cell`, so `get(&self)` can record it).
    visits: Cell<usize>,
}

/// One node of the arena.
pub enum Node<K, V> {
    /// Entries and the next leaf.
    Leaf {
        /// Keys, ascending.
        keys: Vec<K>,
        /// `vals[i]` belongs to `keys[i]`.
        vals: Vec<V>,
        /// The leaf holding the next keys, if any.
        next: Option<usize>,
    },
    /// Separators and children.
    Internal {
        /// Separators, ascending: child `i` holds keys in `keys[i - 1]..keys[i]`.
        keys: Vec<K>,
        /// `children.len() == keys.len() + 1`.
        children: Vec<usize>,
    },
}

impl<K, V> BPlusTree<K, V> {
    /// Pushes `node` into the arena and returns its index.
    fn alloc(&mut self, node: Node<K, V>) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }
}

impl<K: Ord + Clone, V: Clone> BPlusTree<K, V> {
    /// Inserts below node `id`. Returns the old value (if the key was present) and, if
    /// node `id` split, the separator key and the index of its new right sibling, for
    /// the caller to put into the parent.
    fn insert_at(&mut self, id: usize, key: K, value: V) -> (Option<V>, Option<(K, usize)>) {
        // TODO: count the visit; then
        // - in a leaf: binary_search the key; replace the value if found, else insert
        //   key and value at the position; if the leaf now holds `order` keys, split it:
        //   `split_off` the right half into a new leaf (it takes over `next`, and the
        //   left leaf's `next` becomes the new one), and return a clone of the right
        //   half's first key as the separator;
        // - in an internal node: pick the child (`partition_point(|s| *s <= key)`),
        //   recurse, and if the child split, insert its separator at the child's
        //   position and its new sibling just after; if this node now holds `order`
        //   keys, split it too: the middle key moves up (neither half keeps it).
        todo!("insert below a node, splitting it when it overflows")
    }
}

impl<K: Ord + Clone, V: Clone> BPlusIndex<K, V> for BPlusTree<K, V> {
    fn new(order: usize) -> Self {
        // TODO: panic with "order must be at least 3" when order < 3; else an empty tree.
        todo!("an empty tree of the given order")
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        // TODO: an empty tree gets a root leaf holding the entry (height 1). Otherwise
        // reset the visit count, call `insert_at` on the root, and if the root split,
        // make a new internal root with the separator and both halves (height + 1).
        // Count a new key in `len`.
        todo!("insert, growing a new root when the old one splits")
    }

    fn get(&self, key: &K) -> Option<&V> {
        // TODO: from the root, while the node is internal, take child
        // `keys.partition_point(|s| s <= key)`; count every node visited into
        // `self.visits`; in the leaf, binary_search the key.
        todo!("search: descend to the leaf that would hold the key")
    }

    fn range<'a, R: RangeBounds<K>>(&'a self, range: R) -> impl Iterator<Item = (&'a K, &'a V)>
    where
        K: 'a,
        V: 'a,
    {
        // TODO: descend as `get` does, towards the start bound (the leftmost leaf when
        // it is unbounded), counting visits; find the first position in that leaf at or
        // after the start; return a `Range` that remembers the leaf, the position, the
        // end bound (`range.end_bound().cloned()`) and the visits so far.
        todo!("find where the range starts");
        #[allow(unreachable_code)]
        Range {
            tree: self,
            leaf: None,
            pos: 0,
            end: Bound::Unbounded,
            visits: 0,
        }
    }

    fn len(&self) -> usize {
        // TODO
        todo!("the number of entries")
    }

    fn height(&self) -> usize {
        // TODO
        todo!("the number of levels")
    }

    fn node_visits(&self) -> usize {
        // TODO
        todo!("the nodes the last operation visited")
    }
}

/// The iterator `range` returns: a position in a leaf, walking the leaf chain.
pub struct Range<'a, K, V> {
    tree: &'a BPlusTree<K, V>,
    /// The current leaf, or `None` when done.
    leaf: Option<usize>,
    /// The next entry's position in the current leaf.
    pos: usize,
    /// Where to stop.
    end: Bound<K>,
    /// Nodes visited so far (stored into `tree.visits` as it grows).
    visits: usize,
}

impl<'a, K: Ord, V> Iterator for Range<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        // TODO: at the end of the current leaf, move to its `next` leaf (count the visit
        // and store it into `self.tree.visits`); stop when there is none, or when the
        // key is past the end bound; else yield the entry and advance `pos`.
        todo!("the next entry along the leaf chain")
    }
}
