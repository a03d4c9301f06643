#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod bplus;
pub mod demo;
pub mod table;

pub use bplus::{BPlusTree, Range};

/// The contract the exercise shares: [`BPlusTree`] implements it by delegating to its
/// inherent methods, so its callers need no trait import.
pub use indexing_contract::BPlusIndex;

impl<K: Ord + Clone, V: Clone> BPlusIndex<K, V> for BPlusTree<K, V> {
    fn new(order: usize) -> Self {
        BPlusTree::new(order)
    }
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        BPlusTree::insert(self, key, value)
    }
    fn get(&self, key: &K) -> Option<&V> {
        BPlusTree::get(self, key)
    }
    fn range<'a, R: std::ops::RangeBounds<K>>(
        &'a self,
        range: R,
    ) -> impl Iterator<Item = (&'a K, &'a V)>
    where
        K: 'a,
        V: 'a,
    {
        BPlusTree::range(self, range)
    }
    fn len(&self) -> usize {
        BPlusTree::len(self)
    }
    fn height(&self) -> usize {
        BPlusTree::height(self)
    }
    fn node_visits(&self) -> usize {
        BPlusTree::node_visits(self)
    }
}

/// The bench's inputs, shared by `benches/benches/indexing.rs` and `mine/`.
pub mod bench {
    use rand::seq::SliceRandom;

    /// The B+tree's order in the bench: 64 children, about what std's `BTreeMap` and a
    /// small page hold between them.
    pub const ORDER: usize = 64;
    /// Entries per range query.
    pub const RANGE_LEN: usize = 100;

    /// `size` distinct keys in random order (spread by an odd multiplier), and the same
    /// keys shuffled again as queries.
    ///
    /// ```
    /// let (keys, queries) = indexing::bench::inputs(100);
    /// assert_eq!((keys.len(), queries.len()), (100, 100));
    /// ```
    pub fn inputs(size: usize) -> (Vec<u64>, Vec<u64>) {
        let mut keys: Vec<u64> = (0..size as u64)
            .map(|k| k.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        keys.shuffle(&mut evidence::workload::rng(1));
        let mut queries = keys.clone();
        queries.shuffle(&mut evidence::workload::rng(2));
        (keys, queries)
    }
}
