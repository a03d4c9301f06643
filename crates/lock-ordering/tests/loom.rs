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

/// Three threads around a cycle of three accounts (0 -> 1, 1 -> 2, 2 -> 0), the shape
/// of the classic three-party deadlock, each moving more than the 5 a balance starts
/// with once another transfer has landed: no interleaving deadlocks, the total is
/// conserved, and every outcome is one a sequential order of the three would give.
#[test]
fn a_cycle_of_three_transfers_on_three_accounts() {
    loom::model(|| {
        let bank = Arc::new(Bank::new(3, 5));
        let handles: Vec<_> = [(0, 1), (1, 2)]
            .into_iter()
            .map(|(from, to)| {
                let bank = Arc::clone(&bank);
                thread::spawn(move || bank.transfer(from, to, 5))
            })
            .collect();
        let last = bank.transfer(2, 0, 5);
        let results: Vec<Result<(), TransferError>> = handles
            .into_iter()
            .map(|h| h.join().expect("a transfer thread finished"))
            .chain([last])
            .collect();
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        assert_eq!(bank.total(), 15);
        assert_eq!(
            [bank.balance(0), bank.balance(1), bank.balance(2)],
            [Some(5); 3],
            "each account sent 5 and received 5"
        );
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
