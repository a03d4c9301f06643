//! The demo backs every claim at the small size, for several seeds: a change that
//! breaks the answer's evidence fails here, not silently in front of a learner.

use evidence::DemoConfig;

#[test]
fn every_claim_holds_at_the_small_size() {
    let topic = hashmap::topic();
    for seed in [1, 2, DemoConfig::DEFAULT_SEED] {
        let report = (topic.demo.run)(&DemoConfig {
            seed,
            size: topic.demo.small_size,
        });
        report.assert_all_hold(&format!("seed {seed}"));
        assert_eq!(report.claims.len(), 6, "the demo checks its six claims");
    }
}

#[test]
fn the_counted_parts_are_deterministic_under_a_seed() {
    let config = DemoConfig {
        seed: 9,
        size: 100_000,
    };
    let a = hashmap::demo::run(&config);
    let b = hashmap::demo::run(&config);
    // Table 2 (probe lengths) and 3 (word count) are counts; 0 and 1 hold timings.
    assert_eq!(a.tables[2], b.tables[2]);
    assert_eq!(a.tables[3], b.tables[3]);
    assert_eq!(a.claims[4], b.claims[4]);
}
