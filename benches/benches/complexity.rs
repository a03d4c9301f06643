//! Complexity: finding a duplicate among distinct u64 ids (the worst case: no duplicate,
//! every id is looked at), with a hash set against sorting.
//!
//! - `reference`: `complexity::algorithms::has_duplicate`, a `HashSet` with std's
//!   default SipHash: O(n) expected time, O(n) memory (about 19 bytes an id);
//! - `sort`: `complexity::algorithms::has_duplicate_sorting`, `sort_unstable` in place
//!   and a scan of neighbours: O(n log n) comparisons, no allocation. Each run sorts a
//!   fresh copy of the ids, made outside the timing.
//!
//! Groups `complexity_duplicates_1k` (everything in L1/L2) and
//! `complexity_duplicates_1m` (8 MB of ids, a 19 MB table). Run with `cargo lab bench
//! complexity`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

use complexity::algorithms::{has_duplicate, has_duplicate_sorting};
use complexity::demo::distinct_keys;

const SIZES: [(usize, &str); 2] = [(1_000, "1k"), (1_000_000, "1m")];

fn duplicates(c: &mut Criterion) {
    for (size, size_name) in SIZES {
        let ids = distinct_keys(size, 1);
        let mut group = c.benchmark_group(format!("complexity_duplicates_{size_name}"));
        group.throughput(Throughput::Elements(size as u64));
        if size >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_function("reference", |b| {
            b.iter(|| black_box(has_duplicate(black_box(&ids))))
        });
        group.bench_function("sort", |b| {
            b.iter_batched_ref(
                || ids.clone(),
                |copy| black_box(has_duplicate_sorting(copy)),
                BatchSize::LargeInput,
            )
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = duplicates
}
criterion_main!(benches);
