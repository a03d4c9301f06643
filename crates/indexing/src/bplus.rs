//! [`BPlusTree`]: an in-memory B+tree, the structure behind most database indexes.
//!
//! # Shape
//!
//! - every entry lives in a **leaf**; leaves hold their keys in order and are chained
//!   left to right, so a range query descends once and then walks the chain;
//! - an **internal node** holds separator keys and one more child than keys; child `i`
//!   holds the keys `k` with `keys[i - 1] <= k < keys[i]`;
//! - the `order` is the most children an internal node may have; every node holds at
//!   most `order - 1` keys, and every node but the root at least `ceil(order / 2) - 1`;
//! - all leaves sit at the same depth: the tree grows only when the root splits and
//!   shrinks only when the root is left with one child.
//!
//! # Layout in memory
//!
//! Nodes live in one arena (`Vec`) and point at each other by `u32` index, so the tree
//! needs no `unsafe`, no reference counting and no parent pointers; a database does the
//! same with page numbers. Slots freed by merges are reused by later splits.
//!
//! # Counting
//!
//! Every operation records how many nodes it visited, read back with
//! [`BPlusTree::node_visits`]: a lookup visits exactly [`BPlusTree::height`] nodes; a
//! range visits the path to its first leaf plus every further leaf it steps into. The
//! count is one relaxed atomic store per operation (per leaf for a range), so a shared
//! `&BPlusTree` stays `Sync`; with several threads reading at once, it holds whichever
//! operation stored last.

use std::borrow::Borrow;
use std::fmt;
use std::ops::{Bound, RangeBounds};
use std::sync::atomic::{AtomicUsize, Ordering};

/// "No node": the empty tree's root and the last leaf's `next`.
const NONE: u32 = u32::MAX;

/// An ordered map kept as a B+tree of configurable order, counting the nodes each
/// operation visits.
///
/// # Complexity
///
/// With n entries and order m: `get`, `insert` and `remove` visit `O(log_{m/2} n)`
/// nodes and make `O(log n)` comparisons (binary search inside each node); `insert` and
/// `remove` also move up to m entries inside a node. `range` visits the path to its
/// first entry, then one leaf per up to m − 1 entries it yields.
///
/// # Example
///
/// ```
/// use indexing::BPlusTree;
///
/// let mut tree = BPlusTree::new(4);
/// for k in 0..20u32 {
///     tree.insert(k, k * 10);
/// }
/// assert_eq!(tree.get(&7), Some(&70));
/// assert_eq!(tree.node_visits(), tree.height());
/// let keys: Vec<u32> = tree.range(5..9).map(|(k, _)| *k).collect();
/// assert_eq!(keys, [5, 6, 7, 8]);
/// assert_eq!(tree.remove(&5), Some(50));
/// assert_eq!(tree.len(), 19);
/// ```
pub struct BPlusTree<K, V> {
    /// The arena. Invariant: every index reachable from `root` is in bounds and is not
    /// in `free`.
    nodes: Vec<Node<K, V>>,
    /// Slots of `nodes` freed by merges, reused before the arena grows.
    free: Vec<u32>,
    /// The root, or [`NONE`] when the tree is empty (then `height == 0`, `len == 0`).
    root: u32,
    /// The most children an internal node may have (at least 3).
    order: usize,
    /// The number of entries (all in leaves).
    len: usize,
    /// The nodes on every root-to-leaf path; 0 for an empty tree.
    height: usize,
    /// Nodes visited by the last operation.
    visits: AtomicUsize,
}

/// One node of the arena.
enum Node<K, V> {
    Leaf(Leaf<K, V>),
    Internal(Internal<K>),
}

/// A leaf: entries in key order (`keys[i]` maps to `vals[i]`) and the next leaf.
struct Leaf<K, V> {
    keys: Vec<K>,
    vals: Vec<V>,
    next: u32,
}

/// An internal node: `children.len() == keys.len() + 1`.
struct Internal<K> {
    keys: Vec<K>,
    children: Vec<u32>,
}

