//! The pairwise oracle passes the named cases too, so a case that fails the exercise is
//! the exercise's bug, not the oracle's.

tech_debt_contract::conformance_tests!(tech_debt_contract::Pairwise);
