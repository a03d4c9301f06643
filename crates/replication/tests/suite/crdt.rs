//! The reference CRDTs beyond the contract: the registers' lattice laws, the OR-set's
//! metadata staying bounded, and the panics documented for bad values.

use proptest::prelude::*;
use testkit::property::{check, same};

use replication::{LwwRegister, MvRegister, OrSet, PnCounter};

/// Writes `(replica index, timestamp, value)` on three LWW registers with merges
/// between, timestamps unique per replica.
fn lww_history() -> impl Strategy<Value = Vec<(usize, u64, u8, Option<usize>)>> {
    prop::collection::vec(
        (
            0..3usize,
            0..20u64,
            any::<u8>(),
            prop::option::of(0..3usize),
        ),
        0..30,
    )
}

fn lww_replicas(history: &[(usize, u64, u8, Option<usize>)]) -> [LwwRegister<u8>; 3] {
    let mut rs = [1, 2, 3].map(LwwRegister::new);
    for &(at, t, v, merge_from) in history {
        rs[at].set(v, t);
        if let Some(from) = merge_from {
            let other = rs[from].clone();
            rs[at].merge(&other);
        }
    }
    rs
}

#[test]
fn lww_merge_is_commutative_associative_and_idempotent() {
    check(&lww_history(), |history| {
        let [a, b, c] = lww_replicas(&history);
        let m = |x: &LwwRegister<u8>, y: &LwwRegister<u8>| {
            let mut z = x.clone();
            z.merge(y);
            (z.get().copied(), z.stamp())
        };
        same(m(&a, &b), m(&b, &a), || "a ⊔ b = b ⊔ a".into())?;
        let mut ab = a.clone();
        ab.merge(&b);
        let mut bc = b.clone();
        bc.merge(&c);
        same(m(&ab, &c), m(&a, &bc), || {
            "(a ⊔ b) ⊔ c = a ⊔ (b ⊔ c)".into()
        })?;
        same(m(&a, &a), (a.get().copied(), a.stamp()), || {
            "a ⊔ a = a".into()
        })
    });
}

#[test]
fn lww_keeps_the_largest_stamp_and_breaks_ties_by_replica() {
    let (mut a, mut b) = (LwwRegister::new(1), LwwRegister::new(2));
    assert!(a.set("a1", 5));
    assert!(b.set("b1", 5));
    assert!(
        !a.set("a0", 4),
        "an older timestamp loses to the held write"
    );
    a.merge(&b);
    b.merge(&a);
    assert_eq!((a.get(), b.get()), (Some(&"b1"), Some(&"b1")));
    assert_eq!(a.stamp(), Some((5, 2)));
}

#[test]
fn mv_register_keeps_concurrent_writes_until_one_write_sees_them() {
    let (mut a, mut b, mut c) = (MvRegister::new(1), MvRegister::new(2), MvRegister::new(3));
    a.set(1);
    b.set(2);
    c.set(3);
    a.merge(&b);
    a.merge(&c);
    assert_eq!(a.siblings(), 3);
    a.merge(&b); // again: nothing new
    assert_eq!(a.values(), [&1, &2, &3]);
    b.set(20); // b replaces its own write, still concurrent with 1 and 3
    a.merge(&b);
    assert_eq!(a.values(), [&1, &20, &3]);
    a.set(99);
    for r in [&mut b, &mut c] {
        r.merge(&a);
        assert_eq!(r.values(), [&99], "a's write saw every sibling");
    }
}

#[test]
fn mv_register_merge_is_order_independent() {
    let strategy = prop::collection::vec((0..3usize, any::<u8>(), 0..3usize), 0..25);
    check(&strategy, |history| {
        let mut rs = [1, 2, 3].map(MvRegister::new);
        for &(at, v, from) in &history {
            rs[at].set(v);
            let other = rs[from].clone();
            rs[at].merge(&other);
        }
        let [a, b, c] = rs;
        let m = |x: &MvRegister<u8>, y: &MvRegister<u8>| {
            let mut z = x.clone();
            z.merge(y);
            z.values().into_iter().copied().collect::<Vec<_>>()
        };
        same(m(&a, &b), m(&b, &a), || "a ⊔ b = b ⊔ a".into())?;
        let mut ab = a.clone();
        ab.merge(&b);
        let mut bc = b.clone();
        bc.merge(&c);
        same(m(&ab, &c), m(&a, &bc), || "associativity".into())?;
        same(m(&a, &a), a.values().into_iter().copied().collect(), || {
            "idempotence".into()
        })
    });
}

#[test]
fn or_set_keeps_one_dot_per_element_without_concurrency_and_no_tombstones() {
    let mut a = OrSet::new(1);
    for round in 0..100u32 {
        a.insert(round % 10);
        a.remove(&(round % 7));
    }
    let mut b = a.clone_as(2);
    b.insert(3);
    a.merge(&b);
    // Ten elements at most, and a clock with two entries: removed elements leave nothing.
    assert!(a.len() <= 10);
    assert_eq!(a.clock().len(), 2);
    b.merge(&a);
    assert_eq!(a.elements(), b.elements());
    assert!(a.contains(&3));
}

#[test]
fn or_set_works_with_owned_strings() {
    let mut cart = OrSet::new(1);
    cart.extend(["milk".to_string(), "eggs".to_string()]);
    let mut phone = cart.clone_as(2);
    phone.remove(&"milk".to_string());
    cart.insert("bread".to_string());
    cart.merge(&phone);
    assert_eq!(cart.elements(), ["bread", "eggs"]);
    assert!(!cart.is_empty());
    assert_eq!(cart.iter().count(), 2);
}

#[test]
#[should_panic(expected = "outside i64")]
fn a_pn_counter_beyond_i64_panics() {
    let mut p = PnCounter::new(1);
    p.increment(u64::MAX);
    let _ = p.value();
}