impl<K, V> Node<K, V> {
    fn key_count(&self) -> usize {
        match self {
            Node::Leaf(leaf) => leaf.keys.len(),
            Node::Internal(node) => node.keys.len(),
        }
    }
}

impl<K: Ord + Clone, V> BPlusTree<K, V> {
    /// An empty tree whose internal nodes have at most `order` children (and so every
    /// node at most `order - 1` keys). Databases pick the order that fills a page
    /// (hundreds); small orders make splits easy to watch.
    ///
    /// # Panics
    ///
    /// If `order < 3`: with two children a node split would leave a half with no key, so
    /// "order must be at least 3" is the message.
    ///
    /// ```should_panic
    /// let _ = indexing::BPlusTree::<u32, ()>::new(2); // panics: order must be at least 3
    /// ```
    pub fn new(order: usize) -> Self {
        assert!(
            order >= 3,
            "order must be at least 3 (got {order}): a node of order m holds up to m - 1 keys \
             and splits into two halves that each keep at least one"
        );
        assert!(
            order < NONE as usize,
            "order {order} does not fit the tree's u32 node links"
        );
        BPlusTree {
            nodes: Vec::new(),
            free: Vec::new(),
            root: NONE,
            order,
            len: 0,
            height: 0,
            visits: AtomicUsize::new(0),
        }
    }

    /// The order the tree was built with: the most children of an internal node.
    ///
    /// ```
    /// assert_eq!(indexing::BPlusTree::<u8, u8>::new(5).order(), 5);
    /// ```
    pub fn order(&self) -> usize {
        self.order
    }

    /// The number of entries.
    ///
    /// ```
    /// let mut tree = indexing::BPlusTree::new(3);
    /// tree.insert("a", 1);
    /// tree.insert("a", 2);
    /// assert_eq!(tree.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the tree holds no entries.
    ///
    /// ```
    /// assert!(indexing::BPlusTree::<u8, u8>::new(3).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The number of nodes on every root-to-leaf path: 0 when empty, 1 while the root is
    /// a leaf, and one more each time the root splits.
    ///
    /// ```
    /// let mut tree = indexing::BPlusTree::new(3);
    /// assert_eq!(tree.height(), 0);
    /// tree.insert(1, ());
    /// tree.insert(2, ());
    /// assert_eq!(tree.height(), 1);
    /// tree.insert(3, ()); // three keys overflow a leaf of order 3: it splits
    /// assert_eq!(tree.height(), 2);
    /// ```
    pub fn height(&self) -> usize {
        self.height
    }

    /// The nodes the last operation visited (`get`, `insert`, `remove`, or a `range`
    /// iterator so far): its cost in page reads, had each node been a disk page.
    ///
    /// ```
    /// let mut tree = indexing::BPlusTree::new(3);
    /// for k in 0..100 {
    ///     tree.insert(k, k);
    /// }
    /// tree.get(&42);
    /// assert_eq!(tree.node_visits(), tree.height());
    /// ```
    pub fn node_visits(&self) -> usize {
        self.visits.load(Ordering::Relaxed)
    }

