//! The reference passes the contract's cases, the same ones the exercise runs, growth
//! cases included.

complexity_contract::conformance_tests!(complexity::algorithms::Reference);
