//! The same conformance cases the reference passes. Run them with `cargo lab check replication`.

replication_contract::conformance_tests!(replication_exercise);
