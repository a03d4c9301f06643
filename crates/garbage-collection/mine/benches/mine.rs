//! Your mark-sweep `Heap` on the reference benchmark's heaps (`cargo lab bench
//! garbage-collection --mine`): one full collection of 100k and 1M objects at 10% and 90%
//! live, each iteration on a fresh clone. The groups are the reference bench's, so `lab`
//! prints your collector's time beside the reference mark-sweep's and the copying and
//! generational collectors'.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

use garbage_collection::demo::build;
use garbage_collection_exercise::{GcHeap, Heap};

fn mine(c: &mut Criterion) {
    for (n, size_name) in [(100_000, "100k"), (1_000_000, "1m")] {
        for pct in [10, 90] {
            let mut template = Heap::new();
            build(&mut template, n, n * pct / 100, 1);
            let mut group =
                c.benchmark_group(format!("garbage_collection_collect_{size_name}_{pct}pct"));
            group.throughput(Throughput::Elements(n as u64));
            if n >= 1_000_000 {
                group.sample_size(10);
            }
            group.bench_function("mine", |b| {
                b.iter_batched_ref(
                    || template.clone(),
                    |heap| black_box(heap.collect()),
                    BatchSize::PerIteration,
                )
            });
            group.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = mine
}
criterion_main!(benches);
