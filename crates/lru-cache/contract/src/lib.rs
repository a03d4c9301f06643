//! The LRU cache contract: what question 11's reference and the learner's exercise both
//! implement, and the cases both must pass.
//!
//! - [`Cache`]: the trait, the contract of a bounded key-value cache;
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, and a model-based property test against [`naive::NaiveLru`];
//! - [`naive`]: the obvious O(n) LRU, the oracle;
//! - [`conformance_tests!`]: one `#[test]` per case for a cache type;
//!   [`correctness_tests!`] leaves out the cost case (for the O(n) oracle).
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/lru-cache/tests/conformance.rs
//! lru_cache_contract::conformance_tests!(lru_cache_exercise::LruCache);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
pub mod naive;

use std::borrow::Borrow;
use std::hash::Hash;
use std::num::NonZeroUsize;

/// The contract of a bounded key-value cache, as the conformance suite and the demo
/// see it.
///
/// The reference `lru_cache::LruCache` implements it by delegating to its inherent
/// methods (so its callers need no trait import), and so do the other eviction policies
/// the reference's demo compares; the exercise's cache implements it directly, and so
/// does the naive model in [`naive`]. What each method promises about *which* entry is
/// evicted is the policy's business; the cases in [`cases`] pin down LRU's.
pub trait Cache<K: Hash + Eq, V> {
    /// An empty cache holding at most `capacity` entries.
    fn with_capacity(capacity: NonZeroUsize) -> Self
    where
        Self: Sized;

    /// The value for `key`; counts as a use of the entry.
    fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// A mutable reference to the value for `key`; counts as a use of the entry.
    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// The value for `key` without counting as a use.
    fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// Stores `value` under `key` and returns the key's previous value; evicts an entry
    /// first when the key is new and the cache is full.
    fn put(&mut self, key: K, value: V) -> Option<V>;

    /// Removes `key`'s entry and returns its value.
    fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;

    /// The number of entries.
    fn len(&self) -> usize;

    /// Whether the cache holds no entries.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most entries the cache holds.
    fn capacity(&self) -> NonZeroUsize;

    /// The keys in the policy's order; for LRU, from the most to the least recently used.
    fn keys_in_order(&self) -> Vec<&K>;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a cache type constructor taking the key
    /// and value types (`LruCache<K, V>`): most cases use `u32` keys and values, one
    /// `String` keys and one a value that counts its drops.
    ///
    /// ```text
    /// lru_cache_contract::conformance_tests!(lru_cache_exercise::LruCache);
    /// ```
    macro conformance_tests($($cache:ident)::+) {
        /// The cache type under test.
        type ConformanceCache<K, V> = $($cache)::+<K, V>;
        /// A value that counts its drops.
        type DropCounter = $crate::cases::DropCounter;
        /// A key that counts its hashes and comparisons.
        type CountedKey = $crate::cases::CountedKey;
    }
    /// The cases without the cost case: the naive oracle is correct but O(n), and is
    /// checked with this.
    macro correctness_tests;
    cases [$crate::cases] {
        starts_empty::<ConformanceCache<u32, u32>>(),
        get_returns_what_put_stored::<ConformanceCache<u32, u32>>(),
        put_returns_the_previous_value::<ConformanceCache<u32, u32>>(),
        evicts_the_least_recently_used::<ConformanceCache<u32, u32>>(),
        get_protects_an_entry_from_eviction::<ConformanceCache<u32, u32>>(),
        peek_does_not_promote::<ConformanceCache<u32, u32>>(),
        overwriting_refreshes_without_evicting::<ConformanceCache<u32, u32>>(),
        get_mut_updates_in_place_and_promotes::<ConformanceCache<u32, u32>>(),
        remove_frees_a_slot::<ConformanceCache<u32, u32>>(),
        remove_keeps_the_order_of_the_rest::<ConformanceCache<u32, u32>>(),
        missing_keys_are_absent_everywhere::<ConformanceCache<u32, u32>>(),
        capacity_one_keeps_only_the_newest::<ConformanceCache<u32, u32>>(),
        keys_run_from_most_to_least_recent::<ConformanceCache<u32, u32>>(),
        long_runs_keep_the_newest_keys::<ConformanceCache<u32, u32>>(),
        looks_up_string_keys_by_str::<ConformanceCache<String, u32>>(),
        drops_every_value_exactly_once::<ConformanceCache<u32, DropCounter>>(),
        agrees_with_a_naive_model::<ConformanceCache<u32, u32>>(),
    }
    costs {
        work_per_operation_does_not_grow::<ConformanceCache<CountedKey, u64>>(),
    }
}
