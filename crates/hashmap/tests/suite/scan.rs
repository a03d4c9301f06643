//! The cost case can fail: a map that keeps its entries in a `Vec` of pairs and scans
//! it is correct (it passes every other case, through `correctness_tests!`; that run
//! takes seconds, the 100,000-key case being quadratic, so it is not kept here) but does
//! O(n) work per lookup, and the cost case says so with the counts.

use std::borrow::Borrow;
use std::hash::Hash;
use std::marker::PhantomData;

use hashmap_contract::Map;

/// A correct map that scans: every lookup compares keys one by one. The hasher
/// parameter is there only so the contract's macros can name it.
struct ScanMap<K, V, S = std::collections::hash_map::RandomState> {
    entries: Vec<(K, V)>,
    hasher: PhantomData<S>,
}

impl<K, V, S> ScanMap<K, V, S> {
    fn position<Q>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.entries.iter().position(|(k, _)| k.borrow() == key)
    }
}

impl<K: Hash + Eq, V, S> Map<K, V> for ScanMap<K, V, S> {
    fn with_capacity(capacity: usize) -> Self {
        ScanMap {
            entries: Vec::with_capacity(capacity),
            hasher: PhantomData,
        }
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.position(&key) {
            Some(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.position(key).map(|i| &self.entries[i].1)
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.position(key).map(|i| &mut self.entries[i].1)
    }

    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.position(key).map(|i| self.entries.swap_remove(i).1)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn capacity(&self) -> usize {
        self.entries.capacity()
    }

    fn clear(&mut self) {
        self.entries.clear();
    }

    fn entries(&self) -> Vec<(&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v)).collect()
    }
}

#[test]
#[should_panic(
    expected = "your get of a present key did 500.5 hashes and key comparisons per lookup \
                at n = 1,000 and 7,993 at n = 16,000: that grows like n, expected constant"
)]
fn a_map_that_scans_fails_the_cost_case() {
    hashmap_contract::cases::lookups_do_constant_work::<
        ScanMap<hashmap_contract::cases::CountedKey, u64>,
    >();
}
