//! The demo backs every counted claim at the small size, for several seeds, and its
//! counted claims repeat under a seed.

evidence::demo_tests!(tech_debt::demo::run);

use tech_debt::demo::{total_delay_cost, worked_backlog};

#[test]
fn total_delay_cost_adds_cost_of_delay_times_completion_day() {
    let b = worked_backlog();
    // D1 alone: 30 × 3. D1 then D2: 30 × 3 + 40 × (3 + 8).
    assert_eq!(total_delay_cost(&[&b[0]]), 90);
    assert_eq!(total_delay_cost(&[&b[0], &b[1]]), 90 + 440);
    assert_eq!(total_delay_cost(&[&b[1], &b[0]]), 320 + 330);
}
