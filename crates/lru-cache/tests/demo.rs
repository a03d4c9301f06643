//! The demo backs every claim at the small size, for several seeds: a change that
//! breaks the answer's evidence fails here, not silently in front of a learner.

use evidence::DemoConfig;

#[test]
fn every_claim_holds_at_the_small_size() {
    let topic = lru_cache::topic();
    for seed in [1, 2, DemoConfig::DEFAULT_SEED] {
        let report = (topic.demo.run)(&DemoConfig {
            seed,
            size: topic.demo.small_size,
        });
        report.assert_all_hold(&format!("seed {seed}"));
        assert_eq!(report.claims.len(), 4, "the demo checks its four claims");
    }
}

#[test]
fn the_counted_parts_are_deterministic_under_a_seed() {
    let config = DemoConfig {
        seed: 9,
        size: 20_000,
    };
    let a = lru_cache::demo::run(&config);
    let b = lru_cache::demo::run(&config);
    // Tables 0 (hit ratios) and 2 (cache-aside) are counts; table 1 holds timings.
    assert_eq!(a.tables[0], b.tables[0]);
    assert_eq!(a.tables[2], b.tables[2]);
    assert_eq!(a.claims[0], b.claims[0]);
}
