//! The reference map: open addressing with Robin Hood probing and backward-shift
//! deletion.
//!
//! One array of slots. A key's *home* is the bucket its hash picks; when the home is
//! taken the key goes to the next free slot, scanning forward (linear probing). Each
//! full slot remembers its *distance*: how far it sits past its home. Robin Hood
//! insertion keeps every run of slots sorted by home bucket: a key that has travelled
//! further takes the slot of one that has travelled less ("take from the rich"), so no
//! key sits far from home while its neighbours sit at home. That gives lookups two
//! early exits: an empty slot, or a slot whose occupant is closer to its home than the
//! searched key would be (the key would have taken that slot).
//!
//! Deletion shifts the following slots of the run back by one until it meets an empty
//! slot or a key at its home. No tombstones are left behind, so deletes never make
//! later lookups slower and an insert/remove churn never grows the table.

use std::borrow::Borrow;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::iter::FusedIterator;
use std::mem;
use std::ops::Index;

/// The table grows before more than 7/8 of its buckets are full. Robin Hood probing
/// keeps the average successful lookup near 4.5 slot reads even at this load (Knuth's
/// ½(1 + 1/(1 − α)) for linear probing), with far less spread than plain linear probing.
pub const MAX_LOAD_FACTOR: f64 = 0.875;

/// The smallest table allocated: 8 buckets, room for 7 entries.
const MIN_BUCKETS: usize = 8;
/// The largest table: distances are stored in a `u32`, and a distance is always smaller
/// than the number of buckets.
const MAX_BUCKETS: usize = 1 << 31;
/// 2^64 / φ, rounded to odd. Multiplying by it and keeping the top bits ("Fibonacci
/// hashing") mixes every bit of the hash into the bucket index, so a weak hasher whose
/// outputs differ only in their high bits (or only in their low bits) still spreads.
const FIBONACCI: u64 = 0x9E37_79B9_7F4A_7C15;

/// One bucket: empty, or an entry with its distance from its home bucket.
#[derive(Clone)]
enum Slot<K, V> {
    Empty,
    Full { dist: u32, key: K, value: V },
}

/// The slots and the entry count: everything but the hasher, so that entries can
/// borrow it without naming the hasher type (as std's `Entry<'a, K, V>` does).
#[derive(Clone)]
struct Table<K, V> {
    /// Empty (no allocation yet) or a power of two of at least [`MIN_BUCKETS`].
    slots: Box<[Slot<K, V>]>,
    len: usize,
    /// 64 − log2(buckets): the bucket index is the top bits of the mixed hash.
    shift: u32,
}

/// Where a probe for a key stopped.
enum Probe {
    /// The key is in this slot.
    Found(usize),
    /// The key is absent; it belongs in this slot, this far from its home.
    Vacant { index: usize, dist: u32 },
}

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
        .map(|n| n.div_ceil(7).next_power_of_two().max(MIN_BUCKETS))
        .filter(|&b| b <= MAX_BUCKETS);
    buckets.expect("capacity overflow")
}

fn empty_slots<K, V>(buckets: usize) -> Box<[Slot<K, V>]> {
    let mut slots = Vec::with_capacity(buckets);
    slots.resize_with(buckets, || Slot::Empty);
    slots.into_boxed_slice()
}

impl<K, V> Table<K, V> {
    fn new() -> Self {
        Table {
            slots: Box::new([]),
            len: 0,
            shift: 0,
        }
    }

    fn with_buckets(buckets: usize) -> Self {
        Table {
            slots: empty_slots(buckets),
            len: 0,
            shift: if buckets == 0 {
                0
            } else {
                64 - buckets.trailing_zeros()
            },
        }
    }

