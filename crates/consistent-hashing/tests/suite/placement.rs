//! Beyond the conformance suite: weights, replicas walking the ring, agreement across
//! independently built structures, Maglev's balance and disruption, and what the
//! stable hash promises.

use consistent_hashing::hash::stable_hash;
use consistent_hashing::naive::NaiveRing;
use consistent_hashing::{HashRing, Maglev, Placement, Rendezvous, jump_hash};
use proptest::prelude::*;

fn shares(owner: impl Fn(u64) -> usize, nodes: usize, keys: u64) -> Vec<f64> {
    let mut load = vec![0u64; nodes];
    for k in 0..keys {
        load[owner(k)] += 1;
    }
    load.iter().map(|&l| l as f64 / keys as f64).collect()
}

#[test]
fn a_ring_weight_of_two_takes_about_twice_the_keys() {
    let mut ring = HashRing::new(200);
    ring.add_weighted(0usize, 2);
    ring.add(1);
    ring.add(2);
    let s = shares(|k| *ring.get(&k).unwrap(), 3, 100_000);
    assert!((s[0] - 0.5).abs() < 0.05, "weight 2 of 4: {s:?}");
    let own = ring.ownership();
    assert!(
        (own.iter().sum::<f64>() - 1.0).abs() < 1e-9,
        "arcs cover the circle: {own:?}"
    );
    assert!(
        (own[0] - s[0]).abs() < 0.01,
        "arcs predict the counted shares: {own:?} {s:?}"
    );
    assert_eq!(ring.points(), 800);
}

#[test]
fn a_ring_weight_of_zero_owns_nothing_but_is_listed() {
    let mut ring = HashRing::new(50);
    ring.add_weighted("draining", 0);
    assert_eq!(ring.get(&1u64), None, "no points, no owner");
    ring.add("live");
    assert!((0..1_000u64).all(|k| ring.get(&k) == Some(&"live")));
    assert_eq!(
        ring.get_n(&1u64, 5),
        [&"live"],
        "a weight-0 node is no replica"
    );
    assert_eq!(ring.len(), 2);
}

/// A node's points are the hashes of `(node, replica)`, so the key `(node, replica)`
/// hashes exactly onto one of them: "the first point at or after the key's hash" is that
/// point itself, and its node owns the key.
#[test]
fn a_key_that_hashes_exactly_onto_a_point_belongs_to_that_point() {
    let mut ring = HashRing::new(10);
    ring.extend(0..5u32);
    for node in 0..5u32 {
        for replica in 0..10u64 {
            assert_eq!(
                ring.get(&(node, replica)),
                Some(&node),
                "({node}, {replica})"
            );
        }
    }
}

#[test]
fn one_point_owns_the_whole_circle() {
    let mut ring = HashRing::new(1);
    ring.add("only");
    assert_eq!(ring.ownership(), [1.0]);
    assert_eq!(
        format!("{ring:?}"),
        r#"HashRing { vnodes_per_node: 1, nodes: ["only"], points: 1 }"#
    );
    ring.add("second");
    let shares = ring.ownership();
    assert!(
        (shares.iter().sum::<f64>() - 1.0).abs() < 1e-12,
        "{shares:?}"
    );
}

#[test]
fn get_n_walks_the_ring_clockwise() {
    // One point per node: the replicas of a key are the next nodes in point order.
    let mut ring = HashRing::new(1);
    for n in 0..6u32 {
        ring.add(n);
    }
    for k in 0..200u64 {
        let all = ring.get_n(&k, 6);
        assert_eq!(all.len(), 6);
        // Every prefix is the answer for a smaller n.
        for n in 0..=6 {
            assert_eq!(ring.get_n(&k, n), all[..n].to_vec());
        }
    }
}

#[test]
#[should_panic(expected = "at least one virtual node")]
fn a_ring_without_virtual_nodes_is_refused() {
    let _ = HashRing::<u32>::new(0);
}

