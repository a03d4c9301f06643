//! The same conformance cases the reference passes. Run them with
//! `cargo lab check lru-cache`.

lru_cache_contract::conformance_tests!(lru_cache_exercise::LruCache);
