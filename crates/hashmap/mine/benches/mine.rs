//! Your `HashMap` on the reference benchmark's workload (`cargo lab bench hashmap
//! --mine`): random u64 keys at 1,000 and 1,000,000 entries; lookups that hit and miss,
//! inserting every key into an empty map, removing every key. It hashes with std's
//! SipHash, as your map's default does, so it lands in the `hashmap_*_siphash` groups
//! beside the reference and std with the same hasher, and `lab` prints the ratios.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use hashmap::demo::{BenchInputs, bench_inputs};
use hashmap_exercise::{HashMap, Map};

/// Your map from empty, every key inserted (std's `RandomState`, your map's default).
fn build(keys: &[u64]) -> HashMap<u64, u64> {
    let mut map = HashMap::with_capacity(0);
    for &k in keys {
        map.insert(k, k);
    }
    map
}

fn mine(c: &mut Criterion) {
    for (size, size_name) in [(1_000, "1k"), (1_000_000, "1m")] {
        let BenchInputs { keys, hits, misses } = bench_inputs(size);
        let full = build(&keys);
        for (operation, queries) in [("lookup_hit", &hits), ("lookup_miss", &misses)] {
            let mut group = c.benchmark_group(format!("hashmap_{operation}_{size_name}_siphash"));
            group.throughput(Throughput::Elements(1));
            let mut i = 0;
            group.bench_function("mine", |b| {
                b.iter(|| {
                    black_box(full.get(&queries[i]));
                    i = if i + 1 == queries.len() { 0 } else { i + 1 };
                })
            });
            group.finish();
        }
        let mut group = c.benchmark_group(format!("hashmap_insert_{size_name}_siphash"));
        group.throughput(Throughput::Elements(size as u64));
        if size >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_function("mine", |b| b.iter_with_large_drop(|| build(&keys)));
        group.finish();
        let mut group = c.benchmark_group(format!("hashmap_remove_{size_name}_siphash"));
        group.throughput(Throughput::Elements(size as u64));
        if size >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_function("mine", |b| {
            b.iter_batched_ref(
                || build(&keys),
                |map| {
                    for k in &keys {
                        black_box(map.remove(k));
                    }
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
