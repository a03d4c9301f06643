//! The demo: measurements that back the answer to question 3.
//!
//! 1. **Three clients, one service.** `size` requests to a loopback service that
//!    answers after 20 ms. Counted, on tokio's paused clock with the contract's fake
//!    service: `fetch_all` with a limit of 100 runs the calls in ⌈n / 100⌉ rounds with
//!    exactly 100 in flight, where one at a time takes n × 20 ms. Then over real
//!    sockets: every request answered, none above its client's limit (counted), and
//!    the wall times against the ideal (timed, re-measured): sequential ≈ n × 20 ms,
//!    measured on 25 requests and scaled, because 1,000 would take 20 s; async and
//!    threads, 100 at a time, ≈ ⌈n / 100⌉ × 20 ms.
//! 2. **Memory per waiting request.** The request future's `size_of_val` (exact)
//!    against a thread's 2 MiB stack reservation; beside it, the memory 100 parked
//!    threads commit, read from /proc/self/status where it exists.
//! 3. **CPU-bound work.** Eight tasks of pure computation on one async thread: each
//!    runs to its end in its first poll (counted: 8 polls), so async overlaps nothing
//!    and the total time is the sequential loop's (timed).
//! 4. **Blocking inside async.** On a single-threaded runtime, a 1 ms heartbeat task
//!    does not tick once during a 100 ms `std::thread::sleep` in another task
//!    (counted); its worst lateness rises from about 1 ms to about 100 ms, and
//!    `spawn_blocking` brings it back (timed).
//! 5. **Backpressure.** A producer at 1 item/ms and a consumer at 1 item/5 ms, on the
//!    paused clock: the unbounded queue's peak length grows with the burst, a bounded
//!    queue of 32 caps it and slows the producer to the consumer's pace (counted).
//! 6. **202 Accepted.** A job endpoint on loopback TCP that enqueues and answers 202,
//!    four workers behind it: every job accepted and done once (counted); under a
//!    burst, accept latency stays flat while completion latency multiplies (timed, p50
//!    and p99 of both).

use std::future::Future;
use std::hint::black_box;
use std::io;
use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use evidence::format::{count, times};
use evidence::{Claim, DemoConfig, Report, Table};
use sync_async_contract::{FakeService, paused_runtime};

use crate::fetch_all;
use crate::service::{Service, concurrent, request, sequential, threads};

/// Part 1: each request's latency and the concurrency of the async and thread clients.
const LATENCY: Duration = Duration::from_millis(20);
const LIMIT: usize = 100;
/// Part 1: how many requests the sequential client sends (then scaled to `size`).
const SEQUENTIAL_SAMPLE: u64 = 25;
/// Part 1: the margins of the timed claims, as multiples of the ideal time.
const SEQUENTIAL_MARGIN: f64 = 1.5;
const CONCURRENT_MARGIN: f64 = 3.0;
/// Part 1: a generous timeout per async call: it only turns a hang into an error.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Part 2: a thread's default stack, per the `std::thread` docs (`RUST_MIN_STACK`
/// changes it).
const THREAD_STACK: u64 = 2 * 1024 * 1024;
const PARKED_THREADS: usize = 100;
/// Part 3: the CPU-bound tasks and the work in each.
const CPU_TASKS: u64 = 8;
const CPU_STEPS: u64 = 4_000_000;
/// Part 3: the async run may be at most this much slower, and must not be faster than
/// this fraction of the sequential time (it gains nothing).
const CPU_BAND: (f64, f64) = (0.7, 1.5);
/// Part 4: the heartbeat's period, the blocking call, how long each run lasts.
const TICK: Duration = Duration::from_millis(1);
const BLOCK: Duration = Duration::from_millis(100);
const HEARTBEAT_RUN: Duration = Duration::from_millis(160);
/// Part 5: the producer's and consumer's pace, the bounded queue's capacity.
const PRODUCE_EVERY: Duration = Duration::from_millis(1);
const CONSUME_EVERY: Duration = Duration::from_millis(5);
const BOUND: usize = 32;
/// Part 6: workers, the time a job takes, the gap between steady arrivals.
const WORKERS: usize = 4;
const JOB_TIME: Duration = Duration::from_millis(10);
const STEADY_GAP: Duration = Duration::from_millis(4);

/// Runs the demo; `config.size` is the number of requests in part 1 (and a tenth of it,
/// 60 to 200, the jobs in part 6).
///
/// # Panics
///
/// When the loopback service or a runtime cannot be started (no sockets, no threads):
/// the demo has nothing to measure then.
pub fn run(config: &DemoConfig) -> Report {
    let n = config.size as u64;
    let mut report = Report::new(
        "sync-async",
        format!(
            "{} requests of {} ms: sequential, thread per request and async; blocking, CPU work, backpressure and 202",
            count(n),
            LATENCY.as_millis()
        ),
    );
    clients(n, &mut report);
    memory(&mut report);
    cpu_bound(config.seed, &mut report);
    blocking(&mut report);
    backpressure(n, &mut report);
    jobs(config, &mut report);
    report
}

