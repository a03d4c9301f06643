//! The indexing contract as named, generic test cases, plus a model-based property test
//! against `std::collections::BTreeMap`.
//!
//! Each case is a function generic over the tree type, so the reference and the
//! learner's exercise run exactly the same checks;
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. The shape of the tree is checked from the outside, through what it reports
//! and counts: its height must lie between the B+tree bounds for its order and size
//! ([`min_height`], [`max_height`]), a lookup must visit exactly one node per level, and
//! a range must visit only the leaves that hold its entries.
//!
//! Failure messages say what the contract expected and why, so a learner can fix the
//! code from the message alone.

use std::collections::BTreeMap;
use std::ops::{Bound, RangeBounds};

use proptest::prelude::*;

use testkit::property::{TestCaseError, check_explained, same, steps};

use crate::BPlusIndex;

/// The orders the split cases try: every one from 3 to 8.
pub const ORDERS: std::ops::RangeInclusive<usize> = 3..=8;

/// The fewest keys a node other than the root holds in a B+tree of order `order`:
/// `ceil(order / 2) - 1` (at least 1 for every order from 3 up).
///
/// ```
/// assert_eq!(indexing_contract::cases::min_keys(3), 1);
/// assert_eq!(indexing_contract::cases::min_keys(8), 3);
/// ```
pub fn min_keys(order: usize) -> usize {
    order.div_ceil(2) - 1
}

/// The lowest height a B+tree of order `order` can have with `n` entries: the fewest
/// levels whose full nodes (order − 1 entries per leaf, `order` children per internal
/// node) hold n entries. 0 for n = 0.
///
/// ```
/// use indexing_contract::cases::min_height;
/// assert_eq!(min_height(0, 3), 0);
/// assert_eq!(min_height(2, 3), 1);
/// assert_eq!(min_height(3, 3), 2);
/// assert_eq!(min_height(6, 3), 2);
/// assert_eq!(min_height(7, 3), 3);
/// ```
pub fn min_height(n: usize, order: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let mut h = 1;
    let mut capacity = order - 1;
    while capacity < n {
        capacity = capacity.saturating_mul(order);
        h += 1;
    }
    h
}

/// The greatest height a B+tree of order `order` can have with `n` entries: the most
/// levels whose emptiest legal nodes (a root with two children, other internal nodes
/// with `ceil(order / 2)`, leaves with [`min_keys`] entries) still fit in n entries.
///
/// ```
/// use indexing_contract::cases::max_height;
/// assert_eq!(max_height(1, 3), 1);
/// assert_eq!(max_height(2, 3), 2);
/// assert_eq!(max_height(3, 3), 2);
/// assert_eq!(max_height(4, 3), 3);
/// ```
pub fn max_height(n: usize, order: usize) -> usize {
    if n == 0 {
        return 0;
    }
    // The emptiest tree of height h >= 2 holds 2 * c^(h - 2) * leaf entries.
    let c = order.div_ceil(2);
    let leaf = min_keys(order);
    let mut h = 1;
    let mut least = 2 * leaf; // the emptiest tree of height 2
    while least <= n {
        h += 1;
        least = least.saturating_mul(c);
    }
    h
}

