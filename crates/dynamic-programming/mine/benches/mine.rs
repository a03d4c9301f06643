//! Your `edit_distance` on the reference benchmark's strings (`cargo lab bench
//! dynamic-programming --mine`): the same pairs of 16, 128 and 1,024 chars. Results land
//! in the reference bench's groups as `mine`, so `lab` can print the ratios against the
//! bit-parallel reference and strsim's table.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dynamic_programming::demo::{BENCH_LENGTHS, bench_pair};

fn mine(c: &mut Criterion) {
    for len in BENCH_LENGTHS {
        let (a, b) = bench_pair(len);
        let mut group = c.benchmark_group(format!("edit_distance_{len}"));
        group.bench_function("mine", |bench| {
            bench.iter(|| dynamic_programming_exercise::edit_distance(black_box(&a), black_box(&b)))
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
