//! The same conformance cases the reference passes. Run them with `cargo lab check indexing`.

indexing_contract::conformance_tests!(indexing_exercise::BPlusTree);
