//! The demo backs every claim at the small size and the smallest accepted size.

use evidence::DemoConfig;

#[test]
fn every_claim_holds() {
    let topic = graph_cycles::topic();
    for (seed, size) in [(1, 1), (2, topic.demo.small_size), (3, 30_000)] {
        let report = (topic.demo.run)(&DemoConfig { seed, size });
        report.assert_all_hold(&format!("seed {seed}, size {size}"));
        assert_eq!(report.claims.len(), 5, "the demo checks its five claims");
    }
}