/// The keys of a case's tree, in the orders that stress splits differently.
fn orders(n: u64) -> [(&'static str, Vec<u64>); 3] {
    [
        ("ascending", (0..n).collect()),
        ("descending", (0..n).rev().collect()),
        // 7919 is prime, so i * 7919 mod n for coprime n visits every key once.
        ("scrambled", (0..n).map(|i| i * 7919 % n).collect()),
    ]
}

/// Checks the height against the B+tree bounds for `len()` entries.
fn assert_height<T: BPlusIndex<u64, u64>>(tree: &T, order: usize, context: &str) {
    let n = tree.len();
    let (lo, hi) = (min_height(n, order), max_height(n, order));
    let h = tree.height();
    assert!(
        (lo..=hi).contains(&h),
        "{context}: height() is {h}, but a B+tree of order {order} with {n} entries is \
         {lo} to {hi} levels high (nodes hold at most {} keys and, but for the root, at \
         least {}): split a node when it reaches {order} keys, and grow a new root only \
         when the old root splits",
        order - 1,
        min_keys(order)
    );
}

/// `T::new(2)` panics, with a message that says the order must be at least 3: with
/// two children, a split would leave one half without a key.
pub fn an_order_below_three_is_refused<T: BPlusIndex<u64, u64>>() {
    for order in [0, 1, 2] {
        let result = std::panic::catch_unwind(|| T::new(order));
        let Err(payload) = result else {
            panic!(
                "new({order}) returned a tree; it must panic: a node of order m holds up \
                 to m - 1 keys and a split gives each half at least one, so m >= 3"
            );
        };
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        assert!(
            message.contains("at least 3"),
            "new({order}) panicked with {message:?}; say that the order must be at least 3"
        );
    }
}

/// A new tree is empty: length 0, height 0, `get` finds nothing, a range yields nothing.
pub fn an_empty_tree_has_height_zero<T: BPlusIndex<u64, u64>>() {
    let tree = T::new(4);
    assert_eq!(tree.len(), 0, "len() of a new tree");
    assert!(tree.is_empty(), "is_empty() of a new tree");
    assert_eq!(
        tree.height(),
        0,
        "height() of a new tree: 0, there is no node yet"
    );
    assert_eq!(tree.get(&1), None, "get(&1) on a new tree");
    assert_eq!(
        tree.range(..).count(),
        0,
        "range(..) on a new tree yields nothing"
    );
}

/// Every key inserted is found with its value; keys never inserted are not.
pub fn get_finds_what_insert_stored<T: BPlusIndex<u64, u64>>() {
    let mut tree = T::new(4);
    for k in (0..200).map(|i| i * 2) {
        assert_eq!(tree.insert(k, k + 1), None, "insert({k}) of a new key");
    }
    assert_eq!(tree.len(), 200, "len() after 200 distinct inserts");
    for k in 0..400 {
        let expected = (k % 2 == 0).then_some(k + 1);
        assert_eq!(
            tree.get(&k).copied(),
            expected,
            "get({k}) after inserting the even keys 0..400 with value key + 1"
        );
    }
}

/// Inserting a present key replaces its value, returns the old one and keeps `len()`.
pub fn insert_returns_the_previous_value<T: BPlusIndex<u64, u64>>() {
    let mut tree = T::new(3);
    for k in 0..20 {
        tree.insert(k, k);
    }
    for k in 0..20 {
        assert_eq!(
            tree.insert(k, k + 100),
            Some(k),
            "insert({k}, {}) over insert({k}, {k}) returns the old value",
            k + 100
        );
    }
    assert_eq!(
        tree.len(),
        20,
        "len() after replacing values: still 20 keys"
    );
    assert_eq!(tree.get(&7), Some(&107), "get(7) after the replacement");
}

/// Keys need only `Ord + Clone`: `String` keys work, and range over them sorts by text.
pub fn works_with_string_keys<T: BPlusIndex<String, u64>>() {
    let mut tree = T::new(3);
    let words = ["pear", "apple", "fig", "kiwi", "date", "banana", "cherry"];
    for (i, w) in words.iter().enumerate() {
        tree.insert(w.to_string(), i as u64);
    }
    assert_eq!(tree.get(&"kiwi".to_string()), Some(&3), "get(\"kiwi\")");
    let keys: Vec<&str> = tree
        .range("banana".to_string().."kiwi".to_string())
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        keys,
        ["banana", "cherry", "date", "fig"],
        "range(\"banana\"..\"kiwi\") in text order, \"kiwi\" excluded"
    );
}

/// At each order m from 3 to 8: m − 1 keys fit in the root leaf (height 1); the m-th
/// makes it split into two leaves under a new root (height 2), and every key is still
/// found.
pub fn a_full_leaf_splits_in_two<T: BPlusIndex<u64, u64>>() {
    for order in ORDERS {
        let mut tree = T::new(order);
        for k in 0..order as u64 - 1 {
            tree.insert(k, k);
            assert_eq!(
                tree.height(),
                1,
                "order {order}: after inserting {} keys the root leaf holds them all \
                 (up to {} fit), so height() is 1",
                k + 1,
                order - 1
            );
        }
        tree.insert(order as u64 - 1, 0);
        assert_eq!(
            tree.height(),
            2,
            "order {order}: the {order}th key overflows the leaf (at most {} keys), which \
             splits in two and puts a separator in a new root: height() 2",
            order - 1
        );
        for k in 0..order as u64 {
            assert!(
                tree.get(&k).is_some(),
                "order {order}: get({k}) after the first split finds nothing"
            );
        }
    }
}

/// At every order from 3 to 8, 600 keys inserted ascending, descending and scrambled:
/// after every insert the height lies within the B+tree bounds, and at the end every
/// key is found.
pub fn splits_keep_the_tree_balanced_at_every_order<T: BPlusIndex<u64, u64>>() {
    let n = 600;
    for order in ORDERS {
        for (name, keys) in orders(n) {
            let mut tree = T::new(order);
            for (i, &k) in keys.iter().enumerate() {
                tree.insert(k, k * 3);
                assert_height(
                    &tree,
                    order,
                    &format!(
                        "order {order}, {name} keys, after insert #{} (key {k})",
                        i + 1
                    ),
                );
            }
            for k in 0..n {
                assert_eq!(
                    tree.get(&k),
                    Some(&(k * 3)),
                    "order {order}: get({k}) after {n} {name} inserts"
                );
            }
        }
    }
}

