//! Balanced tree: the reference `AvlTree` (nodes in one arena, `u32` links) against
//! `std::collections::BTreeMap` (a B-tree with up to 11 keys per node).
//!
//! u64 keys, distinct and in random order (`balanced_tree::demo::bench_inputs`), at 1k
//! entries (the whole tree in L1/L2) and 1M entries (32 MB of nodes: most levels of a
//! lookup miss the caches).
//!
//! Groups, named `balanced_tree_<operation>_<size>`:
//! - `get`: `get` of a present key (a shuffled cycle over all keys), each lookup
//!   independent of the last, so the CPU overlaps their cache misses;
//! - `get_chained`: the same lookups, each one's position in the cycle depending on the
//!   value the previous one found, so they cannot overlap: the latency of one lookup,
//!   where the number of levels (dependent misses) shows;
//! - `insert`: building the map from empty (per element);
//! - `remove`: removing every key from a full map, in another random order (per
//!   element).
//!
//! Functions in each group: `reference` and `std`. Run with `cargo lab bench
//! balanced-tree`.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main,
};

use balanced_tree::AvlTree;
use balanced_tree::demo::bench_inputs;

const SIZES: [(usize, &str); 2] = [(1_000, "1k"), (1_000_000, "1m")];

/// The two maps behind one interface, so both run the identical loops.
trait Subject: Default {
    fn get(&self, key: &u64) -> Option<&u64>;
    fn insert(&mut self, key: u64, value: u64);
    fn remove(&mut self, key: &u64) -> Option<u64>;
}

impl Subject for AvlTree<u64, u64> {
    fn get(&self, key: &u64) -> Option<&u64> {
        AvlTree::get(self, key)
    }
    fn insert(&mut self, key: u64, value: u64) {
        AvlTree::insert(self, key, value);
    }
    fn remove(&mut self, key: &u64) -> Option<u64> {
        AvlTree::remove(self, key)
    }
}

impl Subject for BTreeMap<u64, u64> {
    fn get(&self, key: &u64) -> Option<&u64> {
        BTreeMap::get(self, key)
    }
    fn insert(&mut self, key: u64, value: u64) {
        BTreeMap::insert(self, key, value);
    }
    fn remove(&mut self, key: &u64) -> Option<u64> {
        BTreeMap::remove(self, key)
    }
}

fn build<M: Subject>(keys: &[u64]) -> M {
    let mut map = M::default();
    for &k in keys {
        map.insert(k, k);
    }
    map
}

fn get<M: Subject>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    keys: &[u64],
    queries: &[u64],
) {
    let map: M = build(keys);
    let mut i = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            black_box(map.get(&queries[i]));
            i = if i + 1 == queries.len() { 0 } else { i + 1 };
        })
    });
}

fn get_chained<M: Subject>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    keys: &[u64],
    queries: &[u64],
) {
    let map: M = build(keys);
    let mut i = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            let found = map.get(&queries[i]).copied().unwrap_or(0);
            // The next position waits for this lookup's value: one step, or two when
            // the value is odd (values are the keys, random).
            i += 1 + (found & 1) as usize;
            if i >= queries.len() {
                i -= queries.len();
            }
        })
    });
}

fn insert<M: Subject>(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, keys: &[u64]) {
    group.bench_function(name, |b| b.iter_with_large_drop(|| build::<M>(keys)));
}

fn remove<M: Subject>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    keys: &[u64],
    order: &[u64],
) {
    group.bench_function(name, |b| {
        b.iter_batched_ref(
            || build::<M>(keys),
            |map| {
                for k in order {
                    black_box(map.remove(k));
                }
            },
            BatchSize::LargeInput,
        )
    });
}

fn balanced_tree(c: &mut Criterion) {
    for (size, size_name) in SIZES {
        let (keys, queries) = bench_inputs(size);

        let mut group = c.benchmark_group(format!("balanced_tree_get_{size_name}"));
        group.throughput(Throughput::Elements(1));
        get::<AvlTree<u64, u64>>(&mut group, "reference", &keys, &queries);
        get::<BTreeMap<u64, u64>>(&mut group, "std", &keys, &queries);
        group.finish();

        let mut group = c.benchmark_group(format!("balanced_tree_get_chained_{size_name}"));
        group.throughput(Throughput::Elements(1));
        get_chained::<AvlTree<u64, u64>>(&mut group, "reference", &keys, &queries);
        get_chained::<BTreeMap<u64, u64>>(&mut group, "std", &keys, &queries);
        group.finish();

        let mut group = c.benchmark_group(format!("balanced_tree_insert_{size_name}"));
        group.throughput(Throughput::Elements(size as u64));
        if size >= 1_000_000 {
            group.sample_size(10);
        }
        insert::<AvlTree<u64, u64>>(&mut group, "reference", &keys);
        insert::<BTreeMap<u64, u64>>(&mut group, "std", &keys);
        group.finish();

        let mut group = c.benchmark_group(format!("balanced_tree_remove_{size_name}"));
        group.throughput(Throughput::Elements(size as u64));
        if size >= 1_000_000 {
            group.sample_size(10);
        }
        remove::<AvlTree<u64, u64>>(&mut group, "reference", &keys, &queries);
        remove::<BTreeMap<u64, u64>>(&mut group, "std", &keys, &queries);
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = balanced_tree
}
criterion_main!(benches);
