//! The tech-debt contract: what question 28's reference prioritiser and the learner's
//! exercise both implement, and the cases both must pass.
//!
//! - [`Item`]: one backlog item (a piece of debt, or debt bundled with the feature it
//!   blocks) with its interest, risk, the cost of delay it blocks, and its effort;
//! - [`Prioritiser`]: the trait, weighted shortest job first (WSJF): rank items by cost
//!   of delay divided by effort;
//! - [`Ranked`]: one line of the ranking, which explains itself ([`Ranked::explain`]);
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, and a property test against the oracle;
//! - [`Pairwise`]: the naive oracle, which places each item by comparing it with every
//!   other (O(n²)), with no sort;
//! - [`conformance_tests!`]: one `#[test]` per case for a prioritiser type.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/tech-debt/tests/conformance.rs
//! tech_debt_contract::conformance_tests!(tech_debt_exercise::Wsjf);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod naive;

pub use naive::Pairwise;

use std::cmp::Ordering;
use std::fmt;

/// One backlog item, as a team scores it at planning.
///
/// Every amount is in the team's own unit of cost per sprint (say €100 or an
/// engineer-hour): only ratios matter. Effort is in days and must be at least 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Item {
    /// A unique name, e.g. `"D1 flaky integration tests"`.
    pub name: String,
    /// What the debt costs every sprint it stays: slower changes, reruns, toil.
    pub interest: u32,
    /// The expected incident cost per sprint: probability × cost of an incident.
    pub risk: u32,
    /// The cost of delay of the features this item blocks (they cannot ship before it).
    pub blocks: u32,
    /// Days of work to pay it down; 0 is refused (the ratio would be undefined).
    pub effort: u32,
}

impl Item {
    /// An item from its five fields.
    ///
    /// ```
    /// use tech_debt_contract::Item;
    /// let item = Item::new("D1 flaky tests", 30, 0, 0, 3);
    /// assert_eq!((item.interest, item.effort), (30, 3));
    /// ```
    pub fn new(
        name: impl Into<String>,
        interest: u32,
        risk: u32,
        blocks: u32,
        effort: u32,
    ) -> Self {
        Item {
            name: name.into(),
            interest,
            risk,
            blocks,
            effort,
        }
    }
}

/// One line of a ranking: the item's name, its 1-based place, and the two numbers the
/// place comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// 1 for the item to do first.
    pub place: usize,
    /// The item's name.
    pub name: String,
    /// interest + risk + blocks, per sprint.
    pub cost_of_delay: u64,
    /// The item's effort in days.
    pub effort: u32,
}

impl Ranked {
    /// The item's WSJF score, cost of delay per day of effort.
    pub fn score(&self) -> f64 {
        self.cost_of_delay as f64 / f64::from(self.effort)
    }

    /// Why the item sits where it does, in one line.
    ///
    /// ```
    /// use tech_debt_contract::Ranked;
    /// let line = Ranked { place: 1, name: "D1".into(), cost_of_delay: 30, effort: 3 };
    /// assert_eq!(line.explain(), "1. D1: cost of delay 30 per sprint / effort 3 days = 10.00");
    /// ```
    pub fn explain(&self) -> String {
        let mut line = format!(
            "{}. {}: cost of delay {} per sprint / effort {} days = {:.2}",
            self.place,
            self.name,
            self.cost_of_delay,
            self.effort,
            self.score()
        );
        if self.cost_of_delay == 0 {
            line.push_str(" (no interest, no risk, blocks nothing: not worth scheduling)");
        }
        line
    }
}

impl fmt::Display for Ranked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.explain())
    }
}

/// Why a backlog cannot be ranked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RankError {
    /// An item with zero effort: cost of delay / 0 has no meaning.
    ZeroEffort {
        /// The item's name.
        name: String,
    },
    /// Two items share a name, so the ranking could not say which is which.
    DuplicateName {
        /// The repeated name.
        name: String,
    },
}

impl fmt::Display for RankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RankError::ZeroEffort { name } => write!(
                f,
                "item '{name}' has effort 0: give it at least 1 day (WSJF divides by effort)"
            ),
            RankError::DuplicateName { name } => write!(
                f,
                "two items are named '{name}': names identify items in the ranking"
            ),
        }
    }
}

impl std::error::Error for RankError {}

/// Weighted shortest job first: the order in which to do a backlog's items.
pub trait Prioritiser {
    /// The item's cost of delay per sprint: interest + risk + blocks, without overflow
    /// (three `u32`s always fit a `u64`).
    fn cost_of_delay(item: &Item) -> u64;

    /// The items in the order to do them: highest cost of delay per day of effort
    /// first. Ties (equal ratios, compared exactly, not as floats) go to the smaller
    /// effort first, then to the name in byte order, so the ranking is a total order
    /// and never depends on the input's order.
    ///
    /// # Errors
    ///
    /// [`RankError::ZeroEffort`] for the first item (in input order) with effort 0;
    /// otherwise [`RankError::DuplicateName`] for the first repeated name.
    fn rank(items: &[Item]) -> Result<Vec<Ranked>, RankError>;
}

/// The order of two items under WSJF: `Less` means `a` goes first. Ratios are compared
/// exactly by cross-multiplying in `u128`, then smaller effort, then name.
///
/// Shared by the oracle and the reference so both break ties the same documented way.
///
/// ```
/// use std::cmp::Ordering;
/// use tech_debt_contract::{Item, wsjf_order};
/// let cheap = Item::new("a", 10, 0, 0, 1);
/// let dear = Item::new("b", 10, 0, 0, 5);
/// assert_eq!(wsjf_order(&cheap, &dear), Ordering::Less);
/// ```
pub fn wsjf_order(a: &Item, b: &Item) -> Ordering {
    let cod = |i: &Item| u128::from(i.interest) + u128::from(i.risk) + u128::from(i.blocks);
    // a first when cod(a)/effort(a) > cod(b)/effort(b), i.e. cod(a)·effort(b) > cod(b)·effort(a).
    let left = cod(a) * u128::from(b.effort);
    let right = cod(b) * u128::from(a.effort);
    right
        .cmp(&left)
        .then(a.effort.cmp(&b.effort))
        .then_with(|| a.name.cmp(&b.name))
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a prioritiser type.
    ///
    /// ```text
    /// tech_debt_contract::conformance_tests!(tech_debt_exercise::Wsjf);
    /// ```
    macro conformance_tests($($p:ident)::+) {
        /// The prioritiser under test.
        type ConformancePrioritiser = $($p)::+;
    }
    cases [$crate::cases] {
        cost_of_delay_adds_interest_risk_and_blocks::<ConformancePrioritiser>(),
        an_empty_backlog_ranks_nothing::<ConformancePrioritiser>(),
        one_item_ranks_first::<ConformancePrioritiser>(),
        higher_cost_of_delay_per_day_goes_first::<ConformancePrioritiser>(),
        a_small_job_beats_a_big_one_with_the_same_cost_of_delay::<ConformancePrioritiser>(),
        equal_ratios_go_to_the_smaller_effort_then_the_name::<ConformancePrioritiser>(),
        ratios_are_compared_exactly::<ConformancePrioritiser>(),
        zero_effort_is_an_error::<ConformancePrioritiser>(),
        duplicate_names_are_an_error::<ConformancePrioritiser>(),
        the_worked_backlog_ranks_as_the_answer_says::<ConformancePrioritiser>(),
        agrees_with_the_pairwise_oracle::<ConformancePrioritiser>(),
    }
}
