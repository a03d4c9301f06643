//! The reference map: SwissTable-style open addressing, the design of hashbrown (and
//! so of Rust's std map), Abseil's `flat_hash_map` and Go's maps since 1.24.
//!
//! One array of buckets holds the entries; beside it, one control byte per bucket says
//! whether the bucket is empty, deleted (a tombstone) or full, and for a full bucket
//! holds 7 bits of the key's hash (the *tag*). A lookup reads the control bytes eight
//! at a time from the key's home bucket on, compares keys only where the tag matches
//! (one bucket in 128 by chance), and stops at the first group with an empty byte. The
//! control bytes are a dense array (1 byte per entry) that stays in the CPU caches when
//! the entries do not, so most lookups cost one read of the entries and misses often
//! none. [`raw`](crate::raw) holds the table and its `unsafe` code.
//!
//! Deleting marks the bucket empty when no probe can have passed through it, else
//! deleted. Tombstones count against the load until the next rebuild, which happens in
//! place (same size) when that frees at least an eighth of the capacity, so an
//! insert/remove churn never grows the table.

use std::borrow::Borrow;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::iter::FusedIterator;
use std::mem;
use std::ops::Index;

use crate::raw::{GROUP, LookupCost, RawIntoIter, RawIter, RawIterMut, RawTable};

/// The table grows before more than 7/8 of its buckets are in use (entries plus
/// tombstones), as hashbrown does.
pub const MAX_LOAD_FACTOR: f64 = 0.875;

/// The largest table: beyond this, the bucket count would overflow `isize` once
/// multiplied by any entry size, as in std.
const MAX_BUCKETS: usize = 1 << (usize::BITS - 2);

/// The buckets needed to hold `entries` without exceeding [`MAX_LOAD_FACTOR`].
///
/// # Panics
///
/// When that would exceed [`MAX_BUCKETS`], with std's message for the same case.
fn buckets_for(entries: usize) -> usize {
    if entries == 0 {
        return 0;
    }
    let buckets = entries
        .checked_mul(8)
        .map(|n| n.div_ceil(7).next_power_of_two().max(GROUP))
        .filter(|&b| b <= MAX_BUCKETS);
    buckets.expect("capacity overflow")
}

/// A hash map with SwissTable-style open addressing: control bytes with 7-bit tags,
/// group probing, tombstones reclaimed by rebuilding, growth at a load of 7/8
/// ([`MAX_LOAD_FACTOR`]).
///
/// Its API follows `std::collections::HashMap`, so it drops into code written for std:
/// lookups borrow (a `HashMap<String, _>` answers `get("key")`), the hasher is a type
/// parameter defaulting to std's keyed SipHash ([`RandomState`]), and iteration order
/// is unspecified (it follows the buckets, so with `RandomState` it differs between
/// maps and runs).
///
/// # Example
///
/// ```
/// use hashmap::HashMap;
///
/// let mut stock: HashMap<String, u32> = HashMap::new();
/// stock.insert("apples".to_string(), 3);
/// *stock.entry("pears".to_string()).or_insert(0) += 5;
/// assert_eq!(stock.get("apples"), Some(&3));
/// assert_eq!(stock["pears"], 5);
/// assert_eq!(stock.remove("apples"), Some(3));
/// assert_eq!(stock.len(), 1);
/// ```
pub struct HashMap<K, V, S = RandomState> {
    table: RawTable<K, V>,
    hash_builder: S,
}

impl<K: Clone, V: Clone, S: Clone> Clone for HashMap<K, V, S> {
    fn clone(&self) -> Self {
        HashMap {
            table: self.table.clone(),
            hash_builder: self.hash_builder.clone(),
        }
    }
}

impl<K, V> HashMap<K, V, RandomState> {
    /// An empty map. It allocates nothing until the first insert.
    pub fn new() -> Self {
        Self::with_hasher(RandomState::new())
    }

    /// An empty map with room for `capacity` entries before it reallocates.
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_capacity_and_hasher(capacity, RandomState::new())
    }
}

impl<K, V, S> HashMap<K, V, S> {
    /// An empty map hashing with `hash_builder`.
    pub fn with_hasher(hash_builder: S) -> Self {
        Self::with_capacity_and_hasher(0, hash_builder)
    }

