//! The tech-debt contract as named, generic test cases, plus a property test against the
//! pairwise oracle.
//!
//! Each case is a function generic over the prioritiser, so the reference and the
//! learner's exercise run exactly the same checks;
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. Messages say what WSJF expects and why, with the numbers, so a learner can fix
//! the code from the message alone.

use proptest::prelude::*;
use testkit::property::{check, same};

use crate::{Item, Pairwise, Prioritiser, RankError, Ranked};

/// The names of a ranking, in order.
fn names(ranked: &[Ranked]) -> Vec<&str> {
    ranked.iter().map(|r| r.name.as_str()).collect()
}

/// Ranks `items` with `P`, panicking with a teaching message on an unexpected error.
#[track_caller]
fn rank<P: Prioritiser>(items: &[Item]) -> Vec<Ranked> {
    match P::rank(items) {
        Ok(ranked) => ranked,
        Err(e) => panic!(
            "rank({items:?}) failed with '{e}', but every item has effort >= 1 and a unique name"
        ),
    }
}

/// Asserts the ranking's names, and that places count 1, 2, 3, ...
#[track_caller]
fn check_order<P: Prioritiser>(items: &[Item], expected: &[&str], why: &str) {
    let ranked = rank::<P>(items);
    assert_eq!(
        names(&ranked),
        expected,
        "ranking {items:?}: expected {expected:?} because {why}; got {:?}",
        names(&ranked)
    );
    for (i, r) in ranked.iter().enumerate() {
        assert_eq!(
            r.place,
            i + 1,
            "'{}' is line {} of the ranking, so its place is {}, not {}",
            r.name,
            i + 1,
            i + 1,
            r.place
        );
    }
}

/// Cost of delay is the sum interest + risk + blocks, in `u64` so three `u32::MAX`
/// values do not overflow.
pub fn cost_of_delay_adds_interest_risk_and_blocks<P: Prioritiser>() {
    let cases = [
        (Item::new("a", 3, 2, 10, 1), 15u64),
        (Item::new("b", 0, 0, 0, 1), 0),
        (
            Item::new("c", u32::MAX, u32::MAX, u32::MAX, 1),
            3 * u64::from(u32::MAX),
        ),
    ];
    for (item, expected) in cases {
        assert_eq!(
            P::cost_of_delay(&item),
            expected,
            "cost_of_delay({item:?}) is interest {} + risk {} + blocks {} = {expected} (add as u64: \
             u32 addition overflows)",
            item.interest,
            item.risk,
            item.blocks
        );
    }
}

/// An empty backlog is a valid backlog: its ranking is empty, not an error.
pub fn an_empty_backlog_ranks_nothing<P: Prioritiser>() {
    assert_eq!(
        P::rank(&[]),
        Ok(vec![]),
        "an empty backlog ranks to an empty list"
    );
}

/// One item goes first, with its cost of delay and effort carried into the line.
pub fn one_item_ranks_first<P: Prioritiser>() {
    let ranked = rank::<P>(&[Item::new("D1", 30, 0, 0, 3)]);
    assert_eq!(
        ranked,
        vec![Ranked {
            place: 1,
            name: "D1".into(),
            cost_of_delay: 30,
            effort: 3
        }],
        "a single item is place 1, with cost of delay 30 + 0 + 0 and effort 3"
    );
}

/// The highest cost of delay per day of effort goes first, whatever the input order.
pub fn higher_cost_of_delay_per_day_goes_first<P: Prioritiser>() {
    let items = [
        Item::new("low", 2, 0, 0, 1),  // 2 per day
        Item::new("high", 9, 0, 0, 1), // 9 per day
        Item::new("mid", 2, 2, 1, 1),  // 5 per day
    ];
    check_order::<P>(
        &items,
        &["high", "mid", "low"],
        "with equal effort, the larger cost of delay per sprint (9 > 5 > 2) goes first",
    );
    let reversed: Vec<Item> = items.iter().rev().cloned().collect();
    check_order::<P>(
        &reversed,
        &["high", "mid", "low"],
        "the ranking does not depend on the input order",
    );
}

/// Effort divides: a small job with the same cost of delay is done first, and a big
/// cost of delay can lose to a much cheaper job.
pub fn a_small_job_beats_a_big_one_with_the_same_cost_of_delay<P: Prioritiser>() {
    check_order::<P>(
        &[
            Item::new("rewrite", 20, 0, 0, 20),
            Item::new("quick fix", 4, 0, 0, 2),
        ],
        &["quick fix", "rewrite"],
        "WSJF divides by effort: 4 / 2 days = 2.0 beats 20 / 20 days = 1.0, \
         although the rewrite's cost of delay is five times larger",
    );
}

