//! The same conformance cases the reference passes. Run them with `cargo lab check transactions`.

transactions_contract::conformance_tests!(transactions_exercise::Log);
