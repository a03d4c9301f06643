//! The same cases the reference's suite passes. Run them with `cargo lab check testing`.

testing_contract::conformance_tests!(suite: testing_exercise::tests_for);
