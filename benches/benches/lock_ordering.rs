//! Lock ordering: throughput of transfers between 64 accounts on 1, 2 and 4 threads,
//! every fourth transfer between accounts 0 and 1 in both directions (the demo's
//! workload, `lock_ordering::demo::workloads`).
//!
//! Groups `lock_ordering_<n>_threads`, per transfer (all threads' transfers counted):
//! - `reference`: `Bank::transfer`, one parking_lot lock per account, taken in id order;
//! - `global_lock`: `GlobalLockBank`, every account behind one lock;
//! - `try_lock`: `Bank::try_transfer`, argument order with try-lock and backoff;
//! - `std`: the ordered transfer with `std::sync::Mutex` per account instead of
//!   parking_lot's.
//!
//! Run with `cargo lab bench lock-ordering` or `cargo bench -p benches --bench
//! lock_ordering`.

use std::hint::black_box;
use std::sync::Mutex as StdMutex;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lock_ordering::demo::{Transfer, run_concurrently, workloads};
use lock_ordering::{Bank, GlobalLockBank};

const ACCOUNTS: usize = 64;
const PER_THREAD: usize = 20_000;

/// The ordered transfer on std's mutex: the same algorithm as `Bank::transfer`.
struct StdBank {
    accounts: Vec<StdMutex<u64>>,
}

impl StdBank {
    fn transfer(&self, from: usize, to: usize, amount: u64) -> bool {
        if from == to {
            return false;
        }
        let (first, second) = (from.min(to), from.max(to));
        let mut a = self.accounts[first]
            .lock()
            .expect("no thread panics holding it");
        let mut b = self.accounts[second]
            .lock()
            .expect("no thread panics holding it");
        let (source, target) = if from == first {
            (&mut *a, &mut *b)
        } else {
            (&mut *b, &mut *a)
        };
        if *source < amount {
            return false;
        }
        *source -= amount;
        *target += amount;
        true
    }
}

/// Runs every thread's workload at once with `transfer`, `iters` times; the elapsed
/// time.
fn timed(
    iters: u64,
    workloads: &[Vec<Transfer>],
    transfer: &(impl Fn(usize, usize, u64) -> bool + Sync),
) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        black_box(run_concurrently(workloads, transfer));
    }
    start.elapsed()
}

fn lock_ordering(c: &mut Criterion) {
    for threads in [1, 2, 4] {
        let workloads = workloads(threads, PER_THREAD, ACCOUNTS, true, 0);
        let mut group = c.benchmark_group(format!("lock_ordering_{threads}_threads"));
        group.throughput(Throughput::Elements((threads * PER_THREAD) as u64));
        group.sample_size(20);
        let bank = Bank::new(ACCOUNTS, 1_000_000);
        group.bench_function("reference", |b| {
            b.iter_custom(|iters| {
                timed(iters, &workloads, &|f, t, a| bank.transfer(f, t, a).is_ok())
            })
        });
        let global = GlobalLockBank::new(ACCOUNTS, 1_000_000);
        group.bench_function("global_lock", |b| {
            b.iter_custom(|iters| {
                timed(iters, &workloads, &|f, t, a| {
                    global.transfer(f, t, a).is_ok()
                })
            })
        });
        let deadline = Duration::from_secs(1);
        group.bench_function("try_lock", |b| {
            b.iter_custom(|iters| {
                timed(iters, &workloads, &|f, t, a| {
                    bank.try_transfer(f, t, a, deadline).is_ok()
                })
            })
        });
        let std_bank = StdBank {
            accounts: (0..ACCOUNTS).map(|_| StdMutex::new(1_000_000)).collect(),
        };
        group.bench_function("std", |b| {
            b.iter_custom(|iters| timed(iters, &workloads, &|f, t, a| std_bank.transfer(f, t, a)))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = lock_ordering
}
criterion_main!(benches);
