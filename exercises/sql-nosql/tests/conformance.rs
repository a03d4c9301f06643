//! The same cases the reference passes. Run them with `cargo lab check sql-nosql`.

sql_nosql_contract::conformance_tests!(sql_nosql_exercise::Answers);
