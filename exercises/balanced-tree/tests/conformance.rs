//! The same conformance cases the reference passes. Run them with `cargo lab check balanced-tree`.

balanced_tree_contract::conformance_tests!(balanced_tree_exercise::AvlTree);
