//! The table under [`HashMap`](crate::HashMap): one control byte per bucket, and the
//! entries in uninitialised memory. The crate's only `unsafe` code lives here.
//!
//! # The invariant
//!
//! Bucket `i` holds an initialised `(K, V)` exactly when `ctrl[i]` is a *full* byte
//! (top bit clear: the key's 7-bit tag). `EMPTY` and `DELETED` buckets hold nothing.
//! Every write of a bucket happens before its control byte is set full, and every read
//! that moves an entry out sets the control byte first, so a panic anywhere (in a
//! hasher, `Eq`, `Clone` or a `retain` predicate) leaves the invariant intact and
//! `Drop` drops exactly the entries that exist. Each `unsafe` block below relies on this
//! invariant alone and says so; debug builds assert it, and `.ci/miri` runs the
//! conformance suite under Miri.
//!
//! # Probing
//!
//! The control bytes are read eight at a time as one `u64` (a *group*), and compared
//! with bit tricks on the whole word ("SWAR": SIMD within a register), so no
//! platform-specific instructions are needed. A lookup starts at the key's home bucket
//! and walks groups along a triangular sequence (home, +8, +24, +48, ...; on a power of
//! two it visits every group). Within a group, only buckets whose tag equals the key's
//! 7-bit tag are compared; a group with an `EMPTY` byte ends the search. The first
//! [`GROUP`] control bytes are mirrored after the last one, so a group that starts near
//! the end of the table reads the beginning without wrapping.

#![allow(unsafe_code)]

use std::mem::MaybeUninit;

/// Buckets per group: one `u64` of control bytes.
pub(crate) const GROUP: usize = 8;
/// A bucket that has never held an entry since the last rebuild: a probe stops here.
const EMPTY: u8 = 0xFF;
/// A bucket whose entry was removed while a probe might still need to pass it: a
/// probe walks on (a tombstone). Reclaimed by the next rebuild.
const DELETED: u8 = 0x80;

const LSB: u64 = 0x0101_0101_0101_0101;
const MSB: u64 = 0x8080_8080_8080_8080;

fn is_full(ctrl: u8) -> bool {
    ctrl & 0x80 == 0
}

/// The bytes of `group` equal to `byte` (a tag, below 0x80), as a mask of their top
/// bits. Never misses one. It may report a false match: a byte equal to `byte ^ 1`
/// right after a true match, through the borrow of the subtraction. Such a byte is
/// below 0x80 too, so a false match is always a *full* bucket: comparing its key is
/// wasted work, never a read of an empty bucket. `EMPTY` and `DELETED` bytes (top bit
/// set) are never matched.
fn match_byte(group: u64, byte: u8) -> u64 {
    let x = group ^ (LSB * u64::from(byte));
    x.wrapping_sub(LSB) & !x & MSB
}

/// The `EMPTY` bytes of `group` (top two bits set; `DELETED` has only the top one).
fn match_empty(group: u64) -> u64 {
    group & (group << 1) & MSB
}

/// The `EMPTY` or `DELETED` bytes of `group`.
fn match_empty_or_deleted(group: u64) -> u64 {
    group & MSB
}

/// The byte offsets set in a match mask, lowest first.
fn offsets(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        if mask == 0 {
            return None;
        }
        let offset = mask.trailing_zeros() as usize / 8;
        mask &= mask - 1;
        Some(offset)
    })
}

/// What one lookup cost, for [`HashMap::probe_stats`](crate::HashMap::probe_stats): groups
/// read and keys compared.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LookupCost {
    /// Groups of 8 control bytes read.
    pub groups: usize,
    /// Keys compared with `Eq` (the match, plus tags that matched by chance).
    pub comparisons: usize,
}

/// Control bytes plus buckets. Knows nothing of hashing: callers pass the hash.
pub(crate) struct RawTable<K, V> {
    /// `buckets.len() + GROUP` bytes (the last `GROUP` mirror the first), or none.
    ctrl: Box<[u8]>,
    /// A power of two of at least `GROUP`, or none before the first insert.
    buckets: Box<[MaybeUninit<(K, V)>]>,
    len: usize,
    /// Inserts left before a rebuild: the capacity minus entries and tombstones.
    growth_left: usize,
}

