//! The prioritiser: weighted shortest job first over a backlog of debt items.
//!
//! Reinertsen's rule: when one team does jobs one after another, doing them in
//! decreasing order of cost of delay per unit of duration minimises the total cost of
//! delay. Here cost of delay = interest + risk + the cost of delay of blocked features,
//! and duration = effort in days. The ranking sorts once (O(n log n)) with the
//! contract's exact order; the contract's `Pairwise` oracle gets the same answer in
//! O(n²) without sorting.

use std::collections::HashSet;

use tech_debt_contract::{Item, Prioritiser, RankError, Ranked, wsjf_order};

/// The reference prioritiser.
///
/// ```
/// use tech_debt::{Item, Prioritiser, Wsjf};
///
/// let backlog = [
///     Item::new("D2 hand-run release", 20, 20, 0, 8),
///     Item::new("D1 flaky integration tests", 30, 0, 0, 3),
/// ];
/// let ranked = Wsjf::rank(&backlog).unwrap();
/// assert_eq!(ranked[0].explain(), "1. D1 flaky integration tests: cost of delay 30 per sprint / effort 3 days = 10.00");
/// assert_eq!(ranked[1].place, 2);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Wsjf;

impl Prioritiser for Wsjf {
    fn cost_of_delay(item: &Item) -> u64 {
        u64::from(item.interest) + u64::from(item.risk) + u64::from(item.blocks)
    }

    fn rank(items: &[Item]) -> Result<Vec<Ranked>, RankError> {
        // Validate before sorting, in input order, so the error names the first bad item.
        if let Some(item) = items.iter().find(|i| i.effort == 0) {
            return Err(RankError::ZeroEffort {
                name: item.name.clone(),
            });
        }
        let mut names = HashSet::with_capacity(items.len());
        if let Some(item) = items.iter().find(|i| !names.insert(i.name.as_str())) {
            return Err(RankError::DuplicateName {
                name: item.name.clone(),
            });
        }
        let mut order: Vec<&Item> = items.iter().collect();
        // The order is total (names are unique), so an unstable sort is deterministic.
        order.sort_unstable_by(|a, b| wsjf_order(a, b));
        Ok(order
            .into_iter()
            .enumerate()
            .map(|(i, item)| Ranked {
                place: i + 1,
                name: item.name.clone(),
                cost_of_delay: Self::cost_of_delay(item),
                effort: item.effort,
            })
            .collect())
    }
}

/// The ranking as text, one explained line per item, most urgent first.
///
/// # Errors
///
/// As [`Wsjf::rank`](Prioritiser::rank): zero effort, or a repeated name.
///
/// ```
/// use tech_debt::{Item, explain};
/// let text = explain(&[Item::new("D5 old reports", 0, 0, 0, 10)]).unwrap();
/// assert!(text.contains("not worth scheduling"));
/// ```
pub fn explain(items: &[Item]) -> Result<String, RankError> {
    let ranked = Wsjf::rank(items)?;
    Ok(ranked
        .iter()
        .map(|r| format!("{}\n", r.explain()))
        .collect())
}