    fn capacity(&self) -> usize {
        self.slots.len() / 8 * 7
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The home bucket of `hash`. Only called on an allocated table.
    fn home(&self, hash: u64) -> usize {
        (hash.wrapping_mul(FIBONACCI) >> self.shift) as usize
    }

    /// Looks for a key with this hash for which `is_key` holds. Only called on an
    /// allocated table; the load factor guarantees an empty slot, so it ends.
    fn probe(&self, hash: u64, mut is_key: impl FnMut(&K) -> bool) -> Probe {
        let mask = self.mask();
        let mut index = self.home(hash);
        let mut dist = 0;
        loop {
            match &self.slots[index] {
                Slot::Empty => return Probe::Vacant { index, dist },
                Slot::Full {
                    dist: theirs, key, ..
                } => {
                    // The occupant is closer to its home than this key would be: a
                    // Robin Hood insert would have put the key here. It is absent.
                    if *theirs < dist {
                        return Probe::Vacant { index, dist };
                    }
                    // Same distance means the same home bucket: a candidate.
                    if *theirs == dist && is_key(key) {
                        return Probe::Found(index);
                    }
                }
            }
            index = (index + 1) & mask;
            dist += 1;
        }
    }

    fn find<Q>(&self, hash: u64, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        if self.len == 0 {
            return None;
        }
        match self.probe(hash, |k| k.borrow() == key) {
            Probe::Found(index) => Some(index),
            Probe::Vacant { .. } => None,
        }
    }

    /// Puts a new entry at `index`, where a probe said it belongs, and pushes the
    /// entries it displaces further along (Robin Hood). The new entry stays at `index`.
    /// The caller has made room (the load factor leaves at least one empty slot).
    fn place(&mut self, mut index: usize, dist: u32, key: K, value: V) {
        let mask = self.mask();
        let mut carry = Slot::Full { dist, key, value };
        loop {
            mem::swap(&mut self.slots[index], &mut carry);
            let Slot::Full { dist, .. } = &mut carry else {
                self.len += 1;
                return;
            };
            // `carry` was displaced: walk on until a slot it may take.
            loop {
                index = (index + 1) & mask;
                *dist += 1;
                match &self.slots[index] {
                    Slot::Full { dist: theirs, .. } if *theirs >= *dist => {}
                    _ => break,
                }
            }
        }
    }

    /// Inserts a key known to be absent (when rebuilding the table).
    fn place_new(&mut self, hash: u64, key: K, value: V) {
        match self.probe(hash, |_| false) {
            Probe::Vacant { index, dist } => self.place(index, dist, key, value),
            Probe::Found(_) => unreachable!("the probe matched no key"),
        }
    }

    /// Empties slot `index` and shifts the rest of its run back by one (backward-shift
    /// deletion): every shifted entry moves one slot closer to its home. No tombstone
    /// is left, so the table looks exactly as if the key had never been inserted.
    fn remove_at(&mut self, index: usize) -> (K, V) {
        let mask = self.mask();
        let removed = mem::replace(&mut self.slots[index], Slot::Empty);
        let mut hole = index;
        loop {
            let next = (hole + 1) & mask;
            match &mut self.slots[next] {
                Slot::Full { dist, .. } if *dist > 0 => *dist -= 1,
                // An empty slot or an entry at its home: the run ends here.
                _ => break,
            }
            self.slots.swap(hole, next);
            hole = next;
        }
        self.len -= 1;
        match removed {
            Slot::Full { key, value, .. } => (key, value),
            Slot::Empty => unreachable!("remove_at is only called on a full slot"),
        }
    }

    fn entry_at(&self, index: usize) -> (&K, &V) {
        match &self.slots[index] {
            Slot::Full { key, value, .. } => (key, value),
            Slot::Empty => unreachable!("slot {index} was found full"),
        }
    }

    fn entry_at_mut(&mut self, index: usize) -> (&K, &mut V) {
        match &mut self.slots[index] {
            Slot::Full { key, value, .. } => (key, value),
            Slot::Empty => unreachable!("slot {index} was found full"),
        }
    }
}

/// A hash map with open addressing: Robin Hood probing, backward-shift deletion, growth
/// at a load factor of 7/8 ([`MAX_LOAD_FACTOR`]).
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
#[derive(Clone)]
pub struct HashMap<K, V, S = RandomState> {
    table: Table<K, V>,
    hash_builder: S,
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
        HashMap {
            table: Table::new(),
            hash_builder,
        }
    }

