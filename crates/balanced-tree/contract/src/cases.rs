//! The balanced-tree contract as named, generic test cases, plus a model-based property
//! test against `std::collections::BTreeMap`.
//!
//! Each case is a function generic over the tree type, so the reference and the
//! learner's exercise run exactly the same checks;
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. The shape cases walk the tree through [`SearchTree::root`] and check, after
//! every insert, the three invariants of an AVL tree (see [`check_shape`]).
//!
//! Failure messages say what the contract expected and why, so a learner can fix the
//! code from the message alone.

use std::collections::BTreeMap;
use std::fmt::Debug;

use proptest::prelude::*;

use testkit::counted::{Counted, Growth, assert_growth, count};
use testkit::property::{TestCaseError, check_explained, same, steps};

use crate::{SearchTree, TreeNode};

/// What [`check_shape`] measured in a tree that keeps every invariant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The nodes reached from the root.
    pub nodes: usize,
    /// The height computed from the links (not the stored one).
    pub height: usize,
}

/// Walks `tree` from its root, without recursion, and checks what an AVL tree keeps
/// true after every operation:
///
/// 1. **search order**: an in-order walk meets the keys strictly increasing;
/// 2. **stored heights**: every node's [`TreeNode::stored_height`] is 1 + the larger
///    height of its subtrees, computed from the links;
/// 3. **balance**: every node's balance factor, height(left) − height(right), is -1, 0
///    or 1;
///
/// and that `len()` counts the nodes and `height()` is the root's height.
///
/// # Errors
///
/// The first broken invariant, in words, naming the node's key.
///
/// # Example
///
/// ```
/// use balanced_tree_contract::cases::{Shape, check_shape};
/// use balanced_tree_contract::{SearchTree, SortedVec};
///
/// let mut map = SortedVec::new();
/// for k in 0..7u32 {
///     map.insert(k, ());
/// }
/// assert_eq!(check_shape(&map), Ok(Shape { nodes: 7, height: 3 }));
/// ```
pub fn check_shape<K, V, T>(tree: &T) -> Result<Shape, String>
where
    K: Ord + Debug,
    T: SearchTree<K, V>,
{
    let len = tree.len();
    // Pre-order, each node with the positions of its children in this list: children
    // come after their parent, so a reverse pass sees them first.
    let mut nodes: Vec<T::Node<'_>> = Vec::new();
    let mut children: Vec<[Option<usize>; 2]> = Vec::new();
    // Nodes still to list, each with where it hangs: (its parent's position, 0 for the
    // left child or 1 for the right).
    type Hanging = Option<(usize, usize)>;
    let mut pending: Vec<(T::Node<'_>, Hanging)> =
        tree.root().into_iter().map(|root| (root, None)).collect();
    while let Some((node, parent)) = pending.pop() {
        if nodes.len() == len {
            return Err(format!(
                "len() is {len}, but the links reach more nodes than that (a node linked \
                 twice, or a node that len() does not count)"
            ));
        }
        let index = nodes.len();
        nodes.push(node);
        children.push([None, None]);
        if let Some((p, side)) = parent {
            children[p][side] = Some(index);
        }
        if let Some(left) = node.left() {
            pending.push((left, Some((index, 0))));
        }
        if let Some(right) = node.right() {
            pending.push((right, Some((index, 1))));
        }
    }
    if nodes.len() != len {
        return Err(format!(
            "len() is {len}, but {} nodes hang from the root",
            nodes.len()
        ));
    }
    let mut heights = vec![0usize; nodes.len()];
    for i in (0..nodes.len()).rev() {
        let [l, r] = children[i].map(|c| c.map_or(0, |c| heights[c]));
        heights[i] = 1 + l.max(r);
        let node = nodes[i];
        if node.stored_height() != heights[i] {
            return Err(format!(
                "the node with key {:?} stores height {}, but its subtree is {} high (left \
                 {l}, right {r}): update a node's height after every change below it, \
                 children before parents",
                node.key(),
                node.stored_height(),
                heights[i]
            ));
        }
        if l.abs_diff(r) > 1 {
            return Err(format!(
                "the node with key {:?} has a left subtree {l} high and a right subtree {r} \
                 high: balance factor {}, outside {{-1, 0, 1}}; rebalance it with a \
                 rotation on the way back up from the insert",
                node.key(),
                l as i64 - r as i64
            ));
        }
    }
    let height = heights.first().copied().unwrap_or(0);
    check_order(tree)?;
    if tree.height() != height {
        return Err(format!(
            "height() says {}, but the longest root-to-leaf path has {height} nodes",
            tree.height()
        ));
    }
    Ok(Shape {
        nodes: nodes.len(),
        height,
    })
}

/// The in-order walk, with an explicit stack: keys must strictly increase.
fn check_order<K, V, T>(tree: &T) -> Result<(), String>
where
    K: Ord + Debug,
    T: SearchTree<K, V>,
{
    let mut previous: Option<&K> = None;
    for (key, _) in in_order(tree) {
        if let Some(before) = previous
            && before >= key
        {
            return Err(format!(
                "an in-order walk meets key {before:?} before key {key:?}: every key in a \
                 node's left subtree must be smaller than the node's, every key in its \
                 right subtree larger"
            ));
        }
        previous = Some(key);
    }
    Ok(())
}

/// The entries in in-order (left subtree, node, right subtree), walked with a stack.
/// Call it on a tree whose links [`check_shape`] accepted: it stops after `len() + 1`
/// entries, so a cycle cannot make it loop.
///
/// ```
/// use balanced_tree_contract::cases::in_order;
/// use balanced_tree_contract::{SearchTree, SortedVec};
///
/// let mut map = SortedVec::new();
/// map.insert(2, 'b');
/// map.insert(1, 'a');
/// assert_eq!(in_order(&map), [(&1, &'a'), (&2, &'b')]);
/// ```
pub fn in_order<K, V, T>(tree: &T) -> Vec<(&K, &V)>
where
    K: Ord,
    T: SearchTree<K, V>,
{
    let mut out = Vec::new();
    let mut stack = Vec::new();
    let mut next = tree.root();
    while out.len() <= tree.len() {
        while let Some(node) = next {
            stack.push(node);
            next = node.left();
        }
        let Some(node) = stack.pop() else { break };
        out.push((node.key(), node.value()));
        next = node.right();
    }
    out
}

/// [`check_shape`], panicking with `context` when an invariant is broken.
#[track_caller]
fn assert_shape<K: Ord + Debug, V, T: SearchTree<K, V>>(tree: &T, context: &str) -> Shape {
    match check_shape(tree) {
        Ok(shape) => shape,
        Err(why) => panic!("{context}: {why}"),
    }
}

/// Knuth's bound on an AVL tree's height: fewer than 1.4405 log2(n + 2) − 0.3277 levels
/// for n keys (*The Art of Computer Programming*, vol. 3, 6.2.3). A tree that breaks it
/// is not balanced, whatever its balance factors say.
///
/// ```
/// // 1,000,000 keys: fewer than 28.4 levels (a perfect tree needs 20).
/// let bound = balanced_tree_contract::cases::avl_height_bound(1_000_000);
/// assert!((28.3..28.5).contains(&bound));
/// ```
pub fn avl_height_bound(n: usize) -> f64 {
    1.4405 * ((n + 2) as f64).log2() - 0.3277
}

/// A new tree is empty: no entries, height 0, no root, and finds nothing.
pub fn an_empty_tree_has_height_zero<T: SearchTree<u64, u64>>() {
    let tree = T::new();
    assert_eq!(tree.len(), 0, "a new tree holds no entries");
    assert!(tree.is_empty(), "a new tree is empty");
    assert_eq!(tree.height(), 0, "an empty tree has height 0");
    assert!(tree.root().is_none(), "an empty tree has no root");
    assert_eq!(tree.get(&1), None, "an empty tree finds nothing");
}

/// One insert makes one node: the root, a leaf, height 1.
pub fn one_key_makes_height_one<T: SearchTree<u64, u64>>() {
    let mut tree = T::new();
    assert_eq!(
        tree.insert(5, 50),
        None,
        "the first insert replaces nothing"
    );
    assert_eq!(tree.len(), 1, "one insert makes one entry");
    assert_eq!(tree.height(), 1, "a single node has height 1");
    let root = tree.root().expect("a tree with one key has a root");
    assert_eq!(*root.key(), 5, "the only key is the root's");
    assert!(
        root.left().is_none() && root.right().is_none(),
        "the only node is a leaf"
    );
    assert_eq!(root.stored_height(), 1, "a leaf stores height 1");
}

/// `get` returns what `insert` stored, and nothing for keys never inserted.
pub fn get_returns_what_insert_stored<T: SearchTree<u64, u64>>() {
    let mut tree = T::new();
    for k in [50, 20, 80, 10, 30, 70, 90] {
        assert_eq!(tree.insert(k, k * 10), None, "first insert of {k}");
    }
    for k in [50, 20, 80, 10, 30, 70, 90] {
        assert_eq!(
            tree.get(&k),
            Some(&(k * 10)),
            "get({k}) after insert({k}, {})",
            k * 10
        );
    }
    for k in [0, 15, 25, 55, 85, 100] {
        assert_eq!(tree.get(&k), None, "{k} was never inserted");
    }
    assert_eq!(tree.len(), 7, "seven distinct keys make seven entries");
    assert_shape(&tree, "after inserting 50, 20, 80, 10, 30, 70, 90");
}

/// Inserting a key that is present replaces its value, returns the old one, and adds
/// no node.
pub fn insert_returns_the_previous_value<T: SearchTree<u64, u64>>() {
    let mut tree = T::new();
    tree.insert(2, 1);
    tree.insert(1, 1);
    tree.insert(3, 1);
    assert_eq!(
        tree.insert(3, 2),
        Some(1),
        "the second insert of a key returns the first value"
    );
    assert_eq!(tree.get(&3), Some(&2), "the second insert's value wins");
    assert_eq!(tree.len(), 3, "re-inserting a key does not add an entry");
    assert_shape(&tree, "after inserting 2, 1, 3 and 3 again");
}

/// However the keys arrive, an in-order walk meets them sorted: the search-tree
/// property alone (balance comes later), checked after every insert of a shuffled
/// sequence.
pub fn keys_stay_in_search_order<T: SearchTree<u64, u64>>() {
    let mut tree = T::new();
    // 0..500 in a scrambled order (37 is coprime to 500, so this is a permutation).
    let keys: Vec<u64> = (0..500).map(|i| i * 37 % 500).collect();
    for (step, &k) in keys.iter().enumerate() {
        tree.insert(k, k + 1);
        if let Err(why) = check_order(&tree) {
            panic!("after insert #{} (key {k}): {why}", step + 1);
        }
        assert_eq!(
            tree.len(),
            step + 1,
            "len() after {} distinct inserts",
            step + 1
        );
    }
    let walked: Vec<(u64, u64)> = in_order(&tree).into_iter().map(|(k, v)| (*k, *v)).collect();
    let expected: Vec<(u64, u64)> = (0..500).map(|k| (k, k + 1)).collect();
    assert_eq!(
        walked, expected,
        "an in-order walk lists every key once, sorted"
    );
}

/// A `String`-keyed tree answers lookups by `&str` (through `Borrow`), with no
/// allocation per lookup.
pub fn looks_up_string_keys_by_str<T: SearchTree<String, u64>>() {
    let mut tree = T::new();
    for (i, word) in ["kiwi", "apple", "mango", "fig", "pear"].iter().enumerate() {
        tree.insert(word.to_string(), i as u64);
    }
    assert_eq!(tree.get("mango"), Some(&2), "get by &str");
    assert_eq!(tree.get("banana"), None, "an absent &str key");
    assert_shape(&tree, "after inserting five words");
}

/// Checks that inserting `keys` into an empty tree ends with `root` at the top and the
/// given keys as its children: the result of one rotation (or two).
#[track_caller]
fn check_rotation<T: SearchTree<u64, u64>>(keys: [u64; 3], what: &str) {
    let mut tree = T::new();
    for k in keys {
        tree.insert(k, k);
    }
    let context = format!("after inserting {}, {}, {}", keys[0], keys[1], keys[2]);
    assert_shape(&tree, &context);
    let root = tree.root().expect("three keys make a root");
    let left = root.left().map(|n| *n.key());
    let right = root.right().map(|n| *n.key());
    assert_eq!(
        (*root.key(), left, right),
        (2, Some(1), Some(3)),
        "{context}: the chain must become 2 with children 1 and 3, height 2 ({what}); \
         (root, left, right) is shown"
    );
}

/// 1, 2, 3 makes a chain leaning right; one left rotation at 1 lifts 2 to the root.
pub fn a_right_right_chain_rotates_left<T: SearchTree<u64, u64>>() {
    check_rotation::<T>([1, 2, 3], "a single left rotation at the root");
}

/// 3, 2, 1 makes a chain leaning left; one right rotation at 3 lifts 2 to the root.
pub fn a_left_left_chain_rotates_right<T: SearchTree<u64, u64>>() {
    check_rotation::<T>([3, 2, 1], "a single right rotation at the root");
}

/// 3, 1, 2 is a zig-zag: a right rotation at 3 alone would leave it unbalanced the other
/// way, so first rotate left at 1, then right at 3.
pub fn a_left_right_zig_zag_rotates_twice<T: SearchTree<u64, u64>>() {
    check_rotation::<T>([3, 1, 2], "left at 1, then right at 3: a double rotation");
}

/// 1, 3, 2: the mirror image, right at 3 then left at 1.
pub fn a_right_left_zig_zag_rotates_twice<T: SearchTree<u64, u64>>() {
    check_rotation::<T>([1, 3, 2], "right at 3, then left at 1: a double rotation");
}

/// Orders that unbalance a plain BST in every way (ascending, descending, zig-zag from
/// both ends, and a scrambled one): every invariant holds after every single insert.
pub fn balance_factors_stay_within_one_after_every_insert<T: SearchTree<u64, u64>>() {
    let n = 300u64;
    let zig_zag: Vec<u64> = (0..n)
        .map(|i| if i % 2 == 0 { i / 2 } else { n - 1 - i / 2 })
        .collect();
    let orders: [(&str, Vec<u64>); 4] = [
        ("ascending", (0..n).collect()),
        ("descending", (0..n).rev().collect()),
        ("zig-zag (smallest, largest, next smallest, ...)", zig_zag),
        ("scrambled", (0..n).map(|i| i * 101 % n).collect()),
    ];
    for (name, keys) in orders {
        let mut tree = T::new();
        for (step, &k) in keys.iter().enumerate() {
            tree.insert(k, k);
            assert_shape(
                &tree,
                &format!("{name} keys 0..{n}, after insert #{} (key {k})", step + 1),
            );
        }
    }
}

/// 10,000 keys inserted in ascending order (the order that turns a plain BST into a
/// list 10,000 deep) leave the tree under Knuth's AVL bound, about 19 levels; every key
/// is then found.
pub fn sorted_inserts_keep_the_height_logarithmic<T: SearchTree<u64, u64>>() {
    let n = 10_000usize;
    for (name, keys) in [
        ("ascending", (0..n as u64).collect::<Vec<_>>()),
        ("descending", (0..n as u64).rev().collect()),
    ] {
        let mut tree = T::new();
        for &k in &keys {
            tree.insert(k, k);
        }
        let shape = assert_shape(&tree, &format!("after {n} {name} inserts"));
        let bound = avl_height_bound(n);
        assert!(
            (shape.height as f64) < bound,
            "after {n} {name} inserts the tree is {} levels high; an AVL tree of {n} keys \
             has fewer than 1.44 log2(n + 2) - 0.33 = {bound:.1}",
            shape.height
        );
        for k in (0..n as u64).step_by(7) {
            assert_eq!(tree.get(&k), Some(&k), "get({k}) after {n} {name} inserts");
        }
    }
}

/// One step of a random workload for the model test.
#[derive(Debug, Clone)]
pub enum Op {
    /// `insert(key, value)`
    Insert(u64, u64),
    /// `get(key)`
    Get(u64),
    /// `insert(k, k)` for `k` in `start..start + len`, ascending: the order that
    /// degenerates a plain BST, and makes an AVL tree rotate.
    InsertRun(u64, u64),
}

/// What one operation returned, comparable across maps.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Value(Option<u64>),
    Values(Vec<Option<u64>>),
}

