//! The model on settings whose answer is known in closed form, and its invariants on
//! random settings.

use proptest::prelude::*;
use tech_debt::model::{Model, Strategy, simulate};

/// No noise, no incidents, no interest: arithmetic.
fn calm() -> Model {
    Model {
        capacity_noise: 0.0,
        incident_base: 0.0,
        incident_per_debt: 0.0,
        rate: 0.0,
        ..Model::default()
    }
}

#[test]
fn without_interest_never_paying_ships_capacity_over_feature_cost() {
    let o = simulate(&calm(), Strategy::NeverPay, 1);
    assert_eq!(o.features, 26.0 * 10.0 / 2.0);
    assert_eq!(o.incidents, 0);
    assert_eq!(o.debt, 130.0, "one unit of debt per feature");
}

#[test]
fn without_interest_a_fixed_share_ships_its_complement() {
    let o = simulate(&calm(), Strategy::FixedShare(20), 1);
    assert!((o.features - 26.0 * 8.0 / 2.0).abs() < 1e-9, "{o:?}");
    // Each sprint adds 4 units (4 features) and removes 2 points × 1.5 = 3.
    assert!((o.debt - 26.0).abs() < 1e-9, "{o:?}");
}

#[test]
fn interest_slows_feature_work() {
    let slow = simulate(
        &Model {
            rate: 0.05,
            ..calm()
        },
        Strategy::NeverPay,
        1,
    );
    // Sprint 1 ships 5 features at no debt; sprint 2 at debt 5 ships 5 / 1.25 = 4.
    assert!(slow.features < 130.0 && slow.features > 26.0, "{slow:?}");
    let two = simulate(
        &Model {
            rate: 0.05,
            sprints: 2,
            ..calm()
        },
        Strategy::NeverPay,
        1,
    );
    assert!((two.features - 9.0).abs() < 1e-9, "{two:?}");
}

#[test]
fn the_rewrite_ships_nothing_for_six_sprints_and_ends_them_debt_free() {
    let before = simulate(
        &Model {
            sprints: 12,
            ..calm()
        },
        Strategy::Rewrite,
        1,
    );
    let after = simulate(
        &Model {
            sprints: 18,
            ..calm()
        },
        Strategy::Rewrite,
        1,
    );
    assert_eq!(
        before.features, after.features,
        "no feature ships during the rewrite"
    );
    assert_eq!(after.debt, 0.0);
}

#[test]
fn when_it_hurts_pays_only_after_the_slowdown_reaches_one_and_a_half() {
    let model = Model {
        rate: 0.05,
        ..calm()
    };
    let hurts = simulate(
        &Model {
            sprints: 2,
            ..model
        },
        Strategy::WhenItHurts,
        1,
    );
    let never = simulate(
        &Model {
            sprints: 2,
            ..model
        },
        Strategy::NeverPay,
        1,
    );
    assert_eq!(hurts, never, "debt 5 slows by 1.25 only: nothing paid yet");
    let hurts = simulate(&model, Strategy::WhenItHurts, 1);
    let never = simulate(&model, Strategy::NeverPay, 1);
    assert!(hurts.debt < never.debt, "{hurts:?} {never:?}");
}

#[test]
#[should_panic(expected = "model parameter rate = -0.1: must be finite and >= 0")]
fn a_negative_rate_is_a_programmer_error() {
    simulate(
        &Model {
            rate: -0.1,
            ..Model::default()
        },
        Strategy::NeverPay,
        1,
    );
}

proptest! {
    #[test]
    fn outcomes_repeat_under_a_seed_and_stay_in_bounds(
        seed in any::<u64>(),
        rate in 0.0f64..0.2,
        share in 0u8..=100,
    ) {
        let model = Model { rate, ..Model::default() };
        for s in [Strategy::NeverPay, Strategy::FixedShare(share), Strategy::WhenItHurts, Strategy::Rewrite] {
            let o = simulate(&model, s, seed);
            prop_assert_eq!(&o, &simulate(&model, s, seed));
            // Never more than the noisiest capacity allows, never negative.
            prop_assert!(o.features >= 0.0 && o.features <= 26.0 * 12.0 / 2.0 + 1e-9);
            prop_assert!(o.debt >= 0.0 && o.incidents <= 26);
        }
    }
}
