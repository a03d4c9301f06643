//! The lock-ordering contract: what questions 22 and 23's reference and the learner's
//! exercise both implement, and the cases both must pass.
//!
//! - [`Ledger`]: the trait, a bank whose concurrent transfers conserve money and never
//!   deadlock;
//! - [`TransferError`]: why a transfer did nothing;
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest: the rules of a transfer, concurrent cases under a watchdog, and a
//!   model-based property test against a plain array of balances;
//! - [`conformance_tests!`]: one `#[test]` per case for a bank type.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/lock-ordering/tests/conformance.rs
//! lock_ordering_contract::conformance_tests!(lock_ordering_exercise::Bank);
//! ```

#![forbid(unsafe_code)]

pub mod cases;

use std::fmt;

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
    /// A transfer with a deadline (the reference's `Bank::try_transfer`) could not get
    /// both locks before it passed.
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

/// A bank, as the conformance cases see it: accounts `0..accounts`, concurrent
/// transfers that conserve money and never deadlock, and a total that is one
/// consistent snapshot.
///
/// The reference's `lock_ordering::Bank` (a lock per account, taken in id order) and
/// `GlobalLockBank` (one lock for all) implement it by delegating to their inherent
/// methods; the exercise's `Bank` implements it directly. `Sync`: the concurrent cases
/// share one bank across threads.
pub trait Ledger: Sync {
    /// `accounts` accounts holding `initial_balance` each.
    fn new(accounts: usize, initial_balance: u64) -> Self
    where
        Self: Sized;

    /// Moves `amount` from `from` to `to`, or returns why not and changes nothing.
    /// Safe to call from many threads at once, in any directions: two transfers
    /// between the same accounts in opposite directions must not deadlock.
    ///
    /// # Errors
    ///
    /// Checked in this order: [`TransferError::UnknownAccount`] naming `from` if it is
    /// not an account, then `to`; [`TransferError::SameAccount`] if `from == to`;
    /// [`TransferError::InsufficientFunds`] if `from` holds less than `amount`.
    fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError>;

    /// Account `account`'s balance, or `None` if there is no such account.
    fn balance(&self, account: usize) -> Option<u64>;

    /// The sum of all balances, as one consistent snapshot even while transfers run: a
    /// transfer is counted wholly or not at all.
    fn total(&self) -> u64;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a bank type (a [`Ledger`] that is
    /// `Send + 'static`).
    ///
    /// ```text
    /// lock_ordering_contract::conformance_tests!(lock_ordering_exercise::Bank);
    /// ```
    macro conformance_tests($bank:ty) {
        /// The bank type under test.
        type ConformanceBank = $bank;
    }
    cases [$crate::cases] {
        a_transfer_moves_money::<ConformanceBank>(),
        the_same_account_is_refused::<ConformanceBank>(),
        unknown_accounts_are_refused::<ConformanceBank>(),
        insufficient_funds_change_nothing::<ConformanceBank>(),
        zero_amounts_and_empty_banks_are_fine::<ConformanceBank>(),
        opposite_transfers_do_not_deadlock::<ConformanceBank>(),
        total_is_a_consistent_snapshot::<ConformanceBank>(),
        stress_conserves_money::<ConformanceBank>(),
        agrees_with_a_sequential_model::<ConformanceBank>(),
    }
}