impl<K, V> RawTable<K, V> {
    /// A table of `buckets` buckets (0, or a power of two of at least [`GROUP`]).
    pub(crate) fn with_buckets(buckets: usize) -> Self {
        debug_assert!(buckets == 0 || (buckets.is_power_of_two() && buckets >= GROUP));
        RawTable {
            ctrl: vec![EMPTY; if buckets == 0 { 0 } else { buckets + GROUP }].into_boxed_slice(),
            buckets: Box::new_uninit_slice(buckets),
            len: 0,
            growth_left: capacity_of(buckets),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn buckets(&self) -> usize {
        self.buckets.len()
    }

    pub(crate) fn capacity(&self) -> usize {
        capacity_of(self.buckets.len())
    }

    pub(crate) fn growth_left(&self) -> usize {
        self.growth_left
    }

    #[inline(always)]
    fn mask(&self) -> usize {
        self.buckets.len() - 1
    }

    /// The home bucket and the 7-bit tag of `hash`: its low bits and its top 7 bits,
    /// as in hashbrown. This trusts the hasher to spread every bit (SipHash and foldhash
    /// do); mixing the hash first (a Fibonacci multiply) would keep weak hashers from
    /// clustering but costs about 0.8 ns on every lookup, a quarter of a hit. Only called
    /// on an allocated table.
    #[inline(always)]
    fn home_and_tag(&self, hash: u64) -> (usize, u8) {
        (hash as usize & self.mask(), (hash >> 57) as u8)
    }

    /// The group of control bytes starting at bucket `pos`.
    #[inline(always)]
    fn group(&self, pos: usize) -> u64 {
        debug_assert!(
            pos + GROUP <= self.ctrl.len(),
            "group at {pos} is in bounds"
        );
        // SAFETY: callers pass `pos <= mask`, and the control bytes run `GROUP` bytes
        // past the last bucket (the mirror), so `pos..pos + GROUP` is in bounds. Skipping
        // the bounds check here measurably speeds up every lookup.
        let bytes = unsafe { self.ctrl.get_unchecked(pos..pos + GROUP) };
        u64::from_le_bytes(bytes.try_into().expect("GROUP bytes"))
    }

    /// Sets bucket `index`'s control byte and its mirror.
    #[inline(always)]
    fn set_ctrl(&mut self, index: usize, ctrl: u8) {
        debug_assert!(index <= self.mask(), "bucket {index} is in the table");
        // For index >= GROUP this is index itself; below, the mirror past the end.
        let mirror = (index.wrapping_sub(GROUP) & self.mask()) + GROUP;
        // SAFETY: callers pass a bucket, `index <= mask`, and `mirror <= mask + GROUP`;
        // the control bytes are `mask + 1 + GROUP` long. The two bounds checks this
        // skips were a fifth of a removal's instructions (cachegrind: 104 against
        // hashbrown's 79 per `remove` at 1,000 keys, before).
        unsafe {
            *self.ctrl.get_unchecked_mut(index) = ctrl;
            *self.ctrl.get_unchecked_mut(mirror) = ctrl;
        }
    }

    /// The bucket holding a key with this hash for which `eq` holds.
    #[inline(always)]
    pub(crate) fn find(&self, hash: u64, mut eq: impl FnMut(&K) -> bool) -> Option<usize> {
        if self.len == 0 {
            return None;
        }
        let mask = self.mask();
        let (mut pos, tag) = self.home_and_tag(hash);
        let mut stride = 0;
        loop {
            let group = self.group(pos);
            let mut matches = match_byte(group, tag);
            while matches != 0 {
                // A match (true or false) is a full bucket: see `match_byte`.
                let index = (pos + matches.trailing_zeros() as usize / 8) & mask;
                if eq(&self.get(index).0) {
                    return Some(index);
                }
                matches &= matches - 1;
            }
            if match_empty(group) != 0 {
                return None;
            }
            // The load factor guarantees an EMPTY somewhere, and the triangular
            // sequence reaches every group, so this ends.
            stride += GROUP;
            pos = (pos + stride) & mask;
        }
    }

    /// [`find`](Self::find), counting the groups read and keys compared: the same
    /// walk, kept apart so the counting costs the real lookups nothing.
    pub(crate) fn find_counting(
        &self,
        hash: u64,
        mut eq: impl FnMut(&K) -> bool,
        cost: &mut LookupCost,
    ) -> Option<usize> {
        let mut counted = |k: &K| {
            cost.comparisons += 1;
            eq(k)
        };
        if self.len == 0 {
            return None;
        }
        let mask = self.mask();
        let (mut pos, tag) = self.home_and_tag(hash);
        let mut stride = 0;
        loop {
            let group = self.group(pos);
            cost.groups += 1;
            for offset in offsets(match_byte(group, tag)) {
                let index = (pos + offset) & mask;
                if counted(&self.get(index).0) {
                    return Some(index);
                }
            }
            if match_empty(group) != 0 {
                return None;
            }
            stride += GROUP;
            pos = (pos + stride) & mask;
        }
    }

    /// The first `EMPTY` or `DELETED` bucket on the probe sequence of `hash`. Only
    /// called with `growth_left > 0` or a tombstone present, so one exists.
    fn find_insert_slot(&self, hash: u64) -> usize {
        let mask = self.mask();
        let (mut pos, _) = self.home_and_tag(hash);
        let mut stride = 0;
        loop {
            if let Some(offset) = offsets(match_empty_or_deleted(self.group(pos))).next() {
                return (pos + offset) & mask;
            }
            stride += GROUP;
            pos = (pos + stride) & mask;
        }
    }

    /// Inserts an entry whose key is known to be absent; returns its bucket. The
    /// caller has made room (`growth_left > 0`).
    pub(crate) fn insert_new(&mut self, hash: u64, entry: (K, V)) -> usize {
        debug_assert!(self.growth_left > 0, "insert_new without room");
        let index = self.find_insert_slot(hash);
        let (_, tag) = self.home_and_tag(hash);
        if self.ctrl[index] == EMPTY {
            self.growth_left -= 1;
        }
        // Write the entry first, then mark the bucket full (the invariant).
        self.buckets[index].write(entry);
        self.set_ctrl(index, tag);
        self.len += 1;
        index
    }

    /// The entry in bucket `index`, which must be full.
    #[inline(always)]
    pub(crate) fn get(&self, index: usize) -> &(K, V) {
        debug_assert!(is_full(self.ctrl[index]), "bucket {index} is not full");
        // SAFETY: callers pass a bucket found full (by `find`, by `insert_new` or by a
        // scan of the control bytes), so `index` is in bounds and, by the invariant,
        // the bucket is initialised.
        unsafe { self.buckets.get_unchecked(index).assume_init_ref() }
    }

    /// The entry in bucket `index`, mutably; the bucket must be full. The key must not
    /// be changed in a way that changes its hash or equality (as for any map).
    pub(crate) fn get_mut(&mut self, index: usize) -> &mut (K, V) {
        debug_assert!(is_full(self.ctrl[index]), "bucket {index} is not full");
        // SAFETY: as in `get`.
        unsafe { self.buckets[index].assume_init_mut() }
    }

    /// Removes and returns the entry in full bucket `index`. The bucket becomes
    /// `EMPTY` when no probe can have passed it on the way to another key (fewer than
    /// `GROUP` non-empty buckets in a row around it: every group containing it also
    /// contains an `EMPTY`, so every probe stopped there anyway), else `DELETED`.
    #[inline]
    pub(crate) fn remove_at(&mut self, index: usize) -> (K, V) {
        debug_assert!(is_full(self.ctrl[index]), "bucket {index} is not full");
        let before = match_empty(self.group(index.wrapping_sub(GROUP) & self.mask()));
        let after = match_empty(self.group(index));
        let run = before.leading_zeros() as usize / 8 + after.trailing_zeros() as usize / 8;
        if run >= GROUP {
            self.set_ctrl(index, DELETED);
        } else {
            self.set_ctrl(index, EMPTY);
            self.growth_left += 1;
        }
        self.len -= 1;
        // SAFETY: the bucket was full, hence in bounds and initialised; its control byte
        // now says empty, so nothing else will read or drop it.
        unsafe { self.buckets.get_unchecked(index).assume_init_read() }
    }

    /// Moves every entry out, in bucket order, to `sink`. Tombstones stay, and
    /// `growth_left` is not raised: the caller discards the table ([`HashMap`]'s
    /// rebuild) or resets its control bytes ([`clear`](Self::clear)).
    ///
    /// [`HashMap`]: crate::HashMap
    pub(crate) fn drain_into(&mut self, mut sink: impl FnMut((K, V))) {
        for index in 0..self.buckets.len() {
            if is_full(self.ctrl[index]) {
                self.set_ctrl(index, EMPTY);
                self.len -= 1;
                // SAFETY: the bucket was full; it is marked empty first, so a panic in
                // `sink` (or in an entry's Drop) cannot lead to a second read or drop.
                sink(unsafe { self.buckets[index].assume_init_read() });
            }
        }
    }

    /// Drops every entry and every tombstone, keeping the allocation.
    ///
    /// Panic safety: dropping the entries runs user code. Whatever happens, the guard
    /// below resets the control bytes and the counts when `clear` ends, also while a
    /// panicking `Drop` unwinds through it: the table is then empty and well formed, and
    /// the entries not yet dropped are leaked, never dropped twice (hashbrown's `clear`
    /// does the same with its scope guard).
    pub(crate) fn clear(&mut self) {
        struct Reset<'a, K, V>(&'a mut RawTable<K, V>);
        impl<K, V> Drop for Reset<'_, K, V> {
            fn drop(&mut self) {
                self.0.ctrl.fill(EMPTY);
                self.0.len = 0;
                self.0.growth_left = self.0.capacity();
            }
        }
        let table = Reset(self);
        if table.0.len > 0 {
            table.0.drain_into(drop);
        }
    }

