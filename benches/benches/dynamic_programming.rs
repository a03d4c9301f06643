//! Dynamic programming: the reference's `edit_distance` against `strsim::levenshtein`,
//! the edit-distance function Rust projects reach for.
//!
//! Inputs: pairs of random strings of 16, 128 and 1,024 chars over 26 lowercase letters
//! (`dynamic_programming::demo::bench_pair`), the second a copy of the first with about
//! one char in eight substituted, inserted or deleted, so the distance is neither 0 nor
//! the length. Both count `char`s and return the same distance (checked before
//! timing). The reference runs the bit-parallel algorithm (one 64-bit word per 64
//! chars of the shorter string); strsim fills one row of the O(nm) table. Functions in
//! each group: `reference` and `strsim`.
//!
//! Run with `cargo lab bench dynamic-programming`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use dynamic_programming::demo::{BENCH_LENGTHS, bench_pair};
use dynamic_programming::edit_distance;

fn edit(c: &mut Criterion) {
    for len in BENCH_LENGTHS {
        let (a, b) = bench_pair(len);
        assert_eq!(
            edit_distance(&a, &b),
            strsim::levenshtein(&a, &b),
            "the two implementations disagree at {len} chars"
        );
        let mut group = c.benchmark_group(format!("edit_distance_{len}"));
        group.bench_function("reference", |bench| {
            bench.iter(|| edit_distance(black_box(&a), black_box(&b)))
        });
        group.bench_function("strsim", |bench| {
            bench.iter(|| strsim::levenshtein(black_box(&a), black_box(&b)))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = edit
}
criterion_main!(benches);