    /// An empty map with room for `capacity` entries, hashing with `hash_builder`.
    ///
    /// # Panics
    ///
    /// When `capacity` cannot be allocated ("capacity overflow").
    pub fn with_capacity_and_hasher(capacity: usize, hash_builder: S) -> Self {
        HashMap {
            table: RawTable::with_buckets(buckets_for(capacity)),
            hash_builder,
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the map holds no entries.
    pub fn is_empty(&self) -> bool {
        self.table.len() == 0
    }

    /// How many entries fit before the table grows: 7/8 of [`buckets`](Self::buckets).
    pub fn capacity(&self) -> usize {
        self.table.capacity()
    }

    /// The number of buckets: 0 before the first allocation, then a power of two of at
    /// least 8.
    pub fn buckets(&self) -> usize {
        self.table.buckets()
    }

    /// The fraction of buckets holding an entry, `len / buckets` (0 when unallocated).
    pub fn load_factor(&self) -> f64 {
        if self.buckets() == 0 {
            0.0
        } else {
            self.len() as f64 / self.buckets() as f64
        }
    }

    /// The map's hasher.
    pub fn hasher(&self) -> &S {
        &self.hash_builder
    }

    /// Removes every entry, keeping the allocated buckets.
    pub fn clear(&mut self) {
        self.table.clear();
    }

    /// The entries, in bucket order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            raw: self.table.iter(),
            left: self.table.len(),
        }
    }

    /// The entries with mutable values, in bucket order.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        let left = self.table.len();
        IterMut {
            raw: self.table.iter_mut(),
            left,
        }
    }

    /// The keys, in bucket order.
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys { inner: self.iter() }
    }

    /// The values, in bucket order.
    pub fn values(&self) -> Values<'_, K, V> {
        Values { inner: self.iter() }
    }

    /// The values, mutably, in bucket order.
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut {
            inner: self.iter_mut(),
        }
    }
}

/// What finding every entry of a map costs, from [`HashMap::probe_stats`]: for each
/// entry, the groups of control bytes a lookup reads and the keys it compares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProbeStats {
    /// `groups[g]`: entries found after reading `g + 1` groups of 8 control bytes.
    pub groups: Vec<usize>,
    /// `comparisons[c]`: entries found after comparing `c + 1` keys (the match plus
    /// `c` tags that matched by chance, or keys that collide outright).
    pub comparisons: Vec<usize>,
}

impl ProbeStats {
    /// The mean of a histogram whose index `i` stands for `i + 1`.
    pub fn mean(histogram: &[usize]) -> f64 {
        let n: usize = histogram.iter().sum();
        let total: usize = histogram.iter().enumerate().map(|(i, c)| (i + 1) * c).sum();
        if n == 0 { 0.0 } else { total as f64 / n as f64 }
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> HashMap<K, V, S> {
    fn hash<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        self.hash_builder.hash_one(key)
    }

    /// Makes room for at least `additional` more entries without reallocating.
    ///
    /// # Panics
    ///
    /// When the new size cannot be allocated ("capacity overflow").
    pub fn reserve(&mut self, additional: usize) {
        if additional > self.table.growth_left() {
            self.reserve_rehash(additional);
        }
    }

    /// Rebuilds the table so that `additional` more entries fit: at the same size when
    /// that reclaims enough tombstones (at least an eighth of the capacity stays free,
    /// so rebuilds are rare enough to cost O(1) per operation), else at the size the
    /// entries need.
    #[cold]
    fn reserve_rehash(&mut self, additional: usize) {
        let needed = self
            .table
            .len()
            .checked_add(additional)
            .expect("capacity overflow");
        let capacity = self.table.capacity();
        let buckets = if needed <= capacity - capacity / 8 {
            self.table.buckets()
        } else {
            buckets_for(needed.max(capacity + 1))
        };
        self.rebuild(buckets);
    }

    /// Shrinks the table to the fewest buckets that hold the current entries (no
    /// allocation at all for an empty map).
    pub fn shrink_to_fit(&mut self) {
        let buckets = buckets_for(self.table.len());
        if buckets < self.table.buckets() {
            self.rebuild(buckets);
        }
    }

    /// Moves every entry into a new table of `buckets` buckets, rehashing each key
    /// (the table keeps 7 bits of each hash, not the hash).
    fn rebuild(&mut self, buckets: usize) {
        let mut old = mem::replace(&mut self.table, RawTable::with_buckets(buckets));
        let (table, hasher) = (&mut self.table, &self.hash_builder);
        old.drain_into(|entry| {
            let hash = hasher.hash_one(&entry.0);
            table.insert_new(hash, entry);
        });
    }

    /// Inserts `value` under `key`; returns the key's previous value, if any (the
    /// stored key is kept, as in std).
    #[inline]
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = self.hash(&key);
        if let Some(index) = self.table.find(hash, |k| *k == key) {
            return Some(mem::replace(&mut self.table.get_mut(index).1, value));
        }
        self.reserve(1);
        self.table.insert_new(hash, (key, value));
        None
    }

