//! The consistent-hashing contract: what questions 12 and 13's reference and the
//! learner's exercise both implement, and the cases both must pass.
//!
//! - [`Placement`]: the trait, the contract of a consistent placement of keys on nodes
//!   (a ring, rendezvous hashing);
//! - [`hash`]: the stable hash every placement hashes with, XXH64 (a published
//!   specification, so two processes, or the exercise and the reference, agree on every
//!   hash);
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest: jump hash's (each takes the function under test), then the placement's;
//! - [`naive`]: the ring placement computed the slow, obvious way, the oracle;
//! - [`conformance_tests!`]: one `#[test]` per case for a placement type and a jump hash;
//!   [`correctness_tests!`] leaves out the time-limit case (for rendezvous hashing,
//!   whose lookups score every node by design).
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/consistent-hashing/tests/conformance.rs
//! consistent_hashing_contract::conformance_tests!(
//!     ring: consistent_hashing_exercise::HashRing,
//!     jump: consistent_hashing_exercise::jump_hash,
//! );
//! ```

#![forbid(unsafe_code)]

pub mod cases;
pub mod hash;
pub mod naive;

use std::hash::Hash;

/// What the conformance cases ask of a consistent placement of keys on nodes: a ring,
/// rendezvous hashing, or the learner's exercise.
///
/// The reference's `HashRing` and `Rendezvous` implement it by delegating to their
/// inherent methods; the exercise's ring implements it directly, and so does the naive
/// ring in [`naive`], the oracle.
pub trait Placement<N>: Sized {
    /// An empty placement; a ring gives each node `vnodes_per_node` points (placements
    /// without virtual nodes ignore it).
    fn new(vnodes_per_node: usize) -> Self;

    /// Adds `node`; adding a node already present changes nothing.
    fn add(&mut self, node: N);

    /// Removes `node`; `false` if it was not present.
    fn remove(&mut self, node: &N) -> bool;

    /// The node that owns `key`, or `None` with no nodes.
    fn get<K: Hash + ?Sized>(&self, key: &K) -> Option<&N>;

    /// Up to `n` distinct nodes for `key`, its owner first.
    fn get_n<K: Hash + ?Sized>(&self, key: &K, n: usize) -> Vec<&N>;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case, for a placement type constructor (`ring:`,
    /// taking `u32` nodes) and a jump hash function (`jump:`, a `fn(u64, u32) -> u32`).
    ///
    /// ```text
    /// consistent_hashing_contract::conformance_tests!(
    ///     ring: consistent_hashing_exercise::HashRing,
    ///     jump: consistent_hashing_exercise::jump_hash,
    /// );
    /// ```
    macro conformance_tests(ring: $($ring:ident)::+, jump: $($jump:ident)::+ $(,)?) {
        /// The placement type under test.
        type ConformancePlacement = $($ring)::+<u32>;
        /// The jump hash under test.
        const CONFORMANCE_JUMP: fn(u64, u32) -> u32 = $($jump)::+;
    }
    /// The cases without the time-limit case, for a placement whose lookups are correct
    /// but O(n): rendezvous hashing, which scores every node by design.
    macro correctness_tests;
    cases [$crate::cases] {
        jump_matches_published_values(CONFORMANCE_JUMP),
        jump_stays_in_range(CONFORMANCE_JUMP),
        jump_moves_keys_only_to_the_new_bucket(CONFORMANCE_JUMP),
        jump_is_balanced(CONFORMANCE_JUMP),
        an_empty_placement_has_no_owner::<ConformancePlacement>(),
        one_node_owns_every_key::<ConformancePlacement>(),
        adding_twice_changes_nothing::<ConformancePlacement>(),
        placements_built_alike_agree::<ConformancePlacement>(),
        replicas_are_distinct::<ConformancePlacement>(),
        removing_a_node_moves_only_its_keys::<ConformancePlacement>(),
        adding_a_node_moves_keys_only_onto_it::<ConformancePlacement>(),
        the_moved_fraction_is_near_one_over_n_plus_one::<ConformancePlacement>(),
        load_is_balanced::<ConformancePlacement>(),
    }
    costs {
        lookups_take_logarithmic_time::<ConformancePlacement>(),
    }
}