#[test]
fn weighted_rendezvous_follows_the_weights() {
    let mut r = Rendezvous::new();
    r.add_weighted(0usize, 3);
    r.add_weighted(1, 1);
    r.add_weighted(2, 0);
    let s = shares(|k| *r.get(&k).unwrap(), 3, 100_000);
    assert!((s[0] - 0.75).abs() < 0.02, "{s:?}");
    assert_eq!(s[2], 0.0, "weight 0 never wins");
    assert_eq!(r.get_n(&5u64, 3).len(), 2, "weight 0 is no replica");
    assert_eq!(r.get_n(&5u64, 1)[0], r.get(&5u64).unwrap());
    assert_eq!((r.len(), r.is_empty()), (3, false));
}

/// Only weight-0 nodes: none can win a key.
#[test]
fn rendezvous_with_only_weight_zero_nodes_places_nothing() {
    let mut r = Rendezvous::new();
    assert_eq!((r.get(&1u64), r.len(), r.is_empty()), (None, 0, true));
    r.add_weighted(7u32, 0);
    r.add_weighted(8, 0);
    assert_eq!((r.get(&1u64), r.len()), (None, 2));
    assert!(r.get_n(&1u64, 2).is_empty());
    assert_eq!(format!("{r:?}"), "Rendezvous { nodes: [7, 8] }");
}

/// The weighted score (weight / -ln u) is increasing in the pair's hash, so equal
/// weights other than 1 pick exactly the nodes that unit weights pick by comparing the
/// hashes; removing the odd weight brings the unit fast path back with the same
/// answers.
#[test]
fn equal_weights_place_keys_as_unit_weights_do() {
    let mut unit = Rendezvous::new();
    let mut doubled = Rendezvous::new();
    for n in 0..9u32 {
        unit.add(n);
        doubled.add_weighted(n, 2);
    }
    for k in 0..20_000u64 {
        assert_eq!(unit.get(&k), doubled.get(&k), "key {k}");
    }
    assert_eq!(unit.get_n(&77u64, 9), doubled.get_n(&77u64, 9));

    let mut mixed = unit.clone();
    mixed.add_weighted(100, 3);
    assert!(mixed.remove(&100) && !mixed.remove(&100));
    for k in 0..20_000u64 {
        assert_eq!(mixed.get(&k), unit.get(&k), "key {k}");
    }
}

#[test]
fn maglev_balances_to_within_one_slot_and_agrees_across_builds() {
    let mut a = Maglev::new();
    let mut b = Maglev::new();
    for n in 0..7u32 {
        a.add(n);
        b.add(6 - n);
    }
    let counts = a.slot_counts();
    assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1);
    assert!(
        (0..20_000u64).all(|k| a.get(&k) == b.get(&k)),
        "insertion order matters not"
    );
    assert!(a.remove(&3) && !a.remove(&3));
    assert_eq!((a.len(), a.is_empty()), (6, false));
    let empty = Maglev::<u32>::new();
    assert_eq!(
        (empty.get(&1u64), empty.len(), empty.is_empty()),
        (None, 0, true)
    );
}

