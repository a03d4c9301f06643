//! The replication contract as named, generic test cases, in teaching order: the
//! G-counter, the PN-counter, the OR-set, then convergence and the model tests against
//! the full-history oracle.
//!
//! Each case is generic over the types under test, so the reference and the learner's
//! exercise run exactly the same checks. The property cases build three replicas (ids
//! 1, 2 and 3) from a random sequence of updates and merges, and print that sequence,
//! one step per line, when they fail.
//!
//! The lattice laws, for any states `a`, `b`, `c` (`⊔` is merge):
//! `a ⊔ b = b ⊔ a` (commutative), `(a ⊔ b) ⊔ c = a ⊔ (b ⊔ c)` (associative) and
//! `a ⊔ a = a` (idempotent). Together they mean a replica may receive states in any
//! order, grouped any way, any number of times, and still end where every other
//! replica ends. "Equal" here means equal to what the cases can observe: `value()` or
//! `elements()`.

use std::fmt;

use proptest::prelude::*;

use testkit::property::{TestCaseError, check_explained, same, steps};

use crate::{GrowOnlyCounter, HistoryCounter, HistorySet, ObservedRemoveSet, UpDownCounter};

/// The replica ids the cases use.
pub const REPLICAS: [u32; 3] = [1, 2, 3];

/// One step of a random history over three replicas (indices 0, 1, 2, which run as
/// replicas 1, 2 and 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Replica `at` increments by `by`.
    Increment {
        /// The replica index.
        at: usize,
        /// The amount.
        by: u64,
    },
    /// Replica `at` decrements by `by`.
    Decrement {
        /// The replica index.
        at: usize,
        /// The amount.
        by: u64,
    },
    /// Replica `at` inserts `value`.
    Insert {
        /// The replica index.
        at: usize,
        /// The element.
        value: u8,
    },
    /// Replica `at` removes `value`.
    Remove {
        /// The replica index.
        at: usize,
        /// The element.
        value: u8,
    },
    /// Replica `into` merges replica `from`'s state.
    Merge {
        /// The replica whose state is sent.
        from: usize,
        /// The replica that merges it.
        into: usize,
    },
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = |i: usize| REPLICAS[i];
        match *self {
            Step::Increment { at, by } => write!(f, "replica {} increment({by})", id(at)),
            Step::Decrement { at, by } => write!(f, "replica {} decrement({by})", id(at)),
            Step::Insert { at, value } => write!(f, "replica {} insert({value})", id(at)),
            Step::Remove { at, value } => write!(f, "replica {} remove(&{value})", id(at)),
            Step::Merge { from, into } => {
                write!(f, "replica {} merge(&replica {})", id(into), id(from))
            }
        }
    }
}

fn merge_step() -> impl Strategy<Value = Step> {
    (0..3usize, 0..3usize)
        .prop_filter("a replica merges another", |(a, b)| a != b)
        .prop_map(|(from, into)| Step::Merge { from, into })
}

/// Histories of increments and merges.
fn g_steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            3 => (0..3usize, 1..10u64).prop_map(|(at, by)| Step::Increment { at, by }),
            1 => merge_step(),
        ],
        0..40,
    )
}

/// Histories of increments, decrements and merges.
fn p_steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            2 => (0..3usize, 1..10u64).prop_map(|(at, by)| Step::Increment { at, by }),
            2 => (0..3usize, 1..10u64).prop_map(|(at, by)| Step::Decrement { at, by }),
            1 => merge_step(),
        ],
        0..40,
    )
}

/// Histories of inserts, removes and merges over a few elements, so they collide.
fn s_steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            3 => (0..3usize, 0..5u8).prop_map(|(at, value)| Step::Insert { at, value }),
            2 => (0..3usize, 0..5u8).prop_map(|(at, value)| Step::Remove { at, value }),
            2 => merge_step(),
        ],
        0..40,
    )
}

/// Three replicas after `steps`, and the state of every replica after every step
/// (what a replica could have sent at that moment).
fn replay<R: Clone>(
    steps: &[Step],
    new: impl Fn(u32) -> R,
    update: impl Fn(&mut R, Step),
    merge: impl Fn(&mut R, &R),
) -> ([R; 3], Vec<R>) {
    let mut rs = REPLICAS.map(&new);
    let mut sent = Vec::new();
    for &step in steps {
        match step {
            Step::Merge { from, into } => {
                let other = rs[from].clone();
                merge(&mut rs[into], &other);
                sent.push(rs[into].clone());
            }
            Step::Increment { at, .. }
            | Step::Decrement { at, .. }
            | Step::Insert { at, .. }
            | Step::Remove { at, .. } => {
                update(&mut rs[at], step);
                sent.push(rs[at].clone());
            }
        }
    }
    (rs, sent)
}

