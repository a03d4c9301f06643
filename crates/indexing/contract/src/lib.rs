//! The indexing contract: what question 17's reference B+tree and the learner's exercise
//! both implement, and the cases both must pass.
//!
//! - [`BPlusIndex`]: the trait, a B+tree map with a configurable order that counts the
//!   nodes each operation visits (search, insert with node splits, range iteration);
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, ending with a model-based property test against
//!   `std::collections::BTreeMap` (the naive oracle: any correct ordered map);
//! - [`conformance_tests!`]: one `#[test]` per case for a tree type.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/indexing/tests/conformance.rs
//! indexing_contract::conformance_tests!(indexing_exercise::BPlusTree);
//! ```

#![forbid(unsafe_code)]

pub mod cases;

use std::ops::RangeBounds;

/// The contract of a B+tree map, as the conformance cases see it.
///
/// A B+tree keeps every entry in its leaves, in key order, with the leaves chained left
/// to right; internal nodes hold separator keys that steer a search. The **order** m is
/// the most children an internal node may have: every node holds at most m − 1 keys,
/// and a node that would hold m splits in two.
///
/// The reference `indexing::BPlusTree` implements it by delegating to its inherent
/// methods; the exercise's tree implements it directly.
///
/// ```
/// use std::collections::BTreeMap;
/// use indexing_contract::BPlusIndex;
///
/// // BTreeMap passes for a map (not for the shape cases): one "level", one visit.
/// struct Flat(BTreeMap<u32, u32>);
/// impl BPlusIndex<u32, u32> for Flat {
///     fn new(_order: usize) -> Self { Flat(BTreeMap::new()) }
///     fn insert(&mut self, k: u32, v: u32) -> Option<u32> { self.0.insert(k, v) }
///     fn get(&self, k: &u32) -> Option<&u32> { self.0.get(k) }
///     fn range<'a, R>(&'a self, r: R) -> impl Iterator<Item = (&'a u32, &'a u32)>
///     where
///         R: std::ops::RangeBounds<u32>,
///         u32: 'a,
///     {
///         self.0.range(r)
///     }
///     fn len(&self) -> usize { self.0.len() }
///     fn height(&self) -> usize { usize::from(!self.0.is_empty()) }
///     fn node_visits(&self) -> usize { 1 }
/// }
/// let mut map = Flat::new(3);
/// map.insert(1, 10);
/// assert_eq!(map.range(..).count(), 1);
/// ```
pub trait BPlusIndex<K: Ord + Clone, V: Clone> {
    /// An empty tree of the given order.
    ///
    /// # Panics
    ///
    /// If `order < 3`, with a message that says the order must be at least 3.
    fn new(order: usize) -> Self
    where
        Self: Sized;

    /// Stores `value` under `key`; returns the key's previous value, if it had one.
    fn insert(&mut self, key: K, value: V) -> Option<V>;

    /// The value stored under `key`, found by one descent from the root to a leaf.
    fn get(&self, key: &K) -> Option<&V>;

    /// The entries with keys inside `range`, in key order: one descent to the first,
    /// then a walk along the leaf chain. A range empty by its bounds yields nothing.
    fn range<'a, R: RangeBounds<K>>(&'a self, range: R) -> impl Iterator<Item = (&'a K, &'a V)>
    where
        K: 'a,
        V: 'a;

    /// The number of entries.
    fn len(&self) -> usize;

    /// Whether the tree holds no entries.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Nodes on every root-to-leaf path: 0 for an empty tree, 1 while the root is a leaf.
    fn height(&self) -> usize;

    /// The nodes the last operation visited: `height()` for a `get`; for a range
    /// iterator, the nodes of its descent plus each further leaf it has stepped into.
    fn node_visits(&self) -> usize;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a tree type constructor `T<K, V>`: most
    /// cases use `u64` keys and values, one `String` keys.
    ///
    /// ```text
    /// indexing_contract::conformance_tests!(indexing_exercise::BPlusTree);
    /// ```
    macro conformance_tests($($tree:ident)::+) {
        /// The tree under test.
        type ConformanceTree<K, V> = $($tree)::+<K, V>;
    }
    cases [$crate::cases] {
        an_order_below_three_is_refused::<ConformanceTree<u64, u64>>(),
        an_empty_tree_has_height_zero::<ConformanceTree<u64, u64>>(),
        get_finds_what_insert_stored::<ConformanceTree<u64, u64>>(),
        insert_returns_the_previous_value::<ConformanceTree<u64, u64>>(),
        works_with_string_keys::<ConformanceTree<String, u64>>(),
        a_full_leaf_splits_in_two::<ConformanceTree<u64, u64>>(),
        splits_keep_the_tree_balanced_at_every_order::<ConformanceTree<u64, u64>>(),
        a_lookup_visits_one_node_per_level::<ConformanceTree<u64, u64>>(),
        range_yields_every_key_in_order::<ConformanceTree<u64, u64>>(),
        range_bounds_of_every_kind::<ConformanceTree<u64, u64>>(),
        a_range_walks_only_the_leaves_it_needs::<ConformanceTree<u64, u64>>(),
        agrees_with_btreemap::<ConformanceTree<u64, u64>>(),
    }
}
