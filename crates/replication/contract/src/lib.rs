//! The replication contract: the three CRDTs question 16's exercise asks for, as
//! traits, and the cases the reference and the learner's exercise both must pass.
//!
//! - [`GrowOnlyCounter`], [`UpDownCounter`], [`ObservedRemoveSet`]: the contracts of a
//!   G-counter, a PN-counter and an add-wins OR-set, each with a state-based `merge`;
//! - [`cases`]: the named cases in teaching order (in the topic's manifest), the lattice
//!   laws and convergence as property tests;
//! - [`HistoryCounter`], [`HistorySet`]: the naive oracle, a replica that keeps every
//!   event it ever heard of and merges by set union: obviously a join, obviously
//!   convergent, and as large as the whole history;
//! - [`conformance_tests!`]: one `#[test]` per case for a module holding the three types.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/replication/tests/conformance.rs
//! replication_contract::conformance_tests!(replication_exercise);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod naive;

pub use naive::{HistoryCounter, HistorySet};

use std::fmt::Debug;

/// A grow-only counter replicated by state: each replica counts up; `merge` folds in
/// another replica's state so that merging is commutative, associative and idempotent.
///
/// ```
/// use replication_contract::{GrowOnlyCounter, HistoryCounter};
///
/// let mut a = <HistoryCounter as GrowOnlyCounter>::new(1);
/// let mut b = <HistoryCounter as GrowOnlyCounter>::new(2);
/// GrowOnlyCounter::increment(&mut a, 2);
/// GrowOnlyCounter::increment(&mut b, 3);
/// GrowOnlyCounter::merge(&mut a, &b);
/// GrowOnlyCounter::merge(&mut a, &b);
/// assert_eq!(GrowOnlyCounter::value(&a), 5);
/// ```
pub trait GrowOnlyCounter: Clone + Debug {
    /// A counter at zero on replica `replica` (ids are distinct across replicas).
    fn new(replica: u32) -> Self;
    /// Adds `by` at this replica.
    fn increment(&mut self, by: u64);
    /// The total of every increment this replica has heard of.
    fn value(&self) -> u64;
    /// Folds `other`'s state into this one.
    fn merge(&mut self, other: &Self);
}

/// A counter that goes up and down, replicated by state.
pub trait UpDownCounter: Clone + Debug {
    /// A counter at zero on replica `replica`.
    fn new(replica: u32) -> Self;
    /// Adds `by` at this replica.
    fn increment(&mut self, by: u64);
    /// Subtracts `by` at this replica.
    fn decrement(&mut self, by: u64);
    /// Increments minus decrements, over every replica heard of.
    fn value(&self) -> i64;
    /// Folds `other`'s state into this one.
    fn merge(&mut self, other: &Self);
}

/// An add-wins observed-remove set, replicated by state: a remove removes the inserts
/// this replica has seen; an insert it has not seen (concurrent) survives the merge.
pub trait ObservedRemoveSet<T: Ord + Clone + Debug>: Clone + Debug {
    /// An empty set on replica `replica`.
    fn new(replica: u32) -> Self;
    /// Inserts `value`.
    fn insert(&mut self, value: T);
    /// Removes `value` (every insert of it this replica has seen).
    fn remove(&mut self, value: &T);
    /// Whether `value` is present.
    fn contains(&self, value: &T) -> bool;
    /// The elements, sorted.
    fn elements(&self) -> Vec<T>;
    /// Folds `other`'s state into this one.
    fn merge(&mut self, other: &Self);
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a module that defines `GCounter`,
    /// `PnCounter` and `OrSet<T>` (the sets are tested with `u8` elements, so values
    /// collide often).
    ///
    /// ```text
    /// replication_contract::conformance_tests!(replication_exercise);
    /// ```
    macro conformance_tests($($module:ident)::+) {
        /// The grow-only counter under test.
        type G = $($module)::+::GCounter;
        /// The up-down counter under test.
        type P = $($module)::+::PnCounter;
        /// The set under test.
        type S = $($module)::+::OrSet<u8>;
    }
    cases [$crate::cases] {
        a_new_counter_reads_zero::<G, P>(),
        increments_add_up::<G>(),
        merge_takes_each_replicas_count_once::<G>(),
        g_counter_merge_is_a_join::<G>(),
        pn_counter_counts_below_zero::<P>(),
        pn_counter_merges_increments_and_decrements::<P>(),
        pn_counter_merge_is_a_join::<P>(),
        a_set_holds_what_was_inserted::<S>(),
        merge_brings_inserts_from_both_replicas::<S>(),
        a_remove_that_saw_the_insert_deletes_it_everywhere::<S>(),
        concurrent_insert_and_remove_insert_wins::<S>(),
        a_removed_element_can_be_inserted_again::<S>(),
        or_set_merge_is_a_join::<S>(),
        replicas_converge_under_shuffled_delivery_with_duplicates::<G, P, S>(),
        counters_agree_with_the_history_oracle::<G, P>(),
        sets_agree_with_the_history_oracle::<S>(),
    }
}