fn g_replay<G: GrowOnlyCounter>(steps: &[Step]) -> ([G; 3], Vec<G>) {
    replay(
        steps,
        G::new,
        |g, s| {
            if let Step::Increment { by, .. } = s {
                g.increment(by);
            }
        },
        |a, b| a.merge(b),
    )
}

fn p_replay<P: UpDownCounter>(steps: &[Step]) -> ([P; 3], Vec<P>) {
    replay(
        steps,
        P::new,
        |p, s| match s {
            Step::Increment { by, .. } => p.increment(by),
            Step::Decrement { by, .. } => p.decrement(by),
            _ => {}
        },
        |a, b| a.merge(b),
    )
}

fn s_replay<S: ObservedRemoveSet<u8>>(steps: &[Step]) -> ([S; 3], Vec<S>) {
    replay(
        steps,
        S::new,
        |s, step| match step {
            Step::Insert { value, .. } => s.insert(value),
            Step::Remove { value, .. } => s.remove(&value),
            _ => {}
        },
        |a, b| a.merge(b),
    )
}

fn merged<R: Clone>(a: &R, b: &R, merge: impl Fn(&mut R, &R)) -> R {
    let mut m = a.clone();
    merge(&mut m, b);
    m
}

/// Checks the three laws on the replicas `steps` leaves, observing states through
/// `look`, and compares each merge with the oracle's.
fn laws<R: Clone, O: Clone, V: PartialEq + Clone + fmt::Debug>(
    real: &[R; 3],
    oracle: &[O; 3],
    merge: impl Fn(&mut R, &R) + Copy,
    merge_o: impl Fn(&mut O, &O) + Copy,
    look: impl Fn(&R) -> V,
    look_o: impl Fn(&O) -> V,
) -> Result<(), TestCaseError> {
    let [a, b, c] = real;
    let [oa, ob, oc] = oracle;
    let want_ab = look_o(&merged(oa, ob, merge_o));
    same(look(&merged(a, b, merge)), want_ab.clone(), || {
        "replica 1 after merge(&replica 2), against a replica that kept the full history \
         (every update either side heard of): the merge lost an update, counted one twice, \
         or brought back a removed element"
            .to_string()
    })?;
    same(look(&merged(b, a, merge)), want_ab, || {
        "commutativity: replica 2 after merge(&replica 1) must read the same as replica 1 \
         after merge(&replica 2)"
            .to_string()
    })?;
    let left = merged(&merged(a, b, merge), c, merge);
    let right = merged(a, &merged(b, c, merge), merge);
    let want_abc = look_o(&merged(&merged(oa, ob, merge_o), oc, merge_o));
    same(look(&left), want_abc.clone(), || {
        "(1 ⊔ 2) ⊔ 3: merging all three replicas".to_string()
    })?;
    same(look(&right), want_abc, || {
        "associativity: 1 ⊔ (2 ⊔ 3) must read the same as (1 ⊔ 2) ⊔ 3".to_string()
    })?;
    same(look(&merged(a, a, merge)), look(a), || {
        "idempotence: replica 1 after merge(&a copy of itself) must be unchanged (a state \
         delivered twice must count once)"
            .to_string()
    })?;
    let ab = merged(a, b, merge);
    same(look(&merged(&ab, b, merge)), look(&ab), || {
        "idempotence: (1 ⊔ 2) ⊔ 2 must read the same as 1 ⊔ 2 (replica 2's state arrived \
         twice)"
            .to_string()
    })
}

fn explain(intro: &str, history: &[Step]) -> String {
    format!(
        "{intro}, replicas 1, 2 and 3 after:\n{}",
        steps(history.iter())
    )
}

/// A fresh G-counter and a fresh PN-counter read 0.
pub fn a_new_counter_reads_zero<G: GrowOnlyCounter, P: UpDownCounter>() {
    assert_eq!(G::new(1).value(), 0, "a new GCounter must read 0");
    assert_eq!(P::new(1).value(), 0, "a new PnCounter must read 0");
}

/// Increments on one replica add up.
pub fn increments_add_up<G: GrowOnlyCounter>() {
    let mut g = G::new(1);
    g.increment(2);
    g.increment(3);
    g.increment(0);
    assert_eq!(
        g.value(),
        5,
        "increment(2), increment(3), increment(0) on one replica must read 5"
    );
}

