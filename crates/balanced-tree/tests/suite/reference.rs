//! The reference API beyond the contract's cases, on both trees: edge cases (empty, one
//! node, removing the root, removing a node with two children), range bounds of every
//! kind against `BTreeMap`, values dropped exactly once, and a key whose `Ord` panics.

use std::cell::Cell;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Bound::{self, Excluded, Included, Unbounded};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use balanced_tree::{AvlTree, Bst};
use balanced_tree_contract::cases::check_shape;

/// The API both trees share, so each test runs on both.
trait Tree<K: Ord, V>: Default {
    fn insert(&mut self, k: K, v: V) -> Option<V>;
    fn get(&self, k: &K) -> Option<&V>;
    fn remove(&mut self, k: &K) -> Option<V>;
    fn len(&self) -> usize;
    fn height(&self) -> usize;
    fn entries(&self) -> Vec<(&K, &V)>;
    fn range_of(&self, r: (Bound<K>, Bound<K>)) -> Vec<(&K, &V)>;
    fn first(&self) -> Option<(&K, &V)>;
    fn last(&self) -> Option<(&K, &V)>;
    fn clear(&mut self);
    /// Every invariant this tree keeps; `Err` names the broken one.
    fn check(&self) -> Result<(), String>;
}

macro_rules! tree {
    ($tree:ident, $check:expr) => {
        impl<K: Ord + std::fmt::Debug, V> Tree<K, V> for $tree<K, V> {
            fn insert(&mut self, k: K, v: V) -> Option<V> {
                $tree::insert(self, k, v)
            }
            fn get(&self, k: &K) -> Option<&V> {
                $tree::get(self, k)
            }
            fn remove(&mut self, k: &K) -> Option<V> {
                $tree::remove(self, k)
            }
            fn len(&self) -> usize {
                $tree::len(self)
            }
            fn height(&self) -> usize {
                $tree::height(self)
            }
            fn entries(&self) -> Vec<(&K, &V)> {
                self.iter().collect()
            }
            fn range_of(&self, r: (Bound<K>, Bound<K>)) -> Vec<(&K, &V)> {
                self.range(r).collect()
            }
            fn first(&self) -> Option<(&K, &V)> {
                self.first_key_value()
            }
            fn last(&self) -> Option<(&K, &V)> {
                self.last_key_value()
            }
            fn clear(&mut self) {
                $tree::clear(self)
            }
            fn check(&self) -> Result<(), String> {
                let check: fn(&Self) -> Result<(), String> = $check;
                check(self)
            }
        }
    };
}

tree!(AvlTree, |t| check_shape(t).map(|_| ()));
tree!(Bst, |t| {
    let keys: Vec<_> = t.iter().map(|(k, _)| k).collect();
    if keys.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!("keys out of order: {keys:?}"));
    }
    if keys.len() != t.len() || t.iter().len() != t.len() {
        return Err(format!(
            "len() {} but {} keys iterated",
            t.len(),
            keys.len()
        ));
    }
    Ok(())
});

/// Runs a test body on both trees.
macro_rules! on_both {
    ($name:ident, $body:ident) => {
        mod $name {
            #[test]
            fn avl() {
                super::$body::<balanced_tree::AvlTree<u64, u64>>();
            }
            #[test]
            fn bst() {
                super::$body::<balanced_tree::Bst<u64, u64>>();
            }
        }
    };
}

#[track_caller]
fn valid<T: Tree<u64, u64>>(tree: &T, context: &str) {
    if let Err(why) = tree.check() {
        panic!("{context}: {why}");
    }
}

fn keys<T: Tree<u64, u64>>(tree: &T) -> Vec<u64> {
    tree.entries().into_iter().map(|(k, _)| *k).collect()
}

fn built<T: Tree<u64, u64>>(keys: &[u64]) -> T {
    let mut tree = T::default();
    for &k in keys {
        tree.insert(k, k * 10);
    }
    valid(&tree, &format!("after inserting {keys:?}"));
    tree
}

on_both!(an_empty_tree_answers_every_query_with_nothing, empty);
fn empty<T: Tree<u64, u64>>() {
    let mut tree = T::default();
    assert_eq!(
        (tree.len(), tree.height()),
        (0, 0),
        "len and height of an empty tree"
    );
    assert_eq!(tree.get(&1), None);
    assert_eq!(tree.remove(&1), None, "removing from an empty tree");
    assert!(tree.entries().is_empty());
    assert!(tree.range_of((Unbounded, Unbounded)).is_empty());
    assert_eq!((tree.first(), tree.last()), (None, None));
    valid(&tree, "an empty tree");
}

