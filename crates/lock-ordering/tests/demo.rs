//! The demo backs every claim at the small size, for several seeds: a change that
//! breaks the answer's evidence fails here, not silently in front of a learner.

use evidence::DemoConfig;

#[test]
fn every_claim_holds_at_the_small_size() {
    let topic = lock_ordering::topic();
    for seed in [1, 2, DemoConfig::DEFAULT_SEED] {
        let report = (topic.demo.run)(&DemoConfig {
            seed,
            size: topic.demo.small_size,
        });
        report.assert_all_hold(&format!("seed {seed}"));
        assert_eq!(report.claims.len(), 5, "the demo checks its five claims");
        let deadlock = &report.claims[0].measured;
        assert!(
            deadlock.contains(
                "thread A holds account 1 and waits for account 2; \
                 thread B holds 2 and waits for 1"
            ),
            "the deadlock report names both threads and both accounts: {deadlock}"
        );
    }
}

#[test]
fn workloads_are_reproducible_and_oppose_where_asked() {
    use lock_ordering::demo::workloads;
    assert_eq!(workloads(2, 100, 8, true, 5), workloads(2, 100, 8, true, 5));
    assert_ne!(workloads(2, 100, 8, true, 5), workloads(2, 100, 8, true, 6));
    let w = workloads(2, 100, 8, true, 5);
    assert!(w[0].iter().step_by(4).all(|&(f, t, _)| (f, t) == (0, 1)));
    assert!(w[1].iter().step_by(4).all(|&(f, t, _)| (f, t) == (1, 0)));
    let plain = workloads(3, 50, 8, false, 5);
    assert_eq!(plain.len(), 3);
    assert!(
        plain
            .iter()
            .flatten()
            .all(|&(f, t, a)| f < 8 && t < 8 && (1..100).contains(&a))
    );
}
