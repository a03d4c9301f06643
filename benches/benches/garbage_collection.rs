//! Garbage collection: one full collection of the same heap by the reference mark-sweep
//! `Heap` and by the `CopyingHeap` and `GenerationalHeap` collectors. No production
//! crate collects a heap like this one, so the anchors are the other two collectors.
//!
//! The heap is `garbage_collection::demo::build`: n objects, of which a fraction are
//! reachable from one root (a chain in random order, plus one random reference each,
//! so the live set has cycles), the dead ones pointing at each other. Every iteration
//! collects a fresh clone of it; the clone is not timed.
//!
//! Groups, named `garbage_collection_collect_<size>_<live>`: 100k and 1M objects, 10%
//! and 90% live. Functions: `reference` (mark-sweep: marks the live objects, sweeps
//! every slot), `copying` (Cheney: copies the live objects, never touches the dead),
//! `generational` (a full collection; every object is still in the nursery, so it
//! evacuates the live ones like `copying` and sweeps an empty old generation). Run with
//! `cargo lab bench garbage-collection`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

use garbage_collection::demo::build;
use garbage_collection::{CopyingHeap, GcHeap, GenerationalHeap, Heap};

const SIZES: [(usize, &str); 2] = [(100_000, "100k"), (1_000_000, "1m")];
const LIVE_PERCENTS: [usize; 2] = [10, 90];

fn collect<H: GcHeap + Clone>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    n: usize,
    live: usize,
) {
    let mut template = H::new();
    build(&mut template, n, live, 1);
    group.bench_function(name, |b| {
        b.iter_batched_ref(
            || template.clone(),
            |heap| black_box(heap.collect()),
            BatchSize::PerIteration,
        )
    });
}

fn garbage_collection(c: &mut Criterion) {
    for (n, size_name) in SIZES {
        for pct in LIVE_PERCENTS {
            let live = n * pct / 100;
            let mut group =
                c.benchmark_group(format!("garbage_collection_collect_{size_name}_{pct}pct"));
            group.throughput(Throughput::Elements(n as u64));
            if n >= 1_000_000 {
                group.sample_size(10);
            }
            collect::<Heap>(&mut group, "reference", n, live);
            collect::<CopyingHeap>(&mut group, "copying", n, live);
            collect::<GenerationalHeap>(&mut group, "generational", n, live);
            group.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = garbage_collection
}
criterion_main!(benches);
