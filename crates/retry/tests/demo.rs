//! The demo backs every claim at the small size, for several seeds.

use evidence::DemoConfig;

#[test]
fn every_claim_holds_at_the_small_size() {
    let topic = retry::topic();
    for seed in [1, 2, DemoConfig::DEFAULT_SEED] {
        let report = (topic.demo.run)(&DemoConfig {
            seed,
            size: topic.demo.small_size,
        });
        report.assert_all_hold(&format!("seed {seed}"));
        assert_eq!(report.claims.len(), 3, "the demo checks its three claims");
    }
}

#[test]
fn the_simulations_are_deterministic() {
    use retry::Jitter;
    use retry::demo::{simulate_breaker, simulate_herd};
    assert_eq!(
        simulate_herd(200, 100, 10, Jitter::Full, 5),
        simulate_herd(200, 100, 10, Jitter::Full, 5)
    );
    assert_eq!(simulate_breaker(true), simulate_breaker(true));
    let none = simulate_herd(200, 100, 10, Jitter::None, 5);
    assert_eq!(none.per_slice.iter().sum::<usize>(), none.calls);
}
