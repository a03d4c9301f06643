//! The reference log passes the contract's cases, the same ones the exercise runs.

transactions_contract::conformance_tests!(transactions::Wal);
