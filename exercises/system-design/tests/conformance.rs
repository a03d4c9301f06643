//! The same conformance cases the reference passes. Run them with `cargo lab check system-design`.

system_design_contract::conformance_tests!(system_design_exercise::Solution);