    /// The full buckets' entries, in bucket order.
    pub(crate) fn iter(&self) -> RawIter<'_, K, V> {
        RawIter {
            ctrl: self.ctrl.iter(),
            buckets: self.buckets.iter(),
        }
    }

    /// The full buckets' entries, mutably, in bucket order.
    pub(crate) fn iter_mut(&mut self) -> RawIterMut<'_, K, V> {
        RawIterMut {
            ctrl: self.ctrl.iter(),
            buckets: self.buckets.iter_mut(),
        }
    }

    /// Keeps the entries for which `keep` holds; calls it once per entry.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        for index in 0..self.buckets.len() {
            if is_full(self.ctrl[index]) {
                let (k, v) = self.get_mut(index);
                if !keep(k, v) {
                    drop(self.remove_at(index));
                }
            }
        }
    }

    /// The number of tombstones.
    #[cfg(test)]
    pub(crate) fn tombstones(&self) -> usize {
        self.ctrl[..self.buckets.len()]
            .iter()
            .filter(|&&c| c == DELETED)
            .count()
    }

    /// Panics unless the control bytes, the counts and the probe sequences agree.
    #[cfg(test)]
    pub(crate) fn assert_invariants(&self, hash_of: impl Fn(&K) -> u64) {
        let n = self.buckets.len();
        if n == 0 {
            assert_eq!((self.len, self.growth_left), (0, 0));
            return;
        }
        for i in 0..GROUP {
            assert_eq!(self.ctrl[n + i], self.ctrl[i], "mirror byte {i}");
        }
        let full = self.ctrl[..n].iter().filter(|&&c| is_full(c)).count();
        let deleted = self.ctrl[..n].iter().filter(|&&c| c == DELETED).count();
        assert_eq!(full, self.len, "len counts the full buckets");
        assert_eq!(
            self.growth_left,
            self.capacity() - full - deleted,
            "growth_left = capacity - full - deleted"
        );
        for i in (0..n).filter(|&i| is_full(self.ctrl[i])) {
            let hash = hash_of(&self.get(i).0);
            assert_eq!(self.ctrl[i], self.home_and_tag(hash).1, "bucket {i}: tag");
            let found = self.find(hash, |k| std::ptr::eq(k, &self.get(i).0));
            assert_eq!(
                found,
                Some(i),
                "bucket {i}: its own probe sequence reaches it"
            );
        }
    }
}

