//! Question 28: "How do you prioritize technical debt vs. feature work?"
//!
//! Part of the answer is a number: rank debt by its cost of delay divided by the effort
//! to pay it (weighted shortest job first, WSJF). Implement it here until
//! `cargo lab check tech-debt` is green.
//!
//! An [`Item`] has an `interest` (what it costs each sprint it stays), a `risk` (the
//! expected incident cost per sprint), `blocks` (the cost of delay of the features
//! waiting on it) and an `effort` in days. Its cost of delay is the sum of the first
//! three; the item with the highest cost of delay *per day of effort* goes first.
//!
//! The cases start with the sum, then ask for the order, the tie-breaks (smaller effort
//! first, then name), exact comparison of ratios, two errors, the answer's worked
//! backlog, and finally random backlogs compared with a naive oracle.

#![forbid(unsafe_code)]

pub use tech_debt_contract::{Item, Prioritiser, RankError, Ranked};

/// Your WSJF prioritiser.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wsjf;

impl Prioritiser for Wsjf {
    /// interest + risk + blocks, as a `u64` (three `u32`s can overflow a `u32`).
    fn cost_of_delay(item: &Item) -> u64 {
        // TODO: add the three amounts, converting each to u64 first.
        todo!("cost of delay of {}", item.name)
    }

    /// The items in the order to do them, each as a [`Ranked`] line with its 1-based
    /// place. Highest `cost_of_delay / effort` first; equal ratios: smaller effort
    /// first, then name in byte order.
    ///
    /// Errors: the first item (in input order) with effort 0 is `RankError::ZeroEffort`;
    /// otherwise the first repeated name is `RankError::DuplicateName`.
    fn rank(items: &[Item]) -> Result<Vec<Ranked>, RankError> {
        // TODO: refuse zero effort, then duplicate names (a HashSet of &str).
        // TODO: sort references to the items; compare a/b ratios without dividing.
        // TODO: turn each into a Ranked line with its place, cost of delay and effort.
        todo!("rank {} items", items.len())
    }
}
