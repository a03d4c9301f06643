//! The reference's example suite passes the exercise's cases: it passes the correct
//! function and catches each of the exercise's mutants.

testing_contract::conformance_tests!(suite: testing::suites::examples);