/// Merge adds other replicas' counts, and counts each replica's increments once
/// however many times its state arrives, and whichever replica is newer.
pub fn merge_takes_each_replicas_count_once<G: GrowOnlyCounter>() {
    let (mut a, mut b) = (G::new(1), G::new(2));
    a.increment(3);
    b.increment(4);
    a.merge(&b);
    assert_eq!(
        a.value(),
        7,
        "replica 1 (3) merged with replica 2 (4) must read 7: merge adds the counts of \
         replicas it has not heard from"
    );
    a.merge(&b);
    assert_eq!(
        a.value(),
        7,
        "merging replica 2's same state a second time must change nothing (got {}, \
         expected 7): keep one count per replica and take the larger of the two, do not \
         add the other side's total",
        a.value()
    );
    let stale = b.clone();
    b.increment(1);
    b.merge(&a);
    b.merge(&stale);
    assert_eq!(
        b.value(),
        8,
        "replica 2 (now 5) merged with replica 1 (3 of its own, and an older 4 of replica \
         2's) and then with its own older state must read 8: for each replica keep the \
         larger count, never the one that arrived last"
    );
}

/// The G-counter's merge is commutative, associative and idempotent, and agrees with
/// the full history.
pub fn g_counter_merge_is_a_join<G: GrowOnlyCounter>() {
    check_explained(
        &g_steps(),
        |h| explain("G-counters", h),
        |history| {
            let (real, _) = g_replay::<G>(&history);
            let (oracle, _) = g_replay::<HistoryCounter>(&history);
            laws(
                &real,
                &oracle,
                |a: &mut G, b| a.merge(b),
                |a: &mut HistoryCounter, b| GrowOnlyCounter::merge(a, b),
                |g| g.value(),
                GrowOnlyCounter::value,
            )
        },
    );
}

/// A PN-counter goes below zero.
pub fn pn_counter_counts_below_zero<P: UpDownCounter>() {
    let mut p = P::new(1);
    p.increment(2);
    p.decrement(5);
    assert_eq!(p.value(), -3, "increment(2) then decrement(5) must read -3");
}

/// Merging PN-counters keeps both directions: a replica whose decrements brought it
/// down does not look older than its past.
pub fn pn_counter_merges_increments_and_decrements<P: UpDownCounter>() {
    let (mut a, mut b) = (P::new(1), P::new(2));
    a.increment(5);
    b.merge(&a);
    a.decrement(2);
    b.increment(1);
    b.merge(&a);
    a.merge(&b);
    assert_eq!(
        (a.value(), b.value()),
        (4, 4),
        "replica 1 went +5 then -2 (now 3), replica 2 +1: both must read 4 after merging \
         each other. With one signed count per replica merged by maximum, replica 1's 5 \
         from before its decrement wins over its 3: keep increments and decrements in two \
         grow-only counters"
    );
    b.decrement(4);
    b.merge(&a);
    assert_eq!(b.value(), 0, "after decrement(4) replica 2 must read 0");
}

/// The PN-counter's merge is commutative, associative and idempotent, and agrees with
/// the full history.
pub fn pn_counter_merge_is_a_join<P: UpDownCounter>() {
    check_explained(
        &p_steps(),
        |h| explain("PN-counters", h),
        |history| {
            let (real, _) = p_replay::<P>(&history);
            let (oracle, _) = p_replay::<HistoryCounter>(&history);
            laws(
                &real,
                &oracle,
                |a: &mut P, b| a.merge(b),
                |a: &mut HistoryCounter, b| UpDownCounter::merge(a, b),
                |p| p.value(),
                UpDownCounter::value,
            )
        },
    );
}

/// One replica's set: insert, contains, remove, elements in order.
pub fn a_set_holds_what_was_inserted<S: ObservedRemoveSet<u8>>() {
    let mut s = S::new(1);
    assert_eq!(s.elements(), Vec::<u8>::new(), "a new set must be empty");
    s.insert(3);
    s.insert(1);
    s.insert(3);
    assert!(
        s.contains(&3) && s.contains(&1),
        "insert(3), insert(1): both must be present"
    );
    assert!(!s.contains(&2), "2 was never inserted");
    assert_eq!(
        s.elements(),
        [1, 3],
        "elements() must list each element once, sorted"
    );
    s.remove(&3);
    s.remove(&7);
    assert!(!s.contains(&3), "after remove(&3), 3 must be gone");
    assert_eq!(
        s.elements(),
        [1],
        "removing an absent element (7) changes nothing"
    );
}