/// The table depends on the set of nodes only: twenty shuffled insertion orders of
/// twelve nodes give the same node order and the same owner for every key.
#[test]
fn a_maglev_table_does_not_depend_on_insertion_order() {
    let build = |order: &[u32]| {
        let mut m = Maglev::with_table_size(1_009).unwrap();
        for &n in order {
            m.add(n);
        }
        m
    };
    let first = build(&(0..12).collect::<Vec<_>>());
    let ids: Vec<u64> = first.nodes().map(stable_hash).collect();
    assert!(
        ids.is_sorted(),
        "nodes() lists the nodes by identity hash, ascending: {ids:x?}"
    );
    let owners: Vec<Option<u32>> = (0..5_000u64).map(|k| first.get(&k).copied()).collect();
    let mut order: Vec<u32> = (0..12).collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..20 {
        // Fisher-Yates with a xorshift stream.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let other = build(&order);
        assert_eq!(
            other.nodes().collect::<Vec<_>>(),
            first.nodes().collect::<Vec<_>>(),
            "order {order:?}"
        );
        assert!(
            (0..5_000u64).all(|k| other.get(&k).copied() == owners[k as usize]),
            "order {order:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    /// Maglev's documented disruption: adding a node to n moves about 1/(n+1) of the
    /// keys onto it (within 30%), and at most 3% of all keys between old nodes.
    #[test]
    fn maglev_disruption_stays_small(n in 2u32..12) {
        let mut m = Maglev::with_table_size(10_007).unwrap();
        (0..n).for_each(|i| m.add(i));
        let before: Vec<u32> = (0..20_000u64).map(|k| *m.get(&k).unwrap()).collect();
        m.add(n);
        let (mut moved, mut between_old) = (0, 0);
        for (k, &old) in before.iter().enumerate() {
            let now = *m.get(&(k as u64)).unwrap();
            if now != old {
                moved += 1;
                if now != n {
                    between_old += 1;
                }
            }
        }
        let ideal = 20_000.0 / f64::from(n + 1);
        prop_assert!((f64::from(moved) - ideal).abs() <= 0.3 * ideal, "moved {moved}, ideal {ideal}");
        prop_assert!(between_old <= 600, "{between_old} keys moved between old nodes");
    }

    /// Jump hash's buckets agree with the ring's idea of "consistent": shrinking from
    /// n+1 to n buckets moves only bucket n's keys.
    #[test]
    fn removing_the_last_jump_bucket_moves_only_its_keys(key in any::<u64>(), n in 1u32..5_000) {
        let (before, after) = (jump_hash(key, n + 1), jump_hash(key, n));
        prop_assert!(before == after || before == n);
    }
}

#[test]
fn the_stable_hash_is_pinned() {
    // These values are part of the contract: placements agree across runs, machines
    // and releases only while they hold.
    assert_eq!(stable_hash(&0u64), 0x34C9_6ACD_CADB_1BBB);
    assert_eq!(stable_hash("cache-1"), stable_hash(&"cache-1".to_string()));
    let mut ring = HashRing::new(10);
    for n in ["a", "b", "c"] {
        ring.add(n);
    }
    let mut again = HashRing::new(10);
    for n in ["c", "a", "b"] {
        again.add(n);
    }
    assert!((0..10_000u64).all(|k| ring.get(&k) == again.get(&k)));
}

/// The documented placement, computed the slow way: the contract's oracle, a ring that
/// recomputes every point `stable_hash(&(node, replica))` on each change (ties by the
/// node's own hash) and scans them on each lookup.
fn naive(nodes: &[u32], vnodes: u64) -> NaiveRing<u32> {
    let mut ring = NaiveRing::new(vnodes as usize);
    nodes.iter().for_each(|&n| Placement::add(&mut ring, n));
    ring
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// The ring (its slice table, its merges, its removals) agrees with the naive
    /// placement on every key, after adds one by one, in bulk, and removals.
    #[test]
    fn the_ring_agrees_with_the_naive_placement(
        nodes in prop::collection::btree_set(0u32..500, 1..20),
        vnodes in 1u64..40,
        keys in prop::collection::vec(any::<u64>(), 1..200),
        drop in any::<prop::sample::Index>(),
    ) {
        let nodes: Vec<u32> = nodes.into_iter().collect();
        let mut one_by_one = HashRing::new(vnodes as usize);
        nodes.iter().for_each(|&n| one_by_one.add(n));
        let mut bulk = HashRing::new(vnodes as usize);
        bulk.extend(nodes.iter().copied());
        let oracle = naive(&nodes, vnodes);
        for &k in &keys {
            let expected = Placement::get(&oracle, &k);
            prop_assert_eq!(one_by_one.get(&k), expected);
            prop_assert_eq!(bulk.get(&k), expected);
        }
        if nodes.len() > 1 {
            let gone = nodes[drop.index(nodes.len())];
            prop_assert!(bulk.remove(&gone));
            let rest: Vec<u32> = nodes.iter().copied().filter(|&n| n != gone).collect();
            let oracle = naive(&rest, vnodes);
            for &k in &keys {
                prop_assert_eq!(bulk.get(&k), Placement::get(&oracle, &k));
            }
        }
    }
}

#[test]
fn a_maglev_table_built_in_bulk_equals_one_built_node_by_node() {
    let mut bulk = Maglev::with_table_size(1_009).unwrap();
    bulk.extend(0..25u32);
    let mut single = Maglev::with_table_size(1_009).unwrap();
    (0..25u32).for_each(|n| single.add(n));
    assert!((0..10_000u64).all(|k| bulk.get(&k) == single.get(&k)));
    assert_eq!(bulk.slot_counts(), single.slot_counts());
}

#[test]
fn the_accessors_describe_what_was_built() {
    let mut ring = HashRing::new(25);
    ring.extend(["a", "b", "c"]);
    assert_eq!(ring.nodes().copied().collect::<Vec<_>>(), ["a", "b", "c"]);
    assert_eq!(
        (ring.vnodes_per_node(), ring.points(), ring.len()),
        (25, 75, 3)
    );
    assert!(!ring.is_empty() && HashRing::<u8>::new(1).is_empty());
    let mut table = Maglev::with_table_size(101).unwrap();
    table.extend(["a", "b"]);
    assert_eq!(table.table_size(), 101);
    let mut nodes: Vec<_> = table.nodes().copied().collect();
    nodes.sort_unstable();
    assert_eq!(nodes, ["a", "b"]);
    assert_eq!(table.slot_counts().iter().sum::<usize>(), 101);
}

#[test]
fn lookups_count_the_work_they_do() {
    use consistent_hashing::cost::{LookupCost, jump_hash_cost};

    let mut ring = HashRing::new(100);
    ring.extend(0..10u32);
    let mut rendezvous = Rendezvous::new();
    let mut maglev = Maglev::new();
    for n in 0..10u32 {
        rendezvous.add(n);
        maglev.add(n);
    }
    let mut jumps = 0;
    for k in 0..1_000u64 {
        let c = ring.lookup_cost(&k);
        assert_eq!(c.hashes, 1, "the ring hashes the key once");
        assert!(
            (2..=3).contains(&c.reads),
            "one or two index entries and the owner: {c:?}"
        );
        assert!(
            c.comparisons <= 10,
            "a binary search within one slice, never more than over all 1,000 points: {c:?}"
        );
        let expected = LookupCost {
            hashes: 11,
            comparisons: 9,
            reads: 10,
        };
        assert_eq!(
            rendezvous.lookup_cost(&k),
            expected,
            "rendezvous scores all 10 nodes"
        );
        let one_slot = LookupCost {
            hashes: 1,
            comparisons: 0,
            reads: 1,
        };
        assert_eq!(maglev.lookup_cost(&k), one_slot, "Maglev reads one slot");
        jumps += jump_hash_cost(stable_hash(&k), 1_000).hashes;
    }
    // A key visits bucket j on its way to its bucket of 1,000 with probability 1/(j + 1)
    // (bucket j is its bucket of j + 1), so it jumps H(1,000) = 7.49 times on average, one
    // generator step each; the mean of 1,000 keys lies within 0.08 of that (one standard
    // deviation), and a jump hash that steps one bucket at a time would take 500.
    let harmonic: f64 = (1..=1_000).map(|j| 1.0 / f64::from(j)).sum();
    let mean = jumps as f64 / 1_000.0;
    assert!(
        (mean - harmonic).abs() < 0.5,
        "jump hash took {mean:.2} steps per key into 1,000 buckets; about {harmonic:.2} expected"
    );
    assert_eq!(
        Maglev::<u32>::new().lookup_cost(&1u64),
        LookupCost::default()
    );
}