// ---------------------------------------------------------------------------------
// Part 1: three clients

/// Virtual time and peak concurrency of `n` fake calls of [`LATENCY`] at `limit`.
fn virtual_fan_out(n: u64, limit: usize) -> (u128, u64) {
    paused_runtime().block_on(async {
        let service = FakeService::new();
        let start = tokio::time::Instant::now();
        let limit = NonZeroUsize::new(limit).expect("limits are at least 1");
        fetch_all(0..n, limit, CALL_TIMEOUT, |i| service.call(i, LATENCY)).await;
        (start.elapsed().as_millis(), service.stats().max_in_flight)
    })
}

/// What one real run of the three clients measured.
struct ClientRun {
    sequential: (Duration, u64, u64),
    threads: (Duration, u64, u64, usize),
    asynchronous: (Duration, u64, u64, usize),
}

fn run_clients(n: u64) -> io::Result<ClientRun> {
    let limit = NonZeroUsize::new(LIMIT).expect("LIMIT is not zero");
    let sample = SEQUENTIAL_SAMPLE.min(n);
    let service = Service::start(LATENCY)?;
    let addr = service.addr();

    let start = Instant::now();
    sequential(addr, sample)?;
    let sequential = (start.elapsed(), service.served(), service.max_in_flight());
    service.reset_max();

    let start = Instant::now();
    let (answers, most_threads) = threads(addr, n, limit)?;
    let threads = (
        start.elapsed(),
        service.served(),
        service.max_in_flight(),
        most_threads,
    );
    debug_assert_eq!(answers.len() as u64, n);
    service.reset_max();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let start = Instant::now();
    let answers = runtime.block_on(concurrent(addr, n, limit, CALL_TIMEOUT));
    let elapsed = start.elapsed();
    let ok = answers.iter().filter(|a| matches!(a, Ok(Ok(_)))).count();
    let asynchronous = (elapsed, service.served(), service.max_in_flight(), ok);
    Ok(ClientRun {
        sequential,
        threads,
        asynchronous,
    })
}

