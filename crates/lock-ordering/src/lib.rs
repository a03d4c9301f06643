#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod demo;
pub mod hierarchy;
pub mod races;
mod sync;

#[cfg(not(loom))]
use std::time::{Duration, Instant};

#[cfg(not(loom))]
use rand::RngExt;

use sync::{Mutex, MutexGuard};

/// The contract this crate implements: the [`Ledger`] trait the conformance cases are
/// written against, and [`TransferError`], why a transfer did nothing.
pub use lock_ordering_contract::{Ledger, TransferError};

/// Accounts, each behind its own lock. `Bank` is `Sync`: share it with `&` or an
/// `Arc` across threads.
#[derive(Debug)]
pub struct Bank {
    accounts: Box<[Mutex<u64>]>,
}

impl Bank {
    /// `accounts` accounts holding `initial_balance` each.
    ///
    /// # Panics
    ///
    /// If the bank's total, `accounts * initial_balance`, does not fit in a `u64`.
    pub fn new(accounts: usize, initial_balance: u64) -> Bank {
        assert_total_fits(accounts, initial_balance);
        Bank {
            accounts: (0..accounts).map(|_| Mutex::new(initial_balance)).collect(),
        }
    }

    /// The number of accounts.
    pub fn accounts(&self) -> usize {
        self.accounts.len()
    }

    /// Account `account`'s balance, or `None` if there is no such account.
    pub fn balance(&self, account: usize) -> Option<u64> {
        self.accounts.get(account).map(|a| *a.lock())
    }

    /// The sum of all balances, read as one consistent snapshot: every account is
    /// locked, in id order (the same global order transfers use, so this cannot
    /// deadlock with them), before any is read.
    ///
    /// # Panics
    ///
    /// If the sum overflows a `u64`, which transfers cannot cause: they conserve it.
    pub fn total(&self) -> u64 {
        let guards: Vec<MutexGuard<'_, u64>> = self.accounts.iter().map(|a| a.lock()).collect();
        guards
            .iter()
            .try_fold(0u64, |sum, g| sum.checked_add(**g))
            .expect("balances sum to at most what the bank was created with")
    }

    /// Locks account `account` until the returned guard drops, and reads its balance
    /// through it; transfers that need the account wait meanwhile. For demos and tests
    /// of contention: holding it while taking another account's lock out of order is
    /// exactly how deadlocks start. `None` if there is no such account.
    pub fn lock_account(&self, account: usize) -> Option<AccountGuard<'_>> {
        self.accounts.get(account).map(|a| AccountGuard(a.lock()))
    }

    /// Moves `amount` from `from` to `to`, locking the two accounts in a global order
    /// (lower id first), so concurrent transfers never deadlock.
    ///
    /// # Errors
    ///
    /// [`TransferError::UnknownAccount`], [`TransferError::SameAccount`] or
    /// [`TransferError::InsufficientFunds`]; none of them changes a balance.
    pub fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        self.transfer_with(from, to, amount, || ())
    }

    /// [`transfer`](Self::transfer), then `while_locked` with both accounts still
    /// locked: the place for work that must be atomic with the move (a ledger entry, an
    /// audit record). It runs only when the move succeeded. The demo passes a short
    /// sleep, standing in for a write to storage, to show how a long critical section
    /// changes the per-account against global-lock comparison.
    ///
    /// # Errors
    ///
    /// As [`transfer`](Self::transfer).
    pub fn transfer_with(
        &self,
        from: usize,
        to: usize,
        amount: u64,
        while_locked: impl FnOnce(),
    ) -> Result<(), TransferError> {
        check_ids(self.accounts.len(), from, to)?;
        let (first, second) = (from.min(to), from.max(to));
        let first_guard = self.accounts[first].lock();
        let second_guard = self.accounts[second].lock();
        let (mut source, mut target) = if from == first {
            (first_guard, second_guard)
        } else {
            (second_guard, first_guard)
        };
        move_funds(from, &mut source, &mut target, amount)?;
        while_locked();
        Ok(())
    }

    /// The same transfer, locking `from` first and then `to`, as the first version
    /// anyone writes does. Correct alone; two threads transferring in opposite
    /// directions at the same moment can each hold one lock and wait for the other
    /// forever. The demo shows it happen and parking_lot's deadlock detector report it.
    ///
    /// # Errors
    ///
    /// As [`transfer`](Self::transfer).
    pub fn naive_transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        check_ids(self.accounts.len(), from, to)?;
        let mut source = self.accounts[from].lock();
        let mut target = self.accounts[to].lock();
        move_funds(from, &mut source, &mut target, amount)
    }

    /// The transfer without a global order: locks `from` and then tries `to` for at
    /// most `patience`. If `to` stays busy it releases `from` (so it never holds one lock
    /// while waiting long for another), sleeps an exponentially growing, jittered time,
    /// and tries again, until `deadline` has passed. The deadline counts from the first
    /// failed attempt, so that a transfer that gets both locks at once never reads the
    /// clock; it can be overrun by that first attempt's wait, at most 2 x 50 µs.
    ///
    /// # Errors
    ///
    /// As [`transfer`](Self::transfer), or [`TransferError::TimedOut`] when `deadline`
    /// passed first.
    ///
    /// Not built under loom, which has no clock: the model test covers the ordered
    /// and the naive transfer.
    #[cfg(not(loom))]
    pub fn try_transfer(
        &self,
        from: usize,
        to: usize,
        amount: u64,
        deadline: Duration,
    ) -> Result<(), TransferError> {
        check_ids(self.accounts.len(), from, to)?;
        let patience = Duration::from_micros(50);
        let mut backoff = Duration::from_micros(10);
        // The clock and the jitter's random stream (seeded afresh, so two threads that
        // collided draw different sleeps) are taken at the first failure: a transfer
        // that gets both locks at once (the common case) pays for neither.
        let mut retrying: Option<(Instant, evidence::workload::WorkloadRng)> = None;
        let mut attempts = 0;
        loop {
            // The first guard drops at the end of this `if` when the second lock fails.
            if let Some(mut source) = self.accounts[from].try_lock_for(patience)
                && let Some(mut target) = self.accounts[to].try_lock_for(patience)
            {
                return move_funds(from, &mut source, &mut target, amount);
            }
            attempts += 1;
            let (since, jitter) = retrying.get_or_insert_with(|| {
                (
                    Instant::now(),
                    evidence::workload::rng(evidence::workload::fresh_seed()),
                )
            });
            let elapsed = since.elapsed();
            if elapsed >= deadline {
                return Err(TransferError::TimedOut { attempts });
            }
            std::thread::sleep(pause(backoff, deadline, elapsed, jitter));
            backoff = next_backoff(backoff);
        }
    }
}

