//! Deadlocks and race conditions, questions 22 and 23 (work in progress: the bank and its
//! three ways of taking two locks; the demo, the compile-time hierarchy, the race
//! examples, the exercise and the bench follow).
//!
//! A [`Bank`] keeps each account behind its own `parking_lot::Mutex`, so transfers
//! between different accounts run in parallel. A transfer must hold both accounts'
//! locks at once, and that is where deadlocks come from: thread A locks account 1 and
//! waits for 2 while thread B locks 2 and waits for 1. The four Coffman conditions
//! (mutual exclusion, hold and wait, no preemption, circular wait) all hold, and
//! neither thread ever moves again.
//!
//! - [`Bank::transfer`] breaks *circular wait*: every thread locks the lower account id
//!   first, so no cycle of waiting threads can form.
//! - [`Bank::try_transfer`] breaks *hold and wait*: it takes the locks in argument
//!   order but never waits for the second while holding the first for long; when the
//!   second is busy it lets go of both, backs off, and tries again until a deadline.
//! - [`Bank::naive_transfer`] locks in argument order and waits forever: two threads
//!   transferring in opposite directions can deadlock it.
//!
//! ```
//! use lock_ordering::{Bank, TransferError};
//!
//! let bank = Bank::new(3, 100);
//! bank.transfer(0, 1, 30)?;
//! assert_eq!(bank.balance(0), Some(70));
//! assert_eq!(bank.balance(1), Some(130));
//! assert_eq!(bank.transfer(2, 0, 500), Err(TransferError::InsufficientFunds {
//!     account: 2,
//!     balance: 100,
//!     amount: 500,
//! }));
//! assert_eq!(bank.total(), 300);
//! # Ok::<(), TransferError>(())
//! ```

pub mod hierarchy;
pub mod races;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use parking_lot::{Mutex, MutexGuard};

/// Why a transfer did nothing. Every error leaves every balance as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferError {
    /// `from` and `to` are the same account.
    SameAccount(usize),
    /// No account has this id.
    UnknownAccount(usize),
    /// The source account holds less than the amount.
    InsufficientFunds {
        /// The source account.
        account: usize,
        /// Its balance when the transfer looked.
        balance: u64,
        /// The amount asked for.
        amount: u64,
    },
    /// [`Bank::try_transfer`] could not get both locks before its deadline.
    TimedOut {
        /// How many times it took the first lock and had to let go.
        attempts: u32,
    },
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransferError::SameAccount(a) => {
                write!(f, "cannot transfer from account {a} to itself")
            }
            TransferError::UnknownAccount(a) => write!(f, "there is no account {a}"),
            TransferError::InsufficientFunds {
                account,
                balance,
                amount,
            } => write!(
                f,
                "account {account} holds {balance}, less than the {amount} asked for"
            ),
            TransferError::TimedOut { attempts } => write!(
                f,
                "could not lock both accounts before the deadline ({attempts} attempts)"
            ),
        }
    }
}

impl std::error::Error for TransferError {}

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
        check_ids(self.accounts.len(), from, to)?;
        let (first, second) = (from.min(to), from.max(to));
        let first_guard = self.accounts[first].lock();
        let second_guard = self.accounts[second].lock();
        let (mut source, mut target) = if from == first {
            (first_guard, second_guard)
        } else {
            (second_guard, first_guard)
        };
        move_funds(from, &mut source, &mut target, amount)
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
    /// and tries again, until `deadline` has passed.
    ///
    /// # Errors
    ///
    /// As [`transfer`](Self::transfer), or [`TransferError::TimedOut`] when `deadline`
    /// passed first.
    pub fn try_transfer(
        &self,
        from: usize,
        to: usize,
        amount: u64,
        deadline: Duration,
    ) -> Result<(), TransferError> {
        check_ids(self.accounts.len(), from, to)?;
        let start = Instant::now();
        let patience = Duration::from_micros(50);
        let mut backoff = Duration::from_micros(10);
        let mut jitter = Jitter::new();
        let mut attempts = 0;
        loop {
            // The first guard drops at the end of this `if` when the second lock fails.
            if let Some(mut source) = self.accounts[from].try_lock_for(patience)
                && let Some(mut target) = self.accounts[to].try_lock_for(patience)
            {
                return move_funds(from, &mut source, &mut target, amount);
            }
            attempts += 1;
            let elapsed = start.elapsed();
            if elapsed >= deadline {
                return Err(TransferError::TimedOut { attempts });
            }
            // Full jitter: a random sleep up to the backoff, so two threads that
            // collided do not retry in lockstep and collide again.
            let sleep = jitter.up_to(backoff).min(deadline - elapsed);
            std::thread::sleep(sleep);
            backoff = (backoff * 2).min(Duration::from_millis(5));
        }
    }
}

/// The coarse alternative: every account behind *one* lock. It cannot deadlock (there
/// is only one lock to take) but serialises every transfer, even between unrelated
/// accounts; the bench and the demo compare it with [`Bank`]'s per-account locks.
#[derive(Debug)]
pub struct GlobalLockBank {
    balances: Mutex<Vec<u64>>,
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
            balances: Mutex::new(vec![initial_balance; accounts]),
        }
    }

    /// As [`Bank::transfer`], under the one lock.
    ///
    /// # Errors
    ///
    /// As [`Bank::transfer`].
    pub fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        let mut balances = self.balances.lock();
        check_ids(balances.len(), from, to)?;
        let (mut source, mut target) = (balances[from], balances[to]);
        move_funds(from, &mut source, &mut target, amount)?;
        balances[from] = source;
        balances[to] = target;
        Ok(())
    }

    /// The sum of all balances.
    pub fn total(&self) -> u64 {
        self.balances.lock().iter().sum()
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

/// Distinct seeds for [`Jitter`]: each call takes the next value of a Weyl sequence.
static SEEDS: AtomicU64 = AtomicU64::new(0);

/// A tiny xorshift generator for backoff jitter. Every `try_transfer` call gets its
/// own seed, so two threads that collided draw different sleeps.
struct Jitter(u64);

impl Jitter {
    fn new() -> Self {
        const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut z = SEEDS
            .fetch_add(GOLDEN, Ordering::Relaxed)
            .wrapping_add(GOLDEN);
        // splitmix64's finaliser: neighbouring seeds give unrelated states.
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Jitter((z ^ (z >> 31)) | 1)
    }

    /// A duration uniform in `[0, max)`.
    fn up_to(&mut self, max: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(if nanos == 0 { 0 } else { self.0 % nanos })
    }
}