/// Entries that fit in `buckets` buckets at the maximum load factor, 7/8.
pub(crate) fn capacity_of(buckets: usize) -> usize {
    buckets / 8 * 7
}

impl<K, V> Drop for RawTable<K, V> {
    fn drop(&mut self) {
        if std::mem::needs_drop::<(K, V)>() && self.len > 0 {
            for (ctrl, bucket) in self.ctrl.iter().zip(self.buckets.iter_mut()) {
                if is_full(*ctrl) {
                    // SAFETY: full buckets are initialised; the table is going away,
                    // so nothing reads the bucket after this.
                    unsafe { bucket.assume_init_drop() };
                }
            }
        }
    }
}

impl<K: Clone, V: Clone> Clone for RawTable<K, V> {
    fn clone(&self) -> Self {
        let mut copy = RawTable::with_buckets(self.buckets.len());
        for index in 0..self.buckets.len() {
            let ctrl = self.ctrl[index];
            if is_full(ctrl) {
                // Clone first, then mark full: a panicking `clone` leaves `copy`
                // holding only the entries already written, which its Drop drops.
                copy.buckets[index].write(self.get(index).clone());
                copy.set_ctrl(index, ctrl);
                copy.len += 1;
            } else {
                copy.set_ctrl(index, ctrl);
            }
        }
        copy.growth_left = self.growth_left;
        copy
    }
}