fn clients(n: u64, report: &mut Report) {
    let rounds = n.div_ceil(LIMIT as u64);
    let (seq_virtual, seq_max) = virtual_fan_out(n, 1);
    let (async_virtual, async_max) = virtual_fan_out(n, LIMIT);
    let expected_max = n.min(LIMIT as u64);
    report.claims.push(Claim::new(
        format!(
            "on a paused clock, fetch_all with a limit of {LIMIT} runs {} calls of {} ms in \
             ⌈n / {LIMIT}⌉ = {rounds} rounds with {LIMIT} in flight; one at a time takes n × {} ms",
            count(n),
            LATENCY.as_millis(),
            LATENCY.as_millis()
        ),
        format!(
            "limit {LIMIT}: {} virtual ms, at most {async_max} in flight; limit 1: {} virtual ms, at most {seq_max}",
            count(async_virtual as u64),
            count(seq_virtual as u64)
        ),
        async_virtual == u128::from(rounds) * LATENCY.as_millis()
            && async_max == expected_max
            && seq_virtual == u128::from(n) * LATENCY.as_millis()
            && seq_max == 1,
    ));

    let first = run_clients(n).expect("the loopback service and its clients run");
    let sample = SEQUENTIAL_SAMPLE.min(n);
    let (_, seq_served, seq_peak) = first.sequential;
    let (_, thr_served, thr_peak, thr_alive) = first.threads;
    let (_, asy_served, asy_peak, asy_ok) = first.asynchronous;
    report.claims.push(Claim::new(
        format!(
            "over loopback TCP, every request is answered and none of the clients has more in \
             flight than it allows: sequential 1, threads and async {LIMIT}"
        ),
        format!(
            "answered: sequential {}/{}, threads {}/{}, async {}/{} ({} Ok); every peak within its limit: {}",
            count(seq_served),
            count(sample),
            count(thr_served),
            count(n),
            count(asy_served),
            count(n),
            count(asy_ok as u64),
            if seq_peak == 1 && thr_peak <= LIMIT as u64 && asy_peak <= LIMIT as u64 && thr_alive <= LIMIT {
                "yes"
            } else {
                "no"
            }
        ),
        seq_served == sample
            && thr_served == n
            && asy_served == n
            && asy_ok as u64 == n
            && seq_peak == 1
            && thr_peak <= LIMIT as u64
            && asy_peak <= LIMIT as u64
            && thr_alive <= LIMIT,
    ));

    let ideal_seq = LATENCY * n as u32;
    let ideal_conc = LATENCY * rounds as u32;
    let mut last = Some(first);
    let mut measured: Option<ClientRun> = None;
    let take = |last: &mut Option<ClientRun>| -> ClientRun {
        last.take()
            .unwrap_or_else(|| run_clients(n).expect("the loopback service and its clients run"))
    };
    let scale = n as f64 / sample as f64;
    report.claims.push(Claim::timed(
        format!(
            "sequential blocking calls take about n × {} ms ({} s for {} requests), within \
             {SEQUENTIAL_MARGIN}x; measured on {sample} requests and scaled by {}, since the \
             whole run would take that long",
            LATENCY.as_millis(),
            ideal_seq.as_secs_f64(),
            count(n),
            times(scale)
        ),
        || {
            let run = take(&mut last);
            let scaled = run.sequential.0.as_secs_f64() * scale;
            let ratio = scaled / ideal_seq.as_secs_f64();
            let text = format!(
                "{sample} requests in {:.0} ms, scaled to {:.2} s: {} the ideal",
                run.sequential.0.as_secs_f64() * 1e3,
                scaled,
                times(ratio)
            );
            measured = Some(run);
            (text, (1.0..=SEQUENTIAL_MARGIN).contains(&ratio))
        },
    ));
    let mut again = measured.take();
    report.claims.push(Claim::timed(
        format!(
            "async with a limit of {LIMIT} takes about ⌈n / {LIMIT}⌉ × {} ms = {} ms, within \
             {CONCURRENT_MARGIN}x, on one thread; a thread per request, {LIMIT} alive at most, \
             takes about the same",
            LATENCY.as_millis(),
            ideal_conc.as_millis()
        ),
        || {
            let run = again.take().unwrap_or_else(|| {
                run_clients(n).expect("the loopback service and its clients run")
            });
            let a = run.asynchronous.0.as_secs_f64() / ideal_conc.as_secs_f64();
            let t = run.threads.0.as_secs_f64() / ideal_conc.as_secs_f64();
            let text = format!(
                "async {:.0} ms ({} the ideal), threads {:.0} ms ({})",
                run.asynchronous.0.as_secs_f64() * 1e3,
                times(a),
                run.threads.0.as_secs_f64() * 1e3,
                times(t)
            );
            measured = Some(run);
            (
                text,
                (1.0..=CONCURRENT_MARGIN).contains(&a) && (1.0..=CONCURRENT_MARGIN).contains(&t),
            )
        },
    ));

    let mut table = Table::new(
        format!(
            "{} requests of {} ms to a loopback service",
            count(n),
            LATENCY.as_millis()
        ),
        [
            "client",
            "threads",
            "most in flight at the service",
            "time",
            "ideal",
        ],
    );
    table.push([
        "fetch_all, limit 1, paused clock".to_string(),
        "1".into(),
        seq_max.to_string(),
        format!("{} ms virtual", count(seq_virtual as u64)),
        format!("{} ms", count(n * LATENCY.as_millis() as u64)),
    ]);
    table.push([
        format!("fetch_all, limit {LIMIT}, paused clock"),
        "1".into(),
        async_max.to_string(),
        format!("{} ms virtual", count(async_virtual as u64)),
        format!("{} ms", count(rounds * LATENCY.as_millis() as u64)),
    ]);
    match measured {
        Some(run) => {
            table.push([
                format!("sequential, std TcpStream ({sample} sent, scaled)"),
                "1".into(),
                run.sequential.2.to_string(),
                format!(
                    "{} ms",
                    count((run.sequential.0.as_secs_f64() * 1e3 * scale) as u64)
                ),
                format!("{} ms", count(ideal_seq.as_millis() as u64)),
            ]);
            table.push([
                format!("thread per request, {LIMIT} alive at most"),
                format!("{} ({} at once)", count(n), run.threads.3),
                run.threads.2.to_string(),
                format!("{:.0} ms", run.threads.0.as_secs_f64() * 1e3),
                format!("{} ms", ideal_conc.as_millis()),
            ]);
            table.push([
                format!("async, fetch_all limit {LIMIT}"),
                "1".into(),
                run.asynchronous.2.to_string(),
                format!("{:.0} ms", run.asynchronous.0.as_secs_f64() * 1e3),
                format!("{} ms", ideal_conc.as_millis()),
            ]);
        }
        None => table.push([
            "loopback clients".to_string(),
            "-".into(),
            "-".into(),
            "not measured in this run".into(),
            "-".into(),
        ]),
    }
    report.tables.push(table);
}

