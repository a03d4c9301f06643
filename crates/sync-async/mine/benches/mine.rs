//! Your `fetch_all` on the reference benchmark's workload (`cargo lab bench sync-async
//! --mine`): 10,000 calls that are ready at once, at most 100 in flight, each under a
//! timeout. It lands in the `sync_async_fetch_all_10000` group beside the reference and
//! `futures`' `buffer_unordered`, and `lab` prints the ratios.

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sync_async_exercise::fetch_all;

const CALLS: u64 = 10_000;
const LIMIT: usize = 100;
const TIMEOUT: Duration = Duration::from_secs(1);

fn mine(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime");
    let limit = NonZeroUsize::new(LIMIT).expect("LIMIT is not zero");
    let mut group = c.benchmark_group("sync_async_fetch_all_10000");
    group.throughput(Throughput::Elements(CALLS));
    group.bench_function("mine", |b| {
        b.iter(|| {
            runtime.block_on(fetch_all(0..CALLS, limit, TIMEOUT, |i| async move {
                black_box(i)
            }))
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = mine
}
criterion_main!(benches);
