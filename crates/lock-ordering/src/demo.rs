//! The demo: measurements that back the answer's claims.
//!
//! 1. Locking in argument order deadlocks two threads transferring in opposite
//!    directions, and parking_lot's deadlock detector names the cycle within a second.
//!    This part runs as a child process (the `deadlock` binary, built with the
//!    `deadlock-detection` feature), because a deadlocked thread never runs again:
//!    the child reports and exits, and the demo goes on. Timed: the bound is on the
//!    wall clock, so the child is run again (up to three times) before the claim fails.
//! 2. Locking in a global order (lower id first) completes `--size` transfers on 4
//!    threads, a quarter of them between the same two accounts in both directions,
//!    with the total conserved exactly. Counted: transfers finished, the total before
//!    and after, balances out of range; how long it took, and how many transfers the
//!    interleaving left short of funds, are in a table beside it.
//! 3. Per-account locks against one global lock, on 1, 2 and 4 threads: with a 50 µs
//!    write held inside the critical section, the global lock serialises everything
//!    and per-account locks scale with the threads. Timed: throughput under held locks
//!    has no counted proxy, so the claim is measured again (up to three times) before
//!    it fails, and its bounds are wide (at least 2x on 4 threads, where about 4x is
//!    expected).
//! 4. A counter incremented with a separate load and store loses updates; `fetch_add`
//!    and a mutex lose none; check-then-act withdrawals overdraw an account and a
//!    compare-and-swap withdrawal never does. Counted: lost updates and overdrafts.
//!    How many the racy versions lose depends on the interleaving, so the tables count
//!    them and the claims say only whether any were lost, which the widened races make
//!    certain.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use rand::RngExt;

use evidence::format::{count, nanos, times};
use evidence::measure::best_ns_per_op;
use evidence::{Claim, DemoConfig, Report, Table};
use testkit::watchdog::finished_within;

use crate::races::{Account, atomic_counter, mutex_counter, overdrafts, racy_counter};
use crate::{Bank, GlobalLockBank, Ledger};

/// One transfer of a workload: (from, to, amount).
pub type Transfer = (usize, usize, u64);

/// Claim 1: the detector's check that finds the cycle must begin within this long of the
/// last transfer that completed before the deadlock (it polls every 5 ms). Symbolising
/// the backtraces in its report takes about half a second more in a debug build; the
/// claim reports that time but does not bound it, since it measures the symboliser.
const DETECTION_BOUND: Duration = Duration::from_secs(1);
/// Claim 2 runs on this many threads, over this many accounts.
const THREADS: usize = 4;
const ACCOUNTS: usize = 64;
/// Claim 2 gives up (and fails) after this long: a million ordered transfers take a
/// fraction of a second.
const CONSERVATION_LIMIT: Duration = Duration::from_secs(120);
/// Claim 3: how long each transfer holds its locks for its "write to storage", and how
/// many such transfers each thread makes.
const HELD: Duration = Duration::from_micros(50);
const HELD_PER_THREAD: usize = 200;
/// Claim 3's bounds: per-account locks on 4 threads must move at least this multiple
/// of the global lock's transfers per second (4 threads predict about 4x), and on 1
/// thread the two must be within this factor of each other (both do the same work).
const SCALING_BOUND: f64 = 2.0;
const ONE_THREAD_BOUND: f64 = 1.5;
/// Claim 3's starting balances: enough that no transfer is refused, so both banks do
/// the same work.
const RICH: u64 = 1_000_000_000;
/// Claim 3's accounts: many, so that per-account locks rarely collide.
const HELD_ACCOUNTS: usize = 1_024;
/// Claim 4's racing threads and increments per thread, and withdrawal trials.
const COUNTER_THREADS: usize = 4;
const INCREMENTS: u64 = 20_000;
const WITHDRAWAL_TRIALS: usize = 1_000;

