//! Your store on the reference benchmark's workload (`cargo lab bench retry --mine`):
//! 10,000 requests per thread (start, finish, then a repeat that replays) on 1, 2 and
//! 4 threads. It lands in the `retry_store_<n>_threads` groups beside the reference
//! (DashMap) and one `std::sync::Mutex<HashMap>`, and `lab` prints the ratios.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use retry::demo::{bench_keys, run_threads};
use retry_exercise::{Idempotency, IdempotencyStore};

const PER_THREAD: usize = 10_000;

fn mine(c: &mut Criterion) {
    for threads in [1, 2, 4] {
        let mut group = c.benchmark_group(format!("retry_store_{threads}_threads"));
        group.throughput(Throughput::Elements((threads * PER_THREAD) as u64));
        group.sample_size(20);
        group.bench_function("mine", |b| {
            b.iter_custom(|iters| {
                let store = IdempotencyStore::new(Duration::from_secs(3_600));
                (0..iters)
                    .map(|round| {
                        run_threads(&bench_keys(threads, PER_THREAD, round), &|keys| {
                            for key in keys {
                                if let Ok(None) = store.start(Some(key), b"pay 10") {
                                    store.finish(key, "charged".to_string());
                                }
                                black_box(store.start(Some(key), b"pay 10").is_ok());
                            }
                        })
                    })
                    .sum()
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
