//! The demo: measurements that back the answers to questions 5 and 24.
//!
//! 1. Over a real network (the payment service on 127.0.0.1 with 30% injected
//!    faults), retrying without idempotency keys charges some payments twice; with
//!    keys every payment is charged exactly once. Counted: the service counts requests,
//!    charges and replays. The faults are drawn from the seed in the order requests
//!    arrive and each request's outcome follows from its draw, so the table's counts
//!    repeat under a seed, unless a stalled machine makes an answered request time out;
//!    the claim states only what no stall can change (with keys: exactly one charge
//!    per payment; without: double charges, yes or no).
//! 2. Many clients hitting a service that is down briefly and then has limited
//!    capacity: without jitter their retries arrive in spikes that overload it again;
//!    full jitter flattens the spikes and needs fewer calls in all. Counted: calls per
//!    10 ms slice in a simulation on simulated time, exact under a seed; the table
//!    also shows when each kind was done, in simulated time.
//! 3. A circuit breaker in front of a dependency that is down for two seconds sheds
//!    most of the calls while it is down and closes again soon after it recovers.
//!    Counted: calls that reached the dependency, on tokio's paused clock (no real time
//!    passes, so the simulated milliseconds are exact too).
//!
//! Every claim is counted; none is timed.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

use evidence::format::{count, percent};
use evidence::{Bars, Claim, DemoConfig, Report, Table};

use crate::service::{Faults, Payment, PaymentService, pay};
use crate::{Backoff, BreakerConfig, CircuitBreaker, IdempotencyStore, Jitter, RetryPolicy};

/// Claim 1: the fraction of requests that hit a fault, and the concurrency.
const FAULT_RATE: f64 = 0.3;
const CLIENTS: usize = 32;
/// Claim 1: how long a client waits for an answer before it retries, and how long a
/// slow answer takes (the service drops it when the client hangs up). The timeout is
/// generous so that on a busy machine only slow faults time out, and the table's
/// counts repeat under a seed; a request that timed out on a stalled machine would be
/// retried and add a charge without keys and a replay with them.
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(200);
const SLOW_FOR: Duration = Duration::from_secs(1);
/// Claim 2's model: clients, the outage, and the capacity after it.
const HERD: usize = 1_000;
const OUTAGE_MS: u64 = 100;
const SLICE_MS: u64 = 10;
const CAPACITY_PER_SLICE: usize = 20;
/// Claim 2: full jitter's busiest slice must be at most this fraction of no jitter's.
const SPIKE_BOUND: f64 = 0.5;
/// Claim 3's model: calls every 10 ms for 6 s; the dependency is down from 1 s to 3 s.
const BREAKER_RUN_MS: u64 = 6_000;
const DOWN_FROM_MS: u64 = 1_000;
const DOWN_UNTIL_MS: u64 = 3_000;
/// Claim 3: the breaker must keep at least this fraction of the outage's calls away
/// from the dependency, and be closed again within this long after it recovers.
const SHED_BOUND: f64 = 0.8;
const RECOVERY_BOUND: Duration = Duration::from_millis(1_500);

/// Runs the demo; `config.size` is the number of payments sent in claim 1.
///
/// # Example
///
/// ```no_run
/// let report = retry::demo::run(&evidence::DemoConfig { seed: 1, size: 500 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let mut report = Report::new(
        "retry",
        format!(
            "Idempotent retries: {} payments through {} faults, seed {}",
            count(config.size as u64),
            percent(FAULT_RATE),
            config.seed
        ),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(payments(config, &mut report));
    herd(config.seed, &mut report);
    breaker(&mut report);
    report
}

/// The result of one run of payments through the faulty service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentRun {
    /// Payments sent.
    pub payments: u64,
    /// Payments the client saw succeed.
    pub succeeded: u64,
    /// Requests the service received.
    pub requests: u64,
    /// Charges the service applied.
    pub charges: u64,
    /// Distinct payments charged.
    pub payments_charged: u64,
    /// Charges beyond the first for a payment.
    pub duplicate_charges: u64,
    /// Answers replayed from the idempotency store.
    pub replays: u64,
}

