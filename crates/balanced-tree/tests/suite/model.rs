//! Model-based tests: random sequences of every operation (insert, remove, get, range,
//! first and last) on both trees give what `std::collections::BTreeMap` gives, and
//! every invariant holds after every step: for the AVL tree the contract's
//! `check_shape` (order, stored heights, balance factors, len, height), for the plain
//! BST the order and the length. A failure tells the shortest failing sequence in
//! words.

use std::collections::BTreeMap;
use std::ops::Bound;

use proptest::prelude::*;

use balanced_tree::{AvlTree, Bst};
use balanced_tree_contract::cases::check_shape;
use testkit::property::{TestCaseError, check_explained, same, steps};

#[derive(Debug, Clone)]
enum Op {
    Insert(u16, u16),
    Remove(u16),
    Get(u16),
    Range(Bound<u16>, Bound<u16>),
    /// The range walked from both ends: `next` and `next_back` in the pattern of the
    /// bits of the `u8` (1 for `next_back`), then forwards to the end.
    RangeBothEnds(Bound<u16>, Bound<u16>, u8),
    /// `iter()` walked the same way.
    IterBothEnds(u8),
    FirstLast,
}

fn describe(op: &Op) -> String {
    match op {
        Op::Insert(k, v) => format!("insert({k}, {v})"),
        Op::Remove(k) => format!("remove({k})"),
        Op::Get(k) => format!("get({k})"),
        Op::Range(start, end) => format!("range(({start:?}, {end:?}))"),
        Op::RangeBothEnds(start, end, pattern) => format!(
            "range(({start:?}, {end:?})) walked from both ends: {}",
            both_ends_steps(*pattern)
        ),
        Op::IterBothEnds(pattern) => {
            format!(
                "iter() walked from both ends: {}",
                both_ends_steps(*pattern)
            )
        }
        Op::FirstLast => "first_key_value() and last_key_value()".to_string(),
    }
}

/// What an operation returned, comparable across maps.
#[derive(Debug, PartialEq)]
enum Outcome {
    Value(Option<u16>),
    Entries(Vec<(u16, u16)>),
    Ends(Option<(u16, u16)>, Option<(u16, u16)>),
}

/// The steps of a both-ends walk, in words.
fn both_ends_steps(pattern: u8) -> String {
    let steps: Vec<&str> = (0..8)
        .map(|bit| {
            if pattern >> bit & 1 == 1 {
                "next_back"
            } else {
                "next"
            }
        })
        .collect();
    format!("{}, then next to the end", steps.join(", "))
}

/// Walks `iter` by `pattern` (8 steps, bit i set: `next_back`), then forwards to the end;
/// what each step returned, in order.
fn walk_both_ends<'a, I>(mut iter: I, pattern: u8) -> Vec<(u16, u16)>
where
    I: DoubleEndedIterator<Item = (&'a u16, &'a u16)>,
{
    let mut out = Vec::new();
    for bit in 0..8 {
        let step = if pattern >> bit & 1 == 1 {
            iter.next_back()
        } else {
            iter.next()
        };
        out.push(step.map_or((u16::MAX, u16::MAX), |(k, v)| (*k, *v)));
    }
    out.extend(iter.map(|(k, v)| (*k, *v)));
    out
}

fn bound() -> impl Strategy<Value = Bound<u16>> {
    prop_oneof![
        Just(Bound::Unbounded),
        (0..300u16).prop_map(Bound::Included),
        (0..300u16).prop_map(Bound::Excluded),
    ]
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let key = 0..300u16;
    let op = prop_oneof![
        50 => (key.clone(), any::<u16>()).prop_map(|(k, v)| Op::Insert(k, v)),
        30 => key.clone().prop_map(Op::Remove),
        10 => key.prop_map(Op::Get),
        5 => (bound(), bound()).prop_map(|(s, e)| Op::Range(s, e)),
        3 => (bound(), bound(), any::<u8>()).prop_map(|(s, e, p)| Op::RangeBothEnds(s, e, p)),
        2 => any::<u8>().prop_map(Op::IterBothEnds),
        2 => Just(Op::FirstLast),
    ];
    prop::collection::vec(op, 0..=400)
}

