//! Race conditions, question 22: two classic bugs and their fixes, runnable.
//!
//! - **The lost update.** `counter = counter + 1` is three steps: read, add, write.
//!   Two threads that read the same value both write value + 1, and one increment is
//!   lost. [`racy_counter`] does exactly that (a separate load and store, each atomic
//!   on its own); [`atomic_counter`] uses one indivisible `fetch_add`;
//!   [`mutex_counter`] makes the three steps one critical section.
//! - **Check-then-act.** "If the balance covers it, withdraw" is two steps; between
//!   the check and the act another withdrawal can pass the same check, and the account
//!   is overdrawn. [`Account::withdraw_racy`] has the gap; [`Account::withdraw`] closes
//!   it with a compare-and-swap loop: the write happens only if the balance is still
//!   the one that was checked.
//!
//! The racy versions widen their gap, to make the interleaving that real code hits once
//! in a million runs happen on most runs here: the counter yields to the scheduler
//! between its load and its store, and the withdrawal sleeps 100 µs between its check
//! and its act, standing in for the work real code does there (a query, a fraud check).
//!
//! ```
//! use lock_ordering::races::{atomic_counter, mutex_counter, racy_counter};
//!
//! assert_eq!(atomic_counter(4, 1_000), 4_000);
//! assert_eq!(mutex_counter(4, 1_000), 4_000);
//! assert!(racy_counter(4, 1_000) <= 4_000, "updates are lost, never invented");
//! ```

use std::sync::Barrier;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

use parking_lot::Mutex;

/// `threads` threads each add 1 to a shared counter `per_thread` times, as a separate
/// load and store: returns the final count, which loses updates under contention.
pub fn racy_counter(threads: usize, per_thread: u64) -> u64 {
    let counter = AtomicU64::new(0);
    run(threads, || {
        for _ in 0..per_thread {
            let seen = counter.load(Ordering::Relaxed);
            // The gap: another thread may store between this load and the store below.
            thread::yield_now();
            counter.store(seen + 1, Ordering::Relaxed);
        }
    });
    counter.into_inner()
}

/// The same with one indivisible `fetch_add` per increment: never loses one.
pub fn atomic_counter(threads: usize, per_thread: u64) -> u64 {
    let counter = AtomicU64::new(0);
    run(threads, || {
        for _ in 0..per_thread {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    counter.into_inner()
}

/// The same with the read and the write inside one critical section.
pub fn mutex_counter(threads: usize, per_thread: u64) -> u64 {
    let counter = Mutex::new(0u64);
    run(threads, || {
        for _ in 0..per_thread {
            let mut c = counter.lock();
            let seen = *c;
            thread::yield_now();
            *c = seen + 1;
        }
    });
    counter.into_inner()
}

/// Runs `work` on `threads` threads, released together by a barrier.
fn run(threads: usize, work: impl Fn() + Sync) {
    let start = Barrier::new(threads);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                start.wait();
                work();
            });
        }
    });
}

/// The racy withdrawal's gap between its check and its act.
const CHECK_TO_ACT: Duration = Duration::from_micros(100);

/// A balance that withdrawals race on. Signed, so an overdraft shows as a negative
/// balance instead of wrapping around.
#[derive(Debug)]
pub struct Account {
    balance: AtomicI64,
}

impl Account {
    /// An account holding `balance`.
    pub fn new(balance: i64) -> Self {
        Account {
            balance: AtomicI64::new(balance),
        }
    }

    /// The current balance.
    pub fn balance(&self) -> i64 {
        self.balance.load(Ordering::SeqCst)
    }

    /// Check, then act: reads the balance, and if it covers `amount`, subtracts. Two
    /// concurrent calls can both pass the check and overdraw the account.
    pub fn withdraw_racy(&self, amount: i64) -> bool {
        if self.balance.load(Ordering::SeqCst) >= amount {
            thread::sleep(CHECK_TO_ACT);
            self.balance.fetch_sub(amount, Ordering::SeqCst);
            true
        } else {
            false
        }
    }

    /// The check and the act as one atomic step: subtracts only if the balance is
    /// still the one that was checked (compare-and-swap, retried on interference).
    pub fn withdraw(&self, amount: i64) -> bool {
        self.balance
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| {
                (b >= amount).then_some(b - amount)
            })
            .is_ok()
    }
}

/// Runs `trials` rounds of two threads withdrawing 80 each from a balance of 100 at the
/// same moment, with `withdraw` as the withdrawal; returns how many rounds ended
/// overdrawn (both withdrawals went through).
pub fn overdrafts(trials: usize, withdraw: fn(&Account, i64) -> bool) -> usize {
    (0..trials)
        .filter(|_| {
            let account = Account::new(100);
            run(2, || {
                withdraw(&account, 80);
            });
            account.balance() < 0
        })
        .count()
}
