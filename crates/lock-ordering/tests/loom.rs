//! Model checking with loom: every interleaving of a few transfers, not just the ones
//! a stress test happens to hit. Built only with `--cfg loom`, which swaps the accounts'
//! parking_lot mutexes for loom's (`src/sync.rs`); `.ci/loom` runs it:
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p lock-ordering --test loom --release
//! ```
//!
//! loom reports a deadlock when every thread is blocked, so the ordered transfer's
//! models pass only if no interleaving deadlocks, and the naive transfer's model passes
//! only because loom finds the interleaving that does.
#![cfg(loom)]

use lock_ordering::{Bank, TransferError};
use loom::sync::Arc;
use loom::thread;

/// Two threads transfer between accounts 0 and 1 in opposite directions: in every
/// interleaving both finish and the balances are exactly what the order of the two
/// transfers implies.
#[test]
fn opposite_transfers_on_two_accounts() {
    loom::model(|| {
        let bank = Arc::new(Bank::new(2, 10));
        let other = Arc::clone(&bank);
        let t = thread::spawn(move || other.transfer(1, 0, 4));
        let here = bank.transfer(0, 1, 7);
        let there = t.join().expect("the other thread finished");
        assert_eq!((here, there), (Ok(()), Ok(())));
        assert_eq!((bank.balance(0), bank.balance(1)), (Some(7), Some(13)));
        assert_eq!(bank.total(), 20);
    });
}

/// The three transfers of [`a_cycle_of_three_transfers_on_three_accounts`]: around a
/// cycle of three accounts of 5 each. The first can always go through; the other two
/// move 8, more than an account starts with, so each goes through only if the transfer
/// into its account landed first.
const CYCLE: [(usize, usize, u64); 3] = [(0, 1, 5), (1, 2, 8), (2, 0, 8)];

/// The six orders in which the three transfers can run one at a time.
const ORDERS: [[usize; 3]; 6] = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
];

/// Which of [`CYCLE`]'s transfers go through, and the balances after, when they run one
/// at a time in `order` on accounts of 5 each.
fn one_at_a_time(order: [usize; 3]) -> ([bool; 3], [u64; 3]) {
    let mut balances = [5u64; 3];
    let mut went_through = [false; 3];
    for i in order {
        let (from, to, amount) = CYCLE[i];
        if balances[from] >= amount {
            balances[from] -= amount;
            balances[to] += amount;
            went_through[i] = true;
        }
    }
    (went_through, balances)
}

/// Three threads around a cycle of three accounts (0 -> 1, 1 -> 2, 2 -> 0), the shape
/// of the classic three-party deadlock, two of them moving more than an account starts
/// with: no interleaving deadlocks, and every outcome (which transfers went through, and
/// the balances) is the outcome of one of the six orders in which they could have run
/// one at a time. A transfer that checked the balance and moved the money under
/// different locks would, in some interleaving, give an outcome no order gives.
#[test]
fn a_cycle_of_three_transfers_on_three_accounts() {
    loom::model(|| {
        let bank = Arc::new(Bank::new(3, 5));
        let handles: Vec<_> = CYCLE[..2]
            .iter()
            .map(|&(from, to, amount)| {
                let bank = Arc::clone(&bank);
                thread::spawn(move || bank.transfer(from, to, amount))
            })
            .collect();
        let (from, to, amount) = CYCLE[2];
        let last = bank.transfer(from, to, amount);
        let results: Vec<Result<(), TransferError>> = handles
            .into_iter()
            .map(|h| h.join().expect("a transfer thread finished"))
            .chain([last])
            .collect();
        assert!(
            results
                .iter()
                .all(|r| matches!(r, Ok(()) | Err(TransferError::InsufficientFunds { .. }))),
            "{results:?}"
        );
        let went_through = [0, 1, 2].map(|i| results[i].is_ok());
        let balances = [0, 1, 2].map(|a| bank.balance(a).expect("the account exists"));
        assert!(
            ORDERS
                .iter()
                .any(|&order| one_at_a_time(order) == (went_through, balances)),
            "transfers that went through {went_through:?} and balances {balances:?} are \
             the outcome of no order of the three"
        );
        assert_eq!(bank.total(), 15);
    });
}

/// A transfer racing `total()`: the snapshot, which locks every account in id order,
/// never sees money in flight and never deadlocks with the transfer.
#[test]
fn total_is_a_snapshot_while_a_transfer_runs() {
    loom::model(|| {
        let bank = Arc::new(Bank::new(3, 10));
        let other = Arc::clone(&bank);
        let t = thread::spawn(move || other.transfer(2, 0, 6));
        assert_eq!(bank.total(), 30);
        t.join()
            .expect("the transfer finished")
            .expect("it had the funds");
    });
}

/// The naive transfer, locking in argument order: loom finds the interleaving in
/// which each thread holds one account and waits for the other, and fails the model
/// with "deadlock". This test passes because that failure happens.
#[test]
#[should_panic(expected = "deadlock")]
fn naive_opposite_transfers_deadlock() {
    loom::model(|| {
        // std's Arc: loom's panics when dropped while the model unwinds.
        let bank = std::sync::Arc::new(Bank::new(2, 10));
        let other = std::sync::Arc::clone(&bank);
        let t = thread::spawn(move || other.naive_transfer(1, 0, 4));
        let _ = bank.naive_transfer(0, 1, 7);
        let _ = t.join();
    });
}