/// `BTreeMap::range` panics where the trees return nothing (start after end, or both
/// ends excluding the same key); the model says what the trees document.
fn model_range(model: &BTreeMap<u16, u16>, start: Bound<u16>, end: Bound<u16>) -> Vec<(u16, u16)> {
    let key = |b: Bound<u16>| match b {
        Bound::Included(k) | Bound::Excluded(k) => Some(k),
        Bound::Unbounded => None,
    };
    if let (Some(s), Some(e)) = (key(start), key(end))
        && (s > e || (s == e && matches!((start, end), (Bound::Excluded(_), Bound::Excluded(_)))))
    {
        return Vec::new();
    }
    model.range((start, end)).map(|(k, v)| (*k, *v)).collect()
}

macro_rules! model_test {
    ($name:ident, $tree:ident, $check:expr) => {
        #[test]
        fn $name() {
            let explain =
                |ops: &Vec<Op>| format!("an empty tree, then\n{}", steps(ops.iter().map(describe)));
            check_explained(&ops(), explain, |ops| {
                let mut tree = $tree::new();
                let mut model = BTreeMap::new();
                let check: fn(&$tree<u16, u16>) -> Result<(), String> = $check;
                for (step, op) in ops.iter().enumerate() {
                    let context = || format!("step {}, {}", step + 1, describe(op));
                    let (got, expected) = match *op {
                        Op::Insert(k, v) => (
                            Outcome::Value(tree.insert(k, v)),
                            Outcome::Value(model.insert(k, v)),
                        ),
                        Op::Remove(k) => (
                            Outcome::Value(tree.remove(&k)),
                            Outcome::Value(model.remove(&k)),
                        ),
                        Op::Get(k) => (
                            Outcome::Value(tree.get(&k).copied()),
                            Outcome::Value(model.get(&k).copied()),
                        ),
                        Op::Range(s, e) => (
                            Outcome::Entries(tree.range((s, e)).map(|(k, v)| (*k, *v)).collect()),
                            Outcome::Entries(model_range(&model, s, e)),
                        ),
                        Op::RangeBothEnds(s, e, pattern) => {
                            let model_range: Vec<(u16, u16)> = model_range(&model, s, e);
                            let model_iter = model_range.iter().map(|(k, v)| (k, v));
                            (
                                Outcome::Entries(walk_both_ends(tree.range((s, e)), pattern)),
                                Outcome::Entries(walk_both_ends(model_iter, pattern)),
                            )
                        }
                        Op::IterBothEnds(pattern) => (
                            Outcome::Entries(walk_both_ends(tree.iter(), pattern)),
                            Outcome::Entries(walk_both_ends(model.iter(), pattern)),
                        ),
                        Op::FirstLast => {
                            let pair = |e: Option<(&u16, &u16)>| e.map(|(k, v)| (*k, *v));
                            (
                                Outcome::Ends(
                                    pair(tree.first_key_value()),
                                    pair(tree.last_key_value()),
                                ),
                                Outcome::Ends(
                                    pair(model.first_key_value()),
                                    pair(model.last_key_value()),
                                ),
                            )
                        }
                    };
                    same(got, expected, context)?;
                    same(tree.len(), model.len(), || {
                        format!("len() after {}", context())
                    })?;
                    check(&tree)
                        .map_err(|why| TestCaseError::fail(format!("{}: {why}", context())))?;
                }
                let entries: Vec<(u16, u16)> = tree.iter().map(|(k, v)| (*k, *v)).collect();
                let expected: Vec<(u16, u16)> = model.into_iter().collect();
                same(entries, expected, || {
                    "the entries after every operation".to_string()
                })
            });
        }
    };
}

model_test!(
    the_avl_tree_agrees_with_btreemap_and_stays_balanced,
    AvlTree,
    |tree| { check_shape(tree).map(|_| ()) }
);

model_test!(the_plain_bst_agrees_with_btreemap, Bst, |tree| {
    let keys: Vec<u16> = tree.iter().map(|(k, _)| *k).collect();
    if keys.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!("keys out of order: {keys:?}"));
    }
    Ok(())
});
