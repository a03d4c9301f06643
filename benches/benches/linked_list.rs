//! Linked list: finding the middle, and finding where a cycle starts.
//!
//! Groups:
//! - `linked_list_middle_<n>` (n = 1,000 and 1,000,000 nodes): `reference` is
//!   `List::middle` (slow and fast pointers, one loop); `two_pass` counts the nodes then
//!   walks half way; `collect_vec` copies the references into a `Vec` and indexes it.
//! - `linked_list_cycle_<n>` (a ρ-shaped array list, tail n/2 and cycle n/2):
//!   `reference` is Floyd's `find_cycle_start`; `brent` is Brent's algorithm;
//!   `hash_set` walks and remembers every node in a hash set.
//!
//! Run with `cargo lab bench linked-list`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use linked_list::List;
use linked_list::cycle::{find_cycle_start, find_cycle_start_brent, naive::with_hash_set, rho};

const SIZES: [usize; 2] = [1_000, 1_000_000];

fn middle(c: &mut Criterion) {
    for n in SIZES {
        let list: List<u64> = (0..n as u64).collect();
        let mut group = c.benchmark_group(format!("linked_list_middle_{n}"));
        group.bench_function("reference", |b| {
            b.iter(|| black_box(&list).middle().copied())
        });
        group.bench_function("two_pass", |b| {
            b.iter(|| {
                let list = black_box(&list);
                let len = list.iter().count();
                list.iter().nth(len / 2).copied()
            })
        });
        group.bench_function("collect_vec", |b| {
            b.iter(|| {
                let values: Vec<&u64> = black_box(&list).iter().collect();
                values.get(values.len() / 2).map(|v| **v)
            })
        });
        group.finish();
    }
}

fn cycle(c: &mut Criterion) {
    for n in SIZES {
        let next = rho(n / 2, n - n / 2);
        let mut group = c.benchmark_group(format!("linked_list_cycle_{n}"));
        group.bench_function("reference", |b| {
            b.iter(|| find_cycle_start(black_box(&next), 0))
        });
        group.bench_function("brent", |b| {
            b.iter(|| find_cycle_start_brent(black_box(&next), 0))
        });
        group.bench_function("hash_set", |b| {
            b.iter(|| {
                with_hash_set(0usize, |i| black_box(&next)[i])
                    .0
                    .map(|c| c.start)
            })
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = middle, cycle
}
criterion_main!(benches);