/// A lookup, hit or miss, descends one path: it visits exactly `height()` nodes
/// (counted by the tree), whatever the key.
pub fn a_lookup_visits_one_node_per_level<T: BPlusIndex<u64, u64>>() {
    for order in [3, 5, 8] {
        let mut tree = T::new(order);
        for k in (0..2_000).map(|i| i * 2) {
            tree.insert(k, k);
        }
        let h = tree.height();
        for k in [0, 1, 777, 1_000, 3_998, 3_999, 10_000] {
            tree.get(&k);
            assert_eq!(
                tree.node_visits(),
                h,
                "order {order}, 2,000 keys: get({k}) visited {} nodes; a B+tree lookup \
                 visits one node per level, height() = {h}",
                tree.node_visits()
            );
        }
    }
}

/// `range(..)` yields every entry once, in ascending key order, whatever order the keys
/// went in.
pub fn range_yields_every_key_in_order<T: BPlusIndex<u64, u64>>() {
    for order in [3, 4, 7] {
        for (name, keys) in orders(500) {
            let mut tree = T::new(order);
            for &k in &keys {
                tree.insert(k, k + 1);
            }
            let got: Vec<(u64, u64)> = tree.range(..).map(|(k, v)| (*k, *v)).collect();
            let expected: Vec<(u64, u64)> = (0..500).map(|k| (k, k + 1)).collect();
            assert!(
                got == expected,
                "order {order}, {name} keys 0..500: range(..) yielded {} entries, first \
                 {:?}; expected all 500 in ascending order (walk the leaf chain from the \
                 leftmost leaf)",
                got.len(),
                &got[..got.len().min(8)]
            );
        }
    }
}

/// Every kind of bound (included, excluded, unbounded, at each end), at keys present,
/// absent, before the first and after the last, yields what `BTreeMap::range` yields;
/// ranges empty by their bounds (start after end, or `(Excluded(a), Excluded(a))`)
/// yield nothing.
pub fn range_bounds_of_every_kind<T: BPlusIndex<u64, u64>>() {
    let mut tree = T::new(4);
    let mut model = BTreeMap::new();
    for k in (0..60).map(|i| i * 3 + 10) {
        tree.insert(k, k);
        model.insert(k, k);
    }
    let points = [
        0, 9, 10, 11, 12, 13, 50, 51, 52, 99, 186, 187, 188, 189, 300,
    ];
    let bound = |kind: u8, k: u64| match kind {
        0 => Bound::Included(k),
        1 => Bound::Excluded(k),
        _ => Bound::Unbounded,
    };
    for &a in &points {
        for &b in &points {
            for sk in 0..3 {
                for ek in 0..3 {
                    let r = (bound(sk, a), bound(ek, b));
                    let got: Vec<u64> = tree.range(r).map(|(k, _)| *k).collect();
                    let expected: Vec<u64> = if bounds_empty(&r) {
                        Vec::new()
                    } else {
                        model.range(r).map(|(k, _)| *k).collect()
                    };
                    assert!(
                        got == expected,
                        "range({:?}, {:?}) over the keys 10, 13, ..., 187 (order 4): got \
                         {got:?}, expected {expected:?}",
                        r.0,
                        r.1
                    );
                }
            }
        }
    }
}

/// A range descends once and walks only the leaves holding its entries: 10 entries from
/// the middle of 10,000 keys (order 8, at least 3 entries per leaf) cost at most
/// height + 5 node visits, not a walk from the leftmost leaf; a range past the last key
/// costs at most height + 1.
pub fn a_range_walks_only_the_leaves_it_needs<T: BPlusIndex<u64, u64>>() {
    let order = 8;
    let mut tree = T::new(order);
    for k in 0..10_000 {
        tree.insert(k, k);
    }
    let h = tree.height();
    let leaf = min_keys(order);
    for (start, len) in [(5_000u64, 10usize), (0, 10), (9_990, 10), (4_000, 100)] {
        let got = tree.range(start..start + len as u64).count();
        assert_eq!(got, len, "range({start}..{}) yields", start + len as u64);
        let limit = h + len.div_ceil(leaf) + 1;
        assert!(
            tree.node_visits() <= limit,
            "range({start}..{}) over 10,000 keys (order {order}, height {h}) visited {} \
             nodes; descend to the first key (height nodes), then step along the leaf \
             chain: {len} entries fill at most {} leaves, so at most {limit} nodes",
            start + len as u64,
            tree.node_visits(),
            len.div_ceil(leaf) + 1
        );
    }
    assert_eq!(tree.range(20_000..).count(), 0, "range(20000..)");
    assert!(
        tree.node_visits() <= h + 1,
        "range(20000..) past the last key visited {} nodes, expected at most height + 1 = {}",
        tree.node_visits(),
        h + 1
    );
}

