//! The demo backs every claim at the small size, for several seeds: a change that
//! breaks the answer's evidence fails here, not silently in front of a learner.

use evidence::DemoConfig;

#[test]
fn every_claim_holds_at_the_small_size() {
    let topic = consistent_hashing::topic();
    for seed in [1, 2, DemoConfig::DEFAULT_SEED] {
        let report = (topic.demo.run)(&DemoConfig {
            seed,
            size: topic.demo.small_size,
        });
        report.assert_all_hold(&format!("seed {seed}"));
        assert_eq!(report.claims.len(), 5, "the demo checks its five claims");
    }
}

#[test]
fn the_counted_parts_are_deterministic_under_a_seed() {
    let config = DemoConfig {
        seed: 9,
        size: 20_000,
    };
    let (a, b) = (
        consistent_hashing::demo::run(&config),
        consistent_hashing::demo::run(&config),
    );
    // Tables 0 (keys moved), 1 (spread), 3 and 4 (simulations) are counts or simulated
    // time; table 2 holds timings.
    for t in [0, 1, 3, 4] {
        assert_eq!(a.tables[t], b.tables[t], "table {t}");
    }
}
