//! The reference passes the contract's cases, the same ones the exercise runs.

system_design_contract::conformance_tests!(system_design::Reference);