on_both!(removing_the_only_node_empties_the_tree, only_node);
fn only_node<T: Tree<u64, u64>>() {
    let mut tree: T = built(&[7]);
    assert_eq!(tree.height(), 1);
    assert_eq!(tree.first(), Some((&7, &70)));
    assert_eq!(tree.last(), Some((&7, &70)));
    assert_eq!(tree.remove(&8), None, "an absent key next to the only one");
    assert_eq!(tree.remove(&7), Some(70));
    assert_eq!((tree.len(), tree.height()), (0, 0));
    valid(&tree, "after removing the only node");
    assert_eq!(tree.insert(7, 1), None, "the tree works after emptying");
}

on_both!(
    removing_the_root_with_two_children_keeps_the_rest,
    root_two_children
);
fn root_two_children<T: Tree<u64, u64>>() {
    // 50 is the root of both trees (first inserted; the AVL tree never rotates here).
    let mut tree: T = built(&[50, 30, 70, 20, 40, 60, 80, 65]);
    assert_eq!(tree.remove(&50), Some(500), "the root");
    valid(&tree, "after removing the root 50");
    assert_eq!(keys(&tree), [20, 30, 40, 60, 65, 70, 80]);
    // 60 took the root's place; its right child 65 moved up under 70.
    assert_eq!(tree.get(&65), Some(&650));
    assert_eq!(tree.remove(&60), Some(600), "the new root");
    valid(&tree, "after removing 60");
    assert_eq!(keys(&tree), [20, 30, 40, 65, 70, 80]);
}

on_both!(removing_inner_nodes_and_leaves_keeps_the_order, inner_nodes);
fn inner_nodes<T: Tree<u64, u64>>() {
    let all: Vec<u64> = (0..64).map(|i| i * 37 % 64).collect();
    let mut tree: T = built(&all);
    let mut left: Vec<u64> = (0..64).collect();
    for k in (0..64).step_by(3) {
        assert_eq!(tree.remove(&k), Some(k * 10), "removing {k}");
        left.retain(|&x| x != k);
        valid(&tree, &format!("after removing {k}"));
        assert_eq!(keys(&tree), left, "the keys after removing {k}");
    }
}

on_both!(
    a_duplicate_insert_returns_the_old_value_and_adds_nothing,
    duplicate
);
fn duplicate<T: Tree<u64, u64>>() {
    let mut tree: T = built(&[2, 1, 3]);
    assert_eq!(tree.insert(1, 11), Some(10));
    assert_eq!(tree.insert(1, 12), Some(11));
    assert_eq!(tree.len(), 3);
    assert_eq!(tree.get(&1), Some(&12));
    valid(&tree, "after re-inserting 1 twice");
}

/// A key compared by `id` only, so two equal keys can be told apart by `tag`.
#[derive(Debug)]
struct Tagged {
    id: u32,
    tag: &'static str,
}

