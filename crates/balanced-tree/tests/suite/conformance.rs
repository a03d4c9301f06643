//! The reference passes the contract's cases, the same ones the exercise runs.

balanced_tree_contract::conformance_tests!(balanced_tree::AvlTree);
