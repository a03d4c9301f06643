//! The reference passes the contract's cases, the same ones the exercise runs.

dynamic_programming_contract::conformance_tests!(dynamic_programming::Reference);
