//! The oracle passes the named cases it is compared against in the model test, so a
//! bug in the oracle cannot hide behind agreement.

lru_cache_contract::correctness_tests!(lru_cache_contract::naive::NaiveLru);

/// The cost case can fail: the naive oracle scans its list, and the case says so with
/// the counts.
#[test]
#[should_panic(expected = "that grows like n, expected constant")]
fn the_naive_oracle_fails_the_cost_case() {
    lru_cache_contract::cases::work_per_operation_does_not_grow::<
        lru_cache_contract::naive::NaiveLru<lru_cache_contract::cases::CountedKey, u64>,
    >();
}
