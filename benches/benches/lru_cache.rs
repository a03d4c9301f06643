//! LRU cache: the reference against the `lru` crate, the LRU most Rust services use.
//!
//! Workload (from the issue): 90% `get` / 10% `put` on a Zipf(0.9) key stream over ten
//! times as many keys as the cache holds, at capacities 1,000 and 100,000. Each cache is
//! warmed with the same stream first, so every group measures the steady state.
//!
//! Groups:
//! - `lru_cache_cap_<n>`: each cache with its default hasher, which for both is foldhash
//!   (randomly seeded), so the ratio compares the data structures as users get them;
//! - `lru_cache_siphash_cap_<n>`: both with std's SipHash (`RandomState`), the
//!   configuration for keys an attacker chooses; against the first group it shows what
//!   SipHash costs a get and put.
//!
//! Functions in each group: `reference` and `lru`. Run with `cargo lab bench lru-cache`.

use std::hash::{BuildHasher, Hash};
use std::hint::black_box;
use std::num::NonZeroUsize;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lru_cache::workload::{Op, zipf_ops};

/// Operations in the pre-generated stream; a power of two so the index wraps cheaply.
const STREAM: usize = 1 << 20;
const CAPACITIES: [usize; 2] = [1_000, 100_000];

/// The two caches behind one interface, so both run the identical loop.
trait Subject {
    fn get(&mut self, key: &u64) -> Option<&u64>;
    fn put(&mut self, key: u64, value: u64);
}

impl<S: BuildHasher> Subject for lru_cache::LruCache<u64, u64, S> {
    fn get(&mut self, key: &u64) -> Option<&u64> {
        lru_cache::LruCache::get(self, key)
    }
    fn put(&mut self, key: u64, value: u64) {
        lru_cache::LruCache::put(self, key, value);
    }
}

impl<S: BuildHasher> Subject for lru::LruCache<u64, u64, S> {
    fn get(&mut self, key: &u64) -> Option<&u64> {
        lru::LruCache::get(self, key)
    }
    fn put(&mut self, key: u64, value: u64) {
        lru::LruCache::put(self, key, value);
    }
}

fn run<C: Subject>(cache: &mut C, op: Op) {
    match op {
        Op::Get(k) => {
            black_box(cache.get(&k));
        }
        Op::Put(k) => cache.put(k, k),
    }
}

fn measure<C: Subject>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    mut cache: C,
    ops: &[Op],
) {
    for &op in ops {
        run(&mut cache, op);
    }
    let mut i = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            run(&mut cache, ops[i & (STREAM - 1)]);
            i += 1;
        })
    });
}

fn bench_pair<S1, S2>(
    c: &mut Criterion,
    group_name: &str,
    capacity: usize,
    ops: &[Op],
    reference: S1,
    anchor: S2,
) where
    S1: BuildHasher,
    S2: BuildHasher,
    u64: Hash,
{
    let cap = NonZeroUsize::new(capacity).expect("capacities are positive");
    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Elements(1));
    measure(
        &mut group,
        "reference",
        lru_cache::LruCache::with_hasher(cap, reference),
        ops,
    );
    measure(
        &mut group,
        "lru",
        lru::LruCache::with_hasher(cap, anchor),
        ops,
    );
    group.finish();
}

fn lru_cache(c: &mut Criterion) {
    for capacity in CAPACITIES {
        let ops = zipf_ops(capacity, STREAM);
        bench_pair(
            c,
            &format!("lru_cache_cap_{capacity}"),
            capacity,
            &ops,
            lru_cache::DefaultHasher::default(),
            lru::DefaultHasher::default(),
        );
        bench_pair(
            c,
            &format!("lru_cache_siphash_cap_{capacity}"),
            capacity,
            &ops,
            std::collections::hash_map::RandomState::new(),
            std::collections::hash_map::RandomState::new(),
        );
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = lru_cache
}
criterion_main!(benches);