    /// The value stored under `key`, found by one descent from the root to a leaf.
    ///
    /// ```
    /// let mut tree = indexing::BPlusTree::new(4);
    /// tree.insert(String::from("ada"), 1815);
    /// assert_eq!(tree.get("ada"), Some(&1815));
    /// assert_eq!(tree.get("bob"), None);
    /// ```
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let (leaf, visits) = self.find_leaf(Bound::Included(key));
        self.visits.store(visits, Ordering::Relaxed);
        let leaf = self.leaf(leaf?);
        let i = leaf.keys.binary_search_by(|k| k.borrow().cmp(key)).ok()?;
        Some(&leaf.vals[i])
    }

    /// Stores `value` under `key`; returns the previous value if the key was present
    /// (the stored key itself is kept, as in `BTreeMap`).
    ///
    /// A leaf that overflows (reaches `order` keys) splits in two: the left half keeps
    /// `order / 2` entries, the right half the rest, and a copy of the right half's
    /// first key goes up to the parent as a separator. A parent that overflows splits
    /// too, moving its middle key up; a root that splits gets a new root above it.
    ///
    /// ```
    /// let mut tree = indexing::BPlusTree::new(3);
    /// assert_eq!(tree.insert(1, "one"), None);
    /// assert_eq!(tree.insert(1, "uno"), Some("one"));
    /// ```
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        if self.root == NONE {
            self.root = self.alloc(Node::Leaf(Leaf {
                keys: vec![key],
                vals: vec![value],
                next: NONE,
            }));
            self.height = 1;
            self.len = 1;
            self.visits.store(1, Ordering::Relaxed);
            return None;
        }
        let mut visits = 0;
        let (old, split) = self.insert_at(self.root, key, value, &mut visits);
        self.visits.store(visits, Ordering::Relaxed);
        if let Some((separator, right)) = split {
            let left = self.root;
            self.root = self.alloc(Node::Internal(Internal {
                keys: vec![separator],
                children: vec![left, right],
            }));
            self.height += 1;
        }
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    /// Removes `key`; returns its value if it was present.
    ///
    /// A node left with fewer than `ceil(order / 2) - 1` keys borrows one from a sibling
    /// that can spare it, or else merges with a sibling (taking the separator down from
    /// the parent, for internal nodes); a root left with one child is replaced by it.
    ///
    /// ```
    /// let mut tree: indexing::BPlusTree<u32, u32> = (0..50).map(|k| (k, k)).fold(
    ///     indexing::BPlusTree::new(3),
    ///     |mut t, (k, v)| { t.insert(k, v); t },
    /// );
    /// let tall = tree.height();
    /// for k in 0..49 {
    ///     assert_eq!(tree.remove(&k), Some(k));
    /// }
    /// assert_eq!((tree.len(), tree.height()), (1, 1));
    /// assert!(tall > 1);
    /// assert_eq!(tree.remove(&7), None);
    /// ```
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        if self.root == NONE {
            self.visits.store(0, Ordering::Relaxed);
            return None;
        }
        let mut visits = 0;
        let removed = self.remove_at(self.root, key, &mut visits);
        self.visits.store(visits, Ordering::Relaxed);
        removed.as_ref()?;
        self.len -= 1;
        // Shrink from the top: an internal root with one child, or an empty leaf root.
        match &self.nodes[self.root as usize] {
            Node::Internal(root) if root.keys.is_empty() => {
                let child = root.children[0];
                self.release(self.root);
                self.root = child;
                self.height -= 1;
            }
            Node::Leaf(root) if root.keys.is_empty() => {
                self.release(self.root);
                self.root = NONE;
                self.height = 0;
            }
            _ => {}
        }
        removed
    }

    /// The entries whose keys lie in `range`, in key order, lazily: one descent to the
    /// first entry, then a walk along the leaf chain. Every bound works: `a..b`,
    /// `a..=b`, `a..`, `..b`, `..=b`, `..` and `(Bound::Excluded(a), bound)`.
    ///
    /// A range that is empty by its bounds (start after end, or both ends the same key
    /// with one excluded) yields nothing, where `BTreeMap::range` panics.
    ///
    /// ```
    /// use std::ops::Bound::{Excluded, Included};
    /// let mut tree = indexing::BPlusTree::new(3);
    /// for k in 0..10 {
    ///     tree.insert(k, ());
    /// }
    /// let keys = |r: Vec<(&i32, &())>| r.into_iter().map(|(k, _)| *k).collect::<Vec<_>>();
    /// assert_eq!(keys(tree.range(3..=5).collect()), [3, 4, 5]);
    /// assert_eq!(keys(tree.range((Excluded(7), Included(20))).collect()), [8, 9]);
    /// assert_eq!(tree.range(5..2).count(), 0);
    /// ```
    pub fn range<R: RangeBounds<K>>(&self, range: R) -> Range<'_, K, V> {
        let end = range.end_bound().cloned();
        let empty = Range {
            tree: self,
            keys: &[],
            vals: &[],
            next: NONE,
            end: Bound::Unbounded,
            visits: 0,
        };
        if is_empty_range(range.start_bound(), range.end_bound()) {
            self.visits.store(0, Ordering::Relaxed);
            return empty;
        }
        let start = range.start_bound();
        let (leaf, visits) = self.find_leaf(start.map(|k| k));
        self.visits.store(visits, Ordering::Relaxed);
        let Some(leaf_id) = leaf else {
            return empty;
        };
        let leaf = self.leaf(leaf_id);
        let from = match start {
            Bound::Included(k) => leaf.keys.partition_point(|x| x < k),
            Bound::Excluded(k) => leaf.keys.partition_point(|x| x <= k),
            Bound::Unbounded => 0,
        };
        Range {
            tree: self,
            keys: &leaf.keys[from..],
            vals: &leaf.vals[from..],
            next: leaf.next,
            end,
            visits,
        }
    }

    /// Every entry in key order: `range(..)`.
    ///
    /// ```
    /// let mut tree = indexing::BPlusTree::new(3);
    /// tree.insert(2, 'b');
    /// tree.insert(1, 'a');
    /// assert_eq!(tree.iter().collect::<Vec<_>>(), [(&1, &'a'), (&2, &'b')]);
    /// ```
    pub fn iter(&self) -> Range<'_, K, V> {
        self.range(..)
    }

    /// Checks every structural invariant and returns the number of nodes; for tests.
    ///
    /// # Errors
    ///
    /// The first broken invariant, in words.
    ///
    /// ```
    /// let mut tree = indexing::BPlusTree::new(3);
    /// for k in 0..10 {
    ///     tree.insert(k, ());
    /// }
    /// assert!(tree.check().is_ok());
    /// ```
    pub fn check(&self) -> Result<usize, String>
    where
        K: fmt::Debug,
    {
        if self.root == NONE {
            return if self.len == 0 && self.height == 0 {
                Ok(0)
            } else {
                Err(format!(
                    "no root, but len {} and height {}",
                    self.len, self.height
                ))
            };
        }
        let min = min_keys(self.order);
        let max = self.order - 1;
        // (node, depth, lower bound, upper bound) with bounds as key references.
        let mut stack: Vec<(u32, usize, Option<&K>, Option<&K>)> = vec![(self.root, 1, None, None)];
        let mut nodes = 0;
        let mut leaves = Vec::new();
        while let Some((id, depth, lo, hi)) = stack.pop() {
            nodes += 1;
            let node = &self.nodes[id as usize];
            let count = node.key_count();
            if count > max || (id != self.root && count < min) {
                return Err(format!(
                    "node {id} holds {count} keys, outside {min}..={max} for order {}",
                    self.order
                ));
            }
            let keys: &[K] = match node {
                Node::Leaf(leaf) => &leaf.keys,
                Node::Internal(n) => &n.keys,
            };
            if keys.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!("node {id} keys out of order: {keys:?}"));
            }
            if let (Some(lo), Some(first)) = (lo, keys.first())
                && first < lo
            {
                return Err(format!("node {id} key {first:?} below separator {lo:?}"));
            }
            if let (Some(hi), Some(last)) = (hi, keys.last())
                && last >= hi
            {
                return Err(format!("node {id} key {last:?} not below separator {hi:?}"));
            }
            match node {
                Node::Leaf(_) => {
                    if depth != self.height {
                        return Err(format!(
                            "leaf {id} at depth {depth}, height {}",
                            self.height
                        ));
                    }
                    leaves.push(id);
                }
                Node::Internal(n) => {
                    if n.children.len() != n.keys.len() + 1 {
                        return Err(format!("node {id}: children != keys + 1"));
                    }
                    for (i, &child) in n.children.iter().enumerate().rev() {
                        let clo = if i == 0 { lo } else { Some(&n.keys[i - 1]) };
                        let chi = n.keys.get(i).or(hi);
                        stack.push((child, depth + 1, clo, chi));
                    }
                }
            }
        }
        // Leaves were met left to right: the chain must link them in that order.
        let mut entries = 0;
        for (i, &id) in leaves.iter().enumerate() {
            let leaf = self.leaf(id);
            entries += leaf.keys.len();
            let expected = leaves.get(i + 1).copied().unwrap_or(NONE);
            if leaf.next != expected {
                return Err(format!("leaf {id} links to {} not {expected}", leaf.next));
            }
        }
        if entries != self.len {
            return Err(format!("len {} but leaves hold {entries}", self.len));
        }
        Ok(nodes)
    }

    /// Descends to the leaf where `start` would be (the leftmost leaf for `Unbounded`);
    /// returns it (`None` when the tree is empty) and the nodes visited.
    fn find_leaf<Q>(&self, start: Bound<&Q>) -> (Option<u32>, usize)
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let mut id = self.root;
        if id == NONE {
            return (None, 0);
        }
        let mut visits = 1;
        while let Node::Internal(node) = &self.nodes[id as usize] {
            let i = match start {
                Bound::Included(key) | Bound::Excluded(key) => {
                    node.keys.partition_point(|s| s.borrow() <= key)
                }
                Bound::Unbounded => 0,
            };
            id = node.children[i];
            visits += 1;
        }
        (Some(id), visits)
    }

    fn leaf(&self, id: u32) -> &Leaf<K, V> {
        match &self.nodes[id as usize] {
            Node::Leaf(leaf) => leaf,
            Node::Internal(_) => unreachable!("node {id} is reached as a leaf"),
        }
    }

    /// Puts `node` in a free slot or at the end of the arena.
    fn alloc(&mut self, node: Node<K, V>) -> u32 {
        if let Some(id) = self.free.pop() {
            self.nodes[id as usize] = node;
            id
        } else {
            let id = u32::try_from(self.nodes.len())
                .ok()
                .filter(|&id| id != NONE)
                .expect("a B+tree of more than 2^32 - 1 nodes");
            self.nodes.push(node);
            id
        }
    }

    /// Frees slot `id`, dropping what it held.
    fn release(&mut self, id: u32) {
        self.nodes[id as usize] = Node::Leaf(Leaf {
            keys: Vec::new(),
            vals: Vec::new(),
            next: NONE,
        });
        self.free.push(id);
    }

    /// Inserts below `id`; returns the old value and, if `id` split, the separator and
    /// the new right sibling for the parent to adopt.
    fn insert_at(
        &mut self,
        id: u32,
        key: K,
        value: V,
        visits: &mut usize,
    ) -> (Option<V>, Option<(K, u32)>) {
        *visits += 1;
        let max = self.order - 1;
        let (child_pos, child) = match &mut self.nodes[id as usize] {
            Node::Leaf(leaf) => {
                let i = match leaf.keys.binary_search(&key) {
                    Ok(i) => return (Some(std::mem::replace(&mut leaf.vals[i], value)), None),
                    Err(i) => i,
                };
                leaf.keys.insert(i, key);
                leaf.vals.insert(i, value);
                if leaf.keys.len() <= max {
                    return (None, None);
                }
                // Split: the left keeps order / 2 entries, the right the rest; the
                // right's first key is copied up (it stays in the leaf: B+tree leaves
                // hold every entry).
                let mid = leaf.keys.len() / 2;
                let keys = leaf.keys.split_off(mid);
                let vals = leaf.vals.split_off(mid);
                let separator = keys[0].clone();
                let next = leaf.next;
                let right = self.alloc(Node::Leaf(Leaf { keys, vals, next }));
                match &mut self.nodes[id as usize] {
                    Node::Leaf(leaf) => leaf.next = right,
                    Node::Internal(_) => unreachable!(),
                }
                return (None, Some((separator, right)));
            }
            Node::Internal(node) => {
                let i = node.keys.partition_point(|s| *s <= key);
                (i, node.children[i])
            }
        };
        let (old, split) = self.insert_at(child, key, value, visits);
        let Some((separator, right)) = split else {
            return (old, None);
        };
        let Node::Internal(node) = &mut self.nodes[id as usize] else {
            unreachable!("node {id} was internal a moment ago")
        };
        node.keys.insert(child_pos, separator);
        node.children.insert(child_pos + 1, right);
        if node.keys.len() <= max {
            return (old, None);
        }
        // Split an internal node: the middle key moves up (it is not kept below).
        let mid = node.keys.len() / 2;
        let keys = node.keys.split_off(mid + 1);
        let up = node.keys.pop().expect("the middle key");
        let children = node.children.split_off(mid + 1);
        let right = self.alloc(Node::Internal(Internal { keys, children }));
        (old, Some((up, right)))
    }

    /// Removes `key` below `id`, then repairs the child it descended into if that child
    /// fell below the minimum.
    fn remove_at<Q>(&mut self, id: u32, key: &Q, visits: &mut usize) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        *visits += 1;
        let (pos, child) = match &mut self.nodes[id as usize] {
            Node::Leaf(leaf) => {
                let i = leaf.keys.binary_search_by(|k| k.borrow().cmp(key)).ok()?;
                leaf.keys.remove(i);
                return Some(leaf.vals.remove(i));
            }
            Node::Internal(node) => {
                let i = node.keys.partition_point(|s| s.borrow() <= key);
                (i, node.children[i])
            }
        };
        let removed = self.remove_at(child, key, visits)?;
        if self.nodes[child as usize].key_count() < min_keys(self.order) {
            self.repair(id, pos);
        }
        Some(removed)
    }

    /// Child `pos` of internal node `parent` has one key too few: borrow from a sibling
    /// that can spare one, else merge with a sibling.
    fn repair(&mut self, parent: u32, pos: usize) {
        let min = min_keys(self.order);
        let Node::Internal(p) = &self.nodes[parent as usize] else {
            unreachable!("a parent is internal")
        };
        let child = p.children[pos];
        let left = pos.checked_sub(1).map(|i| p.children[i]);
        let right = p.children.get(pos + 1).copied();
        if let Some(left) = left
            && self.nodes[left as usize].key_count() > min
        {
            self.borrow_from_left(parent, pos - 1, left, child);
        } else if let Some(right) = right
            && self.nodes[right as usize].key_count() > min
        {
            self.borrow_from_right(parent, pos, child, right);
        } else if let Some(left) = left {
            self.merge(parent, pos - 1, left, child);
        } else if let Some(right) = right {
            self.merge(parent, pos, child, right);
        } else {
            unreachable!("an internal node has at least two children")
        }
    }

    /// Moves the last entry of `left` to the front of `child`; `sep` is the index of the
    /// separator between them in `parent`.
    fn borrow_from_left(&mut self, parent: u32, sep: usize, left: u32, child: u32) {
        let [p, l, c] = self.three(parent, left, child);
        let Node::Internal(p) = p else { unreachable!() };
        match (l, c) {
            (Node::Leaf(l), Node::Leaf(c)) => {
                let k = l.keys.pop().expect("a sibling that can spare a key");
                let v = l.vals.pop().expect("values match keys");
                p.keys[sep] = k.clone();
                c.keys.insert(0, k);
                c.vals.insert(0, v);
            }
            (Node::Internal(l), Node::Internal(c)) => {
                let k = l.keys.pop().expect("a sibling that can spare a key");
                let down = std::mem::replace(&mut p.keys[sep], k);
                c.keys.insert(0, down);
                c.children
                    .insert(0, l.children.pop().expect("children match keys"));
            }
            _ => unreachable!("siblings are at the same depth"),
        }
    }

    /// Moves the first entry of `right` to the end of `child`.
    fn borrow_from_right(&mut self, parent: u32, sep: usize, child: u32, right: u32) {
        let [p, c, r] = self.three(parent, child, right);
        let Node::Internal(p) = p else { unreachable!() };
        match (c, r) {
            (Node::Leaf(c), Node::Leaf(r)) => {
                c.keys.push(r.keys.remove(0));
                c.vals.push(r.vals.remove(0));
                p.keys[sep] = r.keys[0].clone();
            }
            (Node::Internal(c), Node::Internal(r)) => {
                let up = r.keys.remove(0);
                c.keys.push(std::mem::replace(&mut p.keys[sep], up));
                c.children.push(r.children.remove(0));
            }
            _ => unreachable!("siblings are at the same depth"),
        }
    }

    /// Appends `right` to `left` (with the separator between them, for internal nodes)
    /// and frees `right`.
    fn merge(&mut self, parent: u32, sep: usize, left: u32, right: u32) {
        let [p, l, r] = self.three(parent, left, right);
        let Node::Internal(p) = p else { unreachable!() };
        let separator = p.keys.remove(sep);
        p.children.remove(sep + 1);
        match (l, r) {
            (Node::Leaf(l), Node::Leaf(r)) => {
                l.keys.append(&mut r.keys);
                l.vals.append(&mut r.vals);
                l.next = r.next;
            }
            (Node::Internal(l), Node::Internal(r)) => {
                l.keys.push(separator);
                l.keys.append(&mut r.keys);
                l.children.append(&mut r.children);
            }
            _ => unreachable!("siblings are at the same depth"),
        }
        self.release(right);
    }

    /// Three distinct nodes, mutably at once.
    fn three(&mut self, a: u32, b: u32, c: u32) -> [&mut Node<K, V>; 3] {
        self.nodes
            .get_disjoint_mut([a as usize, b as usize, c as usize])
            .expect("a parent and two of its children are distinct nodes")
    }
}

