//! Your list and cycle finder on the reference benchmark's inputs (`cargo lab bench
//! linked-list --mine`): the middle of 1,000 and 1,000,000 nodes, and the start of the
//! cycle in ρ-shaped lists of the same sizes. Results land in the reference bench's
//! groups as `mine`, so `lab` can print the ratios.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use linked_list::cycle::rho;
use linked_list_exercise::cycle::find_cycle_start;
use linked_list_exercise::{List, SinglyLinkedList};

const SIZES: [usize; 2] = [1_000, 1_000_000];

fn mine(c: &mut Criterion) {
    for n in SIZES {
        let list: List<u64> = (0..n as u64).collect();
        let mut group = c.benchmark_group(format!("linked_list_middle_{n}"));
        group.bench_function("mine", |b| b.iter(|| black_box(&list).middle().copied()));
        group.finish();

        let next = rho(n / 2, n - n / 2);
        let mut group = c.benchmark_group(format!("linked_list_cycle_{n}"));
        group.bench_function("mine", |b| b.iter(|| find_cycle_start(black_box(&next), 0)));
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = mine
}
criterion_main!(benches);
