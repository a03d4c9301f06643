//! The same conformance cases the reference passes. Run them with `cargo lab check tech-debt`.

tech_debt_contract::conformance_tests!(tech_debt_exercise::Wsjf);