/// A merge brings in what the other replica inserted.
pub fn merge_brings_inserts_from_both_replicas<S: ObservedRemoveSet<u8>>() {
    let (mut a, mut b) = (S::new(1), S::new(2));
    a.insert(1);
    b.insert(2);
    b.insert(1);
    a.merge(&b);
    b.merge(&a);
    assert_eq!(a.elements(), [1, 2], "replica 1 after merging replica 2");
    assert_eq!(b.elements(), [1, 2], "replica 2 after merging replica 1");
}

/// A remove that saw an insert wins over it everywhere: the merge must tell "removed
/// here" from "never heard of here".
pub fn a_remove_that_saw_the_insert_deletes_it_everywhere<S: ObservedRemoveSet<u8>>() {
    let (mut a, mut b) = (S::new(1), S::new(2));
    a.insert(4);
    b.merge(&a);
    b.remove(&4);
    a.merge(&b);
    assert!(
        !a.contains(&4),
        "replica 2 saw replica 1's insert(4) and removed 4; after replica 1 merges replica \
         2, 4 must be gone. A merge that takes the union of elements brings it back: \
         replica 2's state must remember which inserts it removed (tagged inserts and a \
         record of the tags it has seen)"
    );
    b.merge(&a);
    assert!(!b.contains(&4), "4 must stay removed on replica 2");
}

/// An insert the remover had not seen survives the merge: add wins.
pub fn concurrent_insert_and_remove_insert_wins<S: ObservedRemoveSet<u8>>() {
    let (mut a, mut b) = (S::new(1), S::new(2));
    a.insert(5);
    b.merge(&a);
    b.remove(&5);
    a.insert(5); // concurrent with replica 2's remove: a new insert it never saw
    a.merge(&b);
    b.merge(&a);
    assert!(
        a.contains(&5) && b.contains(&5),
        "replica 1 inserted 5 again while replica 2 removed the first insert: the remove \
         only covers the insert it saw, so 5 must be present on both (add wins). Give \
         every insert a new tag, and let a remove drop only the tags it has seen"
    );
    let (mut c, mut d) = (S::new(1), S::new(2));
    c.insert(6);
    d.remove(&6); // d never saw the insert: removing nothing
    c.merge(&d);
    d.merge(&c);
    assert!(
        c.contains(&6) && d.contains(&6),
        "a remove on a replica that never saw the insert removes nothing"
    );
}

/// After a remove, the element can be inserted again, and the new insert sticks on
/// every replica.
pub fn a_removed_element_can_be_inserted_again<S: ObservedRemoveSet<u8>>() {
    let (mut a, mut b) = (S::new(1), S::new(2));
    a.insert(7);
    a.remove(&7);
    b.merge(&a);
    a.insert(7);
    assert!(
        a.contains(&7),
        "insert(7) after remove(&7) on one replica: 7 is back"
    );
    b.merge(&a);
    assert!(
        b.contains(&7),
        "replica 2 heard of the insert, the remove and the second insert: 7 must be \
         present (a set that remembers removed elements instead of removed inserts keeps \
         it out forever)"
    );
    b.remove(&7);
    a.merge(&b);
    assert!(
        !a.contains(&7),
        "replica 2 removed the second insert too, after seeing it"
    );
}

/// The OR-set's merge is commutative, associative and idempotent, and agrees with the
/// full history.
pub fn or_set_merge_is_a_join<S: ObservedRemoveSet<u8>>() {
    check_explained(
        &s_steps(),
        |h| explain("OR-sets", h),
        |history| {
            let (real, _) = s_replay::<S>(&history);
            let (oracle, _) = s_replay::<HistorySet<u8>>(&history);
            laws(
                &real,
                &oracle,
                |a: &mut S, b| a.merge(b),
                |a: &mut HistorySet<u8>, b| a.merge(b),
                |s| s.elements(),
                |o| o.elements(),
            )
        },
    );
}

/// Every state any replica ever had, delivered to every replica twice, in a different
/// random order for each: all replicas end with the true totals and the same set.
pub fn replicas_converge_under_shuffled_delivery_with_duplicates<
    G: GrowOnlyCounter,
    P: UpDownCounter,
    S: ObservedRemoveSet<u8>,