/// Sends `payments` payments, `CLIENTS` at a time, through a service injecting
/// `fault_rate` faults (seeded by `seed`), with or without idempotency keys. Attempts
/// time out after `ATTEMPT_TIMEOUT`; slow responses take `SLOW_FOR`; 503s ask for 5 ms.
///
/// # Panics
///
/// If 127.0.0.1 cannot be bound.
pub async fn send_payments(payments: u64, fault_rate: f64, seed: u64, keys: bool) -> PaymentRun {
    let faults = Faults::evenly(fault_rate, SLOW_FOR, Duration::from_millis(5), seed);
    let store = keys.then(|| IdempotencyStore::new(Duration::from_secs(3_600)));
    let service = PaymentService::start(store, faults)
        .await
        .expect("binding 127.0.0.1");
    let addr = service.addr();
    let next = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    // One policy for every client, as a service shares one per dependency: each call
    // draws its own jitter from it.
    let policy = std::sync::Arc::new(RetryPolicy::new(
        Backoff::exponential(Duration::from_millis(2), Duration::from_millis(50))
            .jitter(Jitter::Full)
            .seed(seed),
        Duration::from_secs(20),
    ));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..CLIENTS {
        let next = std::sync::Arc::clone(&next);
        let policy = std::sync::Arc::clone(&policy);
        workers.spawn(async move {
            let mut succeeded = 0;
            loop {
                let id = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if id >= payments {
                    return succeeded;
                }
                let key = keys.then(|| format!("payment-{id}"));
                let payment = Payment {
                    payment: id,
                    amount: 100 + id % 900,
                };
                if pay(addr, payment, key.as_deref(), &policy, ATTEMPT_TIMEOUT)
                    .await
                    .is_ok()
                {
                    succeeded += 1;
                }
            }
        });
    }
    let mut succeeded = 0;
    while let Some(done) = workers.join_next().await {
        succeeded += done.expect("a client task panicked");
    }
    let stats = service.stats();
    service.shutdown().await;
    PaymentRun {
        payments,
        succeeded,
        requests: stats.requests,
        charges: stats.charges,
        payments_charged: stats.payments_charged,
        duplicate_charges: stats.duplicate_charges,
        replays: stats.replays,
    }
}

/// Claim 1.
async fn payments(config: &DemoConfig, report: &mut Report) {
    let n = config.size.max(1) as u64;
    let without = send_payments(n, FAULT_RATE, config.seed, false).await;
    let with = send_payments(n, FAULT_RATE, config.seed, true).await;
    let mut table = Table::new(
        format!(
            "{} payments, {} of requests faulted (dropped request, dropped response, 503, slow)",
            count(n),
            percent(FAULT_RATE)
        ),
        [
            "client",
            "requests",
            "charges",
            "payments charged",
            "double charges",
            "replayed",
        ],
    );
    for (name, run) in [
        ("retries, no key", &without),
        ("retries with Idempotency-Key", &with),
    ] {
        table.push([
            name.to_string(),
            count(run.requests),
            count(run.charges),
            count(run.payments_charged),
            count(run.duplicate_charges),
            count(run.replays),
        ]);
    }
    report.tables.push(table);
    // How many payments were charged twice depends, beyond the seed, on whether a
    // stalled machine made an answered request time out (and be retried): the table
    // has the counts, the claim only what no stall can change.
    let doubled = if without.duplicate_charges > 0 {
        "some payments were charged twice (the table counts them)"
    } else {
        "no payment was charged twice"
    };
    report.claims.push(Claim::new(
        "retrying without idempotency keys charges some payments twice; with keys every \
         payment is charged exactly once",
        format!(
            "without keys {doubled}; with keys: {} charges for {} payments, {} of them \
             charged, {} double, {} succeeded",
            count(with.charges),
            count(n),
            count(with.payments_charged),
            count(with.duplicate_charges),
            count(with.succeeded)
        ),
        without.duplicate_charges > 0
            && with.charges == n
            && with.payments_charged == n
            && with.duplicate_charges == 0
            && with.succeeded == n,
    ));
}

