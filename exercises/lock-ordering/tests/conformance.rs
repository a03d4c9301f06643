//! The reference's conformance suite, run on your bank.

lock_ordering::conformance_tests!(lock_ordering_exercise::Bank);