    /// An empty map with room for `capacity` entries, hashing with `hash_builder`.
    ///
    /// # Panics
    ///
    /// When `capacity` needs more than 2^31 buckets ("capacity overflow").
    pub fn with_capacity_and_hasher(capacity: usize, hash_builder: S) -> Self {
        HashMap {
            table: Table::with_buckets(buckets_for(capacity)),
            hash_builder,
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.table.len
    }

    /// Whether the map holds no entries.
    pub fn is_empty(&self) -> bool {
        self.table.len == 0
    }

    /// How many entries fit before the table grows: 7/8 of [`buckets`](Self::buckets).
    pub fn capacity(&self) -> usize {
        self.table.capacity()
    }

    /// The number of buckets (slots): 0 before the first allocation, then a power of
    /// two of at least 8.
    pub fn buckets(&self) -> usize {
        self.table.slots.len()
    }

    /// The fraction of buckets in use, `len / buckets` (0 for an unallocated table).
    pub fn load_factor(&self) -> f64 {
        if self.buckets() == 0 {
            0.0
        } else {
            self.len() as f64 / self.buckets() as f64
        }
    }

    /// How far entries sit from their home bucket: `histogram[d]` entries are `d` slots
    /// past it, so a lookup that finds one of them reads `d + 1` slots. Empty for an
    /// empty map. The demo plots this at several load factors.
    pub fn displacement_histogram(&self) -> Vec<usize> {
        let mut histogram = Vec::new();
        for slot in self.table.slots.iter() {
            if let Slot::Full { dist, .. } = slot {
                let d = *dist as usize;
                if histogram.len() <= d {
                    histogram.resize(d + 1, 0);
                }
                histogram[d] += 1;
            }
        }
        histogram
    }

    /// The map's hasher.
    pub fn hasher(&self) -> &S {
        &self.hash_builder
    }

    /// Removes every entry, keeping the allocated buckets.
    pub fn clear(&mut self) {
        self.table.slots.fill_with(|| Slot::Empty);
        self.table.len = 0;
    }

    /// The entries, in bucket order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            slots: self.table.slots.iter(),
            left: self.table.len,
        }
    }

    /// The entries with mutable values, in bucket order.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut {
            slots: self.table.slots.iter_mut(),
            left: self.table.len,
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

