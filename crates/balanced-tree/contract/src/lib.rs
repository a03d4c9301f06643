//! The balanced-tree contract: what question 9's reference AVL tree and the learner's
//! exercise both implement, and the cases both must pass.
//!
//! - [`SearchTree`]: the trait, the contract of a binary search tree map (insert, get,
//!   len, height) plus [`SearchTree::root`], a read-only view of the tree's shape;
//! - [`TreeNode`]: that view, one node at a time, so the cases can check the
//!   invariants a balanced tree keeps (search order, stored heights, balance factors in
//!   {-1, 0, 1}) after every operation;
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, and a model-based property test against `std::collections::BTreeMap`;
//! - [`SortedVec`]: the naive oracle, a sorted vector searched by halving, which is a
//!   perfectly balanced tree in disguise (its middle element is the root);
//! - [`conformance_tests!`]: one `#[test]` per case for a tree type.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/balanced-tree/tests/conformance.rs
//! balanced_tree_contract::conformance_tests!(balanced_tree_exercise::AvlTree);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod naive;

pub use naive::{SortedVec, SortedVecNode};

use std::borrow::Borrow;

/// One node of a tree, as the invariant checks see it: a cheap copyable handle (a
/// reference to a boxed node, or an index into an arena with the arena beside it).
///
/// The checks walk the tree with an explicit stack, never by recursion, so a tree that
/// degenerated into a 100,000-node list is reported, not a stack overflow.
pub trait TreeNode<'a, K, V>: Copy {
    /// The node's key.
    fn key(self) -> &'a K;

    /// The node's value.
    fn value(self) -> &'a V;

    /// The root of the left subtree (keys less than this node's), if any.
    fn left(self) -> Option<Self>;

    /// The root of the right subtree (keys greater than this node's), if any.
    fn right(self) -> Option<Self>;

    /// The height the node stores for its subtree: 1 for a leaf, 1 + the larger of its
    /// children's heights otherwise. The checks compare it with the height they compute.
    fn stored_height(self) -> usize;
}

/// The contract of a search-tree map, as the conformance cases see it.
///
/// The reference `balanced_tree::AvlTree` implements it by delegating to its inherent
/// methods (so its callers need no trait import); the exercise's tree implements it
/// directly, and so does the naive oracle [`SortedVec`].
///
/// ```
/// use balanced_tree_contract::{SearchTree, SortedVec, TreeNode};
///
/// fn build<T: SearchTree<u32, u32>>() -> T {
///     let mut tree = T::new();
///     for k in 1..=3 {
///         tree.insert(k, k * 10);
///     }
///     tree
/// }
/// let tree: SortedVec<u32, u32> = build();
/// assert_eq!((tree.len(), tree.height(), tree.get(&2)), (3, 2, Some(&20)));
/// assert_eq!(tree.root().map(|n| *n.key()), Some(2));
/// ```
pub trait SearchTree<K: Ord, V> {
    /// The handle [`root`](SearchTree::root) returns, borrowing the tree.
    type Node<'a>: TreeNode<'a, K, V>
    where
        Self: 'a;

    /// An empty tree.
    fn new() -> Self
    where
        Self: Sized;

    /// Stores `value` under `key`; returns the key's previous value, if it had one (the
    /// key itself is not replaced, as in `BTreeMap`).
    fn insert(&mut self, key: K, value: V) -> Option<V>;

    /// The value stored under `key`, found by walking one root-to-leaf path.
    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized;

    /// The number of entries.
    fn len(&self) -> usize;

    /// Whether the tree holds no entries.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of nodes on the longest root-to-leaf path: 0 for an empty tree, 1 for a
    /// single node.
    fn height(&self) -> usize;

    /// The root node, for the invariant checks; `None` for an empty tree.
    fn root(&self) -> Option<Self::Node<'_>>;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a tree type constructor `T<K, V>`: most
    /// cases use `u64` keys and values, one `String` keys, and the cost case keys that
    /// count their comparisons.
    ///
    /// ```text
    /// balanced_tree_contract::conformance_tests!(balanced_tree_exercise::AvlTree);
    /// ```
    macro conformance_tests($($tree:ident)::+) {
        /// The tree under test.
        type ConformanceTree<K, V> = $($tree)::+<K, V>;
        /// A key that counts its comparisons.
        type CountedKey = $crate::cases::CountedKey;
    }
    cases [$crate::cases] {
        an_empty_tree_has_height_zero::<ConformanceTree<u64, u64>>(),
        one_key_makes_height_one::<ConformanceTree<u64, u64>>(),
        get_returns_what_insert_stored::<ConformanceTree<u64, u64>>(),
        insert_returns_the_previous_value::<ConformanceTree<u64, u64>>(),
        keys_stay_in_search_order::<ConformanceTree<u64, u64>>(),
        looks_up_string_keys_by_str::<ConformanceTree<String, u64>>(),
        a_right_right_chain_rotates_left::<ConformanceTree<u64, u64>>(),
        a_left_left_chain_rotates_right::<ConformanceTree<u64, u64>>(),
        a_left_right_zig_zag_rotates_twice::<ConformanceTree<u64, u64>>(),
        a_right_left_zig_zag_rotates_twice::<ConformanceTree<u64, u64>>(),
        balance_factors_stay_within_one_after_every_insert::<ConformanceTree<u64, u64>>(),
        sorted_inserts_keep_the_height_logarithmic::<ConformanceTree<u64, u64>>(),
        agrees_with_btreemap::<ConformanceTree<u64, u64>>(),
        lookups_do_logarithmic_work::<ConformanceTree<CountedKey, u64>>(),
    }
}
