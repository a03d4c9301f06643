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
    FirstLast,
}

fn describe(op: &Op) -> String {
    match op {
        Op::Insert(k, v) => format!("insert({k}, {v})"),
        Op::Remove(k) => format!("remove({k})"),
        Op::Get(k) => format!("get({k})"),
        Op::Range(start, end) => format!("range(({start:?}, {end:?}))"),
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
