//! The reference answers pass the contract's cases, the same ones the exercise runs.

sql_nosql_contract::conformance_tests!(sql_nosql::answers::Answers);