/// The longest pause between two of `try_transfer`'s attempts.
#[cfg(not(loom))]
const MAX_BACKOFF: Duration = Duration::from_millis(5);

/// How long `try_transfer` sleeps before its next attempt: full jitter, a random pause
/// up to `backoff` (so two threads that collided do not retry in lockstep and collide
/// again), and never past the `deadline` (counted, like `elapsed`, from the first
/// failed attempt; `elapsed` is below it).
#[cfg(not(loom))]
fn pause(
    backoff: Duration,
    deadline: Duration,
    elapsed: Duration,
    jitter: &mut evidence::workload::WorkloadRng,
) -> Duration {
    let up_to = u64::try_from(backoff.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(jitter.random_range(0..=up_to)).min(deadline - elapsed)
}

/// The backoff after a failed attempt: doubled, up to [`MAX_BACKOFF`].
#[cfg(not(loom))]
fn next_backoff(backoff: Duration) -> Duration {
    (backoff * 2).min(MAX_BACKOFF)
}

/// The coarse alternative: every account behind *one* lock. It cannot deadlock (there
/// is only one lock to take) but serialises every transfer, even between unrelated
/// accounts; the bench and the demo compare it with [`Bank`]'s per-account locks.
#[derive(Debug)]
pub struct GlobalLockBank {
    balances: parking_lot::Mutex<Vec<u64>>,
}

impl GlobalLockBank {
    /// `accounts` accounts holding `initial_balance` each.
    ///
    /// # Panics
    ///
    /// As [`Bank::new`], if the total does not fit in a `u64`.
    pub fn new(accounts: usize, initial_balance: u64) -> Self {
        assert_total_fits(accounts, initial_balance);
        GlobalLockBank {
            balances: parking_lot::Mutex::new(vec![initial_balance; accounts]),
        }
    }

    /// The number of accounts.
    pub fn accounts(&self) -> usize {
        self.balances.lock().len()
    }

    /// Account `account`'s balance, or `None` if there is no such account.
    pub fn balance(&self, account: usize) -> Option<u64> {
        self.balances.lock().get(account).copied()
    }

    /// As [`Bank::transfer`], under the one lock.
    ///
    /// # Errors
    ///
    /// As [`Bank::transfer`].
    pub fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        self.transfer_with(from, to, amount, || ())
    }

    /// As [`Bank::transfer_with`]: `while_locked` runs under the one lock, so it stalls
    /// every other transfer.
    ///
    /// # Errors
    ///
    /// As [`Bank::transfer`].
    pub fn transfer_with(
        &self,
        from: usize,
        to: usize,
        amount: u64,
        while_locked: impl FnOnce(),
    ) -> Result<(), TransferError> {
        let mut balances = self.balances.lock();
        check_ids(balances.len(), from, to)?;
        let (mut source, mut target) = (balances[from], balances[to]);
        move_funds(from, &mut source, &mut target, amount)?;
        balances[from] = source;
        balances[to] = target;
        while_locked();
        Ok(())
    }

    /// The sum of all balances.
    pub fn total(&self) -> u64 {
        self.balances.lock().iter().sum()
    }
}

