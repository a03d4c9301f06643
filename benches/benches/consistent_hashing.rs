//! Consistent hashing: the cost of one lookup (random `u64` keys) with 10 nodes.
//!
//! - `consistent_hashing_ring`: `reference` is `consistent_hashing::HashRing` with 1,000
//!   virtual nodes per node (its default XXH64 hash); `hashring` is the `hashring`
//!   crate with the same 10,000 points (added as 1,000 `(node, replica)` entries per
//!   node, its default SipHash-2-4 hash from the `siphasher` crate).
//! - `consistent_hashing_jump`, `_rendezvous`, `_maglev`: the reference's jump hash
//!   (XXH64 of the key, then the jump), rendezvous hashing and a 65,537-slot Maglev
//!   table, each in its own group (no crate to compare with).
//!
//! Run with `cargo lab bench consistent-hashing` or `cargo bench -p benches --bench
//! consistent_hashing`.

use std::hint::black_box;

use consistent_hashing::hash::stable_hash;
use consistent_hashing::{HashRing, Maglev, Rendezvous, jump_hash};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const NODES: u32 = 10;
const VNODES: u32 = 1_000;

/// Cycles through `keys`, one lookup per iteration.
fn bench_lookups<T>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    keys: &[u64],
    lookup: impl Fn(u64) -> T,
) {
    let mut i = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            black_box(lookup(keys[i]));
            i = (i + 1) % keys.len();
        })
    });
}

fn consistent_hashing(c: &mut Criterion) {
    let keys = consistent_hashing::demo::bench_keys();

    let mut group = c.benchmark_group("consistent_hashing_ring");
    group.throughput(Throughput::Elements(1));
    let mut ring = HashRing::new(VNODES as usize);
    (0..NODES).for_each(|n| ring.add(n));
    bench_lookups(&mut group, "reference", &keys, |k| ring.get(&k).copied());
    let mut theirs = hashring::HashRing::new();
    for n in 0..NODES {
        for replica in 0..VNODES {
            theirs.add((n, replica));
        }
    }
    bench_lookups(&mut group, "hashring", &keys, |k| {
        theirs.get(&k).map(|&(n, _)| n)
    });
    group.finish();

    let mut group = c.benchmark_group("consistent_hashing_jump");
    group.throughput(Throughput::Elements(1));
    bench_lookups(&mut group, "reference", &keys, |k| {
        jump_hash(stable_hash(&k), NODES)
    });
    group.finish();

    let mut group = c.benchmark_group("consistent_hashing_rendezvous");
    group.throughput(Throughput::Elements(1));
    let mut rendezvous = Rendezvous::new();
    (0..NODES).for_each(|n| rendezvous.add(n));
    bench_lookups(&mut group, "reference", &keys, |k| {
        rendezvous.get(&k).copied()
    });
    group.finish();

    let mut group = c.benchmark_group("consistent_hashing_maglev");
    group.throughput(Throughput::Elements(1));
    let mut maglev = Maglev::new();
    (0..NODES).for_each(|n| maglev.add(n));
    bench_lookups(&mut group, "reference", &keys, |k| maglev.get(&k).copied());
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = consistent_hashing
}
criterion_main!(benches);
