//! The oracle passes the named cases it is compared against in the model test, so a
//! bug in the oracle cannot hide behind agreement.

lru_cache_contract::conformance_tests!(lru_cache_contract::naive::NaiveLru);