// ---------------------------------------------------------------------------------
// Part 2: memory per waiting request

/// Virtual and resident memory of this process, in bytes, from /proc/self/status.
fn proc_memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    };
    Some((field("VmSize:")?, field("VmRSS:")?))
}

/// Memory per parked thread: (reserved, committed) bytes, where /proc exists.
fn parked_thread_memory() -> Option<(u64, u64)> {
    let before = proc_memory()?;
    let barrier = Arc::new(std::sync::Barrier::new(PARKED_THREADS + 1));
    let release = Arc::new(std::sync::Barrier::new(PARKED_THREADS + 1));
    let handles: Vec<_> = (0..PARKED_THREADS)
        .map(|_| {
            let (barrier, release) = (Arc::clone(&barrier), Arc::clone(&release));
            std::thread::spawn(move || {
                barrier.wait();
                release.wait();
            })
        })
        .collect();
    barrier.wait();
    let during = proc_memory();
    release.wait();
    for h in handles {
        let _ = h.join();
    }
    let during = during?;
    let per = |a: u64, b: u64| a.saturating_sub(b) / PARKED_THREADS as u64;
    Some((per(during.0, before.0), per(during.1, before.1)))
}

fn memory(report: &mut Report) {
    let addr = SocketAddr::from(([127, 0, 0, 1], 9));
    // Never polled, so it never connects: only its size is read.
    let future_bytes = std::mem::size_of_val(&request(addr, 0)) as u64;
    let ratio = THREAD_STACK / future_bytes.max(1);
    report.claims.push(Claim::new(
        "a waiting async request costs its future's bytes, a waiting blocking request a whole \
         thread: the future is at least 1,000 times smaller than a thread's 2 MiB stack \
         reservation",
        format!(
            "size_of_val(request future) = {} bytes; 2 MiB / {} = {}x",
            count(future_bytes),
            count(future_bytes),
            count(ratio)
        ),
        ratio >= 1_000,
    ));
    let mut table = Table::new(
        "memory per waiting request",
        ["what", "bytes", "how it was measured"],
    );
    table.push([
        "async: the request future".to_string(),
        count(future_bytes),
        "size_of_val, exact".into(),
    ]);
    table.push([
        "thread: stack reservation".to_string(),
        count(THREAD_STACK),
        "std::thread's default (RUST_MIN_STACK changes it)".into(),
    ]);
    match parked_thread_memory() {
        Some((reserved, committed)) => {
            table.push([
                format!("thread: virtual memory per parked thread ({PARKED_THREADS} parked)"),
                count(reserved),
                "VmSize delta / threads, /proc/self/status".into(),
            ]);
            table.push([
                format!("thread: committed memory per parked thread ({PARKED_THREADS} parked)"),
                count(committed),
                "VmRSS delta / threads, /proc/self/status".into(),
            ]);
        }
        None => report
            .notes
            .push("/proc/self/status is not available here: the committed memory of parked threads is not measured".into()),
    }
    report.tables.push(table);
    report.notes.push(
        "A thread's 2 MiB stack is a reservation: the kernel commits pages only as the thread \
         touches them, so a parked thread's resident cost is a few KiB (the table, where /proc \
         exists), still well above a future's bytes; the reservation is what runs out of \
         address space and `ulimit -v` first, and every thread is also kernel state and a \
         context switch per wake-up."
            .into(),
    );
}

// ---------------------------------------------------------------------------------
// Part 3: CPU-bound work

/// Pure computation: `CPU_STEPS` rounds of a xorshift, seeded by `seed`.
fn crunch(seed: u64) -> u64 {
    let mut x = seed | 1;
    for _ in 0..CPU_STEPS {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

/// Counts how many times the future inside was polled.
struct CountPolls<F> {
    inner: Pin<Box<F>>,
    polls: Arc<AtomicU64>,
}

impl<F: Future> Future for CountPolls<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.fetch_add(1, Ordering::Relaxed);
        self.inner.as_mut().poll(cx)
    }
}

/// Runs the CPU tasks on a current-thread runtime: (time, polls, checksum).
fn cpu_async(seed: u64) -> (Duration, u64, u64) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    let polls = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let sum = runtime.block_on(async {
        let handles: Vec<_> = (0..CPU_TASKS)
            .map(|i| {
                tokio::spawn(CountPolls {
                    inner: Box::pin(async move { crunch(black_box(seed + i)) }),
                    polls: Arc::clone(&polls),
                })
            })
            .collect();
        let mut sum = 0u64;
        for h in handles {
            sum = sum.wrapping_add(h.await.expect("crunch does not panic"));
        }
        sum
    });
    (start.elapsed(), polls.load(Ordering::Relaxed), sum)
}

