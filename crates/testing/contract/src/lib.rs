//! The testing contract: what question 25's reference test suites and the learner's
//! exercise are checked against. The exercise turns the usual one around: the learner
//! writes a *test suite*, and the cases run it against the correct pricing function
//! (it must pass) and against planted bugs (it must fail).
//!
//! - [`price`] (with [`Order`], [`Currency`], [`PriceError`]): the function under test,
//!   with discount tiers, rounding and per-currency limits;
//! - [`MUTANTS`]: 23 mutants of it, each a [`PriceFn`] beside the correct one, two of
//!   them equivalent;
//! - [`Suite`], [`run_suite`] and [`score`]: a suite is a function that tests a
//!   [`PriceFn`] and panics when it finds a bug;
//! - [`cases`]: the named cases, in teaching order in the topic's manifest;
//! - [`conformance_tests!`]: one `#[test]` per case for a suite.
//!
//! ```text
//! // exercises/testing/tests/conformance.rs
//! testing_contract::conformance_tests!(suite: testing_exercise::tests_for);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod mutants;
mod pricing;

pub use mutants::{Kind, MUTANTS, Mutant};
pub use pricing::{Currency, Order, PriceError, PriceFn, price, tier_bps};

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// A test suite for a pricing function: it calls the function and panics (with
/// `assert!`, `assert_eq!`, or by any other means) when it sees a wrong answer.
pub type Suite = fn(PriceFn);

/// Runs `suite` against `price`: `Ok` when it passes, `Err` with its panic message when
/// it fails (a mutant that panics itself counts as caught too).
///
/// The suite's panic is not printed (the message is returned instead): while a suite
/// runs, the panic hook stays quiet on this thread, and on this thread only.
pub fn run_suite(suite: Suite, price: PriceFn) -> Result<(), String> {
    install_quiet_hook();
    QUIET.with(|q| q.set(q.get() + 1));
    let outcome = catch_unwind(AssertUnwindSafe(|| suite(price)));
    QUIET.with(|q| q.set(q.get() - 1));
    outcome.map_err(|payload| {
        if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "the suite panicked".to_string()
        }
    })
}

thread_local! {
    /// How many suites are running on this thread: their panics are expected.
    static QUIET: Cell<u32> = const { Cell::new(0) };
}

/// Wraps the panic hook once: it stays silent on a thread running a suite and calls
/// the previous hook everywhere else.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `suite` against each of `mutants` and returns which it killed (failed on), in
/// order.
pub fn kills(suite: Suite, mutants: &[Mutant]) -> Vec<bool> {
    mutants
        .iter()
        .map(|m| run_suite(suite, m.price).is_err())
        .collect()
}

/// The exercise's score line: "your tests pass the correct implementation and catch 7
/// of 12 mutants; the mutant 'tier boundary 100 -> 101' survives", naming the first
/// survivor (or that none survive).
pub fn score(suite: Suite, mutants: &[Mutant]) -> String {
    if let Err(why) = run_suite(suite, price) {
        return format!(
            "your tests fail the correct implementation, so they would fail every mutant \
             too and prove nothing: {why}"
        );
    }
    let killed = kills(suite, mutants);
    let caught = killed.iter().filter(|k| **k).count();
    let survivor = mutants.iter().zip(&killed).find(|(_, k)| !**k);
    match survivor {
        Some((m, _)) => format!(
            "your tests pass the correct implementation and catch {caught} of {} mutants; \
             the mutant '{}' survives ({})",
            mutants.len(),
            m.name,
            m.note
        ),
        None => format!(
            "your tests pass the correct implementation and catch all {} mutants",
            mutants.len()
        ),
    }
}

/// Looks a mutant up by name.
///
/// # Panics
///
/// If no mutant has that name: a bug in the contract.
pub fn mutant(name: &str) -> Mutant {
    match MUTANTS.iter().find(|m| m.name == name) {
        Some(m) => *m,
        None => panic!("no mutant named {name:?}"),
    }
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a suite (a [`Suite`], a `fn(PriceFn)`):
    /// the suite must pass the correct function, then fail each of the exercise's
    /// mutants in turn.
    ///
    /// ```text
    /// testing_contract::conformance_tests!(suite: testing_exercise::tests_for);
    /// ```
    macro conformance_tests(suite: $suite:path $(,)?) {
        /// The suite under test.
        const CONFORMANCE_SUITE: fn($crate::PriceFn) = $suite;
    }
    cases [$crate::cases] {
        passes_the_correct_function(CONFORMANCE_SUITE),
        catches_a_dropped_zero_quantity_check(CONFORMANCE_SUITE),
        catches_tier_boundary_100_to_101(CONFORMANCE_SUITE),
        catches_tier_boundary_100_to_99(CONFORMANCE_SUITE),
        catches_tier_boundary_10_to_11(CONFORMANCE_SUITE),
        catches_swapped_tier_rates(CONFORMANCE_SUITE),
        catches_a_discount_added_not_subtracted(CONFORMANCE_SUITE),
        catches_a_truncated_discount(CONFORMANCE_SUITE),
        catches_cash_rounding_dropped(CONFORMANCE_SUITE),
        catches_the_limit_test_off_by_one(CONFORMANCE_SUITE),
        catches_a_dropped_limit_check(CONFORMANCE_SUITE),
        catches_a_dropped_overflow_check(CONFORMANCE_SUITE),
        catches_a_limit_for_the_wrong_currency(CONFORMANCE_SUITE),
    }
}