>() {
    let strategy = (p_steps(), s_steps(), prop::collection::vec(any::<u64>(), 3));
    check_explained(
        &strategy,
        |(p, s, seeds)| {
            format!(
                "{}\n{}\nthen every state each replica passed through, twice, delivered in \
                 an order shuffled with seeds {seeds:?}",
                explain("counters", p),
                explain("sets", s)
            )
        },
        |(p_history, s_history, seeds)| {
            let g_history: Vec<Step> = p_history
                .iter()
                .filter(|s| !matches!(s, Step::Decrement { .. }))
                .copied()
                .collect();
            let total_up: u64 = g_history
                .iter()
                .map(|s| {
                    if let Step::Increment { by, .. } = s {
                        *by
                    } else {
                        0
                    }
                })
                .sum();
            let total: i64 = p_history
                .iter()
                .map(|s| match s {
                    Step::Increment { by, .. } => *by as i64,
                    Step::Decrement { by, .. } => -(*by as i64),
                    _ => 0,
                })
                .sum();
            let (mut gs, g_sent) = g_replay::<G>(&g_history);
            let (mut ps, p_sent) = p_replay::<P>(&p_history);
            let (mut ss, s_sent) = s_replay::<S>(&s_history);
            let (mut os, o_sent) = s_replay::<HistorySet<u8>>(&s_history);
            for r in 0..3 {
                for i in shuffled_twice(g_sent.len(), seeds[r]) {
                    gs[r].merge(&g_sent[i]);
                }
                for i in shuffled_twice(p_sent.len(), seeds[r]) {
                    ps[r].merge(&p_sent[i]);
                }
                for i in shuffled_twice(s_sent.len(), seeds[r]) {
                    ss[r].merge(&s_sent[i]);
                    os[r].merge(&o_sent[i]);
                }
            }
            for r in 0..3 {
                let id = REPLICAS[r];
                same(gs[r].value(), total_up, || {
                    format!("G-counter on replica {id}: the sum of all increments")
                })?;
                same(ps[r].value(), total, || {
                    format!("PN-counter on replica {id}: increments minus decrements")
                })?;
                same(ss[r].elements(), os[r].elements(), || {
                    format!("OR-set on replica {id}: the full history's elements")
                })?;
            }
            Ok(())
        },
    );
}

/// Random histories of updates and merges: every replica's counters read what the
/// full-history oracle reads, after every step.
pub fn counters_agree_with_the_history_oracle<G: GrowOnlyCounter, P: UpDownCounter>() {
    check_explained(
        &p_steps(),
        |h| explain("counters", h),
        |history| {
            for len in 0..=history.len() {
                let prefix = &history[..len];
                let g_prefix: Vec<Step> = prefix
                    .iter()
                    .filter(|s| !matches!(s, Step::Decrement { .. }))
                    .copied()
                    .collect();
                let (g, _) = g_replay::<G>(&g_prefix);
                let (og, _) = g_replay::<HistoryCounter>(&g_prefix);
                let (p, _) = p_replay::<P>(prefix);
                let (op, _) = p_replay::<HistoryCounter>(prefix);
                for r in 0..3 {
                    same(g[r].value(), GrowOnlyCounter::value(&og[r]), || {
                        format!("G-counter on replica {} after step {len}", REPLICAS[r])
                    })?;
                    same(p[r].value(), UpDownCounter::value(&op[r]), || {
                        format!("PN-counter on replica {} after step {len}", REPLICAS[r])
                    })?;
                }
            }
            Ok(())
        },
    );
}

/// Random histories of inserts, removes and merges: every replica's set holds what the
/// full-history oracle holds, after every step.
pub fn sets_agree_with_the_history_oracle<S: ObservedRemoveSet<u8>>() {
    check_explained(
        &s_steps(),
        |h| explain("OR-sets", h),
        |history| {
            let mut real = REPLICAS.map(S::new);
            let mut oracle = REPLICAS.map(<HistorySet<u8> as ObservedRemoveSet<u8>>::new);
            for (i, &step) in history.iter().enumerate() {
                match step {
                    Step::Insert { at, value } => {
                        real[at].insert(value);
                        oracle[at].insert(value);
                    }
                    Step::Remove { at, value } => {
                        real[at].remove(&value);
                        oracle[at].remove(&value);
                    }
                    Step::Merge { from, into } => {
                        let other = real[from].clone();
                        real[into].merge(&other);
                        let other = oracle[from].clone();
                        oracle[into].merge(&other);
                    }
                    Step::Increment { .. } | Step::Decrement { .. } => {}
                }
                for r in 0..3 {
                    same(real[r].elements(), oracle[r].elements(), || {
                        format!(
                            "replica {}'s elements() after step {} ({step})",
                            REPLICAS[r],
                            i + 1
                        )
                    })?;
                }
            }
            Ok(())
        },
    );
}

/// Indices `0..n`, each twice, in an order shuffled by `seed` (Fisher-Yates driven by
/// splitmix64).
fn shuffled_twice(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).chain(0..n).collect();
    let mut state = seed;
    for i in (1..order.len()).rev() {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        order.swap(i, (z % (i as u64 + 1)) as usize);
    }
    order
}
