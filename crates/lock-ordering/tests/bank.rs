//! The bank's contract: named cases, a model-based property test, and concurrent
//! stress tests that must conserve money and finish (a watchdog turns a deadlock into
//! a failure within seconds instead of a hung CI job).

use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use evidence::watchdog::within;
use lock_ordering::{Bank, GlobalLockBank, TransferError};
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};

#[test]
fn a_transfer_moves_money_and_keeps_the_total() {
    let bank = Bank::new(2, 50);
    assert_eq!(bank.transfer(0, 1, 20), Ok(()));
    assert_eq!((bank.balance(0), bank.balance(1)), (Some(30), Some(70)));
    assert_eq!(bank.transfer(1, 0, 70), Ok(()), "a whole balance may move");
    assert_eq!((bank.balance(0), bank.balance(1)), (Some(100), Some(0)));
    assert_eq!(bank.total(), 100);
}

#[test]
fn errors_change_nothing() {
    let bank = Bank::new(3, 10);
    assert_eq!(bank.transfer(0, 0, 1), Err(TransferError::SameAccount(0)));
    assert_eq!(
        bank.transfer(0, 3, 1),
        Err(TransferError::UnknownAccount(3))
    );
    assert_eq!(
        bank.transfer(9, 0, 1),
        Err(TransferError::UnknownAccount(9))
    );
    assert_eq!(
        bank.transfer(1, 2, 11),
        Err(TransferError::InsufficientFunds {
            account: 1,
            balance: 10,
            amount: 11
        })
    );
    assert_eq!(
        bank.naive_transfer(2, 2, 1),
        Err(TransferError::SameAccount(2))
    );
    assert_eq!(
        bank.try_transfer(0, 5, 1, Duration::from_millis(10)),
        Err(TransferError::UnknownAccount(5))
    );
    assert_eq!(bank.balance(3), None, "an unknown account has no balance");
    assert!(
        (0..3).all(|a| bank.balance(a) == Some(10)),
        "no balance changed"
    );
    assert_eq!(
        TransferError::InsufficientFunds {
            account: 1,
            balance: 10,
            amount: 11
        }
        .to_string(),
        "account 1 holds 10, less than the 11 asked for"
    );
}

#[test]
fn a_zero_transfer_and_an_empty_bank_are_fine() {
    let bank = Bank::new(2, 0);
    assert_eq!(bank.transfer(0, 1, 0), Ok(()));
    assert_eq!(Bank::new(0, 5).total(), 0);
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

/// One step of the model test: (from, to, amount).
fn transfers() -> impl Strategy<Value = Vec<(usize, usize, u64)>> {
    prop::collection::vec((0usize..6, 0usize..6, 0u64..80), 0..300)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any sequence of transfers gives the same results and balances as an array of
    /// balances with the rules applied by hand (accounts 0..5; ids 5 are unknown).
    #[test]
    fn transfers_agree_with_a_plain_array(steps in transfers()) {
        let bank = Bank::new(5, 100);
        let mut model = [100u64; 5];
        for (from, to, amount) in steps {
            let expected = if from >= 5 {
                Err(TransferError::UnknownAccount(from))
            } else if to >= 5 {
                Err(TransferError::UnknownAccount(to))
            } else if from == to {
                Err(TransferError::SameAccount(from))
            } else if model[from] < amount {
                Err(TransferError::InsufficientFunds { account: from, balance: model[from], amount })
            } else {
                model[from] -= amount;
                model[to] += amount;
                Ok(())
            };
            prop_assert_eq!(bank.transfer(from, to, amount), expected);
            for (a, &m) in model.iter().enumerate() {
                prop_assert_eq!(bank.balance(a), Some(m));
            }
        }
        prop_assert_eq!(bank.total(), 500);
    }
}

#[test]
fn the_global_lock_bank_follows_the_same_rules() {
    let bank = GlobalLockBank::new(3, 10);
    assert_eq!(bank.transfer(0, 1, 4), Ok(()));
    assert_eq!(bank.transfer(1, 1, 1), Err(TransferError::SameAccount(1)));
    assert_eq!(
        bank.transfer(0, 7, 1),
        Err(TransferError::UnknownAccount(7))
    );
    assert_eq!(
        bank.transfer(2, 0, 11),
        Err(TransferError::InsufficientFunds {
            account: 2,
            balance: 10,
            amount: 11
        })
    );
    assert_eq!(bank.total(), 30);
}

/// 8 threads x 50,000 random transfers among 16 accounts, a quarter of them between the
/// two hottest accounts in both directions: the total is conserved exactly, no
/// balance ever underflows (they are `u64`, and a lost update would show in the total),
/// and it all finishes.
#[test]
fn ordered_transfers_under_contention_conserve_money_and_finish() {
    const THREADS: u64 = 8;
    const TRANSFERS: usize = 50_000;
    const ACCOUNTS: usize = 16;
    let bank = Arc::new(Bank::new(ACCOUNTS, 1_000));
    let shared = Arc::clone(&bank);
    let moved = within(
        Duration::from_secs(10),
        "8 threads of ordered transfers",
        move || {
            thread::scope(|s| {
                let handles: Vec<_> = (0..THREADS)
                    .map(|t| {
                        let bank = &shared;
                        s.spawn(move || {
                            let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(t);
                            let mut ok = 0u64;
                            for i in 0..TRANSFERS {
                                let (from, to) = if i % 4 == 0 {
                                    // The opposing pair: half the threads one way, half the other.
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
                    .map(|h| h.join().expect("no transfer panics"))
                    .sum::<u64>()
            })
        },
    );
    assert!(moved > 100_000, "most transfers succeed ({moved} did)");
    assert_eq!(bank.total(), 16_000, "money is conserved exactly");
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
