//! The reference [`LruCache`]: a hash table of indices into a slab of doubly linked nodes.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::iter::FusedIterator;
use std::mem;
use std::num::NonZeroUsize;

use hashbrown::HashTable;

/// The hasher a cache uses unless told otherwise: foldhash, seeded at random for each
/// cache, as hashbrown and the `lru` crate default to.
///
/// Why not std's SipHash: foldhash is about twice as fast on short keys (the lru-cache
/// bench measures what it costs a get and put), and a random seed per cache still keeps
/// an attacker who cannot see the seed from choosing keys that collide. SipHash is
/// designed to resist hash flooding even against an attacker who learns how keys land,
/// so a cache keyed by raw client input in a long-lived process is where std's
/// `RandomState` earns its cost: `LruCache::with_hasher(capacity, RandomState::new())`.
pub type DefaultHasher = foldhash::fast::RandomState;

/// A node's position in the slab. Four bytes rather than eight keep nodes and table
/// entries small, which is worth a few percent at large capacities (more entries per
/// cache line); it limits a cache to `MAX_CAPACITY` entries.
type NodeId = u32;

/// The index that stands for "no node" in the links.
const NIL: NodeId = NodeId::MAX;

/// The most entries a cache holds; larger requested capacities are clamped to it.
/// (A cache that full would need well over 100 GB.)
pub const MAX_CAPACITY: usize = NIL as usize - 1;

/// A least-recently-used cache holding at most `capacity` entries; `get`, `put` and
/// `remove` are O(1).
///
/// When a `put` of a new key finds the cache full, the entry that was used least
/// recently is evicted. "Used" means written with [`put`](Self::put) or read with
/// [`get`](Self::get) / [`get_mut`](Self::get_mut); [`peek`](Self::peek) reads
/// without promoting.
///
/// Keys are looked up through [`Borrow`], so a `LruCache<String, _>` answers
/// `get("key")`. The hasher `S` defaults to [`DefaultHasher`] (foldhash, randomly
/// seeded per cache); pass std's `RandomState` with [`with_hasher`](Self::with_hasher)
/// when attackers choose the keys and hash flooding is a risk.
///
/// # Example
///
/// ```
/// use std::num::NonZeroUsize;
/// use lru_cache::LruCache;
///
/// let mut cache = LruCache::new(NonZeroUsize::new(2).unwrap());
/// cache.put("apple", 3);
/// cache.put("pear", 5);
/// assert_eq!(cache.get(&"apple"), Some(&3)); // apple is now the most recent
/// cache.put("plum", 7);                      // full: evicts pear, the least recent
/// assert_eq!(cache.peek(&"pear"), None);
/// assert_eq!(cache.len(), 2);
/// ```
#[derive(Clone)]
pub struct LruCache<K, V, S = DefaultHasher> {
    /// The entries, densely packed: indices `0..nodes.len()` are all live. Removing an
    /// entry moves the last node into its slot, so no free list is needed.
    nodes: Slab<K, V>,
    /// For each entry, its index in `nodes`, filed under the key's hash. The keys live
    /// once, in `nodes`; the table stores only indices, which keeps it small and lets
    /// keys be any `Hash + Eq` type without `Clone`.
    table: HashTable<NodeId>,
    /// Most recently used node, or `NIL` when empty.
    head: NodeId,
    /// Least recently used node (the next victim), or `NIL` when empty.
    tail: NodeId,
    capacity: NonZeroUsize,
    hash_builder: S,
}

/// The nodes, indexed by [`NodeId`] without bounds checks.
///
/// Why unchecked: every `get` follows three to six node ids (the probe's key comparison,
/// the node, its neighbours), and the bounds checks on those accesses cost about 15% of
/// a `get` in `benches/benches/lru_cache.rs` (12.5 ns against 10.7 ns at capacity 1,000),
/// which is the whole gap to the `lru` crate. This is the crate's only `unsafe`.
///
/// The invariant that makes it sound, kept by every method of [`LruCache`]: **each
/// `NodeId` the cache stores (in `table`, `head`, `tail`, and the live nodes' `prev` and
/// `next`) is `NIL` or less than `nodes.len()`, and `NIL` is never used as an index.**
/// Ids are only created by `push` (as the new last index), and the one operation that
/// shrinks the slab, `take_node`, first unlinks the node and re-points every stored id
/// of the node it moves. Debug builds (and so every test) assert the bound before each
/// access, and the model-based conformance suite runs under Miri (`.ci/miri`).
#[derive(Clone)]
struct Slab<K, V>(Vec<Node<K, V>>);

