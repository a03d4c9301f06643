//! Rate limiter: the reference `RateLimiter::check_at` (GCRA, one `AtomicU64` per key in
//! sharded hash tables) against the `governor` crate's keyed GCRA (one `AtomicU64` per
//! key in a `DashMap`), on one thread.
//!
//! Groups:
//! - `api_security_hot_key`: every request on one key, the case where a single client
//!   hammers the API;
//! - `api_security_10k_keys`: requests cycling over 10,000 distinct keys (each about 24
//!   bytes, `client-<n>`), the map larger than L1.
//!
//! The quota is generous (1e9 per second, burst 1e6), so both decide "pass" and store
//! a new time on every call: the full path, compare-and-swap included. Both read the
//! time from the same kind of clock, governor's `FakeRelativeClock` (an atomic count of
//! nanoseconds, never the operating system's clock), advanced by 1 ns per call: governor
//! reads it through its `Clock` trait, the reference is handed what it reads as `now`.
//! So neither pays for a system clock read the other skips. Functions in each group:
//! `reference` and `governor`. Run with `cargo lab bench api-security`.

use std::hint::black_box;
use std::num::NonZeroU32;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use governor::clock::{Clock, FakeRelativeClock};
use governor::{Quota, RateLimiter as Governor};

use api_security::RateLimiter;

const RATE: u32 = 1_000_000_000;
const BURST: u32 = 1_000_000;

fn keys(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("client-{i:017}")).collect()
}

fn bench(c: &mut Criterion, group_name: &str, keys: &[String]) {
    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Elements(1));
    let reference = RateLimiter::new(f64::from(RATE), BURST);
    let clock = FakeRelativeClock::default();
    let mut i = 0usize;
    group.bench_function("reference", |b| {
        b.iter(|| {
            i = if i + 1 == keys.len() { 0 } else { i + 1 };
            clock.advance(Duration::from_nanos(1));
            let now = Duration::from_nanos(clock.now().as_u64());
            black_box(reference.check_at(&keys[i], now)).is_ok()
        })
    });
    let quota = Quota::per_second(NonZeroU32::new(RATE).expect("nonzero"))
        .allow_burst(NonZeroU32::new(BURST).expect("nonzero"));
    // A clock of its own, so each limiter's time starts at 0 and moves only with it.
    let clock = FakeRelativeClock::default();
    let anchor = Governor::dashmap_with_clock(quota, clock.clone());
    let mut j = 0usize;
    group.bench_function("governor", |b| {
        b.iter(|| {
            j = if j + 1 == keys.len() { 0 } else { j + 1 };
            clock.advance(Duration::from_nanos(1));
            black_box(anchor.check_key(&keys[j])).is_ok()
        })
    });
    group.finish();
}

fn rate_limiter(c: &mut Criterion) {
    bench(c, "api_security_hot_key", &keys(1));
    bench(c, "api_security_10k_keys", &keys(10_000));
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = rate_limiter
}
criterion_main!(benches);
