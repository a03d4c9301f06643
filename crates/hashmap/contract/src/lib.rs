//! The hash map contract: what question 1's reference and the learner's exercise both
//! implement, and the cases both must pass.
//!
//! - [`Map`]: the trait, the contract of a hash map;
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, and two differential property tests against the oracle, std's map (with
//!   a strong hasher, then with the weak hashers and the key sets of [`cases::KeySet`]);
//! - [`hashers`]: an identity hasher and a constant hasher, the weak ends of the scale,
//!   which is where probing bugs show;
//! - the oracle: `std::collections::HashMap`, which implements [`Map`] here;
//! - [`conformance_tests!`]: one `#[test]` per case for a map type;
//!   [`correctness_tests!`] leaves out the cost case.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/hashmap/tests/conformance.rs
//! hashmap_contract::conformance_tests!(hashmap_exercise::HashMap);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
pub mod hashers;

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};

/// The contract of a hash map, as the conformance cases see it.
///
/// The reference `hashmap::HashMap` implements it by delegating to its inherent methods
/// (so its callers need no trait import), and so does the reference's separate-chaining
/// map; the exercise's map implements it directly, and so does
/// `std::collections::HashMap`, the oracle the differential cases compare against. Maps
/// are built with their hasher type's `Default`, so the cases can run one map type with
/// a strong hasher and with the deliberately weak ones of [`hashers`].
pub trait Map<K: Hash + Eq, V> {
    /// An empty map with room for `capacity` entries before it grows.
    fn with_capacity(capacity: usize) -> Self
    where
        Self: Sized;

    /// Stores `value` under `key`; returns the key's previous value.
    fn insert(&mut self, key: K, value: V) -> Option<V>;

    /// The value stored under `key`.
    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// A mutable reference to the value stored under `key`.
    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// Whether the map holds `key`.
    fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Removes `key`; returns its value.
    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// The number of entries.
    fn len(&self) -> usize;

    /// Whether the map holds no entries.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many entries fit before the table grows.
    fn capacity(&self) -> usize;

    /// Removes every entry.
    fn clear(&mut self);

    /// Every entry once, in any order.
    fn entries(&self) -> Vec<(&K, &V)>;
}

/// std's map, the oracle of the differential cases.
impl<K: Hash + Eq, V, S: BuildHasher + Default> Map<K, V> for std::collections::HashMap<K, V, S> {
    fn with_capacity(capacity: usize) -> Self {
        std::collections::HashMap::with_capacity_and_hasher(capacity, S::default())
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        std::collections::HashMap::insert(self, key, value)
    }

    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        std::collections::HashMap::get(self, key)
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        std::collections::HashMap::get_mut(self, key)
    }

    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        std::collections::HashMap::remove(self, key)
    }

    fn len(&self) -> usize {
        std::collections::HashMap::len(self)
    }

    fn capacity(&self) -> usize {
        std::collections::HashMap::capacity(self)
    }

    fn clear(&mut self) {
        std::collections::HashMap::clear(self)
    }

    fn entries(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a map type constructor that takes a hasher
    /// parameter (`HashMap<K, V, S>`): most cases use std's `RandomState`, one the
    /// constant hasher (every key collides) and one the identity hasher; most use `u64`
    /// keys and values, one `String` keys, one a value that counts its drops and the
    /// cost case keys that count their hashes and comparisons.
    ///
    /// ```text
    /// hashmap_contract::conformance_tests!(hashmap_exercise::HashMap);
    /// ```
    macro conformance_tests($($map:ident)::+) {
        /// The map under test with the default hasher.
        type ConformanceMap<K, V> =
            $($map)::+<K, V, ::std::collections::hash_map::RandomState>;
        /// The map under test with a hasher that makes every key collide.
        type CollidingMap<K, V> = $($map)::+<K, V, $crate::hashers::Constant>;
        /// The map under test with the key as its own hash.
        type IdentityMap<K, V> = $($map)::+<K, V, $crate::hashers::Identity>;
        /// A value that counts its drops.
        type DropCounter = $crate::cases::DropCounter;
        /// A key that counts its hashes and comparisons.
        type CountedKey = $crate::cases::CountedKey;
    }
    /// The cases without the cost case, for a map that is correct but not O(1).
    macro correctness_tests;
    cases [$crate::cases] {
        starts_empty::<ConformanceMap<u64, u64>>(),
        get_returns_what_insert_stored::<ConformanceMap<u64, u64>>(),
        insert_returns_the_previous_value::<ConformanceMap<u64, u64>>(),
        get_mut_changes_the_stored_value::<ConformanceMap<u64, u64>>(),
        remove_returns_the_value_once::<ConformanceMap<u64, u64>>(),
        missing_keys_are_absent_everywhere::<ConformanceMap<u64, u64>>(),
        clear_empties_but_keeps_working::<ConformanceMap<u64, u64>>(),
        entries_lists_every_pair_once::<ConformanceMap<u64, u64>>(),
        grows_and_keeps_every_key::<ConformanceMap<u64, u64>>(),
        with_capacity_reserves_room::<ConformanceMap<u64, u64>>(),
        removal_keeps_the_rest_reachable::<ConformanceMap<u64, u64>>(),
        churn_does_not_grow_the_table::<ConformanceMap<u64, u64>>(),
        colliding_keys_stay_reachable::<CollidingMap<u64, u64>>(),
        looks_up_string_keys_by_str::<ConformanceMap<String, u64>>(),
        drops_every_value_exactly_once::<ConformanceMap<u64, DropCounter>>(),
        agrees_with_std::<ConformanceMap<u64, u64>>(),
        agrees_with_std_under_weak_hashing::<IdentityMap<u64, u64>>(),
    }
    costs {
        lookups_do_constant_work::<ConformanceMap<CountedKey, u64>>(),
    }
}
