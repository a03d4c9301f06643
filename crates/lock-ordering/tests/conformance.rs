//! The conformance suite on the reference bank and on the global-lock bank: both keep
//! the contract; they differ only in how much runs in parallel.

mod reference {
    lock_ordering::conformance_tests!(lock_ordering::Bank);
}

mod global_lock {
    lock_ordering::conformance_tests!(lock_ordering::GlobalLockBank);
}
