//! Sync vs async: the fan-out's overhead and the cost of a task against a thread.
//!
//! - `sync_async_fetch_all_10000`: 10,000 calls that are ready at once (zero latency,
//!   so only the fan-out's own work is measured), at most 100 in flight, each under a
//!   timeout, results in input order. `reference` is `sync_async::fetch_all`;
//!   `futures` is the usual equivalent, `futures_util`'s `buffer_unordered` over the
//!   same timed calls, tagged with their index and put back in order.
//! - `sync_async_spawn_join`: spawning one unit of work and waiting for it: a tokio task
//!   on a current-thread runtime (`reference`) against a `std::thread` (`std_thread`).
//!
//! Run with `cargo lab bench sync-async` or `cargo bench -p benches --bench sync_async`.

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::StreamExt;
use sync_async::{CallError, fetch_all};

const CALLS: u64 = 10_000;
const LIMIT: usize = 100;
const TIMEOUT: Duration = Duration::from_secs(1);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime")
}

/// The `buffer_unordered` fan-out with `fetch_all`'s contract: ordered results, a
/// timeout per call.
async fn buffer_unordered(n: u64) -> Vec<Result<u64, CallError>> {
    let mut tagged: Vec<(usize, Result<u64, CallError>)> = futures_util::stream::iter(0..n)
        .enumerate()
        .map(|(index, i)| async move {
            let result = tokio::time::timeout(TIMEOUT, async move { black_box(i) }).await;
            (index, result.map_err(|_| CallError::TimedOut))
        })
        .buffer_unordered(LIMIT)
        .collect()
        .await;
    tagged.sort_unstable_by_key(|&(index, _)| index);
    tagged.into_iter().map(|(_, r)| r).collect()
}

fn fan_out(c: &mut Criterion) {
    let runtime = runtime();
    let limit = NonZeroUsize::new(LIMIT).expect("LIMIT is not zero");
    // Both give the same results, or the comparison means nothing.
    let ours = runtime.block_on(fetch_all(0..CALLS, limit, TIMEOUT, |i| async move { i }));
    assert_eq!(ours, runtime.block_on(buffer_unordered(CALLS)));

    let mut group = c.benchmark_group("sync_async_fetch_all_10000");
    group.throughput(Throughput::Elements(CALLS));
    group.bench_function("reference", |b| {
        b.iter(|| {
            runtime.block_on(fetch_all(0..CALLS, limit, TIMEOUT, |i| async move {
                black_box(i)
            }))
        })
    });
    group.bench_function("futures", |b| {
        b.iter(|| runtime.block_on(buffer_unordered(CALLS)))
    });
    group.finish();
}

fn spawn_join(c: &mut Criterion) {
    let runtime = runtime();
    let mut group = c.benchmark_group("sync_async_spawn_join");
    group.bench_function("reference", |b| {
        b.iter(|| {
            runtime.block_on(async {
                tokio::spawn(async { black_box(1u64) })
                    .await
                    .expect("the task does not panic")
            })
        })
    });
    group.bench_function("std_thread", |b| {
        b.iter(|| {
            std::thread::spawn(|| black_box(1u64))
                .join()
                .expect("the thread does not panic")
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = fan_out, spawn_join
}
criterion_main!(benches);