impl<K, V> Slab<K, V> {
    fn len(&self) -> usize {
        self.0.len()
    }
}

impl<K, V> std::ops::Index<NodeId> for Slab<K, V> {
    type Output = Node<K, V>;

    #[inline]
    #[allow(unsafe_code)]
    fn index(&self, id: NodeId) -> &Node<K, V> {
        debug_assert!((id as usize) < self.0.len(), "node id {id} out of bounds");
        // SAFETY: `LruCache` only indexes with stored ids, which are in bounds by the
        // invariant documented on `Slab`.
        unsafe { self.0.get_unchecked(id as usize) }
    }
}

impl<K, V> std::ops::IndexMut<NodeId> for Slab<K, V> {
    #[inline]
    #[allow(unsafe_code)]
    fn index_mut(&mut self, id: NodeId) -> &mut Node<K, V> {
        debug_assert!((id as usize) < self.0.len(), "node id {id} out of bounds");
        // SAFETY: as for `index`: stored ids are in bounds by the `Slab` invariant.
        unsafe { self.0.get_unchecked_mut(id as usize) }
    }
}

#[derive(Clone)]
struct Node<K, V> {
    key: K,
    value: V,
    /// The key's hash, kept so that growing the table and evicting need not rehash keys.
    hash: u64,
    /// The next more recently used node, or `NIL` at the head.
    prev: NodeId,
    /// The next less recently used node, or `NIL` at the tail.
    next: NodeId,
}

impl<K: Hash + Eq, V> LruCache<K, V> {
    /// An empty cache that holds at most `capacity` entries, hashing with
    /// [`DefaultHasher`] (foldhash, seeded at random per cache).
    ///
    /// Memory grows with use, not with `capacity`: a cache of capacity one million that
    /// holds ten entries is small. Capacities above [`MAX_CAPACITY`] are clamped to it.
    ///
    /// # Example
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache: lru_cache::LruCache<u32, String> = lru_cache::LruCache::new(NonZeroUsize::new(100).unwrap());
    /// assert!(cache.is_empty());
    /// assert_eq!(cache.capacity().get(), 100);
    /// ```
    pub fn new(capacity: NonZeroUsize) -> Self {
        Self::with_hasher(capacity, DefaultHasher::default())
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> LruCache<K, V, S> {
    /// An empty cache that hashes keys with `hash_builder`.
    ///
    /// # Example
    ///
    /// ```
    /// use std::hash::BuildHasherDefault;
    /// use std::collections::hash_map::DefaultHasher;
    /// use std::num::NonZeroUsize;
    ///
    /// let mut cache = lru_cache::LruCache::with_hasher(
    ///     NonZeroUsize::new(8).unwrap(),
    ///     BuildHasherDefault::<DefaultHasher>::default(),
    /// );
    /// cache.put(1, "one");
    /// assert_eq!(cache.get(&1), Some(&"one"));
    /// ```
    pub fn with_hasher(capacity: NonZeroUsize, hash_builder: S) -> Self {
        let capacity = capacity.min(NonZeroUsize::new(MAX_CAPACITY).expect("positive"));
        LruCache {
            nodes: Slab(Vec::new()),
            table: HashTable::new(),
            head: NIL,
            tail: NIL,
            capacity,
            hash_builder,
        }
    }

    /// The value for `key`, marking the entry most recently used.
    ///
    /// # Example
    ///
    /// ```
    /// # use std::num::NonZeroUsize;
    /// let mut cache = lru_cache::LruCache::new(NonZeroUsize::new(2).unwrap());
    /// cache.put(String::from("a"), 1);
    /// assert_eq!(cache.get("a"), Some(&1)); // a String key found by &str
    /// assert_eq!(cache.get("b"), None);
    /// ```
    pub fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.find(key)?;
        self.promote(index);
        Some(&self.nodes[index].value)
    }

    /// [`get`](Self::get) with `key`'s hash already computed by this cache's hasher.
    pub(crate) fn get_hashed<Q>(&mut self, hash: u64, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.find_hashed(hash, key)?;
        self.promote(index);
        Some(&self.nodes[index].value)
    }

    /// A mutable reference to the value for `key`, marking the entry most recently used.
    ///
    /// # Example
    ///
    /// ```
    /// # use std::num::NonZeroUsize;
    /// let mut cache = lru_cache::LruCache::new(NonZeroUsize::new(2).unwrap());
    /// cache.put("hits", 0);
    /// *cache.get_mut(&"hits").unwrap() += 1;
    /// assert_eq!(cache.peek(&"hits"), Some(&1));
    /// ```
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.find(key)?;
        self.promote(index);
        Some(&mut self.nodes[index].value)
    }

