//! The race examples: the fixed versions are exact on every run; the racy ones lose
//! updates and overdraw (their gap is widened with a yield, so they do on every run
//! that interleaves, which two threads released by a barrier practically always do).

use lock_ordering::races::{Account, atomic_counter, mutex_counter, overdrafts, racy_counter};

#[test]
fn atomic_and_mutex_counters_lose_nothing() {
    for threads in [1, 2, 4, 8] {
        assert_eq!(atomic_counter(threads, 20_000), threads as u64 * 20_000);
        assert_eq!(mutex_counter(threads, 2_000), threads as u64 * 2_000);
    }
}

#[test]
fn the_racy_counter_loses_updates_and_never_invents_any() {
    assert_eq!(racy_counter(1, 5_000), 5_000, "alone, nothing races");
    let counted = racy_counter(4, 5_000);
    assert!(
        counted <= 20_000,
        "a lost update can only lower the count: {counted}"
    );
    assert!(
        counted < 20_000,
        "4 threads x 5,000 racy increments lost none"
    );
}

#[test]
fn compare_and_swap_withdrawals_never_overdraw() {
    assert_eq!(overdrafts(500, Account::withdraw), 0);
    let account = Account::new(100);
    assert!(account.withdraw(80));
    assert!(
        !account.withdraw(80),
        "the second withdrawal no longer fits"
    );
    assert_eq!(account.balance(), 20);
}

#[test]
fn check_then_act_withdrawals_overdraw() {
    let overdrawn = overdrafts(500, Account::withdraw_racy);
    assert!(overdrawn > 0, "500 racing pairs never overdrew");
}

/// Two withdrawals of 50 from 100 both go through and leave exactly 0: that is not an
/// overdraft, and `overdrafts` does not count it.
#[test]
fn a_balance_of_exactly_zero_is_not_an_overdraft() {
    assert_eq!(overdrafts(20, |account, _| account.withdraw(50)), 0);
}