impl<K: Hash + Eq, V, S: BuildHasher> HashMap<K, V, S> {
    fn hash<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        self.hash_builder.hash_one(key)
    }

    /// Makes room for at least `additional` more entries without reallocating.
    ///
    /// # Panics
    ///
    /// When the new size needs more than 2^31 buckets ("capacity overflow").
    pub fn reserve(&mut self, additional: usize) {
        let needed = self
            .table
            .len
            .checked_add(additional)
            .expect("capacity overflow");
        if needed > self.table.capacity() {
            self.rebuild(buckets_for(needed));
        }
    }

    /// Shrinks the table to the fewest buckets that hold the current entries (no
    /// allocation at all for an empty map).
    pub fn shrink_to_fit(&mut self) {
        let buckets = buckets_for(self.table.len);
        if buckets < self.table.slots.len() {
            self.rebuild(buckets);
        }
    }

    /// Moves every entry into a new table of `buckets` buckets, rehashing each key
    /// (the table stores no hashes, to keep slots small).
    fn rebuild(&mut self, buckets: usize) {
        let old = mem::replace(&mut self.table, Table::with_buckets(buckets));
        for slot in old.slots {
            if let Slot::Full { key, value, .. } = slot {
                let hash = self.hash_builder.hash_one(&key);
                self.table.place_new(hash, key, value);
            }
        }
    }

    /// Inserts `value` under `key`; returns the key's previous value, if any (the
    /// stored key is kept, as in std).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.reserve(1);
        let hash = self.hash(&key);
        match self.table.probe(hash, |k| *k == key) {
            Probe::Found(index) => Some(mem::replace(self.table.entry_at_mut(index).1, value)),
            Probe::Vacant { index, dist } => {
                self.table.place(index, dist, key, value);
                None
            }
        }
    }

    /// The value stored under `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// The stored key and value for `key`.
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.table.find(self.hash(key), key)?;
        Some(self.table.entry_at(index))
    }

    /// A mutable reference to the value stored under `key`.
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.table.find(self.hash(key), key)?;
        Some(self.table.entry_at_mut(index).1)
    }

    /// Whether the map holds `key`.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.table.find(self.hash(key), key).is_some()
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
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.table.find(self.hash(key), key)?;
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
        self.reserve(1);
        let hash = self.hash(&key);
        match self.table.probe(hash, |k| *k == key) {
            Probe::Found(index) => Entry::Occupied(OccupiedEntry {
                table: &mut self.table,
                index,
            }),
            Probe::Vacant { index, dist } => Entry::Vacant(VacantEntry {
                table: &mut self.table,
                index,
                dist,
                key,
            }),
        }
    }

    /// Keeps only the entries for which `keep` returns true; calls it once per entry.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let table = &mut self.table;
        if table.len == 0 {
            return;
        }
        let mask = table.mask();
        // Start just past an empty slot (the load factor guarantees one). A removal
        // shifts later slots of its run back, and a run never extends across an empty
        // slot, so every shifted entry comes from a slot not yet visited.
        let start = table
            .slots
            .iter()
            .position(|s| matches!(s, Slot::Empty))
            .expect("the load factor leaves an empty slot");
        let mut index = (start + 1) & mask;
        let mut visited = 1;
        while visited < table.slots.len() {
            let kept = match &mut table.slots[index] {
                Slot::Full { key, value, .. } => keep(key, value),
                Slot::Empty => true,
            };
            if kept {
                index = (index + 1) & mask;
                visited += 1;
            } else {
                // The next entry of the run (if any) now sits at `index`: look again.
                table.remove_at(index);
            }
        }
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
            left: self.table.len,
            slots: self.table.slots.into_vec().into_iter(),
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
    table: &'a mut Table<K, V>,
    index: usize,
}

/// An absent key's entry: inserting fills the slot the lookup found, with no second
/// lookup.
pub struct VacantEntry<'a, K, V> {
    table: &'a mut Table<K, V>,
    index: usize,
    dist: u32,
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
        self.table.entry_at(self.index).0
    }

    /// The value.
    pub fn get(&self) -> &V {
        self.table.entry_at(self.index).1
    }

    /// The value, mutably, for as long as the entry lives.
    pub fn get_mut(&mut self) -> &mut V {
        self.table.entry_at_mut(self.index).1
    }

    /// The value, mutably, for as long as the map's borrow lasts.
    pub fn into_mut(self) -> &'a mut V {
        self.table.entry_at_mut(self.index).1
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
        let (index, dist) = (self.index, self.dist);
        // Robin Hood displacement moves the other entries; the new one stays at `index`.
        self.table.place(index, dist, self.key, value);
        self.table.entry_at_mut(index).1
    }
}

/// The next entry `entry` finds in `slots`, counting down `left` (the entries not yet
/// returned, so the iterators stop without scanning the empty slots after the last).
fn next_full<T, R>(
    slots: &mut impl Iterator<Item = T>,
    left: &mut usize,
    entry: impl FnMut(T) -> Option<R>,
) -> Option<R> {
    if *left == 0 {
        return None;
    }
    let found = slots.find_map(entry);
    if found.is_some() {
        *left -= 1;
    }
    found
}

