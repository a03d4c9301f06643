//! The deadlock, for real: two threads call [`Bank::naive_transfer`] in opposite
//! directions until they deadlock, and parking_lot's deadlock detector finds the cycle.
//!
//! Built only with the `deadlock-detection` feature, which turns on parking_lot's
//! `deadlock_detection`: that feature makes every lock and unlock in the process keep
//! books for the detector, so it lives in this one binary instead of every build that
//! uses parking_lot. `cargo lab demo lock-ordering` runs it as a child process:
//!
//! ```text
//! cargo run -p lock-ordering --features deadlock-detection --bin deadlock
//! ```
//!
//! The deadlocked threads can never run again, so the process reports and exits; that
//! is the clean way out of a deadlock. It prints `key=value` lines, which the demo reads:
//! `transfers` (completed before the deadlock), `last_transfer_to_check_us` (from the
//! last completed transfer to the start of the check that found the cycle: an upper
//! bound on how long the deadlock went unnoticed), `report_us` (how long that check
//! took: it captures and symbolises each deadlocked thread's backtrace), `cycles`, and
//! `cycle`, the cycle in words. Exit code 0 when the expected cycle was found, 1 when
//! none formed within the time limit or the cycle was not the expected one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use lock_ordering::Bank;

/// Give up (exit code 1) if no deadlock has formed after this long.
const LIMIT: Duration = Duration::from_secs(20);
/// How often the detector looks for cycles.
const POLL: Duration = Duration::from_millis(5);

/// One racing thread's record: its name, its direction, and its progress.
struct Racer {
    name: &'static str,
    from: usize,
    to: usize,
    transfers: AtomicU64,
    /// Microseconds from the start to the end of this thread's last completed transfer.
    last_done_us: AtomicU64,
}

fn main() {
    // Accounts 0, 1 and 2; the race is between 1 and 2, as in the question's story.
    let bank = Arc::new(Bank::new(3, 1_000_000));
    let racers = Arc::new([Racer::new("A", 1, 2), Racer::new("B", 2, 1)]);
    let start = Instant::now();
    let ids: Vec<thread::ThreadId> = (0..racers.len())
        .map(|i| {
            let (bank, racers) = (Arc::clone(&bank), Arc::clone(&racers));
            thread::Builder::new()
                .name(format!("racer {}", racers[i].name))
                .spawn(move || {
                    let racer = &racers[i];
                    loop {
                        // Refused for lack of funds is fine: the locks were still taken.
                        let _ = bank.naive_transfer(racer.from, racer.to, 1);
                        racer.transfers.fetch_add(1, Ordering::Relaxed);
                        racer
                            .last_done_us
                            .store(micros(start.elapsed()), Ordering::Relaxed);
                    }
                })
                .expect("spawning a thread")
                .thread()
                .id()
        })
        .collect();

    loop {
        thread::sleep(POLL);
        let checked_us = micros(start.elapsed());
        let cycles = parking_lot::deadlock::check_deadlock();
        let detected_us = micros(start.elapsed());
        if cycles.is_empty() {
            if start.elapsed() > LIMIT {
                println!("error=no deadlock formed within {LIMIT:?}");
                std::process::exit(1);
            }
            continue;
        }
        let last_done = racers
            .iter()
            .map(|r| r.last_done_us.load(Ordering::Relaxed))
            .max()
            .unwrap_or(0);
        let transfers: u64 = racers
            .iter()
            .map(|r| r.transfers.load(Ordering::Relaxed))
            .sum();
        println!("transfers={transfers}");
        println!(
            "last_transfer_to_check_us={}",
            checked_us.saturating_sub(last_done)
        );
        println!("report_us={}", detected_us - checked_us);
        println!("cycles={}", cycles.len());
        // The racers each only ever run their one transfer, so a racer stuck in the
        // cycle is inside `naive_transfer(from, to)`: holding `from`, waiting for `to`.
        let mut in_cycle: Vec<&Racer> = cycles[0]
            .iter()
            .filter_map(|t| {
                let i = ids.iter().position(|&id| id == t.thread_id())?;
                Some(&racers[i])
            })
            .collect();
        in_cycle.sort_by_key(|r| r.name);
        if cycles.len() != 1 || cycles[0].len() != 2 || in_cycle.len() != 2 {
            println!(
                "error=expected one cycle of racers A and B, found {} cycle(s), the first of {} thread(s)",
                cycles.len(),
                cycles[0].len()
            );
            std::process::exit(1);
        }
        let (a, b) = (in_cycle[0], in_cycle[1]);
        println!(
            "cycle=thread {} holds account {} and waits for account {}; thread {} holds {} and waits for {}",
            a.name, a.from, a.to, b.name, b.from, b.to
        );
        // The two racers are parked forever; ending the process is the only way out.
        std::process::exit(0);
    }
}

impl Racer {
    fn new(name: &'static str, from: usize, to: usize) -> Self {
        Racer {
            name,
            from,
            to,
            transfers: AtomicU64::new(0),
            last_done_us: AtomicU64::new(0),
        }
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}
