//! The reference passes the contract's cases, the same ones the exercise runs.

tech_debt_contract::conformance_tests!(tech_debt::Wsjf);
