//! The reference passes the contract's cases, the same ones the exercise runs.
//! (`.ci/miri` runs this binary under Miri, leaving out the cases too big to interpret.)

hashmap_contract::conformance_tests!(hashmap::HashMap);
