//! The same cases the reference passes. Run them with `cargo lab check delivery`.

delivery_contract::conformance_tests!(analysis: delivery_exercise::Analysis);
