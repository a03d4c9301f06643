//! Observability: the reference `Histogram` against the `hdrhistogram` crate, the HDR
//! histogram Rust services use (it backs `metrics-util` and tokio's runtime metrics).
//!
//! Workload: gateway latencies in microseconds from the topic's demo (1% of them slowed
//! by 250 ms), both histograms for 1 µs to one minute at 3 significant digits.
//!
//! Groups:
//! - `observability_record`: recording 100,000 latencies into a histogram made once
//!   (throughput per value);
//! - `observability_quantile`: `value_at_quantile(0.99)` on the filled histogram, one
//!   walk over the counters.
//!
//! Functions in each group: `reference` and `hdrhistogram`. Run with
//! `cargo lab bench observability`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use observability::Histogram;
use observability::demo::{DIGITS, MAX_LATENCY_US, bench_values};

const VALUES: usize = 100_000;

fn histograms(c: &mut Criterion) {
    let values = bench_values(VALUES);

    let mut reference = Histogram::new(MAX_LATENCY_US, DIGITS).expect("valid");
    let mut hdr = hdrhistogram::Histogram::<u64>::new_with_bounds(1, MAX_LATENCY_US, DIGITS)
        .expect("valid bounds");

    let mut group = c.benchmark_group("observability_record");
    group.throughput(Throughput::Elements(VALUES as u64));
    group.bench_function("reference", |b| {
        b.iter(|| {
            for &v in &values {
                let _ = black_box(reference.record(black_box(v)));
            }
        })
    });
    group.bench_function("hdrhistogram", |b| {
        b.iter(|| {
            for &v in &values {
                let _ = black_box(hdr.record(black_box(v)));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("observability_quantile");
    group.throughput(Throughput::Elements(1));
    group.bench_function("reference", |b| {
        b.iter(|| black_box(reference.value_at_quantile(black_box(0.99))))
    });
    group.bench_function("hdrhistogram", |b| {
        b.iter(|| black_box(hdr.value_at_quantile(black_box(0.99))))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = histograms
}
criterion_main!(benches);
