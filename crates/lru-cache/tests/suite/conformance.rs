//! The reference passes the contract's cases, the same ones the exercise runs.

lru_cache_contract::conformance_tests!(lru_cache::LruCache);