/// The entries of a [`HashMap`], from [`HashMap::iter`].
pub struct Iter<'a, K, V> {
    slots: std::slice::Iter<'a, Slot<K, V>>,
    left: usize,
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Iter {
            slots: self.slots.clone(),
            left: self.left,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        next_full(&mut self.slots, &mut self.left, |slot| match slot {
            Slot::Full { key, value, .. } => Some((key, value)),
            Slot::Empty => None,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

/// The entries of a [`HashMap`] with mutable values, from [`HashMap::iter_mut`].
pub struct IterMut<'a, K, V> {
    slots: std::slice::IterMut<'a, Slot<K, V>>,
    left: usize,
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    fn next(&mut self) -> Option<Self::Item> {
        next_full(&mut self.slots, &mut self.left, |slot| match slot {
            Slot::Full { key, value, .. } => Some((&*key, value)),
            Slot::Empty => None,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K, V> FusedIterator for IterMut<'_, K, V> {}

/// The entries of a [`HashMap`], by value.
pub struct IntoIter<K, V> {
    slots: std::vec::IntoIter<Slot<K, V>>,
    left: usize,
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        next_full(&mut self.slots, &mut self.left, |slot| match slot {
            Slot::Full { key, value, .. } => Some((key, value)),
            Slot::Empty => None,
        })
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
    use proptest::prelude::*;

    impl<K: Hash + Eq, V, S: BuildHasher> HashMap<K, V, S> {
        /// Panics unless the table is a valid Robin Hood table: every entry's stored
        /// distance is its real distance from home, no empty slot lies between an
        /// entry and its home, each run is sorted by home (a slot's distance is at most
        /// one more than its predecessor's), the count is right and the load is legal.
        fn assert_invariants(&self) {
            let table = &self.table;
            let n = table.slots.len();
            let mut full = 0;
            for (i, slot) in table.slots.iter().enumerate() {
                let Slot::Full { dist, key, .. } = slot else {
                    continue;
                };
                full += 1;
                let home = table.home(self.hash_builder.hash_one(key));
                let real = (i + n - home) & (n - 1);
                assert_eq!(*dist as usize, real, "slot {i}: stored distance");
                let prev = &table.slots[(i + n - 1) & (n - 1)];
                match prev {
                    Slot::Empty => assert_eq!(*dist, 0, "slot {i} follows an empty slot"),
                    Slot::Full { dist: p, .. } => {
                        assert!(*dist <= p + 1, "slot {i}: distance {dist} after {p}")
                    }
                }
            }
            assert_eq!(full, table.len, "len matches the full slots");
            assert!(table.len <= table.capacity(), "load above 7/8");
        }
    }

    fn check_ops<S: BuildHasher + Default>(ops: &[(bool, u16)]) {
        let mut map: HashMap<u64, u16, S> = HashMap::default();
        for &(insert, k) in ops {
            // Keys spread over the whole u64 range: byte-swapped small numbers.
            let key = u64::from(k).swap_bytes() | u64::from(k % 7);
            if insert {
                map.insert(key, k);
            } else {
                map.remove(&key);
            }
            map.assert_invariants();
        }
        map.retain(|k, _| k % 3 == 0);
        map.assert_invariants();
        map.shrink_to_fit();
        map.assert_invariants();
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn every_operation_keeps_the_robin_hood_invariants(
            ops in prop::collection::vec((any::<bool>(), 0u16..400), 0..700)
        ) {
            check_ops::<RandomState>(&ops);
            check_ops::<Identity>(&ops);
            check_ops::<Constant>(&ops);
        }
    }

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
    }

    #[test]
    #[should_panic(expected = "capacity overflow")]
    fn impossible_capacities_panic_like_std() {
        buckets_for(usize::MAX / 4);
    }
}