/// An operation in words, for failure messages.
fn describe(op: &Op) -> String {
    match *op {
        Op::Insert(k, v) => format!("insert({k}, {v})"),
        Op::Get(k) => format!("get({k})"),
        Op::InsertRun(start, len) => {
            format!("insert(k, k) for k in {start}..{}, ascending", start + len)
        }
    }
}

fn apply_tree<T: SearchTree<u64, u64>>(tree: &mut T, op: &Op) -> Outcome {
    match *op {
        Op::Insert(k, v) => Outcome::Value(tree.insert(k, v)),
        Op::Get(k) => Outcome::Value(tree.get(&k).copied()),
        Op::InsertRun(start, len) => {
            Outcome::Values((start..start + len).map(|k| tree.insert(k, k)).collect())
        }
    }
}

fn apply_model(model: &mut BTreeMap<u64, u64>, op: &Op) -> Outcome {
    match *op {
        Op::Insert(k, v) => Outcome::Value(model.insert(k, v)),
        Op::Get(k) => Outcome::Value(model.get(&k).copied()),
        Op::InsertRun(start, len) => {
            Outcome::Values((start..start + len).map(|k| model.insert(k, k)).collect())
        }
    }
}

/// Random operations on keys below `universe`.
fn ops(universe: u64) -> impl Strategy<Value = Vec<Op>> {
    let key = 0..universe;
    let op = prop_oneof![
        60 => (key.clone(), any::<u64>()).prop_map(|(k, v)| Op::Insert(k, v)),
        30 => key.clone().prop_map(Op::Get),
        5 => (key, 1..64u64).prop_map(|(start, len)| Op::InsertRun(start, len)),
    ];
    prop::collection::vec(op, 0..=300)
}