    /// The value stored under `key`.
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// The stored key and value for `key`.
    #[inline]
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.find(key)?;
        let (k, v) = self.table.get(index);
        Some((k, v))
    }

    #[inline]
    fn find<Q>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.table.len() == 0 {
            return None;
        }
        self.table.find(self.hash(key), |k| k.borrow() == key)
    }

    /// A mutable reference to the value stored under `key`.
    #[inline]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.find(key)?;
        Some(&mut self.table.get_mut(index).1)
    }

    /// Whether the map holds `key`.
    #[inline]
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(key).is_some()
    }

    /// Removes `key` and returns its value.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key` and returns the stored key and its value.
    #[inline]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.find(key)?;
        Some(self.table.remove_at(index))
    }

    /// The entry for `key`, for in-place insert-or-update with one lookup.
    ///
    /// ```
    /// let mut counts = hashmap::HashMap::new();
    /// for word in "the cat saw the dog".split(' ') {
    ///     *counts.entry(word).or_insert(0) += 1;
    /// }
    /// assert_eq!(counts["the"], 2);
    /// ```
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let hash = self.hash(&key);
        match self.table.find(hash, |k| *k == key) {
            Some(index) => Entry::Occupied(OccupiedEntry {
                table: &mut self.table,
                index,
            }),
            None => {
                self.reserve(1);
                Entry::Vacant(VacantEntry {
                    table: &mut self.table,
                    hash,
                    key,
                })
            }
        }
    }

    /// Keeps only the entries for which `keep` returns true; calls it once per entry.
    pub fn retain(&mut self, keep: impl FnMut(&K, &mut V) -> bool) {
        self.table.retain(keep);
    }

    /// What a lookup of each entry costs: groups of control bytes read and keys
    /// compared. The demo plots it at several load factors.
    pub fn probe_stats(&self) -> ProbeStats {
        let mut stats = ProbeStats::default();
        for (key, _) in self.table.iter() {
            let mut cost = LookupCost::default();
            let found =
                self.table
                    .find_counting(self.hash(key), |k| std::ptr::eq(k, key), &mut cost);
            debug_assert!(found.is_some(), "every entry is found");
            for (histogram, n) in [
                (&mut stats.groups, cost.groups),
                (&mut stats.comparisons, cost.comparisons),
            ] {
                if histogram.len() < n {
                    histogram.resize(n, 0);
                }
                histogram[n - 1] += 1;
            }
        }
        stats
    }
}

impl<K, V, S: Default> Default for HashMap<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for HashMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Two maps are equal when they hold the same keys with equal values, whatever their
/// bucket layout or hashers.
impl<K: Hash + Eq, V: PartialEq, S: BuildHasher> PartialEq for HashMap<K, V, S> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Hash + Eq, V: Eq, S: BuildHasher> Eq for HashMap<K, V, S> {}