/// Whether a pair of bounds is empty by itself (where `BTreeMap::range` would panic).
fn bounds_empty(r: &(Bound<u64>, Bound<u64>)) -> bool {
    match (r.start_bound(), r.end_bound()) {
        (Bound::Included(s), Bound::Included(e)) => s > e,
        (Bound::Included(s) | Bound::Excluded(s), Bound::Excluded(e))
        | (Bound::Excluded(s), Bound::Included(e)) => s >= e,
        _ => false,
    }
}

/// One step of a random workload for the model test.
#[derive(Debug, Clone)]
pub enum Op {
    /// `insert(key, value)`
    Insert(u64, u64),
    /// `get(key)`
    Get(u64),
    /// `range((start, end))`, collected
    Range(Bound<u64>, Bound<u64>),
}

fn describe(op: &Op) -> String {
    match op {
        Op::Insert(k, v) => format!("insert({k}, {v})"),
        Op::Get(k) => format!("get({k})"),
        Op::Range(s, e) => format!("range(({s:?}, {e:?}))"),
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Value(Option<u64>),
    Entries(Vec<(u64, u64)>),
}

fn apply_tree<T: BPlusIndex<u64, u64>>(tree: &mut T, op: &Op) -> Outcome {
    match op {
        Op::Insert(k, v) => Outcome::Value(tree.insert(*k, *v)),
        Op::Get(k) => Outcome::Value(tree.get(k).copied()),
        Op::Range(s, e) => Outcome::Entries(tree.range((*s, *e)).map(|(k, v)| (*k, *v)).collect()),
    }
}

fn apply_model(model: &mut BTreeMap<u64, u64>, op: &Op) -> Outcome {
    match op {
        Op::Insert(k, v) => Outcome::Value(model.insert(*k, *v)),
        Op::Get(k) => Outcome::Value(model.get(k).copied()),
        Op::Range(s, e) if bounds_empty(&(*s, *e)) => Outcome::Entries(Vec::new()),
        Op::Range(s, e) => Outcome::Entries(model.range((*s, *e)).map(|(k, v)| (*k, *v)).collect()),
    }
}

fn bound_strategy(universe: u64) -> impl Strategy<Value = Bound<u64>> {
    prop_oneof![
        (0..universe).prop_map(Bound::Included),
        (0..universe).prop_map(Bound::Excluded),
        Just(Bound::Unbounded),
    ]
}

/// Random workloads of 1 to 300 operations on keys below 200, at a random order from 3
/// to 8.
fn workloads() -> impl Strategy<Value = (usize, Vec<Op>)> {
    let universe = 200u64;
    let op = prop_oneof![
        6 => (0..universe, any::<u64>()).prop_map(|(k, v)| Op::Insert(k, v)),
        2 => (0..universe).prop_map(Op::Get),
        2 => (bound_strategy(universe), bound_strategy(universe)).prop_map(|(s, e)| Op::Range(s, e)),
    ];
    (ORDERS, proptest::collection::vec(op, 1..300))
}

/// Model-based: random inserts, lookups and ranges of every bound kind, at every order
/// from 3 to 8, give the same results as `std::collections::BTreeMap`; after each step
/// `len()` agrees and the height lies within the B+tree bounds.
pub fn agrees_with_btreemap<T: BPlusIndex<u64, u64>>() {
    check_explained(
        &workloads(),
        |(order, ops)| {
            format!(
                "order {order}, operations:\n{}",
                steps(ops.iter().map(describe))
            )
        },
        |(order, ops)| {
            let mut tree = T::new(order);
            let mut model = BTreeMap::new();
            for (i, op) in ops.iter().enumerate() {
                let context = || format!("step {} ({})", i + 1, describe(op));
                same(
                    apply_tree(&mut tree, op),
                    apply_model(&mut model, op),
                    context,
                )?;
                same(tree.len(), model.len(), || {
                    format!("len() after {}", context())
                })?;
                let (lo, hi) = (
                    min_height(model.len(), order),
                    max_height(model.len(), order),
                );
                if !(lo..=hi).contains(&tree.height()) {
                    return Err(TestCaseError::fail(format!(
                        "height() after {} is {}, outside {lo}..={hi} for {} entries at \
                         order {order}",
                        context(),
                        tree.height(),
                        model.len()
                    )));
                }
            }
            Ok(())
        },
    );
}
