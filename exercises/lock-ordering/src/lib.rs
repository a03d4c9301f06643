//! # Exercise: transfers that cannot deadlock
//!
//! Questions 22 and 23 ask how you prevent race conditions and deadlocks. Here you hold
//! both in your hands: a bank whose accounts each have their own lock, and a transfer
//! that must hold two of them at once.
//!
//! Build `Bank` by implementing the contract's `Ledger` trait below. `new` and
//! `balance` are given. Write:
//! - `transfer(from, to, amount)`: check the ids, lock both accounts, move the money.
//!   Two threads transferring in opposite directions at the same moment must never
//!   deadlock, and money must never be created or destroyed.
//! - `total()`: the sum of all balances as one consistent snapshot, even while
//!   transfers run.
//!
//! The tests are the same conformance cases the reference passes: the rules of a
//! transfer, a model test against a plain array, and concurrent cases (opposite
//! transfers, a snapshot under load, 8 threads x 50,000 transfers) that run under a
//! 30 s watchdog, so a deadlock fails them instead of hanging. Run them with
//! `cargo lab check lock-ordering`; stuck, run `cargo lab hint lock-ordering`.
//!
//! Each `// TODO:` marks a place to edit.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables)]

use parking_lot::Mutex;

pub use lock_ordering_contract::{Ledger, TransferError};

/// Accounts, each behind its own lock.
#[derive(Debug)]
pub struct Bank {
    accounts: Vec<Mutex<u64>>,
}

impl Ledger for Bank {
    /// `accounts` accounts holding `initial_balance` each.
    fn new(accounts: usize, initial_balance: u64) -> Bank {
        Bank {
            accounts: (0..accounts).map(|_| Mutex::new(initial_balance)).collect(),
        }
    }

    /// Moves `amount` from `from` to `to`.
    ///
    /// # Errors
    ///
    /// - `TransferError::UnknownAccount(id)` if `from` (checked first) or `to` is not an
    ///   account;
    /// - `TransferError::SameAccount(from)` if `from == to`;
    /// - `TransferError::InsufficientFunds { account, balance, amount }` if `from` holds
    ///   less than `amount`.
    ///
    /// None of them changes a balance.
    fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        // TODO: check the ids, then lock both accounts in an order every thread agrees
        // on, then move the money.
        todo!("transfer")
    }

    /// Account `account`'s balance, or `None` if there is no such account.
    fn balance(&self, account: usize) -> Option<u64> {
        self.accounts.get(account).map(|a| *a.lock())
    }

    /// The sum of all balances, read as one consistent snapshot.
    fn total(&self) -> u64 {
        // TODO: a transfer must not be half-counted.
        todo!("total")
    }
}