/// `map[&key]`.
///
/// # Panics
///
/// When the key is absent.
impl<K, Q, V, S> Index<&Q> for HashMap<K, V, S>
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
    S: BuildHasher,
{
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("key not found in the HashMap")
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> FromIterator<(K, V)> for HashMap<K, V, S> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = HashMap::with_hasher(S::default());
        map.extend(iter);
        map
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> Extend<(K, V)> for HashMap<K, V, S> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        // Duplicate keys would over-reserve; like std, assume half are new once the
        // map already has entries.
        let hint = iter.size_hint().0;
        self.reserve(if self.is_empty() {
            hint
        } else {
            hint.div_ceil(2)
        });
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V, S> Extend<(&'a K, &'a V)> for HashMap<K, V, S>
where
    K: Hash + Eq + Copy,
    V: Copy,
    S: BuildHasher,
{
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, iter: I) {
        self.extend(iter.into_iter().map(|(k, v)| (*k, *v)));
    }
}

impl<K: Hash + Eq, V, const N: usize> From<[(K, V); N]> for HashMap<K, V, RandomState> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<'a, K, V, S> IntoIterator for &'a HashMap<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a mut HashMap<K, V, S> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

impl<K, V, S> IntoIterator for HashMap<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    fn into_iter(self) -> IntoIter<K, V> {
        IntoIter {
            left: self.table.len(),
            raw: RawIntoIter::new(self.table),
        }
    }
}

/// A view into one key's place in the map, from [`HashMap::entry`].
pub enum Entry<'a, K, V> {
    /// The key is present.
    Occupied(OccupiedEntry<'a, K, V>),
    /// The key is absent.
    Vacant(VacantEntry<'a, K, V>),
}

/// A present key's entry.
pub struct OccupiedEntry<'a, K, V> {
    table: &'a mut RawTable<K, V>,
    index: usize,
}

/// An absent key's entry: the table already has room for it, and inserting reuses the
/// hash the lookup computed.
pub struct VacantEntry<'a, K, V> {
    table: &'a mut RawTable<K, V>,
    hash: u64,
    key: K,
}

impl<'a, K, V> Entry<'a, K, V> {
    /// The value, inserting `default` first if the key is absent.
    pub fn or_insert(self, default: V) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default),
        }
    }

    /// The value, inserting `default()` first if the key is absent.
    pub fn or_insert_with(self, default: impl FnOnce() -> V) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default()),
        }
    }

    /// The value, inserting `default(&key)` first if the key is absent.
    pub fn or_insert_with_key(self, default: impl FnOnce(&K) -> V) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let value = default(&e.key);
                e.insert(value)
            }
        }
    }

    /// The value, inserting `V::default()` first if the key is absent.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Runs `f` on the value if the key is present; returns the entry for chaining.
    pub fn and_modify(mut self, f: impl FnOnce(&mut V)) -> Self {
        if let Entry::Occupied(e) = &mut self {
            f(e.get_mut());
        }
        self
    }

    /// The entry's key.
    pub fn key(&self) -> &K {
        match self {
            Entry::Occupied(e) => e.key(),
            Entry::Vacant(e) => e.key(),
        }
    }
}

impl<'a, K, V> OccupiedEntry<'a, K, V> {
    /// The stored key.
    pub fn key(&self) -> &K {
        &self.table.get(self.index).0
    }

    /// The value.
    pub fn get(&self) -> &V {
        &self.table.get(self.index).1
    }

    /// The value, mutably, for as long as the entry lives.
    pub fn get_mut(&mut self) -> &mut V {
        &mut self.table.get_mut(self.index).1
    }

    /// The value, mutably, for as long as the map's borrow lasts.
    pub fn into_mut(self) -> &'a mut V {
        &mut self.table.get_mut(self.index).1
    }

    /// Replaces the value and returns the old one.
    pub fn insert(&mut self, value: V) -> V {
        mem::replace(self.get_mut(), value)
    }

    /// Removes the entry and returns its value.
    pub fn remove(self) -> V {
        self.table.remove_at(self.index).1
    }

    /// Removes the entry and returns its key and value.
    pub fn remove_entry(self) -> (K, V) {
        self.table.remove_at(self.index)
    }
}

impl<'a, K, V> VacantEntry<'a, K, V> {
    /// The key that would be inserted.
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Gives the key back without inserting.
    pub fn into_key(self) -> K {
        self.key
    }

    /// Inserts `value` under the entry's key; returns a reference to it.
    pub fn insert(self, value: V) -> &'a mut V {
        let index = self.table.insert_new(self.hash, (self.key, value));
        &mut self.table.get_mut(index).1
    }
}