impl Ledger for Bank {
    fn new(accounts: usize, initial_balance: u64) -> Self {
        Bank::new(accounts, initial_balance)
    }

    fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        Bank::transfer(self, from, to, amount)
    }

    fn balance(&self, account: usize) -> Option<u64> {
        Bank::balance(self, account)
    }

    fn total(&self) -> u64 {
        Bank::total(self)
    }
}

impl Ledger for GlobalLockBank {
    fn new(accounts: usize, initial_balance: u64) -> Self {
        GlobalLockBank::new(accounts, initial_balance)
    }

    fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        GlobalLockBank::transfer(self, from, to, amount)
    }

    fn balance(&self, account: usize) -> Option<u64> {
        GlobalLockBank::balance(self, account)
    }

    fn total(&self) -> u64 {
        GlobalLockBank::total(self)
    }
}

/// One account's lock, held: from [`Bank::lock_account`]. Dereferences to the balance,
/// read-only, so holding it cannot break the bank's conservation of money.
#[derive(Debug)]
pub struct AccountGuard<'a>(MutexGuard<'a, u64>);

impl std::ops::Deref for AccountGuard<'_> {
    type Target = u64;

    fn deref(&self) -> &u64 {
        &self.0
    }
}

/// Panics unless `accounts * initial_balance` fits in a `u64`, so that no transfer
/// can overflow a balance (transfers conserve the total).
fn assert_total_fits(accounts: usize, initial_balance: u64) {
    u64::try_from(accounts)
        .ok()
        .and_then(|n| n.checked_mul(initial_balance))
        .expect("the bank's total must fit in a u64");
}

/// The id checks every transfer makes before it touches a balance.
fn check_ids(accounts: usize, from: usize, to: usize) -> Result<(), TransferError> {
    for account in [from, to] {
        if account >= accounts {
            return Err(TransferError::UnknownAccount(account));
        }
    }
    if from == to {
        return Err(TransferError::SameAccount(from));
    }
    Ok(())
}

/// The move itself, with both locks held.
fn move_funds(
    from: usize,
    source: &mut u64,
    target: &mut u64,
    amount: u64,
) -> Result<(), TransferError> {
    if *source < amount {
        return Err(TransferError::InsufficientFunds {
            account: from,
            balance: *source,
            amount,
        });
    }
    // Cannot overflow: the total is conserved, and it fit in a u64 when the bank was
    // built with at most u64::MAX in all.
    let credited = target
        .checked_add(amount)
        .expect("the bank's total fits in a u64");
    *source -= amount;
    *target = credited;
    Ok(())
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn a_pause_is_jittered_up_to_the_backoff_and_stops_at_the_deadline() {
        let mut jitter = evidence::workload::rng(7);
        let ms = Duration::from_millis;
        let pauses: Vec<Duration> = (0..200)
            .map(|_| pause(ms(4), ms(100), ms(10), &mut jitter))
            .collect();
        assert!(
            pauses.iter().all(|&p| p <= ms(4)),
            "never above the backoff"
        );
        assert!(
            pauses.iter().any(|&p| p < ms(1)) && pauses.iter().any(|&p| p > ms(3)),
            "spread over the whole range (full jitter): {pauses:?}"
        );
        // 1 ms before the deadline, no pause may take longer than that millisecond.
        let late: Vec<Duration> = (0..200)
            .map(|_| pause(ms(4), ms(100), ms(99), &mut jitter))
            .collect();
        assert!(late.iter().all(|&p| p <= ms(1)), "{late:?}");
        assert!(late.contains(&ms(1)), "draws above 1 ms are cut to it");
    }

    #[test]
    fn the_backoff_doubles_up_to_five_milliseconds() {
        let us = Duration::from_micros;
        let mut seen = vec![us(10)];
        for _ in 0..10 {
            seen.push(next_backoff(*seen.last().expect("not empty")));
        }
        assert_eq!(
            seen,
            [10, 20, 40, 80, 160, 320, 640, 1_280, 2_560, 5_000, 5_000].map(us)
        );
    }
}