fn cpu_sequential(seed: u64) -> (Duration, u64) {
    let start = Instant::now();
    let sum = (0..CPU_TASKS).fold(0u64, |s, i| s.wrapping_add(crunch(black_box(seed + i))));
    (start.elapsed(), sum)
}

/// `seed` picks the CPU tasks' inputs (the rest of the demo draws nothing at random:
/// its workloads are fixed rates and sizes).
fn cpu_bound(seed: u64, report: &mut Report) {
    // The poll count is measured on the real computing tasks (a few tens of ms): a
    // task whose work has no `.await` in it cannot give its thread back, so each one
    // is polled once, however long it computes. A task that awaited inside its loop
    // would be polled once per await, and the count would show it.
    let (_, polls, _) = cpu_async(seed);
    report.claims.push(Claim::new(
        format!(
            "async cannot overlap CPU-bound work: each of {CPU_TASKS} computing tasks runs to its end in its first poll"
        ),
        format!("{CPU_TASKS} tasks, {polls} polls"),
        polls == CPU_TASKS,
    ));
    let mut rows = None;
    report.claims.push(Claim::timed(
        format!(
            "so CPU-bound work gains nothing from async: {CPU_TASKS} tasks on one async thread take the \
             sequential loop's time ({}x to {}x of it)",
            CPU_BAND.0, CPU_BAND.1
        ),
        || {
            // The better of two runs each, alternating, so a neighbour's burst or a cold
            // cache does not land on one side only.
            let (seq1, seq_sum) = cpu_sequential(seed);
            let (asy1, polls, asy_sum) = cpu_async(seed);
            let (seq2, _) = cpu_sequential(seed);
            let (asy2, _, _) = cpu_async(seed);
            let (seq, asy) = (seq1.min(seq2), asy1.min(asy2));
            let ratio = asy.as_secs_f64() / seq.as_secs_f64();
            rows = Some((seq, asy, polls));
            (
                format!(
                    "sequential {:.0} ms, async {:.0} ms: {}",
                    seq.as_secs_f64() * 1e3,
                    asy.as_secs_f64() * 1e3,
                    times(ratio)
                ),
                seq_sum == asy_sum && (CPU_BAND.0..=CPU_BAND.1).contains(&ratio),
            )
        },
    ));
    if let Some((seq, asy, polls)) = rows {
        report.tables.push(
            Table::new(
                format!(
                    "{CPU_TASKS} CPU-bound tasks of {} xorshift steps",
                    count(CPU_STEPS)
                ),
                ["run", "polls", "time"],
            )
            .row([
                "a loop on one thread".to_string(),
                "-".into(),
                format!("{:.0} ms", seq.as_secs_f64() * 1e3),
            ])
            .row([
                "tasks on a current-thread runtime".to_string(),
                polls.to_string(),
                format!("{:.0} ms", asy.as_secs_f64() * 1e3),
            ]),
        );
    }
}

// ---------------------------------------------------------------------------------
// Part 4: a blocking call inside async

#[derive(Clone, Copy, PartialEq, Eq)]
enum Neighbour {
    /// Another task that waits asynchronously for BLOCK.
    Awaits,
    /// Another task that calls `std::thread::sleep(BLOCK)`.
    Blocks,
    /// Another task that hands `std::thread::sleep(BLOCK)` to `spawn_blocking`.
    SpawnsBlocking,
}

/// A 1 ms heartbeat for HEARTBEAT_RUN beside `neighbour`, on a current-thread runtime:
/// (worst lateness, ticks while the neighbour waited or blocked).
fn heartbeat(neighbour: Neighbour) -> (Duration, u64) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime");
    runtime.block_on(async move {
        let ticks = Arc::new(AtomicU64::new(0));
        let start = tokio::time::Instant::now();
        let beats = Arc::clone(&ticks);
        let heart = tokio::spawn(async move {
            let mut worst = Duration::ZERO;
            let mut k = 1;
            while TICK * k <= HEARTBEAT_RUN {
                let due = start + TICK * k;
                tokio::time::sleep_until(due).await;
                worst = worst.max(tokio::time::Instant::now() - due);
                beats.fetch_add(1, Ordering::SeqCst);
                k += 1;
            }
            worst
        });
        let other = tokio::spawn({
            let ticks = Arc::clone(&ticks);
            async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                let before = ticks.load(Ordering::SeqCst);
                match neighbour {
                    Neighbour::Awaits => tokio::time::sleep(BLOCK).await,
                    Neighbour::Blocks => std::thread::sleep(BLOCK),
                    Neighbour::SpawnsBlocking => {
                        tokio::task::spawn_blocking(|| std::thread::sleep(BLOCK))
                            .await
                            .expect("a sleep does not panic");
                    }
                }
                ticks.load(Ordering::SeqCst) - before
            }
        });
        let worst = heart.await.expect("the heartbeat does not panic");
        let during = other.await.expect("the neighbour does not panic");
        (worst, during)
    })
}