/// The entries of a [`HashMap`], from [`HashMap::iter`].
pub struct Iter<'a, K, V> {
    raw: RawIter<'a, K, V>,
    left: usize,
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Iter {
            raw: self.raw.clone(),
            left: self.left,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        self.raw.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

/// The entries of a [`HashMap`] with mutable values, from [`HashMap::iter_mut`].
pub struct IterMut<'a, K, V> {
    raw: RawIterMut<'a, K, V>,
    left: usize,
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        self.raw.next().map(|(k, v)| (&*k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K, V> FusedIterator for IterMut<'_, K, V> {}

/// The entries of a [`HashMap`], by value.
pub struct IntoIter<K, V> {
    raw: RawIntoIter<K, V>,
    left: usize,
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        self.raw.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for IntoIter<K, V> {}
impl<K, V> FusedIterator for IntoIter<K, V> {}

/// The keys of a [`HashMap`], from [`HashMap::keys`].
pub struct Keys<'a, K, V> {
    inner: Iter<'a, K, V>,
}

impl<'a, K, V> Iterator for Keys<'a, K, V> {
    type Item = &'a K;

    fn next(&mut self) -> Option<&'a K> {
        self.inner.next().map(|(k, _)| k)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> ExactSizeIterator for Keys<'_, K, V> {}
impl<K, V> FusedIterator for Keys<'_, K, V> {}

/// The values of a [`HashMap`], from [`HashMap::values`].
pub struct Values<'a, K, V> {
    inner: Iter<'a, K, V>,
}

impl<'a, K, V> Iterator for Values<'a, K, V> {
    type Item = &'a V;

    fn next(&mut self) -> Option<&'a V> {
        self.inner.next().map(|(_, v)| v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> ExactSizeIterator for Values<'_, K, V> {}
impl<K, V> FusedIterator for Values<'_, K, V> {}

/// The values of a [`HashMap`], mutably, from [`HashMap::values_mut`].
pub struct ValuesMut<'a, K, V> {
    inner: IterMut<'a, K, V>,
}

impl<'a, K, V> Iterator for ValuesMut<'a, K, V> {
    type Item = &'a mut V;

    fn next(&mut self) -> Option<&'a mut V> {
        self.inner.next().map(|(_, v)| v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> ExactSizeIterator for ValuesMut<'_, K, V> {}
impl<K, V> FusedIterator for ValuesMut<'_, K, V> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashers::{Constant, Identity};
    use crate::raw::capacity_of;
    use proptest::prelude::*;

    #[test]
    fn bucket_counts_keep_the_load_at_or_below_seven_eighths() {
        assert_eq!(buckets_for(0), 0);
        assert_eq!(buckets_for(1), 8);
        assert_eq!(buckets_for(7), 8);
        assert_eq!(buckets_for(8), 16);
        assert_eq!(buckets_for(14), 16);
        assert_eq!(buckets_for(15), 32);
        assert_eq!(buckets_for(57_344), 65_536, "exactly 7/8 of 2^16");
        assert_eq!(buckets_for(57_345), 131_072);
        assert_eq!(capacity_of(65_536), 57_344);
        #[cfg(target_pointer_width = "64")]
        {
            // The largest table has 2^62 buckets, as in std.
            assert_eq!(buckets_for(1 << 40), 1 << 41);
            assert_eq!(buckets_for(7 << 58), 1 << 61, "exactly 7/8 of 2^61");
            assert_eq!(buckets_for((7 << 58) + 1), 1 << 62);
        }
    }

    #[test]
    #[should_panic(expected = "capacity overflow")]
    fn impossible_capacities_panic_like_std() {
        buckets_for(usize::MAX / 4);
    }

    #[test]
    fn a_churn_leaves_tombstones_and_rebuilding_in_place_reclaims_them() {
        // 12 live keys in 16 buckets: few empty buckets, so removals leave tombstones.
        let mut map: HashMap<u64, u64> = HashMap::new();
        map.extend((0..12).map(|k| (k, k)));
        let buckets = map.buckets();
        let (mut most_tombstones, mut rebuilds_in_place) = (0, 0);
        // Fewer rounds under Miri; tombstones appear and get reclaimed within 500.
        let rounds = if cfg!(miri) { 500 } else { 20_000 };
        for k in 12..rounds {
            map.remove(&(k - 12));
            let before = map.table.tombstones();
            map.insert(k, k);
            // An insert reuses at most one tombstone; losing two or more at once is a
            // rebuild.
            if map.table.tombstones() + 1 < before {
                rebuilds_in_place += 1;
            }
            most_tombstones = most_tombstones.max(before);
        }
        assert!(most_tombstones > 0, "the churn never left a tombstone");
        assert!(rebuilds_in_place > 0, "tombstones were never reclaimed");
        assert_eq!(map.buckets(), buckets, "and the table never grew");
    }

    /// In a sparse table no probe ever walks past a removed entry (every group around
    /// it holds an EMPTY), so a removal leaves EMPTY, not a tombstone, and gives its
    /// room back at once. Keys 0 to 3 hash to buckets 0 to 3, side by side.
    #[test]
    fn removing_from_a_sparse_table_leaves_no_tombstone() {
        let mut map: HashMap<u64, u64, Identity> = HashMap::default();
        map.extend((0..4).map(|k| (k, k)));
        assert_eq!(map.buckets(), 8);
        for k in [1, 2, 0, 3] {
            let room = map.table.growth_left();
            assert_eq!(map.remove(&k), Some(k));
            assert_eq!(map.table.tombstones(), 0, "removing {k}");
            assert_eq!(map.table.growth_left(), room + 1, "removing {k}");
        }
    }

    /// A full table whose removals freed less than an eighth of its capacity doubles
    /// on the next insert instead of rebuilding at its size (which would leave it full
    /// again, and rebuild on every insert after).
    #[test]
    fn a_full_table_with_a_few_tombstones_doubles() {
        let mut map: HashMap<u64, u64> = HashMap::new();
        map.extend((0..14).map(|k| (k, k)));
        assert_eq!((map.buckets(), map.capacity()), (16, 14));
        let mut k = 100;
        // Remove and insert until an insert has to make room: with 14 of 16 buckets
        // taken, most removals leave a tombstone, and those use up the room.
        while map.buckets() == 16 {
            assert!(k < 10_100, "the table never had to make room");
            map.remove(&(k - 100));
            map.insert(k, k);
            k += 1;
        }
        assert_eq!(
            (map.buckets(), map.capacity(), map.len()),
            (32, 28, 14),
            "14 live entries in a table of capacity 14: it doubled"
        );
    }

    fn check_ops<S: BuildHasher + Default + Clone>(ops: &[(bool, u16)]) {
        let mut map: HashMap<u64, u16, S> = HashMap::default();
        let check = |map: &HashMap<u64, u16, S>| {
            map.table
                .assert_invariants(|k| map.hash_builder.hash_one(k))
        };
        for &(insert, k) in ops {
            // Keys spread over the whole u64 range: byte-swapped small numbers.
            let key = u64::from(k).swap_bytes() | u64::from(k % 7);
            if insert {
                map.insert(key, k);
            } else {
                map.remove(&key);
            }
            check(&map);
        }
        map.retain(|k, _| k % 3 == 0);
        check(&map);
        let copy = map.clone();
        check(&copy);
        map.shrink_to_fit();
        check(&map);
        // The clone kept the tombstones the removals left; clear must drop them too.
        let mut cleared = copy;
        cleared.clear();
        check(&cleared);
        assert_eq!(
            cleared.table.tombstones(),
            0,
            "clear removes tombstones too"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: if cfg!(miri) { 1 } else { 64 },
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// After every operation: mirror bytes, counts, tags, and every entry reachable
        /// along its own probe sequence.
        #[test]
        fn every_operation_keeps_the_table_invariants(
            // Miri interprets every instruction: there, a short run that still grows,
            // churns and shrinks a table (1 case of up to 60 operations takes minutes).
            ops in prop::collection::vec(
                (any::<bool>(), 0u16..400),
                0..if cfg!(miri) { 60 } else { 700 },
            )
        ) {
            check_ops::<RandomState>(&ops);
            check_ops::<Identity>(&ops);
            check_ops::<Constant>(&ops);
        }
    }
}
