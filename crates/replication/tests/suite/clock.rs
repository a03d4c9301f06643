//! The vector clock against a naive model (a map with every replica's count), and the
//! partial order's laws.

use std::collections::BTreeMap;

use proptest::prelude::*;
use testkit::property::{check, same};

use replication::{Causality, VectorClock};

/// The naive comparison: entry by entry over every replica either side names.
fn naive_compare(a: &BTreeMap<u32, u64>, b: &BTreeMap<u32, u64>) -> Causality {
    let keys: Vec<u32> = a.keys().chain(b.keys()).copied().collect();
    let get = |m: &BTreeMap<u32, u64>, k| m.get(&k).copied().unwrap_or(0);
    let le = keys.iter().all(|&k| get(a, k) <= get(b, k));
    let ge = keys.iter().all(|&k| get(a, k) >= get(b, k));
    match (le, ge) {
        (true, true) => Causality::Equal,
        (true, false) => Causality::Before,
        (false, true) => Causality::After,
        (false, false) => Causality::Concurrent,
    }
}

fn ticks() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(0..5u32, 0..12)
}

fn build(ticks: &[u32]) -> (VectorClock, BTreeMap<u32, u64>) {
    let mut clock = VectorClock::new();
    let mut model = BTreeMap::new();
    for &r in ticks {
        clock.tick(r);
        *model.entry(r).or_insert(0) += 1;
    }
    (clock, model)
}

#[test]
fn compare_agrees_with_the_entrywise_model() {
    check(&(ticks(), ticks()), |(x, y)| {
        let (a, ma) = build(&x);
        let (b, mb) = build(&y);
        same(a.compare(&b), naive_compare(&ma, &mb), || {
            format!("{a:?}.compare({b:?})")
        })
    });
}

#[test]
fn merge_is_the_entrywise_maximum_and_dominates_both() {
    check(&(ticks(), ticks()), |(x, y)| {
        let (mut a, ma) = build(&x);
        let (b, mb) = build(&y);
        let original = a.clone();
        a.merge(&b);
        let mut want = ma.clone();
        for (k, v) in mb {
            let e = want.entry(k).or_insert(0);
            *e = (*e).max(v);
        }
        same(a.iter().collect::<BTreeMap<_, _>>(), want, || {
            "merge".into()
        })?;
        prop_assert!(matches!(
            original.compare(&a),
            Causality::Before | Causality::Equal
        ));
        prop_assert!(matches!(
            b.compare(&a),
            Causality::Before | Causality::Equal
        ));
        Ok(())
    });
}

#[test]
fn compare_is_antisymmetric() {
    check(&(ticks(), ticks()), |(x, y)| {
        let (a, _) = build(&x);
        let (b, _) = build(&y);
        let flipped = match a.compare(&b) {
            Causality::Before => Causality::After,
            Causality::After => Causality::Before,
            other => other,
        };
        same(b.compare(&a), flipped, || {
            "b.compare(a) mirrors a.compare(b)".into()
        })
    });
}

#[test]
fn names_the_four_relations() {
    let mut a = VectorClock::new();
    assert_eq!(a.compare(&VectorClock::new()), Causality::Equal);
    a.tick(1);
    let mut b = a.clone();
    assert_eq!(a.compare(&b), Causality::Equal);
    b.tick(2);
    assert_eq!(a.compare(&b), Causality::Before);
    assert_eq!(b.compare(&a), Causality::After);
    a.tick(3);
    assert_eq!(a.compare(&b), Causality::Concurrent);
    assert_eq!((a.get(1), a.get(3), a.get(2)), (1, 1, 0));
}

#[test]
fn from_iter_keeps_the_larger_count_and_drops_zeros() {
    let clock: VectorClock = [(2, 1), (1, 4), (2, 3), (5, 0)].into_iter().collect();
    assert_eq!(clock.iter().collect::<Vec<_>>(), [(1, 4), (2, 3)]);
}

#[test]
#[should_panic(expected = "replica 1's count overflowed u64")]
fn a_count_that_would_overflow_panics_with_its_replica() {
    let mut g = replication::GCounter::new(1);
    g.increment(u64::MAX);
    g.increment(1);
}