/// Runs `ops` on the tree under test and on `BTreeMap`, comparing every result and
/// length and checking every invariant after every step, then the entries in order.
fn model_test<T: SearchTree<u64, u64>>(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut tree = T::new();
    let mut model = BTreeMap::new();
    for (step, op) in ops.iter().enumerate() {
        // "expected" in a failure is what BTreeMap returned.
        let context = || format!("step {}, {}", step + 1, describe(op));
        let expected = apply_model(&mut model, op);
        same(apply_tree(&mut tree, op), expected, context)?;
        same(tree.len(), model.len(), || {
            format!("len() after {}", context())
        })?;
        check_shape(&tree).map_err(|why| TestCaseError::fail(format!("{}: {why}", context())))?;
    }
    let walked: Vec<(u64, u64)> = in_order(&tree).into_iter().map(|(k, v)| (*k, *v)).collect();
    let expected: Vec<(u64, u64)> = model.into_iter().collect();
    same(walked, expected, || {
        format!("the entries in order after all {} operations", ops.len())
    })
}

/// Random sequences of up to 300 operations (256 of them: inserts, lookups and
/// ascending runs of inserts, over small and large key ranges) give the same results,
/// lengths and final entries as `std::collections::BTreeMap`, with every invariant of
/// [`check_shape`] holding after every step.
pub fn agrees_with_btreemap<T: SearchTree<u64, u64>>() {
    let strategy = prop_oneof![Just(16u64), Just(256), Just(1 << 20)].prop_flat_map(ops);
    let explain =
        |ops: &Vec<Op>| format!("an empty tree, then\n{}", steps(ops.iter().map(describe)));
    check_explained(&strategy, explain, |ops| model_test::<T>(&ops));
}

