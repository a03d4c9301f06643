//! The same conformance cases the reference passes. Run them with
//! `cargo lab check lock-ordering`.

lock_ordering_contract::conformance_tests!(lock_ordering_exercise::Bank);