impl PartialEq for Tagged {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Tagged {}
impl PartialOrd for Tagged {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Tagged {
    fn cmp(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }
}

#[test]
fn a_duplicate_insert_keeps_the_first_key_as_btreemap_does() {
    let first = || Tagged {
        id: 1,
        tag: "first",
    };
    let second = || Tagged {
        id: 1,
        tag: "second",
    };
    let mut avl = AvlTree::new();
    let mut bst = Bst::new();
    let mut std = BTreeMap::new();
    for (a, b, c) in [(first(), first(), first()), (second(), second(), second())] {
        avl.insert(a, ());
        bst.insert(b, ());
        std.insert(c, ());
    }
    let tag = std.keys().next().map(|k| k.tag);
    assert_eq!(tag, Some("first"), "what BTreeMap does");
    assert_eq!(avl.iter().next().map(|(k, _)| k.tag), tag, "AvlTree");
    assert_eq!(bst.iter().next().map(|(k, _)| k.tag), tag, "Bst");
}

/// Every pair of bounds over keys 0..12 (present: the even ones, 0..=10) against
/// `BTreeMap::range`; where `BTreeMap` panics (start after end, or both bounds
/// excluding the same key) the trees return nothing, as documented.
fn ranges<T: Tree<u64, u64>>() {
    let even: Vec<u64> = (0..=10).step_by(2).collect();
    let tree: T = built(&even);
    let std: BTreeMap<u64, u64> = even.iter().map(|&k| (k, k * 10)).collect();
    let bounds = |k: u64| [Included(k), Excluded(k)];
    let mut all = vec![Unbounded];
    for k in 0..12 {
        all.extend(bounds(k));
    }
    for &start in &all {
        for &end in &all {
            let std_result = catch_unwind(|| {
                std.range((start, end))
                    .map(|(k, v)| (*k, *v))
                    .collect::<Vec<_>>()
            });
            let expected = std_result.unwrap_or_default();
            let got: Vec<(u64, u64)> = tree
                .range_of((start, end))
                .into_iter()
                .map(|(k, v)| (*k, *v))
                .collect();
            assert_eq!(
                got, expected,
                "range(({start:?}, {end:?})) over keys {even:?}"
            );
        }
    }
}
on_both!(ranges_agree_with_btreemap_for_every_kind_of_bound, ranges);

#[test]
fn a_range_whose_start_is_after_its_end_is_empty_where_btreemap_panics() {
    let tree: AvlTree<u64, ()> = (0..10).map(|k| (k, ())).collect();
    assert_eq!(tree.range((Included(7), Excluded(3))).count(), 0);
    assert_eq!(tree.range((Excluded(4), Excluded(4))).count(), 0);
    assert_eq!(tree.range(4..4).count(), 0, "an empty half-open range");
    assert_eq!(
        tree.range(4..=4).count(),
        1,
        "one key, included at both ends"
    );
}

#[test]
fn iter_reports_its_exact_length() {
    let tree: AvlTree<u64, ()> = (0..100).map(|k| (k, ())).collect();
    let mut iter = tree.iter();
    assert_eq!(iter.len(), 100);
    iter.nth(9);
    assert_eq!(iter.len(), 90, "after taking 10");
    assert_eq!((&tree).into_iter().count(), 100);
}

on_both!(clear_empties_and_the_tree_still_works, cleared);
fn cleared<T: Tree<u64, u64>>() {
    let mut tree: T = built(&(0..100).collect::<Vec<_>>());
    tree.clear();
    assert_eq!((tree.len(), tree.height()), (0, 0));
    valid(&tree, "after clear");
    tree.insert(5, 5);
    assert_eq!(tree.get(&5), Some(&5));
}

#[test]
fn debug_lists_the_entries_in_order() {
    let tree: AvlTree<u32, char> = [(2, 'b'), (1, 'a')].into_iter().collect();
    assert_eq!(format!("{tree:?}"), "{1: 'a', 2: 'b'}");
    let tree: Bst<u32, char> = [(2, 'b'), (1, 'a')].into_iter().collect();
    assert_eq!(format!("{tree:?}"), "{1: 'a', 2: 'b'}");
}

/// A value that counts its drops.
struct Drops(Rc<Cell<usize>>);

impl Drop for Drops {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// Every value is dropped exactly once: handed back by an overwrite or a remove, by
/// `clear`, or when the tree is dropped. Moving the last node into a removed node's
/// slot drops nothing.
fn drops_once<T: Tree<u64, Drops>>() {
    let drops = Rc::new(Cell::new(0));
    let value = || Drops(Rc::clone(&drops));
    let mut tree = T::default();
    for k in 0..100 {
        tree.insert(k * 7 % 100, value());
    }
    assert_eq!(drops.get(), 0, "inserting 100 keys drops nothing");
    drop(tree.insert(5, value()));
    assert_eq!(drops.get(), 1, "an overwrite hands back the old value");
    for k in 0..50 {
        drop(tree.remove(&(k * 2)));
    }
    assert_eq!(drops.get(), 51, "50 removes hand back 50 values");
    tree.clear();
    assert_eq!(drops.get(), 101, "clear drops the 50 left");
    for k in 0..10 {
        tree.insert(k, value());
    }
    drop(tree);
    assert_eq!(drops.get(), 111, "dropping the tree drops its 10 values");
}

#[test]
fn every_value_is_dropped_exactly_once() {
    drops_once::<AvlTree<u64, Drops>>();
    drops_once::<Bst<u64, Drops>>();
}

/// A key whose comparisons panic once `armed` is set: user code failing in the middle
/// of an operation.
#[derive(Debug)]
struct Fragile {
    id: u32,
    armed: Rc<Cell<bool>>,
}

impl PartialEq for Fragile {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Fragile {}
impl PartialOrd for Fragile {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Fragile {
    fn cmp(&self, other: &Self) -> Ordering {
        assert!(!self.armed.get(), "a comparison that panics");
        self.id.cmp(&other.id)
    }
}

/// A panicking `Ord` during insert or remove leaves the tree as it was: comparisons all
/// happen before the first change (and a remove moves the last node without comparing).
#[test]
fn a_panicking_comparison_leaves_the_tree_unchanged() {
    let armed = Rc::new(Cell::new(false));
    let key = |id| Fragile {
        id,
        armed: Rc::clone(&armed),
    };
    let mut tree = AvlTree::new();
    for id in 0..100 {
        tree.insert(key(id), id);
    }
    armed.set(true);
    let insert = catch_unwind(AssertUnwindSafe(|| tree.insert(key(1_000), 0)));
    assert!(insert.is_err(), "the insert's comparison panicked");
    let remove = catch_unwind(AssertUnwindSafe(|| tree.remove(&key(50))));
    assert!(remove.is_err(), "the remove's comparison panicked");
    armed.set(false);
    assert_eq!(tree.len(), 100, "nothing was added or lost");
    let shape = check_shape(&tree).expect("every invariant holds after the panics");
    assert_eq!(shape.nodes, 100);
    // Removing without a panic moves the last node into the freed slot, comparing
    // nothing after the search.
    assert_eq!(tree.remove(&key(50)), Some(50));
    check_shape(&tree).expect("every invariant holds after a remove");
}

/// Above 16,384 nodes searches and inserts pick the child without a branch (a different
/// loop from small trees'): 40,000 keys in scrambled order, every one found with its
/// value, every absent one missed, on both trees, and the AVL tree still balanced.
#[test]
fn large_trees_search_without_branches_and_find_the_same() {
    const N: u64 = 40_000;
    // 7,919 is coprime to 40,000, so i * 7,919 % 40,000 meets every number below
    // 40,000 once: the keys are the even numbers below 80,000, scrambled.
    let keys: Vec<u64> = (0..N).map(|i| (i * 7_919 % N) * 2).collect();
    let avl: AvlTree<u64, u64> = keys.iter().map(|&k| (k, k + 1)).collect();
    let bst: Bst<u64, u64> = keys.iter().map(|&k| (k, k + 1)).collect();
    check_shape(&avl).expect("every invariant holds at 40,000 keys");
    assert_eq!((avl.len(), bst.len()), (N as usize, N as usize));
    for k in 0..2 * N + 2 {
        let expected = (k % 2 == 0 && k < 2 * N).then_some(k + 1);
        assert_eq!(avl.get(&k).copied(), expected, "AvlTree::get({k})");
        assert_eq!(bst.get(&k).copied(), expected, "Bst::get({k})");
    }
}

/// A key whose `Drop` panics when its flag says so (once): user code failing while the
/// tree drops its entries. Compared by `id` alone.
#[derive(Debug)]
struct Explosive {
    id: u64,
    armed: Rc<Cell<bool>>,
}

impl Drop for Explosive {
    fn drop(&mut self) {
        if self.armed.get() {
            self.armed.set(false);
            panic!("a Drop that panics");
        }
    }
}

impl PartialEq for Explosive {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Explosive {}
impl PartialOrd for Explosive {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Explosive {
    fn cmp(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }
}

/// A key's `Drop` that panics during `clear` leaves an empty tree that still stores and
/// finds the right values (keys and values cleared apart would leave the two vectors
/// different lengths, and every later value in the wrong slot); one that panics in the
/// key a `remove` drops happens after the tree is whole again.
#[test]
fn a_panicking_drop_leaves_the_tree_consistent() {
    let armed = Rc::new(Cell::new(false));
    let key = |id| Explosive {
        id,
        armed: Rc::clone(&armed),
    };
    let mut avl = AvlTree::new();
    let mut bst = Bst::new();
    for k in 0..50u64 {
        avl.insert(key(k), k);
        bst.insert(key(k), k);
    }
    armed.set(true);
    assert!(
        catch_unwind(AssertUnwindSafe(|| avl.clear())).is_err(),
        "AvlTree::clear"
    );
    armed.set(true);
    assert!(
        catch_unwind(AssertUnwindSafe(|| bst.clear())).is_err(),
        "Bst::clear"
    );
    assert_eq!((avl.len(), avl.height(), avl.iter().count()), (0, 0, 0));
    assert_eq!((bst.len(), bst.height(), bst.iter().count()), (0, 0, 0));
    for k in 0..20u64 {
        avl.insert(key(k), k + 100);
        bst.insert(key(k), k + 100);
    }
    for k in 0..20u64 {
        assert_eq!(
            avl.get(&key(k)),
            Some(&(k + 100)),
            "AvlTree::get({k}) after clear"
        );
        assert_eq!(
            bst.get(&key(k)),
            Some(&(k + 100)),
            "Bst::get({k}) after clear"
        );
    }
    check_shape(&avl).expect("the AVL tree keeps its invariants after a panicking clear");
    armed.set(true);
    let removed = catch_unwind(AssertUnwindSafe(|| avl.remove(&key(7))));
    assert!(
        removed.is_err(),
        "the removed key panicked as remove dropped it"
    );
    armed.set(false);
    assert_eq!(avl.len(), 19);
    assert_eq!(
        avl.get(&key(7)),
        None,
        "7 was removed before its key was dropped"
    );
    check_shape(&avl).expect("every invariant holds: the tree was whole before the drop");
}
