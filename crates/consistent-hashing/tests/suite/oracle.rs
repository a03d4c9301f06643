//! The oracle passes the named placement cases, so the naive ring the reference is
//! checked against is itself checked. (Jump hash's cases need a jump hash, and the
//! contract has none: the reference's runs them, against published values.)

use consistent_hashing_contract::cases;
use consistent_hashing_contract::naive::NaiveRing;

/// One `#[test]` per placement case, on the naive ring with `u32` nodes.
macro_rules! on_the_oracle {
    ($($case:ident),+ $(,)?) => {
        $(
            #[test]
            fn $case() {
                cases::$case::<NaiveRing<u32>>();
            }
        )+
    };
}

on_the_oracle!(
    an_empty_placement_has_no_owner,
    one_node_owns_every_key,
    adding_twice_changes_nothing,
    placements_built_alike_agree,
    replicas_are_distinct,
    removing_a_node_moves_only_its_keys,
    adding_a_node_moves_keys_only_onto_it,
    the_moved_fraction_is_near_one_over_n_plus_one,
    load_is_balanced,
);

/// The time-limit case can fail: the naive ring walks its points from the start on
/// every lookup (about 8 s for the case's 200,000 lookups here), and the case says so
/// at its limit. The walk goes on in the background until this binary exits.
#[test]
#[should_panic(
    expected = "a lookup that walks every point is O(n); keep the points sorted \
                and binary-search them"
)]
fn the_naive_ring_fails_the_time_limit_case() {
    cases::lookups_take_logarithmic_time::<NaiveRing<u32>>();
}
