//! The oracle passes the named cases it is compared against in the differential tests,
//! so a bug in the oracle's `Map` impl cannot hide behind agreement.

hashmap_contract::conformance_tests!(std::collections::HashMap);