fn blocking(report: &mut Report) {
    let (_, during_block) = heartbeat(Neighbour::Blocks);
    report.claims.push(Claim::new(
        format!(
            "a blocking call inside a task on a single-threaded runtime stops every other task: a 1 ms heartbeat does not tick during a {} ms std::thread::sleep",
            BLOCK.as_millis()
        ),
        format!("heartbeat ticks during the blocking call: {during_block}"),
        during_block == 0,
    ));
    let mut rows = None;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    report.claims.push(Claim::timed(
        format!(
            "the heartbeat's worst lateness is about 1 ms beside an awaiting task, about the \
             blocking time ({} ms) beside a blocking one, and about 1 ms again with spawn_blocking \
             (bounds: under {} ms, at least {} ms, under {} ms)",
            BLOCK.as_millis(),
            BLOCK.as_millis() / 5,
            BLOCK.as_millis() * 4 / 5,
            BLOCK.as_millis() / 5
        ),
        || {
            let (awaits, a_ticks) = heartbeat(Neighbour::Awaits);
            let (blocks, b_ticks) = heartbeat(Neighbour::Blocks);
            let (spawned, s_ticks) = heartbeat(Neighbour::SpawnsBlocking);
            rows = Some([(awaits, a_ticks), (blocks, b_ticks), (spawned, s_ticks)]);
            (
                format!(
                    "worst lateness: awaiting {:.1} ms, blocking {:.1} ms, spawn_blocking {:.1} ms",
                    ms(awaits),
                    ms(blocks),
                    ms(spawned)
                ),
                awaits < BLOCK / 5 && blocks >= BLOCK * 4 / 5 && spawned < BLOCK / 5,
            )
        },
    ));
    if let Some(rows) = rows {
        let mut table = Table::new(
            format!(
                "a 1 ms heartbeat on a current-thread runtime beside a task that waits {} ms",
                BLOCK.as_millis()
            ),
            [
                "the other task",
                "heartbeat ticks while it waited",
                "worst lateness",
            ],
        );
        let names = [
            "tokio::time::sleep(...).await",
            "std::thread::sleep(...)",
            "spawn_blocking(std::thread::sleep(...)).await",
        ];
        for (name, (worst, ticks)) in names.iter().zip(rows) {
            table.push([
                name.to_string(),
                ticks.to_string(),
                format!("{:.1} ms", ms(worst)),
            ]);
        }
        report.tables.push(table);
    }
}

// ---------------------------------------------------------------------------------
// Part 5: backpressure

/// A producer sending `items` at PRODUCE_EVERY and a consumer taking one per
/// CONSUME_EVERY, on a paused clock: (peak queue length, virtual ms until the producer
/// sent its last item). `bound` None is an unbounded channel.
fn queue_run(items: u64, bound: Option<usize>) -> (u64, u128) {
    paused_runtime().block_on(async move {
        let queued = Arc::new(AtomicU64::new(0));
        let start = tokio::time::Instant::now();
        let consumer_queued = Arc::clone(&queued);
        enum Tx {
            Unbounded(tokio::sync::mpsc::UnboundedSender<u64>),
            Bounded(tokio::sync::mpsc::Sender<u64>),
        }
        enum Rx {
            Unbounded(tokio::sync::mpsc::UnboundedReceiver<u64>),
            Bounded(tokio::sync::mpsc::Receiver<u64>),
        }
        let (tx, mut rx) = match bound {
            None => {
                let (t, r) = tokio::sync::mpsc::unbounded_channel();
                (Tx::Unbounded(t), Rx::Unbounded(r))
            }
            Some(b) => {
                let (t, r) = tokio::sync::mpsc::channel(b);
                (Tx::Bounded(t), Rx::Bounded(r))
            }
        };
        let consumer = tokio::spawn(async move {
            loop {
                let got = match &mut rx {
                    Rx::Unbounded(r) => r.recv().await,
                    Rx::Bounded(r) => r.recv().await,
                };
                if got.is_none() {
                    return;
                }
                consumer_queued.fetch_sub(1, Ordering::SeqCst);
                tokio::time::sleep(CONSUME_EVERY).await;
            }
        });
        let mut peak = 0;
        for i in 0..items {
            // Counted before the send: a bounded send that waits holds its item, which
            // is not in the queue yet, so count it once the send returns.
            let sent = match &tx {
                Tx::Unbounded(t) => t.send(i).is_ok(),
                Tx::Bounded(t) => t.send(i).await.is_ok(),
            };
            if sent {
                let now = queued.fetch_add(1, Ordering::SeqCst) + 1;
                peak = peak.max(now);
            }
            tokio::time::sleep(PRODUCE_EVERY).await;
        }
        let produced_by = start.elapsed().as_millis();
        drop(tx);
        let _ = consumer.await;
        (peak, produced_by)
    })
}

