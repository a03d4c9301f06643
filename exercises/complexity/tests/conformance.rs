//! The same conformance cases the reference passes, growth cases included. Run them with
//! `cargo lab check complexity`.

complexity_contract::conformance_tests!(complexity_exercise::Solution);
