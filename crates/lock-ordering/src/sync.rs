//! The mutex behind each account: parking_lot's in every normal build, loom's model of
//! a mutex when the crate is built with `RUSTFLAGS="--cfg loom"` for the model-checking
//! test (`tests/loom.rs`), which then explores every interleaving of the transfers.
//!
//! Both offer the one call the bank needs, `lock()` returning a guard; loom's returns a
//! `LockResult`, which the wrapper unwraps (a model never poisons a lock unless a
//! thread panicked, and then the model has already failed).

#[cfg(not(loom))]
pub(crate) use parking_lot::{Mutex, MutexGuard};

#[cfg(loom)]
pub(crate) use model::{Mutex, MutexGuard};

#[cfg(loom)]
mod model {
    use std::fmt;

    pub(crate) use loom::sync::MutexGuard;

    /// loom's mutex with parking_lot's `lock()` signature.
    pub(crate) struct Mutex<T>(loom::sync::Mutex<T>);

    impl<T> Mutex<T> {
        pub(crate) fn new(value: T) -> Self {
            Mutex(loom::sync::Mutex::new(value))
        }

        pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
            self.0
                .lock()
                .expect("a lock is poisoned only after a model thread panicked")
        }
    }

    impl<T> fmt::Debug for Mutex<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Mutex { .. }")
        }
    }
}
