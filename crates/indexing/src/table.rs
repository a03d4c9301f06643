//! A table of rows and the three ways to find rows in it: a full scan, a hash index and
//! a B+tree index, each reporting the work it did.
//!
//! The rows stand in for a database table's heap: a `Vec` in insertion order, a row's
//! position being its location (PostgreSQL's tuple id, SQLite's rowid). An index maps a
//! column value to row positions, as a secondary index does.
//!
//! ```
//! use indexing::table::{Table, Row};
//!
//! let table = Table::generate(1_000, 7);
//! let key = table.rows()[500].key;
//! let scan = table.scan_eq(key);
//! let hash = table.hash_index().get(key);
//! let tree = table.btree_index(32);
//! let found = tree.get(key);
//! assert_eq!(scan.rows, vec![500]);
//! assert_eq!((hash.rows.clone(), found.rows.clone()), (vec![500], vec![500]));
//! assert_eq!(scan.examined, 1_000);
//! assert_eq!(hash.examined, 1);
//! ```

use std::collections::HashMap;

use rand::RngExt;

use evidence::workload::rng;

use crate::BPlusTree;

/// One row: an indexed unique `key` (think of an email's hash or an order number), a
/// payload column, and a low-selectivity flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Unique, random: the column the indexes are built on.
    pub key: u64,
    /// A payload the queries return.
    pub amount: u32,
    /// True for about half the rows: a column an index cannot narrow.
    pub shipped: bool,
}

/// The rows a lookup found (positions in the table, ascending) and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Positions of the matching rows, ascending.
    pub rows: Vec<usize>,
    /// Rows read and compared: all of them for a scan, the matching ones for an index.
    pub examined: usize,
    /// Index nodes visited (B+tree) or buckets probed (hash); 0 for a scan.
    pub index_nodes: usize,
}

/// Why a hash index cannot answer a range query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a hash index has no key order, so it cannot answer a range; scan instead")
    }
}

impl std::error::Error for Unsupported {}

/// A heap of rows.
#[derive(Debug, Clone)]
pub struct Table {
    rows: Vec<Row>,
}

impl Table {
    /// `n` rows with distinct random keys, random amounts and a random flag, from
    /// `seed`.
    ///
    /// ```
    /// let t = indexing::table::Table::generate(100, 1);
    /// assert_eq!(t.rows().len(), 100);
    /// ```
    pub fn generate(n: usize, seed: u64) -> Table {
        let mut rng = rng(seed);
        let mut seen = std::collections::HashSet::with_capacity(n);
        let mut rows = Vec::with_capacity(n);
        while rows.len() < n {
            let key = rng.random::<u64>() >> 1;
            if seen.insert(key) {
                rows.push(Row {
                    key,
                    amount: rng.random_range(1..10_000),
                    shipped: rng.random_bool(0.5),
                });
            }
        }
        Table { rows }
    }

    /// The rows, in insertion order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// `WHERE key = k` by reading every row: examines all n.
    pub fn scan_eq(&self, key: u64) -> Found {
        self.scan(|r| r.key == key)
    }

    /// `WHERE key BETWEEN lo AND hi` by reading every row.
    pub fn scan_between(&self, lo: u64, hi: u64) -> Found {
        self.scan(|r| (lo..=hi).contains(&r.key))
    }

    fn scan(&self, matches: impl Fn(&Row) -> bool) -> Found {
        let rows = (0..self.rows.len())
            .filter(|&i| matches(&self.rows[i]))
            .collect();
        Found {
            rows,
            examined: self.rows.len(),
            index_nodes: 0,
        }
    }

    /// A hash index on `key`: key to row positions.
    pub fn hash_index(&self) -> HashIndex {
        let mut map: HashMap<u64, Vec<usize>> = HashMap::with_capacity(self.rows.len());
        for (i, r) in self.rows.iter().enumerate() {
            map.entry(r.key).or_default().push(i);
        }
        HashIndex { map }
    }

    /// A B+tree index of the given order on `key`: key to row position.
    ///
    /// # Panics
    ///
    /// If `order < 3` (see [`BPlusTree::new`]).
    pub fn btree_index(&self, order: usize) -> TreeIndex {
        let mut tree = BPlusTree::new(order);
        for (i, r) in self.rows.iter().enumerate() {
            tree.insert(r.key, i);
        }
        TreeIndex { tree }
    }
}

/// A hash index: one probe finds a key's rows; no order, so no ranges.
#[derive(Debug)]
pub struct HashIndex {
    map: HashMap<u64, Vec<usize>>,
}

impl HashIndex {
    /// `WHERE key = k`: one bucket probe, then the matching rows.
    pub fn get(&self, key: u64) -> Found {
        let rows = self.map.get(&key).cloned().unwrap_or_default();
        Found {
            examined: rows.len(),
            rows,
            index_nodes: 1,
        }
    }

    /// `WHERE key BETWEEN lo AND hi`: not possible.
    ///
    /// # Errors
    ///
    /// Always [`Unsupported`]: hashing scatters neighbouring keys.
    pub fn between(&self, _lo: u64, _hi: u64) -> Result<Found, Unsupported> {
        Err(Unsupported)
    }
}

/// A B+tree index: a descent finds a key; a range adds a walk along the leaves.
#[derive(Debug)]
pub struct TreeIndex {
    tree: BPlusTree<u64, usize>,
}

impl TreeIndex {
    /// The tree, for its height and counts.
    pub fn tree(&self) -> &BPlusTree<u64, usize> {
        &self.tree
    }

    /// `WHERE key = k`: one descent, `height()` nodes, then the row.
    pub fn get(&self, key: u64) -> Found {
        let rows: Vec<usize> = self.tree.get(&key).copied().into_iter().collect();
        Found {
            examined: rows.len(),
            rows,
            index_nodes: self.tree.node_visits(),
        }
    }

    /// `WHERE key BETWEEN lo AND hi`: a descent to `lo`, then the leaves up to `hi`.
    pub fn between(&self, lo: u64, hi: u64) -> Found {
        let mut rows: Vec<usize> = self.tree.range(lo..=hi).map(|(_, &i)| i).collect();
        let index_nodes = self.tree.node_visits();
        rows.sort_unstable();
        Found {
            examined: rows.len(),
            rows,
            index_nodes,
        }
    }
}
