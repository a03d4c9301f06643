//! Your `GCounter` and `OrSet` on the reference benchmark's workload (`cargo lab bench
//! replication --mine`): a merge of two G-counters that heard of 1k or 100k replicas,
//! and of two OR-sets of 1k or 100k elements that diverged by 1% removes and inserts on
//! each side. The groups are the reference bench's, so `lab` prints your ratios beside
//! the reference's and the `crdts` crate's.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

use replication::demo::bench_inputs;
use replication_exercise::{GCounter, GrowOnlyCounter, ObservedRemoveSet, OrSet};

fn mine(c: &mut Criterion) {
    for (n, name) in [(1_000u64, "1k"), (100_000, "100k")] {
        let inputs = bench_inputs(n);
        let (mut a, mut b) = (GCounter::new(0), GCounter::new(1));
        for (r, &(older, newer)) in inputs.counts.iter().enumerate() {
            let mut own = GCounter::new(r as u32);
            own.increment(older);
            a.merge(&own);
            own.increment(newer - older);
            b.merge(&own);
        }
        let mut group = c.benchmark_group(format!("replication_gcounter_merge_{name}"));
        group.bench_function("mine", |bench| {
            bench.iter_batched(
                || a.clone(),
                |mut x| {
                    x.merge(black_box(&b));
                    x
                },
                BatchSize::LargeInput,
            )
        });
        group.finish();

        let mut a: OrSet<u64> = OrSet::new(1);
        for v in 0..n {
            a.insert(v);
        }
        let mut b: OrSet<u64> = OrSet::new(2);
        b.merge(&a);
        for (set, (removed, inserted)) in [&mut a, &mut b].into_iter().zip(&inputs.changes) {
            for (gone, &new) in removed.iter().zip(inserted) {
                set.remove(gone);
                set.insert(new);
            }
        }
        let mut group = c.benchmark_group(format!("replication_orset_merge_{name}"));
        group.bench_function("mine", |bench| {
            bench.iter_batched(
                || a.clone(),
                |mut x| {
                    x.merge(black_box(&b));
                    x
                },
                BatchSize::LargeInput,
            )
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = mine
}
criterion_main!(benches);
