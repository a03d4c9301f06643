//! Your `LruCache` on the reference benchmark's workload (`cargo lab bench lru-cache
//! --mine`): 90% get / 10% put on Zipf(0.9) keys, warmed, at capacities 1,000 and
//! 100,000. It lands in the `lru_cache_siphash_cap_*` groups, beside the reference and
//! the `lru` crate hashing with std's SipHash (the hasher of std's `HashMap`, which an
//! exercise most likely uses), so `lab` can print the ratios.

use std::hint::black_box;
use std::num::NonZeroUsize;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lru_cache::workload::{Op, zipf_ops};
use lru_cache_exercise::{Cache, LruCache};

/// The stream's length: the same as the reference bench's.
const STREAM: usize = 1 << 20;

fn mine(c: &mut Criterion) {
    for capacity in [1_000, 100_000] {
        let ops = zipf_ops(capacity, STREAM);
        let mut cache: LruCache<u64, u64> =
            LruCache::with_capacity(NonZeroUsize::new(capacity).expect("positive"));
        let mut run = |op: Op| match op {
            Op::Get(k) => {
                black_box(cache.get(&k));
            }
            Op::Put(k) => {
                cache.put(k, k);
            }
        };
        for &op in &ops {
            run(op);
        }
        let mut group = c.benchmark_group(format!("lru_cache_siphash_cap_{capacity}"));
        group.throughput(Throughput::Elements(1));
        let mut i = 0;
        group.bench_function("mine", |b| {
            b.iter(|| {
                run(ops[i & (STREAM - 1)]);
                i += 1;
            })
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
