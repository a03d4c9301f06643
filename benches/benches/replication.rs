//! Replication: the reference CRDTs' `merge` against the `crdts` crate (riak_dt's
//! CRDTs ported to Rust), state-based merges of two replicas that diverged.
//!
//! Groups, named `replication_<type>_merge_<size>`:
//! - `gcounter_merge`: two G-counters with a count for each of 1k or 100k replicas
//!   (different counts on each side, so every entry takes a maximum);
//! - `orset_merge`: two OR-sets (an add-wins set; `crdts::Orswot`) of 1k or 100k u64
//!   elements that started equal, then each side removed 1% and inserted 1% new
//!   elements.
//!
//! The inputs come from `replication::demo::bench_inputs`, which `cargo lab bench
//! replication --mine` uses too.
//!
//! `crdts`' merge takes the other state by value, the reference's by reference: the
//! other state is cloned outside the timed part for both, and the merged-into state is
//! a fresh clone for every run, so each function times one merge.
//!
//! Run with `cargo lab bench replication`.

use std::hint::black_box;

use crdts::{CmRDT, CvRDT};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use replication::demo::{BenchInputs, bench_inputs};
use replication::{GCounter, OrSet};

const SIZES: [(u64, &str); 2] = [(1_000, "1k"), (100_000, "100k")];

/// Two G-counters, each having heard of every replica, one with newer counts.
fn counters(
    inputs: &BenchInputs,
) -> (
    (GCounter, GCounter),
    (crdts::GCounter<u32>, crdts::GCounter<u32>),
) {
    let (mut a, mut b) = (GCounter::new(0), GCounter::new(1));
    let (mut ca, mut cb) = (crdts::GCounter::new(), crdts::GCounter::new());
    for (r, &(older, newer)) in inputs.counts.iter().enumerate() {
        let r = r as u32;
        // A replica's own increments, heard of by the two sides at different times.
        let mut own = GCounter::new(r);
        own.increment(older);
        a.merge(&own);
        own.increment(newer - older);
        b.merge(&own);
        ca.apply(ca.inc_many(r, older));
        cb.apply(cb.inc_many(r, newer));
    }
    ((a, b), (ca, cb))
}

type Orswot = crdts::Orswot<u64, u32>;

fn orswot_add(set: &mut Orswot, actor: u32, value: u64) {
    let ctx = set.read_ctx().derive_add_ctx(actor);
    set.apply(set.add(value, ctx));
}

fn orswot_rm(set: &mut Orswot, value: u64) {
    let ctx = set.contains(&value).derive_rm_ctx();
    set.apply(set.rm(value, ctx));
}

/// Two OR-sets of `n` elements that diverged by 1% removes and 1% inserts each.
fn sets(n: u64, inputs: &BenchInputs) -> ((OrSet<u64>, OrSet<u64>), (Orswot, Orswot)) {
    let mut a = OrSet::new(1);
    let mut ca = Orswot::new();
    for v in 0..n {
        a.insert(v);
        orswot_add(&mut ca, 1, v);
    }
    let mut b = OrSet::new(2);
    b.merge(&a);
    let mut cb = ca.clone();
    for ((set, cset, actor), (removed, inserted)) in [(&mut a, &mut ca, 1), (&mut b, &mut cb, 2)]
        .into_iter()
        .zip(&inputs.changes)
    {
        for (&gone, &new) in removed.iter().zip(inserted) {
            set.remove(&gone);
            orswot_rm(cset, gone);
            set.insert(new);
            orswot_add(cset, actor, new);
        }
    }
    ((a, b), (ca, cb))
}

fn replication(c: &mut Criterion) {
    for (n, name) in SIZES {
        let inputs = bench_inputs(n);
        let ((a, b), (ca, cb)) = counters(&inputs);
        let mut check = a.clone();
        check.merge(&b);
        let mut ccheck = ca.clone();
        ccheck.merge(cb.clone());
        assert_eq!(
            num_sum(&ccheck),
            u128::from(check.value()),
            "both merges reach the same total"
        );
        let mut group = c.benchmark_group(format!("replication_gcounter_merge_{name}"));
        group.bench_function("reference", |bench| {
            bench.iter_batched(
                || a.clone(),
                |mut x| {
                    x.merge(black_box(&b));
                    x
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function("crdts", |bench| {
            bench.iter_batched(
                || (ca.clone(), cb.clone()),
                |(mut x, y)| {
                    x.merge(black_box(y));
                    x
                },
                BatchSize::LargeInput,
            )
        });
        group.finish();

        let ((a, b), (ca, cb)) = sets(n, &inputs);
        let mut check = a.clone();
        check.merge(&b);
        let mut ccheck = ca.clone();
        ccheck.merge(cb.clone());
        assert_eq!(
            check.len(),
            ccheck.read().val.len(),
            "both merges keep the same elements"
        );
        let mut group = c.benchmark_group(format!("replication_orset_merge_{name}"));
        group.bench_function("reference", |bench| {
            bench.iter_batched(
                || a.clone(),
                |mut x| {
                    x.merge(black_box(&b));
                    x
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function("crdts", |bench| {
            bench.iter_batched(
                || (ca.clone(), cb.clone()),
                |(mut x, y)| {
                    x.merge(black_box(y));
                    x
                },
                BatchSize::LargeInput,
            )
        });
        group.finish();
    }
}

/// `crdts`' G-counter reads as a `BigUint`; its decimal digits, parsed.
fn num_sum(c: &crdts::GCounter<u32>) -> u128 {
    c.read()
        .to_string()
        .parse()
        .expect("a total that fits u128")
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = replication
}
criterion_main!(benches);
