//! The brute-force oracle passes the named cases too (all but the ones on long inputs,
//! which it is built to fail): a case that no correct answer could pass shows here
//! first.

dynamic_programming_contract::correctness_tests!(dynamic_programming_contract::BruteForce);
