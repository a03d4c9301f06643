//! The pricing function's own examples and properties, the suites' verdicts on the
//! correct function, the flaky test's two versions, the contract test, and the load
//! generators on a real loopback server.

use std::time::Duration;

use proptest::prelude::*;
use testing::contract::{
    Release, consumer_contract, consumer_unit_test, provider_unit_test, verify_provider,
};
use testing::load::{Latencies, StallingServer, closed_loop, corrected, open_loop};
use testing::suites::{both, examples, invariants, orders, properties};
use testing::{Currency, MUTANTS, Order, PriceError, flaky, price, run_suite, score};

#[test]
fn the_tiers_rounding_and_limits_by_example() {
    let eur = |u, q| price(&Order::new(u, q, Currency::Eur));
    assert_eq!(eur(1_000, 9), Ok(9_000));
    assert_eq!(eur(1_000, 10), Ok(9_500));
    assert_eq!(eur(1_000, 100), Ok(90_000));
    assert_eq!(eur(21, 10), Ok(199), "5% of 210 is 10.5, rounded up to 11");
    assert_eq!(price(&Order::new(32, 1, Currency::Chf)), Ok(30));
    assert_eq!(price(&Order::new(33, 1, Currency::Chf)), Ok(35));
    assert_eq!(
        price(&Order::new(1, 0, Currency::Jpy)),
        Err(PriceError::EmptyOrder)
    );
    assert_eq!(eur(u64::MAX, 2), Err(PriceError::Overflow));
    assert_eq!(
        eur(100_000_001, 1),
        Err(PriceError::AboveLimit {
            total: 100_000_001,
            limit: 100_000_000
        })
    );
    // A subtotal above the limit whose discounted total is within it is charged.
    assert_eq!(eur(1_050_000, 100), Ok(94_500_000));
}

proptest! {
    #[test]
    fn price_keeps_its_invariants(order in orders()) {
        invariants(price, &order)?;
    }

    #[test]
    fn price_agrees_with_exact_decimal_arithmetic(unit in 0u64..10_000_000, qty in 0u32..2_000) {
        // The oracle: the discount in exact tenths of a basis point, rounded half up.
        let got = price(&Order::new(unit, qty, Currency::Eur));
        if qty == 0 {
            prop_assert_eq!(got, Err(PriceError::EmptyOrder));
        } else {
            let sub = unit * u64::from(qty);
            let bps = if qty >= 100 { 10 } else if qty >= 10 { 5 } else { 0 };
            // discount = round_half_up(sub × bps / 100)
            let d = (sub * bps * 2 + 100) / 200;
            let total = sub - d;
            if total > Currency::Eur.limit() {
                prop_assert_eq!(got, Err(PriceError::AboveLimit { total, limit: Currency::Eur.limit() }));
            } else {
                prop_assert_eq!(got, Ok(total));
            }
        }
    }
}

#[test]
fn both_suites_pass_the_correct_function_and_kill_the_boundary_mutants() {
    assert_eq!(run_suite(examples, price), Ok(()));
    assert_eq!(run_suite(properties, price), Ok(()));
    assert_eq!(run_suite(both, price), Ok(()));
    let boundary = testing::mutant("tier boundary 100 -> 101");
    assert!(run_suite(examples, boundary.price).is_err());
    assert!(run_suite(properties, boundary.price).is_err());
}

#[test]
fn the_equivalent_mutants_survive_both_suites() {
    for m in MUTANTS.iter().filter(|m| m.equivalent) {
        assert_eq!(run_suite(both, m.price), Ok(()), "{}", m.name);
    }
    assert_eq!(MUTANTS.iter().filter(|m| m.equivalent).count(), 2);
    assert!(MUTANTS.len() >= 20);
}

#[test]
fn the_score_names_the_first_survivor() {
    fn only_one_unit(price: testing::PriceFn) {
        assert_eq!(price(&Order::new(1_000, 1, Currency::Eur)), Ok(1_000));
    }
    fn wrong(price: testing::PriceFn) {
        assert_eq!(price(&Order::new(1_000, 1, Currency::Eur)), Ok(999));
    }
    let ms = testing_contract::cases::exercise_mutants();
    assert_eq!(
        score(only_one_unit, &ms[..2]),
        format!(
            "your tests pass the correct implementation and catch 0 of 2 mutants; the mutant 'zero-quantity check dropped' survives ({})",
            ms[0].note
        )
    );
    assert!(score(wrong, &ms).starts_with("your tests fail the correct implementation"));
    assert_eq!(
        score(examples, &ms),
        "your tests pass the correct implementation and catch all 12 mutants"
    );
}

#[test]
fn the_sleeping_test_fails_only_when_the_job_outlasts_the_sleep() {
    assert!(flaky::flaky_test(Duration::from_millis(3)));
    assert!(!flaky::flaky_test(Duration::from_millis(11)));
    assert!(flaky::fixed_test(Duration::from_millis(3)));
    assert!(flaky::fixed_test(Duration::from_millis(60)));
    let mut rng = evidence::workload::rng(7);
    let (flaky_failures, fixed_failures) = flaky::failures(500, &mut rng);
    assert!(
        flaky_failures > 0 && flaky_failures < 50,
        "{flaky_failures}"
    );
    assert_eq!(fixed_failures, 0);
}

#[test]
fn the_contract_test_catches_the_rename_and_the_unit_tests_do_not() {
    assert!(provider_unit_test(Release::V1) && provider_unit_test(Release::V2));
    assert!(consumer_unit_test());
    let c = consumer_contract();
    assert!(verify_provider(Release::V1, &c).is_empty());
    assert_eq!(verify_provider(Release::V2, &c), ["total_minor"]);
}

#[test]
fn the_hdr_correction_back_fills_a_stall() {
    let l = Latencies {
        sorted_us: vec![10, 10, 50],
    };
    let c = corrected(&l, 10);
    assert_eq!(c.sorted_us, vec![10, 10, 10, 20, 30, 40, 50]);
    assert_eq!(c.quantile(1.0), 50);
    assert_eq!(Latencies::default().quantile(0.99), 0);
}

#[test]
fn the_loopback_generators_count_their_requests() {
    // Counted, not timed: the open loop sends exactly rate × run requests and gets a
    // reply to each; the closed loop gets at least one.
    let server = StallingServer::start(Duration::from_millis(20), Duration::from_millis(20))
        .expect("bind 127.0.0.1");
    let open = open_loop(server.addr(), 1_000, Duration::from_millis(100)).expect("open loop");
    assert_eq!(open.count(), 100);
    let closed = closed_loop(server.addr(), Duration::from_millis(50)).expect("closed loop");
    assert!(closed.count() >= 1);
    drop(server);
}
