//! The exercise's cases, in teaching order: a suite must first pass the correct
//! [`price`](crate::price), then catch one mutant per case. Every failure message gives
//! the whole score ("catch 7 of 12 mutants") and names the mutant that got through.

use crate::{MUTANTS, Mutant, Suite, mutant, run_suite, score};

/// The mutants the exercise asks a suite to catch, in teaching order: the easy bounds
/// first, then rounding, limits and overflow. (The demo runs all of [`MUTANTS`].)
pub const EXERCISE_MUTANTS: [&str; 12] = [
    "zero-quantity check dropped",
    "tier boundary 100 -> 101",
    "tier boundary 100 -> 99",
    "tier boundary 10 -> 11",
    "tier rates swapped",
    "discount added, not subtracted",
    "discount truncated, not rounded",
    "cash rounding dropped",
    "limit test >= instead of >",
    "limit check dropped",
    "overflow check dropped (wrapping multiply)",
    "EUR limit used for every currency",
];

/// The exercise's mutants as [`Mutant`]s.
pub fn exercise_mutants() -> Vec<Mutant> {
    let all: Vec<Mutant> = EXERCISE_MUTANTS.iter().map(|n| mutant(n)).collect();
    debug_assert!(all.len() <= MUTANTS.len());
    all
}

/// The suite passes the correct function: a test that fails correct code is a broken
/// test, and would "catch" every mutant without proving anything.
pub fn passes_the_correct_function(suite: Suite) {
    if let Err(why) = run_suite(suite, crate::price) {
        panic!(
            "your tests fail the correct price(): {why}\n\
             (check the expected value: 10% off from 100 units, 5% from 10, the discount \
             rounded half up, CHF rounded to the nearest 5 rappen)"
        );
    }
}

fn catches(suite: Suite, name: &str, hint: &str) {
    passes_the_correct_function(suite);
    let m = mutant(name);
    if run_suite(suite, m.price).is_ok() {
        panic!(
            "{}\nthe mutant '{name}' passes your tests, but it is wrong: {}\nhint: {hint}",
            score(suite, &exercise_mutants()),
            m.note
        );
    }
}

/// Catch a price for zero units.
pub fn catches_a_dropped_zero_quantity_check(suite: Suite) {
    catches(
        suite,
        "zero-quantity check dropped",
        "test an order of 0 units: it must be Err(PriceError::EmptyOrder)",
    );
}

/// Catch the top tier starting at 101 units.
pub fn catches_tier_boundary_100_to_101(suite: Suite) {
    catches(
        suite,
        "tier boundary 100 -> 101",
        "test exactly 100 units: the first quantity of the 10% tier",
    );
}

/// Catch the top tier starting at 99 units.
pub fn catches_tier_boundary_100_to_99(suite: Suite) {
    catches(
        suite,
        "tier boundary 100 -> 99",
        "test 99 units: the last quantity of the 5% tier (a boundary has two sides)",
    );
}

/// Catch the middle tier starting at 11 units.
pub fn catches_tier_boundary_10_to_11(suite: Suite) {
    catches(
        suite,
        "tier boundary 10 -> 11",
        "test exactly 10 units: the first quantity with 5% off",
    );
}

/// Catch the two discount rates swapped.
pub fn catches_swapped_tier_rates(suite: Suite) {
    catches(
        suite,
        "tier rates swapped",
        "check the amount in each tier, not only that a discount was given",
    );
}

/// Catch the discount added instead of taken off.
pub fn catches_a_discount_added_not_subtracted(suite: Suite) {
    catches(
        suite,
        "discount added, not subtracted",
        "assert the exact total of a discounted order",
    );
}

/// Catch the discount truncated instead of rounded half up.
pub fn catches_a_truncated_discount(suite: Suite) {
    catches(
        suite,
        "discount truncated, not rounded",
        "pick an order whose exact discount has a fraction: 5% of 11 × 10 = 110 is 5.5, rounded half up to 6",
    );
}

/// Catch the Swiss cash rounding left out.
pub fn catches_cash_rounding_dropped(suite: Suite) {
    catches(
        suite,
        "cash rounding dropped",
        "price a CHF order whose total is not a multiple of 5 rappen",
    );
}

/// Catch a total equal to the limit being refused.
pub fn catches_the_limit_test_off_by_one(suite: Suite) {
    catches(
        suite,
        "limit test >= instead of >",
        "test a total of exactly the currency's limit (Currency::limit()): it is allowed",
    );
}

/// Catch a total above the limit being charged.
pub fn catches_a_dropped_limit_check(suite: Suite) {
    catches(
        suite,
        "limit check dropped",
        "test a total one minor unit above the limit: it must be Err(AboveLimit { .. })",
    );
}

/// Catch an overflowing subtotal wrapping round.
pub fn catches_a_dropped_overflow_check(suite: Suite) {
    catches(
        suite,
        "overflow check dropped (wrapping multiply)",
        "test a unit price near u64::MAX times 2 units: it must be Err(PriceError::Overflow)",
    );
}

/// Catch one currency's limit used for another.
pub fn catches_a_limit_for_the_wrong_currency(suite: Suite) {
    catches(
        suite,
        "EUR limit used for every currency",
        "test each currency's limit, not only EUR's: JPY allows ¥150,000,000",
    );
}
