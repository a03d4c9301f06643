//! The load balancers of question 12, each on its own: which backend each picks, on
//! hand-made loads. (The demo measures what they do to latency in the simulation.)

use consistent_hashing::balance::{
    Balancer, HashAffinity, LeastConnections, PowerOfTwoChoices, Random, RoundRobin,
    WeightedRoundRobin,
};

/// `count` picks with the same in-flight counts and keys 0, 1, 2, ...
fn picks(balancer: &mut impl Balancer, in_flight: &[u32], count: u64) -> Vec<usize> {
    (0..count)
        .map(|key| balancer.pick(key, in_flight))
        .collect()
}

/// How many of `picks` went to each of `backends` backends.
fn tally(picks: &[usize], backends: usize) -> Vec<usize> {
    let mut counts = vec![0; backends];
    for &p in picks {
        counts[p] += 1;
    }
    counts
}

#[test]
fn each_balancer_names_itself() {
    let names = [
        RoundRobin::new().name(),
        WeightedRoundRobin::new(&[1]).name(),
        LeastConnections::new().name(),
        PowerOfTwoChoices::new(1).name(),
        Random::new(1).name(),
        HashAffinity::new(2, 10).name(),
    ];
    assert_eq!(
        names,
        [
            "round robin",
            "weighted round robin",
            "least connections",
            "power of two choices",
            "random",
            "consistent-hash affinity"
        ]
    );
}

#[test]
fn round_robin_takes_backends_in_turn_whatever_their_load() {
    let mut rr = RoundRobin::new();
    assert_eq!(picks(&mut rr, &[9, 0, 0], 7), [0, 1, 2, 0, 1, 2, 0]);
}

/// nginx's smooth weighted round robin: weights 5, 1, 1 give a a b a c a a, the heavy
/// backend's turns spread out instead of five in a row.
#[test]
fn weighted_round_robin_interleaves_in_proportion_to_the_weights() {
    let mut wrr = WeightedRoundRobin::new(&[5, 1, 1]);
    let first = picks(&mut wrr, &[0; 3], 7);
    assert_eq!(first, [0, 0, 1, 0, 2, 0, 0]);
    assert_eq!(
        picks(&mut wrr, &[0; 3], 7),
        first,
        "and again, every 7 picks"
    );

    let mut skewed = WeightedRoundRobin::new(&[3, 0, 1]);
    assert_eq!(
        tally(&picks(&mut skewed, &[0; 3], 400), 3),
        [300, 0, 100],
        "weight 0 is never picked"
    );
}

#[test]
#[should_panic(expected = "needs a backend with a positive weight")]
fn weighted_round_robin_refuses_all_zero_weights() {
    WeightedRoundRobin::new(&[0, 0]);
}

#[test]
fn least_connections_takes_the_least_loaded_and_rotates_ties() {
    let mut lc = LeastConnections::new();
    assert_eq!(lc.pick(0, &[4, 2, 3]), 1);
    assert_eq!(lc.pick(0, &[4, 2, 1]), 2);
    // All equal: each pick is the next backend after the previous one.
    assert_eq!(picks(&mut lc, &[1, 1, 1], 4), [0, 1, 2, 0]);
}

#[test]
fn power_of_two_choices_never_takes_the_busier_of_its_two() {
    let mut p2c = PowerOfTwoChoices::new(7);
    let loads = [5, 1, 3];
    let chosen = tally(&picks(&mut p2c, &loads, 3_000), 3);
    assert_eq!(
        chosen[0], 0,
        "the busiest of three is the busier of any pair it is in"
    );
    // Backend 1 wins both pairs it is drawn in (2 of 3 pairs): about 2,000 of 3,000.
    assert!((1_800..=2_200).contains(&chosen[1]), "{chosen:?}");
    assert_eq!(p2c.pick(0, &[7]), 0, "one backend is the only choice");
    let mut again = PowerOfTwoChoices::new(7);
    let mut first = PowerOfTwoChoices::new(7);
    assert_eq!(
        picks(&mut again, &[0; 5], 50),
        picks(&mut first, &[0; 5], 50),
        "a seed repeats its choices"
    );
}

#[test]
fn random_spreads_picks_evenly_and_repeats_under_a_seed() {
    let chosen = tally(&picks(&mut Random::new(3), &[0; 4], 4_000), 4);
    for &count in &chosen {
        assert!((850..=1_150).contains(&count), "{chosen:?}");
    }
    assert_eq!(
        picks(&mut Random::new(3), &[0; 4], 50),
        picks(&mut Random::new(3), &[0; 4], 50)
    );
}

#[test]
fn hash_affinity_sends_a_key_to_the_same_backend_and_spreads_keys() {
    let mut affinity = HashAffinity::new(4, 100);
    let first = picks(&mut affinity, &[0; 4], 4_000);
    // The in-flight counts do not matter: affinity ignores load.
    let again = picks(&mut affinity, &[9, 0, 0, 0], 4_000);
    assert_eq!(first, again, "each key keeps its backend");
    let chosen = tally(&first, 4);
    for &count in &chosen {
        assert!((700..=1_300).contains(&count), "{chosen:?}");
    }
}
