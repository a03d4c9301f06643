//! The bank's contract as named, generic test cases: the rules of a transfer, a
//! model-based property test against a plain array of balances, and concurrent cases
//! that must conserve money and *finish*.
//!
//! Each case is a function generic over the bank type, so the reference, the
//! global-lock bank and the learner's exercise run exactly the same checks;
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. Teaching order (the topic's manifest): the rules first, then the concurrent
//! cases, the model test last.
//!
//! The concurrent cases run under a watchdog ([`testkit::watchdog::within`]): a bank
//! that deadlocks fails them in [`WATCHDOG`] with a message that says so, instead of
//! hanging the test run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use proptest::prelude::*;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use testkit::property::{check_explained, same, steps};
use testkit::watchdog::within;

use crate::{Ledger, TransferError};

/// How long a concurrent case may run before it counts as deadlocked. The longest, the
/// 8-thread stress test, takes well under a second optimised and a few seconds in an
/// unoptimised debug build.
pub const WATCHDOG: Duration = Duration::from_secs(30);

/// Every balance of `bank`, accounts `0..n`.
fn balances<L: Ledger>(bank: &L, n: usize) -> Vec<Option<u64>> {
    (0..n).map(|a| bank.balance(a)).collect()
}

/// A transfer moves the amount from one account to the other, a whole balance may
/// move, and the total stays the same.
pub fn a_transfer_moves_money<L: Ledger>() {
    let bank = L::new(2, 50);
    assert_eq!(bank.transfer(0, 1, 20), Ok(()), "transfer(0, 1, 20)");
    assert_eq!(
        balances(&bank, 2),
        [Some(30), Some(70)],
        "balances after moving 20 from account 0 to account 1"
    );
    assert_eq!(
        bank.transfer(1, 0, 70),
        Ok(()),
        "a whole balance (70) may move"
    );
    assert_eq!(balances(&bank, 2), [Some(100), Some(0)]);
    assert_eq!(bank.total(), 100, "transfers keep the total");
}

/// `from == to` is an error, and changes nothing.
pub fn the_same_account_is_refused<L: Ledger>() {
    let bank = L::new(3, 10);
    assert_eq!(
        bank.transfer(1, 1, 5),
        Err(TransferError::SameAccount(1)),
        "transfer(1, 1, 5)"
    );
    assert_eq!(balances(&bank, 3), [Some(10); 3], "nothing changed");
}

/// An id past the last account is an error naming it (`from` is checked before
/// `to`), changes nothing, and has no balance.
pub fn unknown_accounts_are_refused<L: Ledger>() {
    let bank = L::new(3, 10);
    assert_eq!(
        bank.transfer(0, 3, 1),
        Err(TransferError::UnknownAccount(3)),
        "transfer(0, 3, 1) in a bank of accounts 0..3"
    );
    assert_eq!(
        bank.transfer(9, 0, 1),
        Err(TransferError::UnknownAccount(9)),
        "transfer(9, 0, 1)"
    );
    assert_eq!(
        bank.transfer(7, 8, 1),
        Err(TransferError::UnknownAccount(7)),
        "with both ids unknown, the error names `from`"
    );
    assert_eq!(
        bank.transfer(5, 5, 1),
        Err(TransferError::UnknownAccount(5)),
        "an unknown id is reported before `from == to`"
    );
    assert_eq!(bank.balance(3), None, "account 3 does not exist");
    assert_eq!(balances(&bank, 3), [Some(10); 3], "nothing changed");
}

/// Asking for more than the source holds is an error that reports the balance seen,
/// and changes nothing.
pub fn insufficient_funds_change_nothing<L: Ledger>() {
    let bank = L::new(2, 10);
    assert_eq!(
        bank.transfer(0, 1, 11),
        Err(TransferError::InsufficientFunds {
            account: 0,
            balance: 10,
            amount: 11
        }),
        "transfer(0, 1, 11) from a balance of 10"
    );
    assert_eq!(balances(&bank, 2), [Some(10), Some(10)], "nothing changed");
    assert_eq!(bank.total(), 20);
}

/// A zero amount is a valid transfer; a bank with no accounts, or empty ones, works.
pub fn zero_amounts_and_empty_banks_are_fine<L: Ledger>() {
    let bank = L::new(2, 0);
    assert_eq!(bank.transfer(0, 1, 0), Ok(()), "moving 0 is allowed");
    assert_eq!(
        bank.transfer(0, 1, 1),
        Err(TransferError::InsufficientFunds {
            account: 0,
            balance: 0,
            amount: 1
        })
    );
    assert_eq!(bank.total(), 0);
    let none = L::new(0, 5);
    assert_eq!(none.total(), 0, "a bank with no accounts holds nothing");
    assert_eq!(none.balance(0), None);
    assert_eq!(
        none.transfer(0, 1, 0),
        Err(TransferError::UnknownAccount(0))
    );
}

/// Two threads transfer between accounts 0 and 1 in opposite directions, 100,000
/// times each. Locking `from` then `to` deadlocks here within milliseconds; a global
/// order (always the lower id first) cannot.
pub fn opposite_transfers_do_not_deadlock<L: Ledger + Send + 'static>() {
    const ROUNDS: u64 = 100_000;
    let bank = Arc::new(L::new(2, 1_000));
    let shared = Arc::clone(&bank);
    within(
        WATCHDOG,
        "two threads transferring 0 -> 1 and 1 -> 0",
        move || {
            thread::scope(|s| {
                for (from, to) in [(0, 1), (1, 0)] {
                    let bank = &shared;
                    s.spawn(move || {
                        for _ in 0..ROUNDS {
                            // Both directions move 1 and both accounts start at 1,000,
                            // so a refusal for lack of funds is rare but allowed.
                            let _ = bank.transfer(from, to, 1);
                        }
                    });
                }
            });
        },
    );
    assert_eq!(bank.total(), 2_000, "money is conserved exactly");
}

