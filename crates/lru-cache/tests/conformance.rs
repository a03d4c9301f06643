//! The reference passes its own conformance suite, and so does the naive model the
//! suite compares against (so the oracle itself is checked by the named cases).

mod reference {
    lru_cache::conformance_tests!(lru_cache::LruCache);
}

mod naive_model {
    lru_cache::conformance_tests!(lru_cache::naive::NaiveLru);
}
