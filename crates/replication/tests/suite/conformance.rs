//! The reference passes the contract's cases, the same ones the exercise runs.

replication_contract::conformance_tests!(replication);