/// What one jitter kind did to the herd.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HerdRun {
    /// Calls made by all clients.
    pub calls: usize,
    /// When the last client succeeded, ms.
    pub done_ms: u64,
    /// Calls per `SLICE_MS` slice.
    pub per_slice: Vec<usize>,
}

/// `clients` clients call at time 0; the service fails everything until `outage_ms`,
/// then serves at most `capacity` calls per `SLICE_MS` slice (the rest fail, as an
/// overloaded service's would). Each client retries with `jitter` (base 10 ms, cap
/// 2 s) until it succeeds, every client's schedule drawn from one shared policy, as
/// [`retry`](crate::retry) draws them. Simulated time: exact under `seed`.
pub fn simulate_herd(
    clients: usize,
    outage_ms: u64,
    capacity: usize,
    jitter: Jitter,
    seed: u64,
) -> HerdRun {
    // Calls in time order: (time in µs, client).
    let mut calls: BinaryHeap<Reverse<(u64, usize)>> =
        (0..clients).map(|c| Reverse((0, c))).collect();
    let policy = RetryPolicy::new(
        Backoff::exponential(Duration::from_millis(10), Duration::from_secs(2))
            .jitter(jitter)
            .seed(seed),
        Duration::MAX,
    );
    let mut backoffs: Vec<Backoff> = (0..clients).map(|_| policy.next_backoff()).collect();
    let mut served_in_slice = std::collections::HashMap::new();
    let mut per_slice: Vec<usize> = Vec::new();
    let (mut total, mut done_us) = (0, 0);
    while let Some(Reverse((at_us, client))) = calls.pop() {
        total += 1;
        let slice = (at_us / 1_000 / SLICE_MS) as usize;
        if per_slice.len() <= slice {
            per_slice.resize(slice + 1, 0);
        }
        per_slice[slice] += 1;
        let up = at_us >= outage_ms * 1_000;
        let served = served_in_slice.entry(slice).or_insert(0usize);
        if up && *served < capacity {
            *served += 1;
            done_us = done_us.max(at_us);
        } else {
            let delay = backoffs[client].next().expect("the schedule has no end");
            calls.push(Reverse((at_us + delay.as_micros() as u64, client)));
        }
    }
    HerdRun {
        calls: total,
        done_ms: done_us / 1_000,
        per_slice,
    }
}