    /// The value for `key` without changing its recency: a peek never saves an entry
    /// from eviction.
    ///
    /// # Example
    ///
    /// ```
    /// # use std::num::NonZeroUsize;
    /// let mut cache = lru_cache::LruCache::new(NonZeroUsize::new(2).unwrap());
    /// cache.put(1, "a");
    /// cache.put(2, "b");
    /// assert_eq!(cache.peek(&1), Some(&"a")); // 1 stays the least recent
    /// cache.put(3, "c");
    /// assert_eq!(cache.peek(&1), None);
    /// ```
    pub fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(key).map(|index| &self.nodes[index].value)
    }

    /// Whether `key` is cached, without changing its recency.
    pub fn contains<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(key).is_some()
    }

    /// Stores `value` under `key` as the most recently used entry and returns the key's
    /// previous value, if it had one.
    ///
    /// When the key is new and the cache is full, the least recently used entry is
    /// evicted (and dropped) first. Use [`push`](Self::push) to get the evicted entry back.
    ///
    /// # Example
    ///
    /// ```
    /// # use std::num::NonZeroUsize;
    /// let mut cache = lru_cache::LruCache::new(NonZeroUsize::new(1).unwrap());
    /// assert_eq!(cache.put("k", 1), None);
    /// assert_eq!(cache.put("k", 2), Some(1)); // same key: the old value comes back
    /// assert_eq!(cache.put("j", 3), None);    // new key: "k" is evicted silently
    /// assert_eq!(cache.len(), 1);
    /// ```
    pub fn put(&mut self, key: K, value: V) -> Option<V> {
        match self.push(key, value) {
            Some((_, old_value, Displaced::Replaced)) => Some(old_value),
            Some((_, _, Displaced::Evicted)) | None => None,
        }
    }

    /// Like [`put`](Self::put), but returns whatever the insert displaced: the key's
    /// previous value ([`Displaced::Replaced`], with the key passed in: as in std's maps,
    /// the stored key is kept) or the least recently used entry that was evicted to make
    /// room ([`Displaced::Evicted`]).
    ///
    /// # Example
    ///
    /// ```
    /// # use std::num::NonZeroUsize;
    /// use lru_cache::Displaced;
    ///
    /// let mut cache = lru_cache::LruCache::new(NonZeroUsize::new(1).unwrap());
    /// assert_eq!(cache.push("a", 1), None);
    /// assert_eq!(cache.push("a", 2), Some(("a", 1, Displaced::Replaced)));
    /// assert_eq!(cache.push("b", 3), Some(("a", 2, Displaced::Evicted)));
    /// ```
    pub fn push(&mut self, key: K, value: V) -> Option<(K, V, Displaced)> {
        let hash = self.hash_builder.hash_one(&key);
        self.push_hashed(hash, key, value)
    }

    /// [`push`](Self::push) with `key`'s hash already computed by this cache's hasher
    /// (the sharded cache hashes each key once, to pick the shard and the bucket).
    pub(crate) fn push_hashed(&mut self, hash: u64, key: K, value: V) -> Option<(K, V, Displaced)> {
        let nodes = &self.nodes;
        if let Some(&index) = self.table.find(hash, |&i| nodes[i].key == key) {
            self.promote(index);
            let old_value = mem::replace(&mut self.nodes[index].value, value);
            return Some((key, old_value, Displaced::Replaced));
        }

        if self.nodes.len() < self.capacity.get() {
            let index = self.nodes.len() as NodeId;
            self.nodes.0.push(Node {
                key,
                value,
                hash,
                prev: NIL,
                next: NIL,
            });
            let nodes = &self.nodes;
            self.table.insert_unique(hash, index, |&i| nodes[i].hash);
            self.attach_front(index);
            return None;
        }

        // Full: reuse the least recently used node in place, so eviction allocates
        // nothing and moves no other node.
        let victim = self.tail;
        let victim_hash = self.nodes[victim].hash;
        self.table
            .find_entry(victim_hash, |&i| i == victim)
            .expect("every node is filed in the table")
            .remove();
        self.promote(victim);
        let node = &mut self.nodes[victim];
        node.hash = hash;
        let old_key = mem::replace(&mut node.key, key);
        let old_value = mem::replace(&mut node.value, value);
        let nodes = &self.nodes;
        self.table.insert_unique(hash, victim, |&i| nodes[i].hash);
        Some((old_key, old_value, Displaced::Evicted))
    }

    /// Removes `key`'s entry and returns its value.
    ///
    /// # Example
    ///
    /// ```
    /// # use std::num::NonZeroUsize;
    /// let mut cache = lru_cache::LruCache::new(NonZeroUsize::new(2).unwrap());
    /// cache.put("a", 1);
    /// assert_eq!(cache.remove(&"a"), Some(1));
    /// assert_eq!(cache.remove(&"a"), None);
    /// ```
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key`'s entry and returns the stored key and value.
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let hash = self.hash_builder.hash_one(key);
        self.remove_hashed(hash, key)
    }

    /// [`remove_entry`](Self::remove_entry) with `key`'s hash already computed by this
    /// cache's hasher.
    pub(crate) fn remove_hashed<Q>(&mut self, hash: u64, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let nodes = &self.nodes;
        let (index, _) = self
            .table
            .find_entry(hash, |&i| nodes[i].key.borrow() == key)
            .ok()?
            .remove();
        Some(self.take_node(index))
    }

    /// Removes and returns the least recently used entry.
    ///
    /// # Example
    ///
    /// ```
    /// # use std::num::NonZeroUsize;
    /// let mut cache = lru_cache::LruCache::new(NonZeroUsize::new(3).unwrap());
    /// cache.put(1, "a");
    /// cache.put(2, "b");
    /// assert_eq!(cache.pop_lru(), Some((1, "a")));
    /// ```
    pub fn pop_lru(&mut self) -> Option<(K, V)> {
        if self.tail == NIL {
            return None;
        }
        let victim = self.tail;
        self.table
            .find_entry(self.nodes[victim].hash, |&i| i == victim)
            .expect("every node is filed in the table")
            .remove();
        Some(self.take_node(victim))
    }

    /// The least recently used entry (the next one to be evicted), without promoting it.
    pub fn peek_lru(&self) -> Option<(&K, &V)> {
        self.nodes
            .0
            .get(self.tail as usize)
            .map(|n| (&n.key, &n.value))
    }

    /// Changes the capacity, evicting least recently used entries if it shrinks below
    /// the current length.
    pub fn resize(&mut self, capacity: NonZeroUsize) {
        let capacity = capacity.min(NonZeroUsize::new(MAX_CAPACITY).expect("positive"));
        while self.nodes.len() > capacity.get() {
            self.pop_lru();
        }
        self.capacity = capacity;
    }

    /// Removes every entry; the capacity is unchanged.
    ///
    /// If a key's or value's `Drop` panics, the cache is already empty when the panic
    /// leaves: the table and the list are reset before any entry is dropped.
    pub fn clear(&mut self) {
        // Panic safety: dropping the entries runs user code. Reset the bookkeeping
        // first and take the nodes out, so no stored id names a dropped node even if a
        // drop panics (the rest of the nodes are still dropped while it unwinds), as
        // hashbrown's `clear` does with its scope guard.
        self.table.clear();
        self.head = NIL;
        self.tail = NIL;
        drop(mem::take(&mut self.nodes.0));
    }

    /// The index of `key`'s node.
    fn find<Q>(&self, key: &Q) -> Option<NodeId>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find_hashed(self.hash_builder.hash_one(key), key)
    }

    /// The index of `key`'s node, given `key`'s hash by this cache's hasher.
    fn find_hashed<Q>(&self, hash: u64, key: &Q) -> Option<NodeId>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.table
            .find(hash, |&i| self.nodes[i].key.borrow() == key)
            .copied()
    }

    /// Takes node `index`, already removed from the table, out of the list and the slab.
    fn take_node(&mut self, index: NodeId) -> (K, V) {
        self.detach(index);
        let last = (self.nodes.len() - 1) as NodeId;
        if index != last {
            // `swap_remove` below moves the last node into `index`: re-point the table
            // entry and the neighbours' links that named `last`.
            let moved = &self.nodes[last];
            *self
                .table
                .find_mut(moved.hash, |&i| i == last)
                .expect("every node is filed in the table") = index;
            let (prev, next) = (moved.prev, moved.next);
            match prev {
                NIL => self.head = index,
                p => self.nodes[p].next = index,
            }
            match next {
                NIL => self.tail = index,
                n => self.nodes[n].prev = index,
            }
        }
        let node = self.nodes.0.swap_remove(index as usize);
        (node.key, node.value)
    }
}

