//! Retry: the idempotency store's throughput and the cost of a backoff delay.
//!
//! - `retry_store_<n>_threads` (n = 1, 2, 4): each thread runs 10,000 requests with
//!   keys of its own: `begin` (runs), `complete`, then a repeat `begin` (replays).
//!   `reference` is `retry::IdempotencyStore` on a `DashMap`; `std_mutex` is the same
//!   logic on one `std::sync::Mutex<HashMap>`.
//! - `retry_backoff_<jitter>`: one `Backoff::next` (none, full, decorrelated jitter).
//!
//! Run with `cargo lab bench retry` or `cargo bench -p benches --bench retry`.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::hint::black_box;
use std::sync::Mutex;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use retry::demo::{bench_keys, run_threads};
use retry::{Backoff, Begin, IdempotencyStore, Jitter};

const PER_THREAD: usize = 10_000;

/// The store's logic on one mutex: run, or replay, or conflict.
#[derive(Default)]
struct MutexStore {
    records: Mutex<HashMap<String, (u64, Option<String>)>>,
}

impl MutexStore {
    /// `true` when the request should run.
    fn begin(&self, key: &str, payload: &[u8]) -> bool {
        let mut h = DefaultHasher::new();
        payload.hash(&mut h);
        let fingerprint = h.finish();
        let mut records = self.records.lock().expect("no thread panics holding it");
        match records.get(key) {
            None => {
                records.insert(key.to_string(), (fingerprint, None));
                true
            }
            Some(_) => false,
        }
    }

    fn complete(&self, key: &str, response: String) {
        if let Some(record) = self
            .records
            .lock()
            .expect("no thread panics holding it")
            .get_mut(key)
        {
            record.1 = Some(response);
        }
    }
}

fn timed(iters: u64, threads: usize, run: &(impl Fn(&[String]) + Sync)) -> Duration {
    (0..iters)
        .map(|round| run_threads(&bench_keys(threads, PER_THREAD, round), run))
        .sum()
}

fn store(c: &mut Criterion) {
    for threads in [1, 2, 4] {
        let mut group = c.benchmark_group(format!("retry_store_{threads}_threads"));
        group.throughput(Throughput::Elements((threads * PER_THREAD) as u64));
        group.sample_size(20);
        group.bench_function("reference", |b| {
            b.iter_custom(|iters| {
                let store = IdempotencyStore::new(Duration::from_secs(3_600));
                timed(iters, threads, &|keys| {
                    for key in keys {
                        if let Ok(Begin::Run(ticket)) = store.begin(Some(key), b"pay 10") {
                            ticket.complete("charged".to_string());
                        }
                        black_box(store.begin(Some(key), b"pay 10").is_ok());
                    }
                })
            })
        });
        group.bench_function("std_mutex", |b| {
            b.iter_custom(|iters| {
                let store = MutexStore::default();
                timed(iters, threads, &|keys| {
                    for key in keys {
                        if store.begin(key, b"pay 10") {
                            store.complete(key, "charged".to_string());
                        }
                        black_box(store.begin(key, b"pay 10"));
                    }
                })
            })
        });
        group.finish();
    }
}

fn backoff(c: &mut Criterion) {
    for (name, jitter) in [
        ("none", Jitter::None),
        ("full", Jitter::Full),
        ("decorrelated", Jitter::Decorrelated),
    ] {
        let mut group = c.benchmark_group(format!("retry_backoff_{name}"));
        group.throughput(Throughput::Elements(1));
        let mut schedule = Backoff::exponential(Duration::from_millis(1), Duration::from_secs(30))
            .jitter(jitter)
            .seed(1);
        group.bench_function("reference", |b| b.iter(|| black_box(schedule.next())));
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = store, backoff
}
criterion_main!(benches);
