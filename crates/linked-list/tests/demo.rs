//! The demo backs every claim at the small size and at the smallest accepted size.

use evidence::DemoConfig;

#[test]
fn every_claim_holds() {
    let topic = linked_list::topic();
    for size in [1, topic.demo.small_size, 25_000] {
        let report = (topic.demo.run)(&DemoConfig { seed: 1, size });
        report.assert_all_hold(&format!("size {size}"));
        assert_eq!(report.claims.len(), 4, "the demo checks its four claims");
    }
}

#[test]
fn the_report_is_the_same_on_every_run() {
    let config = DemoConfig {
        seed: 3,
        size: 5_000,
    };
    assert_eq!(
        linked_list::demo::run(&config),
        linked_list::demo::run(&config)
    );
}