/// Runs the demo; `config.size` is the number of ordered transfers in claim 2.
///
/// # Example
///
/// ```no_run
/// let report = lock_ordering::demo::run(&evidence::DemoConfig { seed: 1, size: 100_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let mut report = Report::new(
        "lock-ordering",
        format!(
            "Deadlocks and races: {} ordered transfers on {THREADS} threads, seed {}",
            count(config.size as u64),
            config.seed
        ),
    );
    naive_deadlocks(&mut report);
    ordered_conserves::<Bank>(config, &mut report);
    per_account_against_global(config, &mut report);
    races(&mut report);
    report
}

/// Each thread's transfers: `per_thread` random transfers over `accounts` accounts
/// with amounts 1 to 99, seeded by `seed` and the thread's index. With `opposing`,
/// every fourth transfer is between accounts 0 and 1, even threads one way and odd
/// threads the other: the pattern that deadlocks argument-order locking.
///
/// # Panics
///
/// With `opposing` and fewer than 2 accounts, or with no accounts at all.
pub fn workloads(
    threads: usize,
    per_thread: usize,
    accounts: usize,
    opposing: bool,
    seed: u64,
) -> Vec<Vec<Transfer>> {
    assert!(
        accounts >= if opposing { 2 } else { 1 },
        "a workload needs accounts to move money between"
    );
    (0..threads)
        .map(|t| {
            let mut rng =
                evidence::workload::rng(seed.wrapping_mul(1_000_003).wrapping_add(t as u64));
            (0..per_thread)
                .map(|i| {
                    let amount = rng.random_range(1..100);
                    if opposing && i % 4 == 0 {
                        if t % 2 == 0 {
                            (0, 1, amount)
                        } else {
                            (1, 0, amount)
                        }
                    } else {
                        (
                            rng.random_range(0..accounts),
                            rng.random_range(0..accounts),
                            amount,
                        )
                    }
                })
                .collect()
        })
        .collect()
}