impl<K, V, S> LruCache<K, V, S> {
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the cache holds no entries.
    pub fn is_empty(&self) -> bool {
        self.nodes.0.is_empty()
    }

    /// The most entries the cache holds before it evicts.
    pub fn capacity(&self) -> NonZeroUsize {
        self.capacity
    }

    /// The entries from the most to the least recently used, without promoting any.
    ///
    /// # Example
    ///
    /// ```
    /// # use std::num::NonZeroUsize;
    /// let mut cache = lru_cache::LruCache::new(NonZeroUsize::new(3).unwrap());
    /// cache.put('a', 1);
    /// cache.put('b', 2);
    /// cache.get(&'a');
    /// let keys: Vec<char> = cache.iter().map(|(k, _)| *k).collect();
    /// assert_eq!(keys, ['a', 'b']);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            nodes: &self.nodes.0,
            front: self.head,
            back: self.tail,
            remaining: self.nodes.len(),
        }
    }

    /// Marks node `index` most recently used.
    fn promote(&mut self, index: NodeId) {
        if self.head != index {
            self.detach(index);
            self.attach_front(index);
        }
    }

    /// Unlinks node `index` from the recency list; its own links are left stale.
    fn detach(&mut self, index: NodeId) {
        let Node { prev, next, .. } = self.nodes[index];
        match prev {
            NIL => self.head = next,
            p => self.nodes[p].next = next,
        }
        match next {
            NIL => self.tail = prev,
            n => self.nodes[n].prev = prev,
        }
    }

    /// Links node `index` in as the most recently used.
    fn attach_front(&mut self, index: NodeId) {
        let old_head = self.head;
        let node = &mut self.nodes[index];
        node.prev = NIL;
        node.next = old_head;
        match old_head {
            NIL => self.tail = index,
            h => self.nodes[h].prev = index,
        }
        self.head = index;
    }
}

/// What [`LruCache::push`] displaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Displaced {
    /// The key was already cached; this was its previous entry.
    Replaced,
    /// The cache was full; this least recently used entry was evicted.
    Evicted,
}

/// Iterator over a cache's entries from most to least recently used; see
/// [`LruCache::iter`].
#[derive(Clone)]
pub struct Iter<'a, K, V> {
    nodes: &'a [Node<K, V>],
    front: NodeId,
    back: NodeId,
    remaining: usize,
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let node = &self.nodes[self.front as usize];
        self.front = node.next;
        Some((&node.key, &node.value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let node = &self.nodes[self.back as usize];
        self.back = node.prev;
        Some((&node.key, &node.value))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

impl<'a, K, V, S> IntoIterator for &'a LruCache<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> Extend<(K, V)> for LruCache<K, V, S> {
    /// Puts every pair in order, so later pairs end up more recent (and earlier ones
    /// may be evicted).
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.put(k, v);
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for LruCache<K, V, S> {
    /// Shows the entries from most to least recently used.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}