/// The full buckets of a table, shared.
pub(crate) struct RawIter<'a, K, V> {
    ctrl: std::slice::Iter<'a, u8>,
    buckets: std::slice::Iter<'a, MaybeUninit<(K, V)>>,
}

impl<K, V> Clone for RawIter<'_, K, V> {
    fn clone(&self) -> Self {
        RawIter {
            ctrl: self.ctrl.clone(),
            buckets: self.buckets.clone(),
        }
    }
}

impl<'a, K, V> Iterator for RawIter<'a, K, V> {
    type Item = &'a (K, V);

    fn next(&mut self) -> Option<&'a (K, V)> {
        loop {
            let bucket = self.buckets.next()?;
            let ctrl = *self.ctrl.next()?;
            if is_full(ctrl) {
                // SAFETY: a full bucket is initialised, and the shared borrow of the
                // table keeps it so for 'a.
                return Some(unsafe { bucket.assume_init_ref() });
            }
        }
    }
}

/// The full buckets of a table, mutably.
pub(crate) struct RawIterMut<'a, K, V> {
    ctrl: std::slice::Iter<'a, u8>,
    buckets: std::slice::IterMut<'a, MaybeUninit<(K, V)>>,
}

impl<'a, K, V> Iterator for RawIterMut<'a, K, V> {
    type Item = &'a mut (K, V);

    fn next(&mut self) -> Option<&'a mut (K, V)> {
        loop {
            let bucket = self.buckets.next()?;
            let ctrl = *self.ctrl.next()?;
            if is_full(ctrl) {
                // SAFETY: a full bucket is initialised; the exclusive borrow of the
                // table keeps its control bytes unchanged for 'a.
                return Some(unsafe { bucket.assume_init_mut() });
            }
        }
    }
}

/// The entries of a table, by value.
pub(crate) struct RawIntoIter<K, V> {
    table: RawTable<K, V>,
    next: usize,
}

impl<K, V> RawIntoIter<K, V> {
    pub(crate) fn new(table: RawTable<K, V>) -> Self {
        RawIntoIter { table, next: 0 }
    }
}

impl<K, V> Iterator for RawIntoIter<K, V> {
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        while self.next < self.table.buckets.len() {
            let index = self.next;
            self.next += 1;
            if is_full(self.table.ctrl[index]) {
                self.table.set_ctrl(index, EMPTY);
                self.table.len -= 1;
                // SAFETY: the bucket was full; it is marked empty first, so the
                // table's Drop will not drop it again.
                return Some(unsafe { self.table.buckets[index].assume_init_read() });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(bytes: [u8; 8]) -> u64 {
        u64::from_le_bytes(bytes)
    }

    #[test]
    fn swar_matches_find_the_right_bytes() {
        let g = group([5, EMPTY, 5, DELETED, 7, 5, EMPTY, 0]);
        let m: Vec<usize> = offsets(match_byte(g, 5)).collect();
        assert_eq!(m, [0, 2, 5]);
        let e: Vec<usize> = offsets(match_empty(g)).collect();
        assert_eq!(e, [1, 6]);
        let ed: Vec<usize> = offsets(match_empty_or_deleted(g)).collect();
        assert_eq!(ed, [1, 3, 6]);
        assert_eq!(
            match_byte(group([EMPTY; 8]), 0x7F),
            0,
            "no tag equals EMPTY"
        );
    }

    #[test]
    fn match_byte_never_misses() {
        for byte in 0..0x80u8 {
            for pos in 0..8 {
                let mut bytes = [EMPTY; 8];
                bytes[pos] = byte;
                let found: Vec<usize> = offsets(match_byte(group(bytes), byte)).collect();
                assert!(found.contains(&pos), "byte {byte:#x} at {pos}");
            }
        }
    }
}