fn backpressure(n: u64, report: &mut Report) {
    let half = n / 2;
    let (unbounded_half, _) = queue_run(half, None);
    let (unbounded_full, unbounded_done) = queue_run(n, None);
    let (bounded_half, _) = queue_run(half, Some(BOUND));
    let (bounded_full, bounded_done) = queue_run(n, Some(BOUND));
    let pace = |d: Duration| d.as_millis() as u64;
    report.claims.push(Claim::new(
        format!(
            "with a producer at 1 item/{} ms and a consumer at 1 item/{} ms, an unbounded queue grows \
             with the burst (about 80% of it), while a bounded queue of {BOUND} caps it and slows \
             the producer to the consumer's pace",
            pace(PRODUCE_EVERY),
            pace(CONSUME_EVERY)
        ),
        format!(
            "peak length: unbounded {} after {} items, {} after {}; bounded {} and {}; producer done \
             after {} virtual ms unbounded, {} bounded",
            count(unbounded_half),
            count(half),
            count(unbounded_full),
            count(n),
            count(bounded_half),
            count(bounded_full),
            count(unbounded_done as u64),
            count(bounded_done as u64)
        ),
        unbounded_full >= n * 3 / 4
            && unbounded_half >= half * 3 / 4
            && bounded_full <= BOUND as u64
            && bounded_half <= BOUND as u64
            && bounded_done >= u128::from(n.saturating_sub(BOUND as u64)) * CONSUME_EVERY.as_millis() * 9 / 10,
    ));
    report.tables.push(
        Table::new(
            "a fast producer and a slow consumer (paused clock)",
            ["queue", "items", "peak length", "producer done after"],
        )
        .row([
            "unbounded".to_string(),
            count(half),
            count(unbounded_half),
            "-".into(),
        ])
        .row([
            "unbounded".to_string(),
            count(n),
            count(unbounded_full),
            format!("{} ms", count(unbounded_done as u64)),
        ])
        .row([
            format!("bounded, {BOUND}"),
            count(half),
            count(bounded_half),
            "-".into(),
        ])
        .row([
            format!("bounded, {BOUND}"),
            count(n),
            count(bounded_full),
            format!("{} ms", count(bounded_done as u64)),
        ]),
    );
}

// ---------------------------------------------------------------------------------
// Part 6: 202 Accepted and a worker pool

/// What one job run measured: per job, (accept latency, completion latency).
struct JobRun {
    accepted: u64,
    completed: u64,
    accept: Vec<Duration>,
    complete: Vec<Duration>,
}

/// Runs `jobs` jobs through a 202 endpoint on loopback TCP and WORKERS workers, sent
/// all at once (`burst`) or one per STEADY_GAP.
fn job_run(jobs: u64, burst: bool) -> io::Result<JobRun> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let (queue, inbox) =
            tokio::sync::mpsc::channel::<(u64, tokio::time::Instant)>(jobs as usize + 1);
        let inbox = Arc::new(tokio::sync::Mutex::new(inbox));
        let done = Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut workers = Vec::new();
        for _ in 0..WORKERS {
            let (inbox, done) = (Arc::clone(&inbox), Arc::clone(&done));
            workers.push(tokio::spawn(async move {
                loop {
                    let job = inbox.lock().await.recv().await;
                    let Some((id, _)) = job else { return };
                    tokio::time::sleep(JOB_TIME).await;
                    done.lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((id, tokio::time::Instant::now()));
                }
            }));
        }
        // The endpoint: one connection, a job per line, "202 <id>" per job once queued.
        let endpoint = tokio::spawn(async move {
            let (stream, _) = listener.accept().await?;
            let (read, mut write) = stream.into_split();
            let mut lines = tokio::io::BufReader::new(read).lines();
            let mut accepted = 0u64;
            while let Some(line) = lines.next_line().await? {
                let id: u64 = line
                    .trim()
                    .parse()
                    .map_err(|_| io::Error::other("a job id"))?;
                let status = match queue.try_send((id, tokio::time::Instant::now())) {
                    Ok(()) => {
                        accepted += 1;
                        202
                    }
                    Err(_) => 503,
                };
                write
                    .write_all(format!("{status} {id}\n").as_bytes())
                    .await?;
            }
            io::Result::Ok(accepted)
        });
        let stream = tokio::net::TcpStream::connect(addr).await?;
        let (read, mut write) = stream.into_split();
        let mut replies = tokio::io::BufReader::new(read).lines();
        let mut sent = Vec::with_capacity(jobs as usize);
        let mut accept = Vec::with_capacity(jobs as usize);
        if burst {
            let mut lines = String::new();
            for id in 0..jobs {
                lines.push_str(&format!("{id}\n"));
            }
            let at = tokio::time::Instant::now();
            write.write_all(lines.as_bytes()).await?;
            for _ in 0..jobs {
                sent.push(at);
                replies.next_line().await?;
                accept.push(at.elapsed());
            }
        } else {
            for id in 0..jobs {
                let at = tokio::time::Instant::now();
                write.write_all(format!("{id}\n").as_bytes()).await?;
                sent.push(at);
                replies.next_line().await?;
                accept.push(at.elapsed());
                tokio::time::sleep_until(at + STEADY_GAP).await;
            }
        }
        drop(write);
        let accepted = endpoint.await.map_err(io::Error::other)??;
        for w in workers {
            w.await.map_err(io::Error::other)?;
        }
        let done = std::mem::take(
            &mut *done
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let completed = done.len() as u64;
        let complete = done
            .iter()
            .map(|&(id, at)| at - sent[id as usize])
            .collect();
        Ok(JobRun {
            accepted,
            completed,
            accept,
            complete,
        })
    })
}

