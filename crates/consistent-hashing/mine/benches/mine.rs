//! Your ring and jump hash on the reference benchmark's keys (`cargo lab bench
//! consistent-hashing --mine`): lookups with 10 nodes, the ring with 1,000 virtual
//! nodes each. They land in the `consistent_hashing_ring` and `consistent_hashing_jump`
//! groups beside the reference and the `hashring` crate, and `lab` prints the ratios.

use std::hint::black_box;

use consistent_hashing_exercise::{HashRing, Placement, hash_of, jump_hash};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn mine(c: &mut Criterion) {
    let keys = consistent_hashing::demo::bench_keys();
    let mut ring: HashRing<u32> = Placement::new(1_000);
    (0..10u32).for_each(|n| ring.add(n));

    let mut group = c.benchmark_group("consistent_hashing_ring");
    group.throughput(Throughput::Elements(1));
    let mut i = 0;
    group.bench_function("mine", |b| {
        b.iter(|| {
            black_box(ring.get(&keys[i]));
            i = (i + 1) % keys.len();
        })
    });
    group.finish();

    let mut group = c.benchmark_group("consistent_hashing_jump");
    group.throughput(Throughput::Elements(1));
    let mut i = 0;
    group.bench_function("mine", |b| {
        b.iter(|| {
            black_box(jump_hash(hash_of(&keys[i]), 10));
            i = (i + 1) % keys.len();
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
