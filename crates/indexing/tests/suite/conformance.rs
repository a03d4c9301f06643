//! The reference passes the contract's cases, the same ones the exercise runs.

indexing_contract::conformance_tests!(indexing::BPlusTree);