/// Claim 2.
fn herd(seed: u64, report: &mut Report) {
    let kinds = [
        ("no jitter", Jitter::None),
        ("equal jitter", Jitter::Equal),
        ("full jitter", Jitter::Full),
        ("decorrelated jitter", Jitter::Decorrelated),
    ];
    let runs: Vec<(&str, HerdRun)> = kinds
        .iter()
        .map(|&(name, j)| {
            (
                name,
                simulate_herd(HERD, OUTAGE_MS, CAPACITY_PER_SLICE, j, seed),
            )
        })
        .collect();
    let mut table = Table::new(
        format!(
            "{} clients; the service is down for {OUTAGE_MS} ms, then serves {} calls per {SLICE_MS} ms",
            count(HERD as u64),
            CAPACITY_PER_SLICE
        ),
        [
            "retries with",
            "calls",
            "all served after",
            "busiest 10 ms after the outage",
        ],
    );
    // The busiest slice once the service is up: the retry spike.
    let peak = |r: &HerdRun| {
        r.per_slice
            .iter()
            .skip((OUTAGE_MS / SLICE_MS) as usize)
            .copied()
            .max()
            .unwrap_or(0)
    };
    for (name, run) in &runs {
        table.push([
            name.to_string(),
            count(run.calls as u64),
            format!("{} ms", count(run.done_ms)),
            count(peak(run) as u64),
        ]);
    }
    report.tables.push(table);
    let (none, full) = (&runs[0].1, &runs[2].1);
    // The claim is about 10 ms slices, so the chart shows them: the first 200 ms, the
    // outage and the first retries after it (the table has the totals).
    let mut bars = Bars::new(
        format!(
            "calls per {SLICE_MS} ms slice, first 200 ms: retries in spikes (no jitter) or \
             spread (full jitter); the service is down until {OUTAGE_MS} ms"
        ),
        "calls",
    );
    let slice = |r: &HerdRun, i: usize| r.per_slice.get(i).copied().unwrap_or(0) as f64;
    for i in 0..(200 / SLICE_MS as usize) {
        bars = bars.group(
            format!("{:>3} ms", i as u64 * SLICE_MS),
            [
                ("no jitter", slice(none, i)),
                ("full jitter", slice(full, i)),
            ],
        );
    }
    report.bars.push(bars);
    report.claims.push(Claim::new(
        format!(
            "after a brief outage, full jitter's busiest 10 ms brings at most {} the calls of \
             retries without jitter, and all clients need fewer calls in total",
            percent(SPIKE_BOUND)
        ),
        format!(
            "busiest 10 ms: {} calls without jitter, {} with full jitter; total calls {} \
             against {}",
            count(peak(none) as u64),
            count(peak(full) as u64),
            count(none.calls as u64),
            count(full.calls as u64)
        ),
        (peak(full) as f64) <= SPIKE_BOUND * peak(none) as f64 && full.calls < none.calls,
    ));
}

/// What the breaker run counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerRun {
    /// Calls made while the dependency was down, and how many of them reached it.
    pub outage_calls: u64,
    /// See `outage_calls`.
    pub reached_while_down: u64,
    /// How long after the dependency recovered the first call succeeded.
    pub recovered_after: Option<Duration>,
    /// Calls refused by the breaker in the whole run.
    pub rejected: u64,
    /// Calls the breaker refused while the dependency was down: with
    /// `reached_while_down`, every call of the outage.
    pub rejected_while_down: u64,
}

/// A call every 10 ms for 6 s; the dependency fails every call from 1 s to 3 s. With
/// a breaker (failure rate 50% over 20 calls, 500 ms cool-down, 3 probes) or without.
/// Runs on tokio's paused clock: no real time passes.
pub fn simulate_breaker(with_breaker: bool) -> BreakerRun {
    let runtime = retry_contract::paused_runtime();
    runtime.block_on(async {
        let breaker = CircuitBreaker::new(BreakerConfig {
            failure_rate: 0.5,
            window: 20,
            min_calls: 10,
            cool_down: Duration::from_millis(500),
            probes: 3,
        });
        let start = tokio::time::Instant::now();
        let mut run = BreakerRun {
            outage_calls: 0,
            reached_while_down: 0,
            recovered_after: None,
            rejected: 0,
            rejected_while_down: 0,
        };
        for tick in 0..BREAKER_RUN_MS / 10 {
            let now_ms = tick * 10;
            let down = (DOWN_FROM_MS..DOWN_UNTIL_MS).contains(&now_ms);
            if down {
                run.outage_calls += 1;
            }
            let allowed = !with_breaker || breaker.try_call().is_ok();
            if allowed {
                if down {
                    run.reached_while_down += 1;
                }
                let ok = !down;
                if with_breaker {
                    breaker.record(ok);
                }
                if ok && now_ms >= DOWN_UNTIL_MS && run.recovered_after.is_none() {
                    run.recovered_after = Some(Duration::from_millis(now_ms - DOWN_UNTIL_MS));
                }
            } else {
                run.rejected += 1;
                if down {
                    run.rejected_while_down += 1;
                }
            }
            tokio::time::sleep_until(start + Duration::from_millis(now_ms + 10)).await;
        }
        run
    })
}