/// Runs each workload on its own thread, all released at once, calling `transfer` for
/// every transfer; returns how many `transfer` reported done (`true`).
pub fn run_concurrently(
    workloads: &[Vec<Transfer>],
    transfer: &(impl Fn(usize, usize, u64) -> bool + Sync),
) -> usize {
    thread::scope(|s| {
        let handles: Vec<_> = workloads
            .iter()
            .map(|w| {
                s.spawn(move || {
                    w.iter()
                        .filter(|&&(from, to, amount)| transfer(from, to, amount))
                        .count()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a transfer panicked"))
            .sum()
    })
}

/// Claim 1: runs the `deadlock` binary and reads its report; a timed claim, so a run
/// that missed the bound is repeated.
fn naive_deadlocks(report: &mut Report) {
    let statement = "two threads calling naive_transfer in opposite directions deadlock, \
                     and parking_lot's detector finds the cycle within a second";
    report
        .claims
        .push(Claim::timed(statement, || match deadlock_child() {
            Ok(fields) => {
                let number = |key: &str| fields.get(key).and_then(|v| v.parse::<u64>().ok());
                match (
                    number("transfers"),
                    number("last_transfer_to_check_us"),
                    number("report_us"),
                    fields.get("cycle"),
                ) {
                    (Some(transfers), Some(unnoticed_us), Some(report_us), Some(cycle)) => {
                        let unnoticed = Duration::from_micros(unnoticed_us);
                        (
                            format!(
                                "deadlocked after {} completed transfers; the first check \
                                 after the last one found the cycle (it began {:.1} ms after \
                                 that transfer; its report, with both threads' backtraces, \
                                 took {:.0} ms more): {cycle}; the process then exited cleanly",
                                count(transfers),
                                unnoticed.as_secs_f64() * 1e3,
                                report_us as f64 / 1e3,
                            ),
                            unnoticed < DETECTION_BOUND,
                        )
                    }
                    _ => (
                        format!("the deadlock binary's report is incomplete: {fields:?}"),
                        false,
                    ),
                }
            }
            Err(why) => (why, false),
        }));
    report.notes.push(
        "The deadlock runs in a child process (`cargo run -p lock-ordering --features \
         deadlock-detection --bin deadlock`), the only build with parking_lot's \
         `deadlock_detection` on: it makes every lock and unlock keep books for the \
         detector. The first run compiles it."
            .to_string(),
    );
}

/// Builds and runs the `deadlock` binary with cargo; its `key=value` lines.
fn deadlock_child() -> Result<BTreeMap<String, String>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--manifest-path", manifest])
        .args(["--features", "deadlock-detection", "--bin", "deadlock"])
        .output()
        .map_err(|e| format!("could not start cargo to run the deadlock binary: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let fields: BTreeMap<String, String> = stdout
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if let Some(error) = fields.get("error") {
        return Err(format!("the deadlock binary failed: {error}"));
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        return Err(format!(
            "the deadlock binary did not run ({}): {}",
            output.status,
            last.unwrap_or("no message")
        ));
    }
    Ok(fields)
}

/// Claim 2: `config.size` ordered transfers on 4 threads, with opposing pairs, conserve
/// the total and finish.
fn ordered_conserves<L: Ledger + Send + 'static>(config: &DemoConfig, report: &mut Report) {
    const INITIAL: u64 = 1_000_000;
    let per_thread = config.size.div_ceil(THREADS);
    let transfers = per_thread * THREADS;
    let work = workloads(THREADS, per_thread, ACCOUNTS, true, config.seed);
    let bank = Arc::new(L::new(ACCOUNTS, INITIAL));
    let shared = Arc::clone(&bank);
    let start = Instant::now();
    let done = finished_within(CONSERVATION_LIMIT, move || {
        run_concurrently(&work, &|f, t, a| shared.transfer(f, t, a).is_ok())
    });
    let elapsed = start.elapsed();
    let expected = INITIAL * ACCOUNTS as u64;
    let statement = format!(
        "locking in id order, {} transfers on {THREADS} threads (a quarter of them between \
         accounts 0 and 1 in both directions) finish, and the total is conserved exactly",
        count(transfers as u64)
    );
    let Some(succeeded) = done else {
        report.claims.push(Claim::new(
            statement,
            format!("did not finish within {CONSERVATION_LIMIT:?}: a deadlock"),
            false,
        ));
        return;
    };
    let total = bank.total();
    let overdrawn = (0..ACCOUNTS)
        .filter(|&a| bank.balance(a).is_none_or(|b| b > expected))
        .count();
    // Which transfers find too little money depends on how the threads interleave, and
    // the time on the machine: both go in the table, not in the claim.
    report.tables.push(
        Table::new(
            format!(
                "{} transfers in id order on {THREADS} threads over {ACCOUNTS} accounts",
                count(transfers as u64)
            ),
            [
                "went through",
                "refused for lack of funds",
                "time",
                "transfers per second",
            ],
        )
        .row([
            count(succeeded as u64),
            count((transfers - succeeded) as u64),
            nanos(elapsed.as_nanos() as f64),
            format!(
                "{}/s",
                count((transfers as f64 / elapsed.as_secs_f64()) as u64)
            ),
        ]),
    );
    report.claims.push(Claim::new(
        statement,
        format!(
            "all {} transfers finished; total {} before and {} after; {overdrawn} balances \
             out of range",
            count(transfers as u64),
            count(expected),
            count(total),
        ),
        total == expected && overdrawn == 0,
    ));
}

/// Claim 3: per-account locks against one global lock, on 1, 2 and 4 threads, with and
/// without a write held inside the critical section.
fn per_account_against_global(config: &DemoConfig, report: &mut Report) {
    let columns = [
        "threads",
        "per-account locks",
        "one global lock",
        "per-account / global",
    ];
    let mut quick = Table::new(
        "transfers per second, nothing but the move under the lock",
        columns,
    );
    let per_thread_quick = (config.size / 10).clamp(10_000, 200_000);
    for threads in [1, 2, 4] {
        let work = workloads(threads, per_thread_quick, ACCOUNTS, true, config.seed);
        let bank = Bank::new(ACCOUNTS, RICH);
        let global = GlobalLockBank::new(ACCOUNTS, RICH);
        let a = transfers_per_second(3, &work, |f, t, amount| bank.transfer(f, t, amount).is_ok());
        let g = transfers_per_second(3, &work, |f, t, amount| {
            global.transfer(f, t, amount).is_ok()
        });
        quick.push(row(threads, a, g));
    }
    report.tables.push(quick);

    // The claim is about throughput with locks held across a sleep: time, with no
    // counted proxy. Each attempt measures the whole held-write table afresh; the
    // report keeps the last one, the one the claim's verdict rests on.
    let mut held = None;
    let claim = Claim::timed(
        format!(
            "with a {} µs write held under the lock, per-account locks on 4 threads move at \
             least {} the transfers per second of one global lock, and on 1 thread the two \
             are within {}",
            HELD.as_micros(),
            times(SCALING_BOUND),
            times(ONE_THREAD_BOUND)
        ),
        || {
            let (table, ratios) = held_write_table(config.seed, columns);
            held = Some(table);
            let (one, two, four) = (ratios[0], ratios[1], ratios[2]);
            (
                format!(
                    "per-account / global: {} on 1 thread, {} on 2, {} on 4",
                    times(one),
                    times(two),
                    times(four)
                ),
                four >= SCALING_BOUND && (1.0 / ONE_THREAD_BOUND..=ONE_THREAD_BOUND).contains(&one),
            )
        },
    );
    report.tables.extend(held);
    report.claims.push(claim);
    report.notes.push(
        "With nothing but the move under the lock (tens of nanoseconds), one global lock \
         keeps up with per-account locks or beats them on a few cores: a transfer takes two \
         locks instead of one, and the account locks' cache lines bounce between cores. \
         Per-account locks pay when the critical section is long (storage, logging) or the \
         cores are many; the held-write table shows the first."
            .to_string(),
    );
}

/// Claim 3's held-write table: per-account locks against one global lock on 1, 2 and 4
/// threads, each transfer sleeping `HELD` with its locks held; with the per-account /
/// global ratios on 1, 2 and 4 threads.
fn held_write_table(seed: u64, columns: [&str; 4]) -> (Table, [f64; 3]) {
    let mut held = Table::new(
        format!(
            "transfers per second, a {} µs write held under the lock",
            HELD.as_micros()
        ),
        columns,
    );
    let mut ratios = [f64::NAN; 3];
    for (i, threads) in [1, 2, 4].into_iter().enumerate() {
        let work = workloads(threads, HELD_PER_THREAD, HELD_ACCOUNTS, false, seed);
        let bank = Bank::new(HELD_ACCOUNTS, RICH);
        let global = GlobalLockBank::new(HELD_ACCOUNTS, RICH);
        let write = || thread::sleep(HELD);
        let a = transfers_per_second(1, &work, |f, t, amount| {
            bank.transfer_with(f, t, amount, write).is_ok()
        });
        let g = transfers_per_second(1, &work, |f, t, amount| {
            global.transfer_with(f, t, amount, write).is_ok()
        });
        held.push(row(threads, a, g));
        ratios[i] = a / g;
    }
    (held, ratios)
}

/// One row of claim 3's tables.
fn row(threads: usize, per_account: f64, global: f64) -> [String; 4] {
    [
        threads.to_string(),
        format!("{}/s", count(per_account as u64)),
        format!("{}/s", count(global as u64)),
        times(per_account / global),
    ]
}

/// Transfers per second over all threads, the best of `rounds` runs of `work`.
fn transfers_per_second(
    rounds: usize,
    work: &[Vec<Transfer>],
    transfer: impl Fn(usize, usize, u64) -> bool + Sync,
) -> f64 {
    let ns = best_ns_per_op(rounds, || {
        run_concurrently(work, &transfer);
        work.iter().map(Vec::len).sum()
    });
    1e9 / ns
}

/// Claim 4: lost updates and overdrafts, counted.
fn races(report: &mut Report) {
    let expected = COUNTER_THREADS as u64 * INCREMENTS;
    let counters = [
        (
            "load, then store (racy)",
            racy_counter(COUNTER_THREADS, INCREMENTS),
        ),
        ("fetch_add", atomic_counter(COUNTER_THREADS, INCREMENTS)),
        ("mutex", mutex_counter(COUNTER_THREADS, INCREMENTS)),
    ];
    let mut table = Table::new(
        format!(
            "{COUNTER_THREADS} threads x {} increments of one counter",
            count(INCREMENTS)
        ),
        ["increment", "final count", "lost updates"],
    );
    for (name, got) in counters {
        table.push([
            name.to_string(),
            count(got),
            count(expected.saturating_sub(got)),
        ]);
    }
    report.tables.push(table);
    let lost = |i: usize| expected.saturating_sub(counters[i].1);
    // How many updates the racy counter loses, and how many pairs overdraw, depends on
    // the interleaving: the tables count them, the claims say whether any were lost.
    let some = |n: u64| if n > 0 { "some" } else { "none" };
    report.claims.push(Claim::new(
        "a counter incremented with a separate load and store loses updates; fetch_add and \
         a mutex lose none",
        format!(
            "of {} increments, the racy counter lost {} (the table counts them), fetch_add \
             {}, the mutex {}",
            count(expected),
            some(lost(0)),
            count(lost(1)),
            count(lost(2))
        ),
        lost(0) > 0 && lost(1) == 0 && lost(2) == 0 && counters.iter().all(|c| c.1 <= expected),
    ));
    let racy = overdrafts(WITHDRAWAL_TRIALS, Account::withdraw_racy);
    let fixed = overdrafts(WITHDRAWAL_TRIALS, Account::withdraw);
    report.tables.push(
        Table::new(
            format!(
                "{} racing pairs: two withdrawals of 80 at once from a balance of 100",
                count(WITHDRAWAL_TRIALS as u64)
            ),
            ["withdrawal", "pairs that overdrew"],
        )
        .row(["check, then act (racy)".to_string(), count(racy as u64)])
        .row(["compare-and-swap".to_string(), count(fixed as u64)]),
    );
    report.claims.push(Claim::new(
        "two withdrawals of 80 from 100 that check, then act, overdraw the account; a \
         compare-and-swap withdrawal never does",
        format!(
            "of {} racing pairs, {} overdrew with check-then-act (the table counts them), {} \
             with compare-and-swap",
            count(WITHDRAWAL_TRIALS as u64),
            some(racy as u64),
            count(fixed as u64)
        ),
        racy > 0 && fixed == 0,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_are_reproducible_and_oppose_where_asked() {
        assert_eq!(workloads(2, 100, 8, true, 5), workloads(2, 100, 8, true, 5));
        assert_ne!(workloads(2, 100, 8, true, 5), workloads(2, 100, 8, true, 6));
        let w = workloads(2, 100, 8, true, 5);
        assert_eq!(w.iter().map(Vec::len).collect::<Vec<_>>(), [100, 100]);
        assert!(w[0].iter().step_by(4).all(|&(f, t, _)| (f, t) == (0, 1)));
        assert!(w[1].iter().step_by(4).all(|&(f, t, _)| (f, t) == (1, 0)));
        let plain = workloads(3, 50, 8, false, 5);
        assert_eq!(plain.iter().map(Vec::len).collect::<Vec<_>>(), [50, 50, 50]);
        assert!(
            plain
                .iter()
                .flatten()
                .all(|&(f, t, a)| f < 8 && t < 8 && (1..100).contains(&a))
        );
    }
}
