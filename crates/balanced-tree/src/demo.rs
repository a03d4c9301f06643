//! The demo: measurements that back the answer's claims, all but two on counted work.
//!
//! 1. **Heights.** Sorted, reverse-sorted and zig-zag inserts make the plain [`Bst`] a
//!    list, n levels; random order keeps it near 3 log2 n. The [`AvlTree`] stays under
//!    Knuth's bound, 1.4405 log2(n + 2) − 0.3277, for all four orders. (The BST is
//!    built with at most [`UNBALANCED_MAX`] keys: a degenerate build costs n²/2
//!    comparisons.)
//! 2. **Comparisons per lookup**, counted through keys whose `Ord` counts: about n/2 in
//!    the BST built from sorted keys, about log2 n in the AVL tree; std's `BTreeMap`
//!    beside them.
//! 3. **Rotations**, read from [`AvlTree::rebalances`]: at most one single or double
//!    rotation per insert; per delete, measured.
//! 4. **B-tree against binary tree**: nodes visited per lookup (AVL, counted) against a
//!    B-tree of std's node size (a model: its height), and cache lines touched as nodes
//!    visited × lines per node.
//! 5. **Range queries** cost O(log n + k): finding the ends takes the same comparisons
//!    for k = 10 and k = 1,000; in the degenerate BST the same query costs O(n).
//! 6. **Time per lookup** against `std::collections::BTreeMap`, for independent
//!    lookups and for chained ones, each waiting for the last (the two timed claims,
//!    re-measured before they fail).

use std::collections::BTreeMap;
use std::hint::black_box;

use rand::seq::SliceRandom;

use testkit::counted::{Counted, count as counted};

use evidence::format::{count, nanos, times};
use evidence::measure::best_ns_per_op;
use evidence::workload::rng;
use evidence::{Claim, DemoConfig, Report, Table};

use crate::{AvlTree, Bst};

/// The most keys the demo inserts into the unbalanced BST: a sorted build costs
/// n(n − 1)/2 comparisons, 50 million at 10,000 keys (a fraction of a second), 500
/// billion at a million.
pub const UNBALANCED_MAX: usize = 10_000;
/// Lookups whose comparisons are counted.
const LOOKUPS: usize = 2_000;
/// Lookups per timed round: enough distinct keys that their paths do not stay in the
/// caches between rounds (with a few thousand, a million-key tree looks cached).
const TIMED_LOOKUPS: usize = 100_000;
/// Timed rounds per measurement; the fastest is kept.
const ROUNDS: usize = 3;
/// std's `BTreeMap` node: B = 6, so 5 to 11 keys and up to 12 children per node
/// (`alloc/src/collections/btree/node.rs`).
const BTREE_MIN_CHILDREN: f64 = 6.0;
const BTREE_MAX_CHILDREN: f64 = 12.0;
/// Cache lines one B-tree node visit reads: the keys searched (11 × 8 bytes of u64
/// keys, two 64-byte lines) and the child pointer followed (one line).
const BTREE_LINES_PER_NODE: f64 = 3.0;
/// Cache lines one AVL node visit reads: the node's hot half (a u64 key and two u32
/// links, 16 bytes) at a random place, one line.
const AVL_LINES_PER_NODE: f64 = 1.0;
/// Result sizes of the range queries.
const RANGE_SIZES: [usize; 3] = [10, 100, 1_000];
/// The timed claim on independent lookups: the AVL tree takes at most this many times
/// BTreeMap's time (the bench measured 0.9x to 1.1x at a million keys).
const INDEPENDENT_RATIO_BOUND: f64 = 2.0;

/// The four insertion orders of claim 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// 0, 1, 2, ...: auto-increment ids, timestamps.
    Sorted,
    /// n − 1, n − 2, ...
    Reverse,
    /// 0, n − 1, 1, n − 2, ...: smallest, largest, next smallest, ...
    ZigZag,
    /// A random permutation of 0..n, from the seed.
    Random,
}

impl Order {
    /// All four, in the tables' order.
    pub const ALL: [Order; 4] = [Order::Sorted, Order::Reverse, Order::ZigZag, Order::Random];

