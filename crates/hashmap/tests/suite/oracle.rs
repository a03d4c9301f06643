//! The oracle passes the named cases it is compared against in the differential tests,
//! so a bug in the oracle's `Map` impl cannot hide behind agreement. It passes the cost
//! case too: 2 hashes and comparisons per successful lookup and about 1 per missing one,
//! at 1,000 entries as at 16,000.

hashmap_contract::conformance_tests!(std::collections::HashMap);
