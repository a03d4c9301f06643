//! The dynamic-programming contract: what question 7's reference and the learner's
//! exercise both implement, and the cases both must pass.
//!
//! - [`Solutions`]: the trait, three DP problems as associated functions (edit
//!   distance, coin change, longest increasing subsequence);
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, property tests against [`naive`], and the four cases on long inputs that a
//!   naive exponential recursion cannot finish;
//! - [`naive`]: brute force, the oracles: the plain recursions and exhaustive searches
//!   a DP replaces, right on small inputs and hopeless on large ones;
//! - [`conformance_tests!`]: one `#[test]` per case for a type implementing
//!   [`Solutions`]; [`correctness_tests!`] leaves out the cases on long inputs (for the
//!   brute force, which is correct but exponential).
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/dynamic-programming/tests/conformance.rs
//! dynamic_programming_contract::conformance_tests!(dynamic_programming_exercise::Exercise);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
pub mod naive;

pub use naive::BruteForce;

/// Three dynamic-programming problems, as the conformance cases see them.
///
/// The functions are associated functions of a type (not methods: there is no state),
/// so one `conformance_tests!` line can run the cases on any implementation. The
/// reference `dynamic_programming::Reference` forwards to the crate's free functions; the
/// exercise's `Exercise` forwards to the learner's.
pub trait Solutions {
    /// The Levenshtein distance between `a` and `b`, counted in `char`s: the fewest
    /// single-character inserts, deletes and substitutions that turn `a` into `b`.
    fn edit_distance(a: &str, b: &str) -> usize;

    /// The fewest coins from `coins` (each usable any number of times) that sum to
    /// `amount`, or `None` when no combination does. Coins of value 0 are ignored;
    /// an amount of 0 needs `Some(0)` coins.
    fn coin_change(coins: &[u32], amount: u32) -> Option<u32>;

    /// A longest strictly increasing subsequence of `xs` (any one, when several tie), in
    /// O(n log n) time.
    fn longest_increasing_subsequence(xs: &[i64]) -> Vec<i64>;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a type implementing [`Solutions`].
    ///
    /// ```text
    /// dynamic_programming_contract::conformance_tests!(dynamic_programming_exercise::Exercise);
    /// ```
    macro conformance_tests($($solutions:ident)::+ $(,)?) {
        /// The implementation under test.
        type Subject = $($solutions)::+;
    }
    /// The cases without the ones on long inputs (100-char strings and the three
    /// time-limit cases), for an implementation that is correct but exponential (the
    /// brute-force oracle).
    macro correctness_tests;
    cases [$crate::cases] {
        kitten_to_sitting_takes_three_edits::<Subject>(),
        classic_edit_distances::<Subject>(),
        an_empty_string_is_as_far_as_the_other_is_long::<Subject>(),
        edit_distance_counts_chars_not_bytes::<Subject>(),
        edit_distance_agrees_with_brute_force::<Subject>(),
        greedy_takes_three_coins_where_two_suffice::<Subject>(),
        classic_coin_changes::<Subject>(),
        an_amount_of_zero_needs_no_coins::<Subject>(),
        impossible_amounts_are_none::<Subject>(),
        coin_change_agrees_with_brute_force::<Subject>(),
        a_classic_increasing_subsequence::<Subject>(),
        short_sequences_have_short_subsequences::<Subject>(),
        increasing_means_strictly_increasing::<Subject>(),
        increasing_subsequence_agrees_with_brute_force::<Subject>(),
    }
    costs {
        long_strings_with_few_edits::<Subject>(),
        naive_recursion_cannot_finish_long_strings::<Subject>(),
        naive_recursion_cannot_finish_a_large_amount::<Subject>(),
        a_quadratic_scan_cannot_finish_a_long_sequence::<Subject>(),
    }
}
