//! The reference analysis passes the contract's cases, the same ones the exercise runs.

delivery_contract::conformance_tests!(analysis: delivery::Analysis);
