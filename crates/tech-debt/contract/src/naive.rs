//! The oracle: each item's place is one plus the number of items that go before it,
//! found by comparing it with every other item. O(n²) and no sort, so it shares no code
//! path with a sort-based prioritiser except the documented order itself.

use std::collections::HashSet;

use crate::{Item, Prioritiser, RankError, Ranked, wsjf_order};

/// The naive prioritiser: pairwise comparisons, no sort.
///
/// ```
/// use tech_debt_contract::{Item, Pairwise, Prioritiser};
/// let ranked = Pairwise::rank(&[Item::new("slow", 1, 0, 0, 9), Item::new("fast", 9, 0, 0, 1)]).unwrap();
/// assert_eq!(ranked[0].name, "fast");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Pairwise;

impl Prioritiser for Pairwise {
    fn cost_of_delay(item: &Item) -> u64 {
        u64::from(item.interest) + u64::from(item.risk) + u64::from(item.blocks)
    }

    fn rank(items: &[Item]) -> Result<Vec<Ranked>, RankError> {
        if let Some(item) = items.iter().find(|i| i.effort == 0) {
            return Err(RankError::ZeroEffort {
                name: item.name.clone(),
            });
        }
        let mut seen = HashSet::new();
        for item in items {
            if !seen.insert(item.name.as_str()) {
                return Err(RankError::DuplicateName {
                    name: item.name.clone(),
                });
            }
        }
        let mut slots: Vec<Option<Ranked>> = vec![None; items.len()];
        for item in items {
            let before = items
                .iter()
                .filter(|other| wsjf_order(other, item).is_lt())
                .count();
            slots[before] = Some(Ranked {
                place: before + 1,
                name: item.name.clone(),
                cost_of_delay: Self::cost_of_delay(item),
                effort: item.effort,
            });
        }
        Ok(slots
            .into_iter()
            .map(|s| s.expect("distinct names give distinct places"))
            .collect())
    }
}
