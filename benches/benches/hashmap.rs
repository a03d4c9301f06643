//! Hash map: the reference against `std::collections::HashMap` (hashbrown's SwissTable).
//!
//! u64 keys (random 64-bit values from a fixed seed) at 1k and 1M entries. Both maps
//! always hash with the *same* function, so each ratio compares the tables alone; every
//! group runs once with foldhash (fast, what hashbrown ships by default) and once with
//! std's keyed SipHash (`RandomState`, what std's map uses by default).
//!
//! Groups, named `hashmap_<operation>_<size>_<hasher>`:
//! - `lookup_hit`: `get` of a present key (a shuffled cycle over all keys);
//! - `lookup_miss`: `get` of an absent key;
//! - `insert`: building the map from empty, growth included (per element);
//! - `remove`: removing every key from a full map (per element).
//!
//! Functions in each group: `reference` and `std`. Run with `cargo lab bench hashmap`.

use std::hash::BuildHasher;
use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main,
};

use hashmap::demo::{BenchInputs, bench_inputs};

const SIZES: [(usize, &str); 2] = [(1_000, "1k"), (1_000_000, "1m")];

/// The two maps behind one interface, so both run the identical loops.
trait Subject: Clone {
    fn get(&self, key: &u64) -> Option<&u64>;
    fn insert(&mut self, key: u64, value: u64);
    fn remove(&mut self, key: &u64) -> Option<u64>;
}

/// The same three forwarding methods for each map and hasher.
macro_rules! subject {
    ($map:ident, $hasher:ty) => {
        impl Subject for $map<u64, u64, $hasher> {
            fn get(&self, key: &u64) -> Option<&u64> {
                $map::get(self, key)
            }
            fn insert(&mut self, key: u64, value: u64) {
                $map::insert(self, key, value);
            }
            fn remove(&mut self, key: &u64) -> Option<u64> {
                $map::remove(self, key)
            }
        }
    };
}

use hashmap::HashMap as Reference;
use std::collections::HashMap as Std;

type Fold = foldhash::fast::RandomState;
type Sip = std::collections::hash_map::RandomState;

subject!(Reference, Fold);
subject!(Reference, Sip);
subject!(Std, Fold);
subject!(Std, Sip);

/// What a group measures.
#[derive(Clone, Copy, PartialEq)]
enum Operation {
    LookupHit,
    LookupMiss,
    Insert,
    Remove,
}

impl Operation {
    const ALL: [Operation; 4] = [
        Operation::LookupHit,
        Operation::LookupMiss,
        Operation::Insert,
        Operation::Remove,
    ];

    /// The name in the group's name.
    fn name(self) -> &'static str {
        match self {
            Operation::LookupHit => "lookup_hit",
            Operation::LookupMiss => "lookup_miss",
            Operation::Insert => "insert",
            Operation::Remove => "remove",
        }
    }
}

/// The four measurements for one map type; `make` builds an empty map with the group's
/// hasher (the same hasher value for both maps).
fn measure<M: Subject>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    operation: Operation,
    make: impl Fn() -> M,
    keys: &[u64],
    queries: &[u64],
) {
    let mut full = make();
    for &k in keys {
        full.insert(k, k);
    }
    match operation {
        Operation::LookupHit | Operation::LookupMiss => {
            let mut i = 0;
            group.bench_function(name, |b| {
                b.iter(|| {
                    let hit = full.get(&queries[i]);
                    i = if i + 1 == queries.len() { 0 } else { i + 1 };
                    black_box(hit);
                })
            });
        }
        Operation::Insert => {
            group.bench_function(name, |b| {
                b.iter_with_large_drop(|| {
                    let mut map = make();
                    for &k in keys {
                        map.insert(k, k);
                    }
                    map
                });
            });
        }
        Operation::Remove => {
            // One clone per timed iteration, made just before it (PerIteration): the
            // removals start on a freshly written table, in cache as far as it fits,
            // the same for both maps. With batches of clones made ahead (LargeInput),
            // std's removals at 1k came out at 15 ns against 6 ns in a plain loop, and
            // the comparison measured where the clones happened to sit in the cache.
            group.bench_function(name, |b| {
                b.iter_batched_ref(
                    || full.clone(),
                    |map| {
                        for k in keys {
                            black_box(map.remove(k));
                        }
                    },
                    BatchSize::PerIteration,
                );
            });
        }
    }
}

fn groups<H: BuildHasher + Clone>(c: &mut Criterion, hasher: H, hasher_name: &str)
where
    Reference<u64, u64, H>: Subject,
    Std<u64, u64, H>: Subject,
{
    for (size, size_name) in SIZES {
        let BenchInputs { keys, hits, misses } = bench_inputs(size);
        for operation in Operation::ALL {
            let mut group = c.benchmark_group(format!(
                "hashmap_{}_{size_name}_{hasher_name}",
                operation.name()
            ));
            let lookup = matches!(operation, Operation::LookupHit | Operation::LookupMiss);
            let per_iteration = if lookup { 1 } else { size };
            group.throughput(Throughput::Elements(per_iteration as u64));
            if size >= 1_000_000 && per_iteration > 1 {
                group.sample_size(10);
            }
            let queries = if operation == Operation::LookupMiss {
                &misses
            } else {
                &hits
            };
            let h = hasher.clone();
            measure(
                &mut group,
                "reference",
                operation,
                || Reference::with_hasher(h.clone()),
                &keys,
                queries,
            );
            let h = hasher.clone();
            measure(
                &mut group,
                "std",
                operation,
                || Std::with_hasher(h.clone()),
                &keys,
                queries,
            );
            group.finish();
        }
    }
}

fn hashmap(c: &mut Criterion) {
    groups(c, Fold::default(), "foldhash");
    groups(c, Sip::new(), "siphash");
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = hashmap
}
criterion_main!(benches);
