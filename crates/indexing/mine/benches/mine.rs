//! Your `BPlusTree` on the reference benchmark's workload (`cargo lab bench indexing
//! --mine`): a million distinct u64 keys in random order, order
//! `indexing::bench::ORDER`; `get` of present keys, and ranges of 100 entries. The
//! groups are the reference bench's, so `lab` prints your tree's ratios beside the
//! reference's and `BTreeMap`'s.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use indexing::bench::{ORDER, RANGE_LEN, inputs};
use indexing_exercise::{BPlusIndex, BPlusTree};

fn mine(c: &mut Criterion) {
    let (keys, queries) = inputs(1_000_000);
    let mut tree = BPlusTree::new(ORDER);
    for &k in &keys {
        tree.insert(k, k);
    }
    let mut group = c.benchmark_group("indexing_get_1m");
    group.throughput(Throughput::Elements(1));
    let mut i = 0;
    group.bench_function("mine", |b| {
        b.iter(|| {
            black_box(tree.get(&queries[i]));
            i = if i + 1 == queries.len() { 0 } else { i + 1 };
        })
    });
    group.finish();
    let mut group = c.benchmark_group("indexing_range_1m");
    group.throughput(Throughput::Elements(RANGE_LEN as u64));
    let mut i = 0;
    group.bench_function("mine", |b| {
        b.iter(|| {
            let sum: u64 = tree
                .range(queries[i]..)
                .take(RANGE_LEN)
                .map(|(_, v)| *v)
                .sum();
            black_box(sum);
            i = if i + 1 == queries.len() { 0 } else { i + 1 };
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = mine
}
criterion_main!(benches);