/// `total` is one consistent snapshot: read again and again while two threads make
/// 50,000 transfers each among 4 accounts, it is always exactly the starting total.
/// Summing `balance(a)` account by account is not: a transfer can land between two
/// reads and be counted twice or not at all.
pub fn total_is_a_consistent_snapshot<L: Ledger + Send + 'static>() {
    const ROUNDS: usize = 50_000;
    let bank = Arc::new(L::new(4, 1_000));
    let shared = Arc::clone(&bank);
    let (reads, wrong) = within(WATCHDOG, "total() while transfers run", move || {
        let running = AtomicUsize::new(2);
        thread::scope(|s| {
            for t in 0..2u64 {
                let (bank, running) = (&shared, &running);
                s.spawn(move || {
                    let mut rng = Xoshiro256PlusPlus::seed_from_u64(t);
                    for _ in 0..ROUNDS {
                        let (from, to) = (rng.random_range(0..4), rng.random_range(0..4));
                        let _ = bank.transfer(from, to, rng.random_range(0..300));
                    }
                    running.fetch_sub(1, Ordering::Release);
                });
            }
            let (mut reads, mut wrong) = (0u64, Vec::new());
            while running.load(Ordering::Acquire) > 0 {
                let total = shared.total();
                reads += 1;
                if total != 4_000 {
                    wrong.push(total);
                }
            }
            (reads, wrong)
        })
    });
    assert!(
        wrong.is_empty(),
        "total() returned {} of {reads} times something other than 4,000, e.g. {:?}: \
         lock every account (in id order) before reading any",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
    assert_eq!(bank.total(), 4_000, "money is conserved exactly");
}

