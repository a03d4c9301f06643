//! Your `AvlTree` on the reference benchmark's workload (`cargo lab bench balanced-tree
//! --mine`): distinct u64 keys in random order at 1,000 and 1,000,000 entries; `get` of
//! present keys, and building the tree from empty. (The exercise has no `remove`, so the
//! remove groups have no `mine` function.) The groups are the reference bench's, so
//! `lab` prints your tree's ratios beside the reference's and `BTreeMap`'s: your nodes
//! are boxes, one allocation each, where the reference keeps them in an arena.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use balanced_tree::demo::bench_inputs;
use balanced_tree_exercise::{AvlTree, SearchTree};

/// Your tree from empty, every key inserted.
fn build(keys: &[u64]) -> AvlTree<u64, u64> {
    let mut tree = AvlTree::new();
    for &k in keys {
        tree.insert(k, k);
    }
    tree
}

fn mine(c: &mut Criterion) {
    for (size, size_name) in [(1_000, "1k"), (1_000_000, "1m")] {
        let (keys, queries) = bench_inputs(size);
        let full = build(&keys);
        let mut group = c.benchmark_group(format!("balanced_tree_get_{size_name}"));
        group.throughput(Throughput::Elements(1));
        let mut i = 0;
        group.bench_function("mine", |b| {
            b.iter(|| {
                black_box(full.get(&queries[i]));
                i = if i + 1 == queries.len() { 0 } else { i + 1 };
            })
        });
        group.finish();
        drop(full);
        let mut group = c.benchmark_group(format!("balanced_tree_insert_{size_name}"));
        group.throughput(Throughput::Elements(size as u64));
        if size >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_function("mine", |b| b.iter_with_large_drop(|| build(&keys)));
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = mine
}
criterion_main!(benches);