/// The fewest keys a node other than the root may hold: `ceil(order / 2) - 1`.
fn min_keys(order: usize) -> usize {
    order.div_ceil(2) - 1
}

/// Whether the bounds exclude every key by themselves.
fn is_empty_range<K: Ord>(start: Bound<&K>, end: Bound<&K>) -> bool {
    match (start, end) {
        (Bound::Included(s), Bound::Included(e)) => s > e,
        (Bound::Included(s) | Bound::Excluded(s), Bound::Excluded(e))
        | (Bound::Excluded(s), Bound::Included(e)) => s >= e,
        _ => false,
    }
}

/// The iterator [`BPlusTree::range`] returns: entries in key order, walking the leaf
/// chain; each leaf it steps into adds one to [`BPlusTree::node_visits`].
pub struct Range<'a, K, V> {
    tree: &'a BPlusTree<K, V>,
    /// What is left of the current leaf.
    keys: &'a [K],
    vals: &'a [V],
    /// The leaf after the current one.
    next: u32,
    /// Where to stop.
    end: Bound<K>,
    /// Nodes visited so far by this range.
    visits: usize,
}

impl<'a, K: Ord, V> Iterator for Range<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((key, rest)) = self.keys.split_first() {
                let past = match &self.end {
                    Bound::Included(e) => key > e,
                    Bound::Excluded(e) => key >= e,
                    Bound::Unbounded => false,
                };
                if past {
                    self.keys = &[];
                    self.next = NONE;
                    return None;
                }
                let (value, vals) = self.vals.split_first().expect("values match keys");
                self.keys = rest;
                self.vals = vals;
                return Some((key, value));
            }
            if self.next == NONE {
                return None;
            }
            let Node::Leaf(leaf) = &self.tree.nodes[self.next as usize] else {
                unreachable!("the leaf chain links leaves")
            };
            self.visits += 1;
            self.tree.visits.store(self.visits, Ordering::Relaxed);
            self.keys = &leaf.keys;
            self.vals = &leaf.vals;
            self.next = leaf.next;
        }
    }
}

impl<K: fmt::Debug + Ord + Clone, V: fmt::Debug> fmt::Debug for BPlusTree<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord + Clone, V> Extend<(K, V)> for BPlusTree<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K: Clone, V: Clone> Clone for BPlusTree<K, V> {
    fn clone(&self) -> Self {
        BPlusTree {
            nodes: self.nodes.clone(),
            free: self.free.clone(),
            root: self.root,
            order: self.order,
            len: self.len,
            height: self.height,
            visits: AtomicUsize::new(self.visits.load(Ordering::Relaxed)),
        }
    }
}

impl<K: Clone, V: Clone> Clone for Node<K, V> {
    fn clone(&self) -> Self {
        match self {
            Node::Leaf(l) => Node::Leaf(Leaf {
                keys: l.keys.clone(),
                vals: l.vals.clone(),
                next: l.next,
            }),
            Node::Internal(n) => Node::Internal(Internal {
                keys: n.keys.clone(),
                children: n.children.clone(),
            }),
        }
    }
}
