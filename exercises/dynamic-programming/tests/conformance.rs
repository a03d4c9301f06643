//! The same conformance cases the reference passes. Run them with
//! `cargo lab check dynamic-programming`.

dynamic_programming_contract::conformance_tests!(dynamic_programming_exercise::Exercise);
