//! The reference passes the contract's cases, the same ones the exercise runs, and so
//! does the global-lock bank: both keep the contract; they differ only in how much runs
//! in parallel.

mod reference {
    lock_ordering_contract::conformance_tests!(lock_ordering::Bank);
}

mod global_lock {
    lock_ordering_contract::conformance_tests!(lock_ordering::GlobalLockBank);
}