/// The q-quantile (0..=1) of `samples`, nearest rank.
fn quantile(samples: &[Duration], q: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn jobs(config: &DemoConfig, report: &mut Report) {
    // At least 60: with fewer, the burst drains in so few rounds of the 4 workers
    // that its completion p99 is not clearly above the steady one.
    let jobs = (config.size as u64 / 10).clamp(60, 200);
    let steady = job_run(jobs, false).expect("the job endpoint runs on loopback");
    let burst = job_run(jobs, true).expect("the job endpoint runs on loopback");
    report.claims.push(Claim::new(
        format!(
            "a 202 endpoint accepts every job and its {WORKERS} workers finish each once, \
             steady or in a burst"
        ),
        format!(
            "steady: {} accepted, {} done of {}; burst: {} accepted, {} done of {}",
            count(steady.accepted),
            count(steady.completed),
            jobs,
            count(burst.accepted),
            count(burst.completed),
            jobs
        ),
        steady.accepted == jobs
            && steady.completed == jobs
            && burst.accepted == jobs
            && burst.completed == jobs,
    ));
    let mut runs = Some((steady, burst));
    let mut shown = None;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    report.claims.push(Claim::timed(
        format!(
            "under a burst of {jobs} jobs, accept latency stays flat (its p99 under a tenth of \
             the burst's completion p50) while completion latency multiplies (p99 at least 5x \
             the steady p99)"
        ),
        || {
            let (steady, burst) = runs.take().unwrap_or_else(|| {
                (
                    job_run(jobs, false).expect("the job endpoint runs on loopback"),
                    job_run(jobs, true).expect("the job endpoint runs on loopback"),
                )
            });
            let s = [quantile(&steady.accept, 0.5), quantile(&steady.accept, 0.99), quantile(&steady.complete, 0.5), quantile(&steady.complete, 0.99)];
            let b = [quantile(&burst.accept, 0.5), quantile(&burst.accept, 0.99), quantile(&burst.complete, 0.5), quantile(&burst.complete, 0.99)];
            shown = Some((s, b));
            (
                format!(
                    "accept p99: steady {:.2} ms, burst {:.2} ms; completion p99: steady {:.1} ms, burst {:.1} ms ({})",
                    ms(s[1]),
                    ms(b[1]),
                    ms(s[3]),
                    ms(b[3]),
                    times(b[3].as_secs_f64() / s[3].as_secs_f64().max(1e-9))
                ),
                b[1] * 10 < b[2] && b[3] >= s[3] * 5,
            )
        },
    ));
    if let Some((s, b)) = shown {
        let mut table = Table::new(
            format!(
                "{jobs} jobs of {} ms through a 202 endpoint and {WORKERS} workers",
                JOB_TIME.as_millis()
            ),
            [
                "arrivals",
                "accept p50",
                "accept p99",
                "completion p50",
                "completion p99",
            ],
        );
        for (name, q) in [
            (format!("steady, one per {} ms", STEADY_GAP.as_millis()), s),
            ("burst, all at once".to_string(), b),
        ] {
            table.push([
                name,
                format!("{:.2} ms", ms(q[0])),
                format!("{:.2} ms", ms(q[1])),
                format!("{:.1} ms", ms(q[2])),
                format!("{:.1} ms", ms(q[3])),
            ]);
        }
        report.tables.push(table);
    }
}
