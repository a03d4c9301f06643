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
//! `crdts`' merge takes the other state by value, the reference's by reference: the
//! other state is cloned outside the timed part for both, and the merged-into state is
//! a fresh clone for every run, so each function times one merge.
//!
//! Run with `cargo lab bench replication`.

use std::hint::black_box;

use crdts::{CmRDT, CvRDT};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rand::RngExt;

use evidence::workload::rng;
use replication::{GCounter, OrSet};

const SIZES: [(u64, &str); 2] = [(1_000, "1k"), (100_000, "100k")];

/// Two G-counters, each having heard of every replica with its own counts.
fn counters(
    n: u64,
) -> (
    (GCounter, GCounter),
    (crdts::GCounter<u32>, crdts::GCounter<u32>),
) {
    let mut g = rng(n);
    let (mut a, mut b) = (GCounter::new(0), GCounter::new(1));
    let (mut ca, mut cb) = (crdts::GCounter::new(), crdts::GCounter::new());
    for r in 0..n as u32 {
        let (x, y) = (g.random_range(1..1_000u64), g.random_range(1..1_000u64));
        // A replica's own increments, heard of by both sides at different times.
        let mut own = GCounter::new(r);
        own.increment(x);
        a.merge(&own);
        own.increment(y);
        b.merge(&own);
        ca.apply(ca.inc_many(r, x));
        cb.apply(cb.inc_many(r, x + y));
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
fn sets(n: u64) -> ((OrSet<u64>, OrSet<u64>), (Orswot, Orswot)) {
    let mut g = rng(n ^ 0x5e7);
    let mut a = OrSet::new(1);
    let mut ca = Orswot::new();
    for v in 0..n {
        a.insert(v);
        orswot_add(&mut ca, 1, v);
    }
    let mut b = a.clone_as(2);
    let mut cb = ca.clone();
    let changes = (n / 100).max(1);
    for (set, cset, actor) in [(&mut a, &mut ca, 1), (&mut b, &mut cb, 2)] {
        for _ in 0..changes {
            let gone = g.random_range(0..n);
            set.remove(&gone);
            orswot_rm(cset, gone);
            let new = n + g.random_range(0..n);
            set.insert(new);
            orswot_add(cset, actor, new);
        }
    }
    ((a, b), (ca, cb))
}

fn replication(c: &mut Criterion) {
    for (n, name) in SIZES {
        let ((a, b), (ca, cb)) = counters(n);
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

        let ((a, b), (ca, cb)) = sets(n);
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