    /// The name in tables.
    ///
    /// ```
    /// assert_eq!(balanced_tree::demo::Order::ZigZag.name(), "zig-zag");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Order::Sorted => "sorted",
            Order::Reverse => "reverse-sorted",
            Order::ZigZag => "zig-zag",
            Order::Random => "random",
        }
    }

    /// The keys 0..n in this order (the random one from `seed`).
    ///
    /// ```
    /// use balanced_tree::demo::Order;
    /// assert_eq!(Order::ZigZag.keys(5, 1), [0, 4, 1, 3, 2]);
    /// assert_eq!(Order::Reverse.keys(3, 1), [2, 1, 0]);
    /// ```
    pub fn keys(self, n: usize, seed: u64) -> Vec<u64> {
        let n64 = n as u64;
        match self {
            Order::Sorted => (0..n64).collect(),
            Order::Reverse => (0..n64).rev().collect(),
            Order::ZigZag => (0..n64)
                .map(|i| if i % 2 == 0 { i / 2 } else { n64 - 1 - i / 2 })
                .collect(),
            Order::Random => {
                let mut keys: Vec<u64> = (0..n64).collect();
                keys.shuffle(&mut rng(seed));
                keys
            }
        }
    }
}

/// The keys of the benchmark (`benches/benches/balanced_tree.rs`): `size` distinct keys
/// in random order (a permutation of `0..size` spread by an odd multiplier, so keys are
/// not small consecutive integers), and the same keys shuffled again as lookup queries.
///
/// ```
/// let (keys, queries) = balanced_tree::demo::bench_inputs(1_000);
/// assert_eq!(keys.len(), 1_000);
/// let mut a = keys.clone();
/// let mut b = queries.clone();
/// a.sort();
/// b.sort();
/// assert_eq!(a, b);
/// ```
pub fn bench_inputs(size: usize) -> (Vec<u64>, Vec<u64>) {
    let spread = |k: u64| k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let keys: Vec<u64> = Order::Random
        .keys(size, 1)
        .into_iter()
        .map(spread)
        .collect();
    let mut queries = keys.clone();
    queries.shuffle(&mut rng(2));
    (keys, queries)
}

/// Knuth's bound on an AVL tree's height with n keys (*TAOCP* vol. 3, 6.2.3).
///
/// ```
/// let bound = balanced_tree::demo::avl_bound(1_000_000);
/// assert!((28.0..29.0).contains(&bound));
/// ```
pub fn avl_bound(n: usize) -> f64 {
    balanced_tree_contract::cases::avl_height_bound(n)
}

/// Runs the demo; `config.size` is the number of keys in the balanced trees.
///
/// # Example
///
/// ```no_run
/// let report = balanced_tree::demo::run(&evidence::DemoConfig { seed: 1, size: 10_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let n = config.size.max(2);
    let small = n.min(UNBALANCED_MAX);
    let seed = config.seed;
    let mut report = Report::new(
        "balanced-tree",
        format!(
            "Balanced vs unbalanced: {} keys in the AVL tree, {} in the plain BST, seed {seed}",
            count(n as u64),
            count(small as u64)
        ),
    );
    // The BST built from sorted keys serves claims 1, 2 and 5; its keys count their
    // comparisons (building it costs n²/2 of them).
    let sorted_bst: Bst<Counted<u64>, ()> =
        (0..small as u64).map(|k| (Counted::new(k), ())).collect();
    let mut random_avl = heights(&mut report, &sorted_bst, n, small, seed);
    let counted_avl = build_counted_avl(n, seed);
    lookups(&mut report, &counted_avl, &sorted_bst, n, small, seed);
    ranges(&mut report, &counted_avl.0, &sorted_bst, n, small);
    drop(counted_avl);
    timing(&mut report, &random_avl, n, seed);
    deletes(&mut report, &mut random_avl, n, seed);
    report
}