/// A key that counts its comparisons, for the cost case.
pub type CountedKey = Counted<u64>;

/// A lookup walks one root-to-leaf path, so in a balanced tree it makes O(log n)
/// comparisons: counted through keys whose `Ord` counts, in trees built from ascending
/// keys (1,000 and 16,000 of them), for 1,000 lookups spread over each. A tree that
/// degenerated into a list compares about n/2 times per lookup and fails with its
/// counts.
pub fn lookups_do_logarithmic_work<T: SearchTree<CountedKey, u64>>() {
    let (small, large) = (1_000, 16_000);
    assert_growth(
        "your get of a present key",
        "comparisons per lookup",
        (small, comparisons_per_lookup::<T>(small as u64)),
        (large, comparisons_per_lookup::<T>(large as u64)),
        Growth::Logarithmic,
    );
}

/// Comparisons per lookup, the mean over 1,000 present keys spread over `0..n`, in a
/// tree built from `0..n` ascending.
fn comparisons_per_lookup<T: SearchTree<CountedKey, u64>>(n: u64) -> f64 {
    const LOOKUPS: u64 = 1_000;
    let mut tree = T::new();
    for k in 0..n {
        tree.insert(Counted::new(k), k);
    }
    let (found, ops) = count(|| {
        (0..LOOKUPS)
            .filter(|i| {
                let k = i * n / LOOKUPS;
                tree.get(&Counted::new(k)) == Some(&k)
            })
            .count()
    });
    assert_eq!(
        found, LOOKUPS as usize,
        "every key 0..{n} inserted is found again"
    );
    ops.comparisons as f64 / LOOKUPS as f64
}
