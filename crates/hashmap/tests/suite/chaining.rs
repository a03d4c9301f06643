//! The separate-chaining map, the reference's complete alternative solution, passes the
//! contract's cases too, including the differential tests against std's map.

hashmap_contract::conformance_tests!(hashmap::chaining::ChainedHashMap);
