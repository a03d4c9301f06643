//! A flaky test and its fix, both on tokio's paused clock so the race is replayed
//! exactly under a seed.
//!
//! The code under test hands a job to a background task, which finishes after a delay
//! the scheduler decides: usually 1-5 ms, but now and then (a GC pause, a busy CI
//! machine, a descheduled thread) 11-60 ms. The flaky test waits with a fixed
//! `sleep(10 ms)` and then checks the result; the fixed test waits for the result
//! itself (a channel, with a generous timeout). Both run on a paused clock, where
//! timers fire in virtual-time order: the race between the sleep and the job is
//! decided by the seeded delay alone, so the failures are counted, not sampled.

use std::time::Duration;

use rand::{Rng, RngExt};
use tokio::sync::oneshot;
use tokio::time::{sleep, timeout};

/// How long the flaky test sleeps before it looks.
pub const FLAKY_SLEEP: Duration = Duration::from_millis(10);
/// One run in this many has the scheduler hiccup (2%).
pub const HICCUP_ONE_IN: u32 = 50;

/// The background job's delay for one run: 1-5 ms, or 11-60 ms on a hiccup.
pub fn job_delay(rng: &mut impl Rng) -> Duration {
    if rng.random_range(0..HICCUP_ONE_IN) == 0 {
        Duration::from_millis(rng.random_range(11..=60))
    } else {
        Duration::from_micros(rng.random_range(1_000..=5_000))
    }
}

fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a current-thread runtime builds")
}

/// The flaky test: start the job, sleep [`FLAKY_SLEEP`], check. `true` when it passes.
pub fn flaky_test(delay: Duration) -> bool {
    paused_runtime().block_on(async move {
        let (tx, mut rx) = oneshot::channel();
        tokio::spawn(async move {
            sleep(delay).await;
            let _ = tx.send(42u32);
        });
        sleep(FLAKY_SLEEP).await;
        rx.try_recv() == Ok(42)
    })
}

/// The fixed test: start the job, wait for its result (up to 5 s of virtual time,
/// which costs no real time). `true` when it passes.
pub fn fixed_test(delay: Duration) -> bool {
    paused_runtime().block_on(async move {
        let (tx, rx) = oneshot::channel();
        tokio::spawn(async move {
            sleep(delay).await;
            let _ = tx.send(42u32);
        });
        matches!(timeout(Duration::from_secs(5), rx).await, Ok(Ok(42)))
    })
}

/// Failures of each test over `runs` seeded runs: `(flaky, fixed)`.
pub fn failures(runs: usize, rng: &mut impl Rng) -> (usize, usize) {
    let mut flaky = 0;
    let mut fixed = 0;
    for _ in 0..runs {
        let delay = job_delay(rng);
        flaky += usize::from(!flaky_test(delay));
        fixed += usize::from(!fixed_test(delay));
    }
    (flaky, fixed)
}