/// Claims 1 and 3 (inserts): heights after each order, and the most rotations any one
/// insert made. Returns the AVL tree built in random order.
fn heights(
    report: &mut Report,
    sorted_bst: &Bst<Counted<u64>, ()>,
    n: usize,
    small: usize,
    seed: u64,
) -> AvlTree<u64, u64> {
    let mut table = Table::new(
        "Height after n inserts (0 for an empty tree, 1 for one node)",
        [
            "order",
            "BST n",
            "BST height",
            "AVL n",
            "AVL height",
            "AVL bound",
            "perfect",
        ],
    );
    let mut rotations = Table::new(
        "AVL rebalancing (single and double rotations), counted per operation",
        [
            "operation",
            "operations",
            "single",
            "double",
            "mean per op",
            "max per op",
        ],
    );
    let mut bst_heights = Vec::new();
    let mut avl_heights = Vec::new();
    let mut insert_max = 0;
    let mut random_avl = AvlTree::new();
    for order in Order::ALL {
        let bh = if order == Order::Sorted {
            sorted_bst.height()
        } else {
            let bst: Bst<u64, ()> = order
                .keys(small, seed)
                .into_iter()
                .map(|k| (k, ()))
                .collect();
            bst.height()
        };
        let mut avl = AvlTree::new();
        let mut max = 0;
        for k in order.keys(n, seed) {
            let before = avl.rebalances().total();
            avl.insert(k, k);
            max = max.max(avl.rebalances().total() - before);
        }
        insert_max = insert_max.max(max);
        let r = avl.rebalances();
        rotations.push([
            format!("insert, {} order", order.name()),
            count(n as u64),
            count(r.single),
            count(r.double),
            format!("{:.3}", r.total() as f64 / n as f64),
            max.to_string(),
        ]);
        let ah = avl.height();
        table.push([
            order.name().to_string(),
            count(small as u64),
            count(bh as u64),
            count(n as u64),
            count(ah as u64),
            format!("{:.1}", avl_bound(n)),
            count(perfect_height(n) as u64),
        ]);
        bst_heights.push((order, bh));
        avl_heights.push((order, ah));
        if order == Order::Random {
            random_avl = avl;
        }
    }
    report.tables.push(table);
    report.tables.push(rotations);

    let degenerate: Vec<String> = bst_heights
        .iter()
        .filter(|(o, _)| *o != Order::Random)
        .map(|(o, h)| format!("{} {}", o.name(), count(*h as u64)))
        .collect();
    report.claims.push(Claim::new(
        format!(
            "sorted, reverse-sorted and zig-zag inserts turn a plain BST into a list: \
             height = n ({} keys)",
            count(small as u64)
        ),
        degenerate.join(", "),
        bst_heights
            .iter()
            .all(|(o, h)| *o == Order::Random || *h == small),
    ));
    let random_height = bst_heights
        .iter()
        .find(|(o, _)| *o == Order::Random)
        .map_or(0, |(_, h)| *h);
    let log2 = (small as f64).log2();
    report.claims.push(Claim::new(
        "random order keeps a plain BST logarithmic on average (about 3 log2 n), an \
         average over inputs, not a guarantee",
        format!(
            "random, {} keys: height {random_height} = {:.2} log2 n",
            count(small as u64),
            random_height as f64 / log2
        ),
        (random_height as f64) < 4.0 * log2 && (random_height as f64) >= log2,
    ));
    let bound = avl_bound(n);
    report.claims.push(Claim::new(
        "an AVL tree stays under 1.44 log2(n + 2) levels whatever the order",
        format!(
            "{} keys, bound {bound:.1}: {}",
            count(n as u64),
            avl_heights
                .iter()
                .map(|(o, h)| format!("{} {h}", o.name()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        avl_heights.iter().all(|(_, h)| (*h as f64) < bound),
    ));
    report.claims.push(Claim::new(
        "an AVL insert does at most one single or double rotation",
        format!(
            "most in one insert: {insert_max}, over {} inserts in each of the four orders",
            count(n as u64)
        ),
        insert_max <= 1,
    ));
    random_avl
}

/// Levels of a perfectly balanced tree with `n` keys: ⌈log2(n + 1)⌉.
fn perfect_height(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()) as usize
}

/// An AVL tree of `0..n` inserted in random order, with keys that count comparisons,
/// and the insertion order.
fn build_counted_avl(n: usize, seed: u64) -> (AvlTree<Counted<u64>, u64>, Vec<u64>) {
    let keys = Order::Random.keys(n, seed);
    let tree = keys.iter().map(|&k| (Counted::new(k), k)).collect();
    (tree, keys)
}

/// `count` present keys of `0..n` (all of them if fewer), from the seed.
fn queries(n: usize, seed: u64, count: usize) -> Vec<u64> {
    let mut keys = Order::Random.keys(n, seed ^ 0x5EED);
    keys.truncate(count);
    keys
}

/// Mean comparisons per lookup of `queries` through `get`.
fn mean_comparisons(queries: &[u64], get: impl Fn(&Counted<u64>) -> bool) -> f64 {
    let (found, ops) = counted(|| queries.iter().filter(|&&k| get(&Counted::new(k))).count());
    assert_eq!(found, queries.len(), "every query is a present key");
    ops.comparisons as f64 / queries.len() as f64
}

/// Claims 2 and 4: comparisons per lookup, and nodes against cache lines.
fn lookups(
    report: &mut Report,
    random: &(AvlTree<Counted<u64>, u64>, Vec<u64>),
    sorted_bst: &Bst<Counted<u64>, ()>,
    n: usize,
    small: usize,
    seed: u64,
) {
    let (avl, keys) = random;
    let btree: BTreeMap<Counted<u64>, u64> = keys.iter().map(|&k| (Counted::new(k), k)).collect();
    let small_queries = queries(small, seed, LOOKUPS);
    let large_queries = queries(n, seed, LOOKUPS);
    let bst_mean = mean_comparisons(&small_queries, |k| sorted_bst.get(k).is_some());
    let avl_mean = mean_comparisons(&large_queries, |k| avl.get(k).is_some());
    let btree_mean = mean_comparisons(&large_queries, |k| btree.contains_key(k));
    let mut table = Table::new(
        "Comparisons per successful lookup (counted, mean over random present keys)",
        ["structure", "n", "comparisons", "model"],
    );
    table.push([
        "plain BST, built from sorted keys".to_string(),
        count(small as u64),
        format!("{bst_mean:.1}"),
        format!("(n + 1)/2 = {:.1}", (small as f64 + 1.0) / 2.0),
    ]);
    table.push([
        "AVL tree, random order".to_string(),
        count(n as u64),
        format!("{avl_mean:.1}"),
        format!("log2 n = {:.1}", (n as f64).log2()),
    ]);
    table.push([
        "std BTreeMap (B-tree, linear search in nodes)".to_string(),
        count(n as u64),
        format!("{btree_mean:.1}"),
        "up to 11 per node".to_string(),
    ]);
    report.tables.push(table);
    let half = small as f64 / 2.0;
    report.claims.push(Claim::new(
        "a lookup in the BST built from sorted keys compares about n/2 keys; in the AVL \
         tree about log2 n",
        format!(
            "BST ({} keys) {bst_mean:.1}, AVL ({} keys) {avl_mean:.1}, log2 n = {:.1}",
            count(small as u64),
            count(n as u64),
            (n as f64).log2()
        ),
        (0.4 * half..=1.6 * half).contains(&bst_mean) && avl_mean <= avl_bound(n),
    ));

    // Claim 4. In `get` one comparison is one node visited.
    let btree_levels_min = ((n + 1) as f64).log(BTREE_MAX_CHILDREN).ceil();
    let btree_levels_max = 1.0 + ((n + 1) as f64 / 2.0).log(BTREE_MIN_CHILDREN).floor();
    let mut table = Table::new(
        "Node visits and cache lines per lookup (binary: counted; B-tree: modelled from its height)",
        [
            "structure",
            "n",
            "nodes visited",
            "lines per node",
            "lines touched",
        ],
    );
    table.push([
        "AVL tree (16-byte hot halves of nodes)".to_string(),
        count(n as u64),
        format!("{avl_mean:.1}"),
        format!("{AVL_LINES_PER_NODE}"),
        format!("{:.1}", avl_mean * AVL_LINES_PER_NODE),
    ]);
    table.push([
        "B-tree, B = 6 (std's node size)".to_string(),
        count(n as u64),
        format!("{btree_levels_min} to {btree_levels_max}"),
        format!("{BTREE_LINES_PER_NODE}"),
        format!(
            "{} to {}",
            btree_levels_min * BTREE_LINES_PER_NODE,
            btree_levels_max * BTREE_LINES_PER_NODE
        ),
    ]);
    report.tables.push(table);
    report.claims.push(Claim::new(
        "a B-tree follows far fewer links per lookup than a binary tree: at most half the \
         AVL tree's node visits",
        format!(
            "{} keys: AVL {avl_mean:.1} nodes (counted), B-tree of std's node size {} to {} \
             levels ({}x fewer at worst)",
            count(n as u64),
            btree_levels_min,
            btree_levels_max,
            format_args!("{:.1}", avl_mean / btree_levels_max)
        ),
        btree_levels_max * 2.0 <= avl_mean,
    ));
    report.notes.push(format!(
        "Cache lines touched come out about even ({:.0} for the AVL tree against {} to {} \
         for the B-tree): a B-tree node is read in one or two adjacent lines the CPU \
         fetches together, so what it saves is dependent misses, one per level, not bytes. \
         The B-tree also makes more comparisons ({btree_mean:.1} against {avl_mean:.1}); \
         comparisons in a line already loaded cost a few cycles, a miss about 100 ns.",
        avl_mean * AVL_LINES_PER_NODE,
        btree_levels_min * BTREE_LINES_PER_NODE,
        btree_levels_max * BTREE_LINES_PER_NODE
    ));
}

/// Claim 3 (deletes): rotations per delete, deleting half the keys of the tree built
/// in random order, in another random order.
fn deletes(report: &mut Report, tree: &mut AvlTree<u64, u64>, n: usize, seed: u64) {
    let start = tree.rebalances();
    let height = tree.height() as u64;
    let deletes = n / 2;
    let mut delete_max = 0;
    for k in Order::Random
        .keys(n, seed ^ 0xDE1E7E)
        .into_iter()
        .take(deletes)
    {
        let before = tree.rebalances().total();
        tree.remove(&k);
        delete_max = delete_max.max(tree.rebalances().total() - before);
    }
    let end = tree.rebalances();
    let (single, double) = (end.single - start.single, end.double - start.double);
    let delete_mean = (single + double) as f64 / deletes as f64;
    if let Some(table) = report
        .tables
        .iter_mut()
        .find(|t| t.title.starts_with("AVL rebalancing"))
    {
        table.push([
            "delete half, random order".to_string(),
            count(deletes as u64),
            count(single),
            count(double),
            format!("{delete_mean:.3}"),
            delete_max.to_string(),
        ]);
    }
    report.claims.push(Claim::new(
        "an AVL delete may rotate more than once, at most once per level, but rarely: \
         under one rotation per delete on average",
        format!(
            "{} deletes: {delete_mean:.3} per delete, most in one delete {delete_max} \
             (tree height {height})",
            count(deletes as u64)
        ),
        delete_mean < 1.0 && delete_max <= height,
    ));
}

/// Claim 5: range queries.
fn ranges(
    report: &mut Report,
    avl: &AvlTree<Counted<u64>, u64>,
    bst: &Bst<Counted<u64>, ()>,
    n: usize,
    small: usize,
) {
    let height = avl.height() as u64;
    let mut table = Table::new(
        "Range queries: comparisons to find both ends (counted), and entries returned",
        ["structure", "n", "k", "comparisons", "entries"],
    );
    let mut within = true;
    let mut measured = Vec::new();
    for k in RANGE_SIZES {
        let k = k.min(n / 2);
        let start = (n / 3) as u64;
        let (got, ops) = counted(|| {
            avl.range(Counted::new(start)..Counted::new(start + k as u64))
                .count()
        });
        table.push([
            "AVL tree".to_string(),
            count(n as u64),
            count(k as u64),
            count(ops.comparisons),
            count(got as u64),
        ]);
        within &= got == k && ops.comparisons <= 2 * height + 1;
        measured.push(format!("k = {k}: {}", ops.comparisons));
    }
    let top = small as u64 - 10;
    let (got, bst_ops) = counted(|| bst.range(Counted::new(top)..).count());
    table.push([
        "plain BST, built from sorted keys".to_string(),
        count(small as u64),
        count(got as u64),
        count(bst_ops.comparisons),
        count(got as u64),
    ]);
    report.tables.push(table);
    report.claims.push(Claim::new(
        format!(
            "a range query costs O(log n + k): finding its ends takes at most 2 x height + \
             1 comparisons whatever k (height {height}), then the walk returns k entries"
        ),
        measured.join(", "),
        within,
    ));
    report.claims.push(Claim::new(
        "in the BST built from sorted keys the same query costs O(n + k): its first key \
         is n − 10 levels down",
        format!(
            "the 10 largest of {} keys: {} comparisons",
            count(small as u64),
            count(bst_ops.comparisons)
        ),
        bst_ops.comparisons >= top,
    ));
}

/// Claim 6: time per lookup against std's BTreeMap.
fn timing(report: &mut Report, avl: &AvlTree<u64, u64>, n: usize, seed: u64) {
    let keys = Order::Random.keys(n, seed);
    let btree: BTreeMap<u64, u64> = keys.iter().map(|&k| (k, k)).collect();
    let lookups = queries(n, seed, TIMED_LOOKUPS);
    let avl_get = |k: &u64| avl.get(k).copied();
    let btree_get = |k: &u64| btree.get(k).copied();
    let mut table = Table::new(
        "Time per lookup (best of 3 rounds of 100,000 random present keys)",
        ["lookups", "AVL tree", "BTreeMap", "AVL / BTreeMap"],
    );
    for (name, chained) in [("independent", false), ("chained", true)] {
        let measure = || {
            let avl_ns = time_lookups(&lookups, chained, avl_get);
            let btree_ns = time_lookups(&lookups, chained, btree_get);
            (avl_ns, btree_ns)
        };
        let mut shown = (0.0, 0.0);
        let claim = Claim::timed(
            if chained {
                format!(
                    "chained lookups (each waits for the one before, so every level's miss \
                     adds up): at {} keys BTreeMap, with fewer levels, is faster",
                    count(n as u64)
                )
            } else {
                format!(
                    "independent lookups (the CPU overlaps their misses): at {} keys the AVL \
                     tree takes at most {INDEPENDENT_RATIO_BOUND}x BTreeMap's time",
                    count(n as u64)
                )
            },
            || {
                let (avl_ns, btree_ns) = measure();
                shown = (avl_ns, btree_ns);
                let ratio = avl_ns / btree_ns;
                let winner = if ratio < 1.0 { "AVL tree" } else { "BTreeMap" };
                (
                    format!(
                        "AVL {} per lookup, BTreeMap {}: AVL/BTreeMap = {} ({winner} faster)",
                        nanos(avl_ns),
                        nanos(btree_ns),
                        times(ratio)
                    ),
                    if chained {
                        ratio > 1.0
                    } else {
                        ratio <= INDEPENDENT_RATIO_BOUND
                    },
                )
            },
        );
        if claim.attempts > 0 {
            let (avl_ns, btree_ns) = shown;
            table.push([
                name.to_string(),
                nanos(avl_ns),
                nanos(btree_ns),
                times(avl_ns / btree_ns),
            ]);
        }
        report.claims.push(claim);
    }
    if !table.rows.is_empty() {
        report.tables.push(table);
    }
}

/// The best time per lookup of `lookups` through `get`, over [`ROUNDS`] rounds. Chained,
/// each lookup's position in the list depends on the value the one before found, so
/// the lookups cannot overlap.
fn time_lookups(lookups: &[u64], chained: bool, get: impl Fn(&u64) -> Option<u64>) -> f64 {
    best_ns_per_op(ROUNDS, || {
        if chained {
            let mut i = 0;
            for _ in 0..lookups.len() {
                let found = get(&lookups[i]).unwrap_or(0);
                i += 1 + (found & 1) as usize;
                if i >= lookups.len() {
                    i -= lookups.len();
                }
            }
            black_box(i);
        } else {
            for k in lookups {
                black_box(get(k));
            }
        }
        lookups.len()
    })
}
