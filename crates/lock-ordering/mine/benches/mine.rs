//! Your `Bank` on the reference benchmark's workload (`cargo lab bench lock-ordering
//! --mine`): 20,000 transfers per thread among 64 accounts, every fourth between
//! accounts 0 and 1 in both directions, on 1, 2 and 4 threads. It lands in the
//! `lock_ordering_<n>_threads` groups beside the reference, the global lock, the
//! try-lock transfer and std's mutex, and `lab` prints the ratios.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lock_ordering::demo::{run_concurrently, workloads};
use lock_ordering_exercise::{Bank, Ledger};

const ACCOUNTS: usize = 64;
const PER_THREAD: usize = 20_000;

fn mine(c: &mut Criterion) {
    for threads in [1, 2, 4] {
        let work = workloads(threads, PER_THREAD, ACCOUNTS, true, 0);
        let mut group = c.benchmark_group(format!("lock_ordering_{threads}_threads"));
        group.throughput(Throughput::Elements((threads * PER_THREAD) as u64));
        group.sample_size(20);
        let bank = Bank::new(ACCOUNTS, 1_000_000);
        group.bench_function("mine", |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters {
                    black_box(run_concurrently(&work, &|f, t, a| {
                        bank.transfer(f, t, a).is_ok()
                    }));
                }
                start.elapsed()
            })
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