/// Claim 3.
fn breaker(report: &mut Report) {
    let without = simulate_breaker(false);
    let with = simulate_breaker(true);
    let mut table = Table::new(
        "a call every 10 ms for 6 s; the dependency is down from 1 s to 3 s",
        [
            "caller",
            "calls during the outage",
            "reached the dependency",
            "refused at once",
            "refused after the recovery",
            "first success after recovery",
        ],
    );
    for (name, run) in [("no breaker", &without), ("circuit breaker", &with)] {
        table.push([
            name.to_string(),
            count(run.outage_calls),
            count(run.reached_while_down),
            count(run.rejected_while_down),
            count(run.rejected - run.rejected_while_down),
            run.recovered_after
                .map_or("never".to_string(), |d| format!("{} ms", d.as_millis())),
        ]);
    }
    report.tables.push(table);
    report.notes.push(
        "In the breaker table, the outage's calls (1 s to 3 s) either reached the dependency \
         or were refused at once; the breaker also refuses the calls in the moments after \
         the recovery, until its cool-down ends and a probe succeeds (the next column)."
            .to_string(),
    );
    let shed = 1.0 - with.reached_while_down as f64 / with.outage_calls.max(1) as f64;
    report.claims.push(Claim::new(
        format!(
            "a circuit breaker keeps at least {} of the outage's calls away from the failing \
             dependency, and lets calls through again within {} ms of its recovery",
            percent(SHED_BOUND),
            RECOVERY_BOUND.as_millis()
        ),
        format!(
            "{} of {} calls during the outage reached the dependency ({} shed; {} without a \
             breaker); first success {} after recovery, on the paused clock",
            count(with.reached_while_down),
            count(with.outage_calls),
            percent(shed),
            count(without.reached_while_down),
            with.recovered_after
                .map_or("never".to_string(), |d| format!("{} ms", d.as_millis()))
        ),
        shed >= SHED_BOUND && with.recovered_after.is_some_and(|d| d <= RECOVERY_BOUND),
    ));
}

/// The store benchmarks' keys: `per_thread` keys for each of `threads` threads,
/// distinct across threads and across `round`s (so every round's requests run).
pub fn bench_keys(threads: usize, per_thread: usize, round: u64) -> Vec<Vec<String>> {
    (0..threads)
        .map(|t| {
            (0..per_thread)
                .map(|i| format!("r{round}-t{t}-k{i}"))
                .collect()
        })
        .collect()
}

/// Runs `run` on each thread's keys, all threads at once; the elapsed time.
pub fn run_threads(keys: &[Vec<String>], run: &(impl Fn(&[String]) + Sync)) -> Duration {
    let start = std::time::Instant::now();
    std::thread::scope(|s| {
        for k in keys {
            s.spawn(move || run(k));
        }
    });
    start.elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simulations_are_deterministic() {
        assert_eq!(
            simulate_herd(200, 100, 10, Jitter::Full, 5),
            simulate_herd(200, 100, 10, Jitter::Full, 5)
        );
        assert_eq!(simulate_breaker(true), simulate_breaker(true));
    }

    #[test]
    fn without_jitter_the_herd_retries_in_lockstep() {
        // Every client waits 10, 20, 40, 80, 160 ms ...: all 200 call at 0, 10, 30 and 70
        // ms while the service is down, then at 150 ms, where 10 are served and 190 wait
        // 160 ms more, and so on, ten fewer each time: 4 x 200 + (200 + 190 + ... + 10).
        let none = simulate_herd(200, 100, 10, Jitter::None, 5);
        let slices = [0, 1, 3, 7, 15].map(|slice| none.per_slice[slice]);
        assert_eq!(slices, [200; 5], "the calls at 0, 10, 30, 70 and 150 ms");
        assert_eq!(none.calls, 4 * 200 + (10..=200).step_by(10).sum::<usize>());
    }
}