/// Equal ratios are ties: the smaller effort first (it frees the team sooner), then the
/// name, so the order is total and repeatable.
pub fn equal_ratios_go_to_the_smaller_effort_then_the_name<P: Prioritiser>() {
    check_order::<P>(
        &[
            Item::new("big", 10, 0, 0, 10),
            Item::new("b-small", 2, 0, 0, 2),
            Item::new("a-small", 1, 1, 0, 2),
        ],
        &["a-small", "b-small", "big"],
        "all three score 1.0 per day; ties go to the smaller effort (2 before 10), then \
         to the name in byte order ('a-small' before 'b-small')",
    );
}

/// Ratios are compared exactly, not as rounded floats: (2³² − 2) / (2³² − 1) is larger
/// than (2³² − 3) / (2³² − 2), by about 5 × 10⁻²⁰, which even an `f64` rounds away.
pub fn ratios_are_compared_exactly<P: Prioritiser>() {
    let q = u32::MAX; // 2³² − 1
    check_order::<P>(
        &[
            Item::new("smaller effort", q - 2, 0, 0, q - 1),
            Item::new("a hair more per day", q - 1, 0, 0, q),
        ],
        &["a hair more per day", "smaller effort"],
        "4294967294 / 4294967295 > 4294967293 / 4294967294 (the difference is 1 / (4294967295 × \
         4294967294)); as f64 both are 0.9999999997671694, a tie that the smaller effort would \
         wrongly win: compare cod(a) × effort(b) with cod(b) × effort(a) in u128 instead",
    );
    check_order::<P>(
        &[
            Item::new("max", u32::MAX, u32::MAX, u32::MAX, u32::MAX),
            Item::new("three", 3, 0, 0, 1),
        ],
        &["three", "max"],
        "both score exactly 3.0 per day; the tie goes to the smaller effort (1 day); the \
         cross products need u128 (3·(2³²-1) · (2³²-1) does not fit a u64)",
    );
}

/// Effort 0 is refused with the item's name, because cost of delay / 0 means nothing.
pub fn zero_effort_is_an_error<P: Prioritiser>() {
    let items = [
        Item::new("ok", 5, 0, 0, 1),
        Item::new("free lunch", 5, 0, 0, 0),
    ];
    assert_eq!(
        P::rank(&items),
        Err(RankError::ZeroEffort {
            name: "free lunch".into()
        }),
        "an item with effort 0 has no WSJF score: rank returns ZeroEffort naming it"
    );
}

/// Two items with one name are refused: the ranking identifies items by name.
pub fn duplicate_names_are_an_error<P: Prioritiser>() {
    let items = [
        Item::new("D1", 5, 0, 0, 1),
        Item::new("D2", 5, 0, 0, 2),
        Item::new("D1", 1, 0, 0, 3),
    ];
    assert_eq!(
        P::rank(&items),
        Err(RankError::DuplicateName { name: "D1".into() }),
        "two items named 'D1': rank returns DuplicateName naming it"
    );
}

/// The answer's worked backlog (README, "Ranking by cost of delay"), in tenths of €k:
/// the flaky tests first, the pricing split bundled with the feature it blocks next,
/// the hand-run release, PostgreSQL 12, and the module nobody changes last.
pub fn the_worked_backlog_ranks_as_the_answer_says<P: Prioritiser>() {
    let backlog = [
        Item::new("D4 PostgreSQL 12", 0, 20, 0, 15),
        Item::new("D2 hand-run release", 20, 20, 0, 8),
        Item::new("D5 old admin reports", 0, 0, 0, 10),
        Item::new("D3 split pricing (blocks F2)", 40, 20, 100, 26),
        Item::new("D1 flaky integration tests", 30, 0, 0, 3),
    ];
    let ranked = rank::<P>(&backlog);
    check_order::<P>(
        &backlog,
        &[
            "D1 flaky integration tests",
            "D3 split pricing (blocks F2)",
            "D2 hand-run release",
            "D4 PostgreSQL 12",
            "D5 old admin reports",
        ],
        "the scores are 30/3 = 10.0, 160/26 = 6.2, 40/8 = 5.0, 20/15 = 1.3 and 0/10 = 0",
    );
    let cods: Vec<u64> = ranked.iter().map(|r| r.cost_of_delay).collect();
    assert_eq!(
        cods,
        [30, 160, 40, 20, 0],
        "each line carries its item's cost of delay (interest + risk + blocks)"
    );
}

/// On random backlogs (small numbers, so ties are common), the ranking equals the
/// pairwise oracle's, errors included.
pub fn agrees_with_the_pairwise_oracle<P: Prioritiser>() {
    let item = (0u8..12, 0u32..6, 0u32..6, 0u32..6, 0u32..5)
        .prop_map(|(n, i, r, b, e)| Item::new(format!("item{n}"), i, r, b, e));
    check(&prop::collection::vec(item, 0..12), |items| {
        same(P::rank(&items), Pairwise::rank(&items), || {
            format!(
                "ranking {items:?}: the oracle places each item after every item with a higher \
                 cost of delay per day (ties: smaller effort, then name), and reports the first \
                 zero effort before any duplicate name"
            )
        })
    });
}
