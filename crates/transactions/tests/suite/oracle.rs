//! The naive oracle passes the named cases too: a bug in a case that no correct log
//! could pass would show here first.

transactions_contract::conformance_tests!(transactions_contract::NaiveLog);
