//! What the conformance suite (tests/conformance.rs) does not cover: the naive and
//! try-lock transfers, `transfer_with`, error messages, and the overflow guard. The
//! concurrent case runs under a watchdog: a deadlock fails it within seconds.

use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use lock_ordering::{Bank, GlobalLockBank, TransferError};
use testkit::watchdog::within;

#[test]
fn naive_and_try_transfers_check_like_transfer() {
    let bank = Bank::new(3, 10);
    assert_eq!(
        bank.naive_transfer(2, 2, 1),
        Err(TransferError::SameAccount(2))
    );
    assert_eq!(
        bank.naive_transfer(1, 2, 11),
        Err(TransferError::InsufficientFunds {
            account: 1,
            balance: 10,
            amount: 11
        })
    );
    assert_eq!(
        bank.try_transfer(0, 5, 1, Duration::from_millis(10)),
        Err(TransferError::UnknownAccount(5))
    );
    assert!(
        (0..3).all(|a| bank.balance(a) == Some(10)),
        "no balance changed"
    );
    assert_eq!(bank.naive_transfer(0, 1, 4), Ok(()));
    assert_eq!(
        bank.try_transfer(1, 2, 14, Duration::from_millis(10)),
        Ok(())
    );
    assert_eq!(
        [bank.balance(0), bank.balance(1), bank.balance(2)],
        [Some(6), Some(0), Some(24)]
    );
}

#[test]
fn errors_read_as_sentences() {
    assert_eq!(
        TransferError::InsufficientFunds {
            account: 1,
            balance: 10,
            amount: 11
        }
        .to_string(),
        "account 1 holds 10, less than the 11 asked for"
    );
    assert_eq!(
        TransferError::SameAccount(3).to_string(),
        "cannot transfer from account 3 to itself"
    );
    assert_eq!(
        TransferError::UnknownAccount(7).to_string(),
        "there is no account 7"
    );
}

#[test]
fn transfer_with_runs_its_work_under_the_locks_and_only_on_success() {
    let bank = Bank::new(2, 10);
    let mut ran = 0;
    assert_eq!(
        bank.transfer_with(0, 1, 3, || {
            ran += 1;
            // Both accounts are locked: a try_transfer touching either cannot get in.
            assert!(matches!(
                bank.try_transfer(1, 0, 1, Duration::ZERO),
                Err(TransferError::TimedOut { .. })
            ));
        }),
        Ok(())
    );
    assert_eq!(
        bank.transfer_with(0, 1, 99, || ran += 1),
        Err(TransferError::InsufficientFunds {
            account: 0,
            balance: 7,
            amount: 99
        })
    );
    assert_eq!(
        ran, 1,
        "the work runs once, for the transfer that went through"
    );
    let global = GlobalLockBank::new(2, 10);
    let mut seen = None;
    assert_eq!(global.transfer_with(1, 0, 4, || seen = Some(4)), Ok(()));
    assert_eq!(seen, Some(4));
    assert_eq!((global.balance(0), global.balance(1)), (Some(14), Some(6)));
    assert_eq!(global.accounts(), 2);
}

#[test]
#[should_panic(expected = "must fit in a u64")]
fn a_bank_whose_total_overflows_is_refused() {
    Bank::new(3, u64::MAX / 2);
}

#[test]
fn try_transfer_times_out_while_another_thread_holds_the_account() {
    let bank = Bank::new(2, 10);
    thread::scope(|s| {
        let (held, release) = (mpsc::channel::<()>(), mpsc::channel::<()>());
        let bank = &bank;
        s.spawn(move || {
            let guard = bank.lock_account(1).expect("account 1 exists");
            assert_eq!(*guard, 10);
            held.0.send(()).unwrap();
            release.1.recv().unwrap();
        });
        held.1.recv().unwrap();
        let result = bank.try_transfer(0, 1, 5, Duration::from_millis(20));
        release.0.send(()).unwrap();
        match result {
            Err(TransferError::TimedOut { attempts }) => assert!(attempts >= 1),
            other => panic!("expected a timeout, got {other:?}"),
        }
    });
    assert_eq!(
        bank.balance(0),
        Some(10),
        "a timed-out transfer changes nothing"
    );
    assert_eq!(
        bank.try_transfer(0, 1, 5, Duration::from_millis(20)),
        Ok(())
    );
}

/// The same contention through `try_transfer`, which takes locks in argument order
/// but never waits while holding: no deadlock, total conserved.
#[test]
fn try_transfers_in_opposite_directions_never_deadlock() {
    let bank = Arc::new(Bank::new(2, 1_000_000));
    let shared = Arc::clone(&bank);
    let timed_out = within(
        Duration::from_secs(10),
        "opposing try_transfers",
        move || {
            thread::scope(|s| {
                let handles: Vec<_> = [(0, 1), (1, 0), (0, 1), (1, 0)]
                    .into_iter()
                    .map(|(from, to)| {
                        let bank = &shared;
                        s.spawn(move || {
                            (0..5_000)
                                .filter(|_| {
                                    matches!(
                                        bank.try_transfer(from, to, 1, Duration::from_secs(5)),
                                        Err(TransferError::TimedOut { .. })
                                    )
                                })
                                .count()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("no panic"))
                    .sum::<usize>()
            })
        },
    );
    assert_eq!(timed_out, 0);
    assert_eq!(bank.total(), 2_000_000, "money is conserved exactly");
}

#[test]
fn a_bank_counts_its_accounts() {
    assert_eq!(Bank::new(5, 10).accounts(), 5);
    assert_eq!(Bank::new(0, 10).accounts(), 0);
    assert_eq!(GlobalLockBank::new(3, 10).accounts(), 3);
}
