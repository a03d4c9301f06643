//! Two test suites for [`price`](crate::price), each a [`Suite`](crate::Suite) (a
//! function that panics on a wrong answer), so the demo can run both against every
//! mutant and count the kills.
//!
//! - [`examples`]: named example cases a careful developer writes: each tier's
//!   boundaries, one rounding half, one cash rounding, each limit, an overflow;
//! - [`properties`]: invariants checked on generated orders (a seeded proptest runner,
//!   256 cases per property), with generators aimed at the boundaries: the total is
//!   within the rounding rule of the tier's exact price, a multiple of the cash step,
//!   within the limit; zero and overflowing orders are the right errors;
//! - [`both`]: the two together.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use crate::{Currency, Order, PriceError, PriceFn, tier_bps};

/// The example-based suite.
///
/// # Panics
///
/// When `price` gets a case wrong, naming the case.
pub fn examples(price: PriceFn) {
    let eur = |unit, qty| price(&Order::new(unit, qty, Currency::Eur));
    assert_eq!(eur(1_000, 1), Ok(1_000), "one unit, no discount");
    assert_eq!(eur(1_000, 0), Err(PriceError::EmptyOrder), "zero units");
    assert_eq!(eur(1_000, 9), Ok(9_000), "9 units: still no discount");
    assert_eq!(eur(1_000, 10), Ok(9_500), "10 units: 5% off");
    assert_eq!(eur(1_000, 99), Ok(94_050), "99 units: still 5%");
    assert_eq!(eur(1_000, 100), Ok(90_000), "100 units: 10% off");
    // 5% of 110 is 5.5: rounded half up to 6.
    assert_eq!(
        eur(11, 10),
        Ok(104),
        "a discount of exactly half a cent rounds up"
    );
    assert_eq!(
        price(&Order::new(33, 1, Currency::Chf)),
        Ok(35),
        "CHF cash rounds to 5 rappen"
    );
    let limit = Currency::Eur.limit();
    assert_eq!(eur(limit, 1), Ok(limit), "a total of exactly the limit");
    assert_eq!(
        eur(limit + 1, 1),
        Err(PriceError::AboveLimit {
            total: limit + 1,
            limit
        }),
        "one cent above the limit"
    );
    let jpy = Currency::Jpy.limit();
    assert_eq!(
        price(&Order::new(jpy, 1, Currency::Jpy)),
        Ok(jpy),
        "the yen limit is the yen's own"
    );
    assert_eq!(
        eur(u64::MAX, 2),
        Err(PriceError::Overflow),
        "an overflowing subtotal"
    );
}

/// Orders aimed at the edges: small quantities around the tiers, totals around each
/// currency's limit, subtotals past `u64::MAX`, and anything at all.
pub fn orders() -> impl Strategy<Value = Order> {
    let currency = prop::sample::select(Currency::ALL.to_vec());
    prop_oneof![
        (1u64..100_000, quantities(), currency.clone()).prop_map(|(u, q, c)| Order::new(u, q, c)),
        (0u64..=4, currency.clone()).prop_map(|(k, c)| Order::new(c.limit() + k - 2, 1, c)),
        (10u32..=200, 95u64..=115, currency.clone()).prop_map(|(q, pct, c)| Order::new(
            c.limit() / u64::from(q) * pct / 100,
            q,
            c
        )),
        (u64::MAX / 8..=u64::MAX, 2u32..=20, currency.clone())
            .prop_map(|(u, q, c)| Order::new(u, q, c)),
        (any::<u64>(), any::<u32>(), currency).prop_map(|(u, q, c)| Order::new(u, q, c)),
    ]
}

/// Quantities, a third of them on a tier boundary or zero.
fn quantities() -> impl Strategy<Value = u32> {
    prop_oneof![
        2 => 0u32..=120,
        1 => prop::sample::select(vec![0u32, 1, 9, 10, 11, 99, 100, 101]),
    ]
}

/// The seeded runner the property suite uses: its results repeat run to run.
pub fn runner() -> TestRunner {
    TestRunner::new_with_rng(
        Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

/// The invariants every price must keep, for one order: what the property suite checks.
///
/// # Errors
///
/// The invariant broken, in words.
pub fn invariants(price: PriceFn, order: &Order) -> Result<(), TestCaseError> {
    let got = price(order);
    let exact_subtotal = u128::from(order.unit_price) * u128::from(order.quantity);
    let limit = order.currency.limit();
    let step = order.currency.step();
    let fail = |why: String| Err(TestCaseError::fail(format!("{order:?} -> {got:?}: {why}")));
    if order.quantity == 0 {
        return if got == Err(PriceError::EmptyOrder) {
            Ok(())
        } else {
            fail("zero units must be EmptyOrder".into())
        };
    }
    if exact_subtotal > u128::from(u64::MAX) {
        return if got == Err(PriceError::Overflow) {
            Ok(())
        } else {
            fail("a subtotal past u64::MAX must be Overflow".into())
        };
    }
    // The exact total, in ten-thousandths of a minor unit.
    let exact = exact_subtotal * u128::from(10_000 - tier_bps(order.quantity));
    // With a step of 1, the discount is rounded half up, so the total is at most half
    // a minor unit below the exact price and less than half above it. A cash step adds
    // its own rounding: within half a step and half a unit.
    let close = |total: u64| {
        let t = u128::from(total) * 10_000;
        if step == 1 {
            t + 5_000 >= exact && t < exact + 5_000
        } else {
            t.abs_diff(exact) <= u128::from(step) * 5_000 + 5_000
        }
    };
    match got {
        Ok(total) => {
            if total > limit {
                return fail(format!("a total above the limit {limit} was charged"));
            }
            if total % step != 0 {
                return fail(format!("the total is not a multiple of {step}"));
            }
            if !close(total) {
                return fail(
                    "the total is not the tier's exact price with its discount rounded half up"
                        .into(),
                );
            }
            Ok(())
        }
        Err(PriceError::AboveLimit { total, limit: l }) => {
            if l != limit || total <= limit {
                return fail(format!("refused, but the limit is {limit}"));
            }
            if !close(total) {
                return fail("the refused total is not the order's total".into());
            }
            Ok(())
        }
        Err(e) => fail(format!("unexpected error {e}")),
    }
}

/// The property-based suite: [`invariants`] on 256 [`orders`] from a seeded runner.
///
/// # Panics
///
/// When an invariant breaks, with the smallest order proptest's shrinking found.
pub fn properties(price: PriceFn) {
    if let Err(e) = runner().run(&orders(), |order| invariants(price, &order)) {
        panic!("a property failed: {e}");
    }
}

/// Both suites, the examples first.
///
/// # Panics
///
/// When either fails.
pub fn both(price: PriceFn) {
    examples(price);
    properties(price);
}