/// 8 threads x 50,000 random transfers among 16 accounts, a quarter of them between
/// accounts 0 and 1 in both directions: everything finishes, the total is conserved
/// exactly and no balance ever went below zero (an underflow would wrap to a huge
/// number, larger than the total).
pub fn stress_conserves_money<L: Ledger + Send + 'static>() {
    const THREADS: u64 = 8;
    const TRANSFERS: usize = 50_000;
    const ACCOUNTS: usize = 16;
    let bank = Arc::new(L::new(ACCOUNTS, 1_000));
    let shared = Arc::clone(&bank);
    let moved = within(
        WATCHDOG,
        "8 threads x 50,000 transfers with opposing pairs",
        move || {
            thread::scope(|s| {
                let handles: Vec<_> = (0..THREADS)
                    .map(|t| {
                        let bank = &shared;
                        s.spawn(move || {
                            let mut rng = Xoshiro256PlusPlus::seed_from_u64(t);
                            let mut ok = 0u64;
                            for i in 0..TRANSFERS {
                                let (from, to) = if i % 4 == 0 {
                                    // The opposing pair: even threads one way, odd the other.
                                    if t % 2 == 0 { (0, 1) } else { (1, 0) }
                                } else {
                                    (rng.random_range(0..ACCOUNTS), rng.random_range(0..ACCOUNTS))
                                };
                                if bank.transfer(from, to, rng.random_range(0..200)).is_ok() {
                                    ok += 1;
                                }
                            }
                            ok
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a transfer panicked"))
                    .sum::<u64>()
            })
        },
    );
    assert!(
        moved > 100_000,
        "most of the 400,000 transfers should succeed; {moved} did"
    );
    for account in 0..ACCOUNTS {
        let balance = bank.balance(account).expect("the account exists");
        assert!(
            balance <= 16_000,
            "account {account} holds {balance}, more than the bank's whole 16,000: \
             a balance went below zero and wrapped"
        );
    }
    assert_eq!(bank.total(), 16_000, "money is conserved exactly");
}

/// One transfer of a random workload for [`agrees_with_a_sequential_model`]: (from,
/// to, amount), over ids 0..6 of which 5 is unknown.
fn transfers() -> impl Strategy<Value = Vec<(usize, usize, u64)>> {
    prop::collection::vec((0usize..6, 0usize..6, 0u64..80), 0..300)
}

/// Random sequences of up to 300 transfers on 5 accounts of 100 give the same results
/// and the same balances after every step as a plain array with the rules applied by
/// hand. On failure, the message shows the shortest failing sequence.
pub fn agrees_with_a_sequential_model<L: Ledger>() {
    let explain = |transfers: &Vec<(usize, usize, u64)>| {
        format!(
            "a new ledger of 5 accounts (0 to 4) holding 100 each, then\n{}",
            steps(
                transfers
                    .iter()
                    .map(|(from, to, amount)| format!("transfer({from}, {to}, {amount})"))
            )
        )
    };
    check_explained(&transfers(), explain, |transfers| {
        let bank = L::new(5, 100);
        let mut model = [100u64; 5];
        for (step, &(from, to, amount)) in transfers.iter().enumerate() {
            let context = || format!("step {}, transfer({from}, {to}, {amount})", step + 1);
            let expected = if from >= 5 {
                Err(TransferError::UnknownAccount(from))
            } else if to >= 5 {
                Err(TransferError::UnknownAccount(to))
            } else if from == to {
                Err(TransferError::SameAccount(from))
            } else if model[from] < amount {
                Err(TransferError::InsufficientFunds {
                    account: from,
                    balance: model[from],
                    amount,
                })
            } else {
                model[from] -= amount;
                model[to] += amount;
                Ok(())
            };
            same(bank.transfer(from, to, amount), expected, context)?;
            same(
                balances(&bank, 6),
                model.iter().map(|&b| Some(b)).chain([None]).collect(),
                || format!("balances of accounts 0..6 after {}", context()),
            )?;
        }
        same(bank.total(), 500, || "total() at the end".to_string())
    });
}
