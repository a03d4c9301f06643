//! The graph-cycles contract as named, generic test cases, with property tests against
//! the brute-force oracles in [`naive`](crate::naive).
//!
//! Cases are generic over [`Directed`] and [`Undirected`];
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. A graph may return any valid cycle or order, so the cases check answers with
//! [`directed_cycle_problem`], [`undirected_cycle_problem`] and [`order_problem`], which
//! say what is wrong, so a learner can fix the code from the message alone.

use std::time::Duration;

use proptest::prelude::*;
use testkit::property::{TestCaseError, check_explained, same};
use testkit::watchdog::finished_within;

use crate::naive::{directed_has_cycle, undirected_has_cycle};
use crate::{Directed, GraphError, Undirected};

fn directed<D: Directed>(n: usize, edges: &[(usize, usize)]) -> D {
    D::from_edges(n, edges).unwrap_or_else(|e| panic!("from_edges refused valid edges: {e}"))
}

fn undirected<U: Undirected>(n: usize, edges: &[(usize, usize)]) -> U {
    U::from_edges(n, edges).unwrap_or_else(|e| panic!("from_edges refused valid edges: {e}"))
}

/// Why `cycle` is not a cycle of the directed graph `edges`, if it is not one: it must
/// be non-empty, repeat no node, and every consecutive pair (and last to first) must be
/// an edge.
pub fn directed_cycle_problem(edges: &[(usize, usize)], cycle: &[usize]) -> Option<String> {
    cycle_problem(cycle, |a, b, _| edges.contains(&(a, b)))
}

/// Why `cycle` is not a cycle of the undirected multigraph `edges`, if it is not one.
/// A cycle of one node needs a self-loop; a cycle of two needs two parallel edges.
pub fn undirected_cycle_problem(edges: &[(usize, usize)], cycle: &[usize]) -> Option<String> {
    cycle_problem(cycle, |a, b, len| {
        let joining = edges
            .iter()
            .filter(|&&(x, y)| (x, y) == (a, b) || (y, x) == (a, b))
            .count();
        // Going round a two-node cycle uses the pair twice, so it needs two edges.
        joining >= if len == 2 { 2 } else { 1 }
    })
}

fn cycle_problem(cycle: &[usize], is_edge: impl Fn(usize, usize, usize) -> bool) -> Option<String> {
    if cycle.is_empty() {
        return Some("an empty cycle".to_string());
    }
    let mut sorted = cycle.to_vec();
    sorted.sort_unstable();
    if sorted.windows(2).any(|w| w[0] == w[1]) {
        return Some(format!("{cycle:?} repeats a node"));
    }
    (0..cycle.len()).find_map(|i| {
        let (a, b) = (cycle[i], cycle[(i + 1) % cycle.len()]);
        (!is_edge(a, b, cycle.len()))
            .then(|| format!("{cycle:?} uses {a} -> {b}, which is not an edge"))
    })
}

/// Why `order` is not a topological order of `n` nodes and `edges`, if it is not one.
pub fn order_problem(n: usize, edges: &[(usize, usize)], order: &[usize]) -> Option<String> {
    let mut position = vec![usize::MAX; n];
    for (i, &u) in order.iter().enumerate() {
        if u >= n || position[u] != usize::MAX {
            return Some(format!("{order:?} is not a permutation of 0..{n}"));
        }
        position[u] = i;
    }
    if order.len() != n {
        return Some(format!(
            "{order:?} has {} nodes, the graph {n}",
            order.len()
        ));
    }
    edges
        .iter()
        .find(|&&(a, b)| position[a] >= position[b])
        .map(|&(a, b)| format!("{order:?} puts {b} before {a}, but {a} -> {b} is an edge"))
}

fn assert_directed_cycle(edges: &[(usize, usize)], cycle: Option<Vec<usize>>, what: &str) {
    let cycle = cycle.unwrap_or_else(|| panic!("{what}: expected a cycle, found none"));
    if let Some(problem) = directed_cycle_problem(edges, &cycle) {
        panic!("{what}: {problem}");
    }
}

/// Graphs without edges have no cycle; their topological order is every node.
pub fn an_edgeless_graph_is_acyclic<D: Directed, U: Undirected>() {
    let empty: D = directed(0, &[]);
    assert_eq!(
        empty.find_cycle(),
        None,
        "a graph with no nodes has no cycle"
    );
    assert_eq!(empty.topological_order(), Ok(vec![]), "and an empty order");
    let lonely: D = directed(3, &[]);
    assert_eq!(lonely.find_cycle(), None, "three nodes, no edges: no cycle");
    assert_eq!(
        lonely.topological_order(),
        Ok(vec![0, 1, 2]),
        "any order works; ours is 0, 1, 2"
    );
    let u: U = undirected(3, &[]);
    assert!(
        !u.has_cycle(),
        "an undirected graph without edges has no cycle"
    );
    assert_eq!(u.find_cycle(), None, "and find_cycle agrees");
}

/// A self-loop is a cycle of one node, directed or not.
pub fn a_self_loop_is_a_cycle_of_one<D: Directed, U: Undirected>() {
    let d: D = directed(2, &[(0, 1), (1, 1)]);
    assert_eq!(
        d.find_cycle(),
        Some(vec![1]),
        "1 -> 1 is a cycle of one node"
    );
    assert!(
        d.topological_order().is_err(),
        "a self-loop makes an order impossible"
    );
    let u: U = undirected(2, &[(0, 1), (1, 1)]);
    assert!(u.has_cycle(), "an undirected self-loop is a cycle");
    assert_eq!(
        u.find_cycle(),
        Some(vec![1]),
        "the undirected self-loop's cycle is [1]"
    );
}

/// Directed: `0 -> 1 -> 0` is a cycle. Undirected: one edge is not a cycle (you may not
/// walk back along the edge you came by), but two parallel edges are.
pub fn two_nodes_make_a_cycle_only_with_two_edges<D: Directed, U: Undirected>() {
    let d: D = directed(2, &[(0, 1), (1, 0)]);
    assert_eq!(d.find_cycle(), Some(vec![0, 1]), "0 -> 1 -> 0");
    let single: U = undirected(2, &[(0, 1)]);
    assert!(!single.has_cycle(), "one undirected edge is not a cycle");
    assert_eq!(
        single.find_cycle(),
        None,
        "one undirected edge has no cycle to find"
    );
    let parallel: U = undirected(2, &[(0, 1), (1, 0)]);
    assert!(
        parallel.has_cycle(),
        "two parallel undirected edges form a cycle"
    );
    let cycle = parallel
        .find_cycle()
        .expect("two parallel edges form a cycle");
    let mut nodes = cycle.clone();
    nodes.sort_unstable();
    assert_eq!(
        nodes,
        [0, 1],
        "the cycle of two parallel edges has both nodes, once each: {cycle:?}"
    );
}

/// A diamond (two paths from 0 to 3) is acyclic when directed, but a cycle of four when
/// undirected: direction matters.
pub fn a_diamond_is_a_cycle_only_without_directions<D: Directed, U: Undirected>() {
    let edges = [(0, 1), (0, 2), (1, 3), (2, 3)];
    let d: D = directed(4, &edges);
    assert_eq!(
        d.find_cycle(),
        None,
        "the directed diamond 0 -> 1, 2 -> 3 is acyclic"
    );
    let order = d
        .topological_order()
        .expect("a DAG has a topological order");
    if let Some(problem) = order_problem(4, &edges, &order) {
        panic!("diamond: {problem}");
    }
    let u: U = undirected(4, &edges);
    assert!(
        u.has_cycle(),
        "the undirected diamond is the cycle 0 - 1 - 3 - 2 - 0"
    );
    let cycle = u.find_cycle().expect("the undirected diamond has a cycle");
    if let Some(problem) = undirected_cycle_problem(&edges, &cycle) {
        panic!("undirected diamond: {problem}");
    }
}

/// Every part of a disconnected graph is searched, not only the part reachable from 0.
pub fn disconnected_parts_are_all_searched<D: Directed, U: Undirected>() {
    let edges = [(0, 1), (2, 3), (3, 4), (4, 2)];
    let d: D = directed(5, &edges);
    assert_directed_cycle(
        &edges,
        d.find_cycle(),
        "a cycle in the second part (2, 3, 4)",
    );
    let u: U = undirected(5, &edges);
    assert!(
        u.has_cycle(),
        "the undirected triangle 2 - 3 - 4 is in the second part"
    );
}

/// A cycle reachable only from the last node: a search that starts from node 0 alone,
/// or stops after the first tree, misses it.
pub fn a_cycle_reachable_only_from_a_late_start_is_found<D: Directed, U: Undirected>() {
    // 0 -> 1 -> 2 is a DAG; node 5 leads into the cycle 3 -> 4 -> 3.
    let edges = [(0, 1), (1, 2), (5, 3), (3, 4), (4, 3)];
    let d: D = directed(6, &edges);
    assert_directed_cycle(&edges, d.find_cycle(), "the cycle 3, 4 entered from node 5");
    assert!(
        d.topological_order().is_err(),
        "no order exists with the cycle 3, 4"
    );
    // Black nodes are not grey: 0 -> 1 and 2 -> 1 reach a finished node, not a cycle.
    let shared = [(0, 1), (2, 1)];
    let dag: D = directed(3, &shared);
    assert_eq!(
        dag.find_cycle(),
        None,
        "reaching an already finished node is not a cycle"
    );
}

/// The topological order places every node after all its predecessors, and includes
/// every node once.
pub fn topological_order_respects_every_edge<D: Directed, U: Undirected>() {
    // Package-style dependencies: 0 = app depends on everything below it.
    let edges = [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (1, 4), (5, 4)];
    let d: D = directed(6, &edges);
    let order = d.topological_order().expect("this DAG has an order");
    if let Some(problem) = order_problem(6, &edges, &order) {
        panic!("{problem}");
    }
}

/// When there is no order, `Err` carries a real cycle.
pub fn topological_order_reports_a_cycle<D: Directed, U: Undirected>() {
    let edges = [(0, 1), (1, 2), (2, 3), (3, 1), (0, 4)];
    let d: D = directed(5, &edges);
    let err = d
        .topological_order()
        .expect_err("1 -> 2 -> 3 -> 1 makes an order impossible");
    if let Some(problem) = directed_cycle_problem(&edges, &err) {
        panic!("topological_order's Err: {problem}");
    }
}

/// An edge naming a node that does not exist is an error that says which edge.
pub fn bad_edges_are_errors<D: Directed, U: Undirected>() {
    let expected = GraphError::EdgeOutOfRange {
        edge: (1, 7),
        node_count: 3,
    };
    match D::from_edges(3, &[(0, 1), (1, 7)]) {
        Err(e) => assert_eq!(e, expected, "directed: the first bad edge is named"),
        Ok(_) => panic!("directed: an edge to node 7 of 3 must be refused"),
    }
    match U::from_edges(3, &[(0, 1), (1, 7)]) {
        Err(e) => assert_eq!(e, expected, "undirected: the first bad edge is named"),
        Ok(_) => panic!("undirected: an edge to node 7 of 3 must be refused"),
    }
}

fn small_graph() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (0usize..9).prop_flat_map(|n| {
        let edges = if n == 0 {
            Just(Vec::new()).boxed()
        } else {
            prop::collection::vec((0..n, 0..n), 0..14).boxed()
        };
        (Just(n), edges)
    })
}

/// A small graph in words: `3 nodes (0 to 2), edges 0 → 1, 1 → 2`, with `arrow` → for
/// a directed graph and – for an undirected one.
fn explain_graph((n, edges): &(usize, Vec<(usize, usize)>), arrow: &str) -> String {
    let nodes = match n {
        0 => "no nodes".to_string(),
        1 => "1 node (0)".to_string(),
        n => format!("{n} nodes (0 to {})", n - 1),
    };
    if edges.is_empty() {
        return format!("{nodes}, no edges");
    }
    let edges: Vec<String> = edges
        .iter()
        .map(|(a, b)| format!("{a} {arrow} {b}"))
        .collect();
    format!("{nodes}, edges {}", edges.join(", "))
}

/// On random small directed graphs: a cycle is found exactly when some node reaches
/// itself (brute force), every cycle returned is made of real edges, and every
/// topological order respects every edge.
pub fn directed_agrees_with_brute_force<D: Directed, U: Undirected>() {
    let explain = |graph: &(usize, Vec<(usize, usize)>)| explain_graph(graph, "→");
    check_explained(&small_graph(), explain, |(n, edges)| {
        let g: D = directed(n, &edges);
        let expected = directed_has_cycle(n, &edges);
        let cycle = g.find_cycle();
        same(cycle.is_some(), expected, || {
            format!("has a cycle: {n} nodes, edges {edges:?}")
        })?;
        if let Some(problem) = cycle.and_then(|c| directed_cycle_problem(&edges, &c)) {
            return Err(TestCaseError::fail(format!(
                "find_cycle on {edges:?}: {problem}"
            )));
        }
        let problem = match g.topological_order() {
            Ok(order) if expected => Some(format!("an order {order:?} despite a cycle")),
            Ok(order) => order_problem(n, &edges, &order),
            Err(_) if !expected => Some("Err for an acyclic graph".to_string()),
            Err(cycle) => directed_cycle_problem(&edges, &cycle),
        };
        match problem {
            Some(p) => Err(TestCaseError::fail(format!(
                "topological_order on {n} nodes, {edges:?}: {p}"
            ))),
            None => Ok(()),
        }
    });
}

/// On random small undirected multigraphs: `has_cycle` and `find_cycle` agree with the
/// brute-force count (a cycle exists exactly when E > V - components), and every cycle
/// returned is made of real edges.
pub fn undirected_agrees_with_brute_force<D: Directed, U: Undirected>() {
    let explain = |graph: &(usize, Vec<(usize, usize)>)| explain_graph(graph, "–");
    check_explained(&small_graph(), explain, |(n, edges)| {
        let g: U = undirected(n, &edges);
        let expected = undirected_has_cycle(n, &edges);
        same(g.has_cycle(), expected, || {
            format!("has_cycle: {n} nodes, edges {edges:?}")
        })?;
        let cycle = g.find_cycle();
        same(cycle.is_some(), expected, || {
            format!("find_cycle found one: {edges:?}")
        })?;
        match cycle.and_then(|c| undirected_cycle_problem(&edges, &c)) {
            Some(p) => Err(TestCaseError::fail(format!("find_cycle on {edges:?}: {p}"))),
            None => Ok(()),
        }
    });
}

/// A path of a million nodes, closed into a cycle, is searched without recursion: a
/// recursive depth-first search overflows the stack long before this depth.
pub fn a_million_node_chain_needs_no_recursion<D: Directed, U: Undirected>() {
    const N: usize = 1_000_000;
    let mut edges: Vec<(usize, usize)> = (0..N - 1).map(|i| (i, i + 1)).collect();
    let chain: D = directed(N, &edges);
    assert_eq!(
        chain.find_cycle(),
        None,
        "a chain of a million nodes is acyclic"
    );
    let order = chain.topological_order().expect("a chain has an order");
    assert!(
        order.iter().copied().eq(0..N),
        "a chain's only order is 0, 1, ..., N - 1"
    );
    edges.push((N - 1, 0));
    let ring: D = directed(N, &edges);
    let cycle = ring
        .find_cycle()
        .expect("closing the chain makes one big cycle");
    assert_eq!(cycle.len(), N, "the cycle has every node");
    let ring: U = undirected(N, &edges);
    assert_eq!(
        ring.find_cycle().map(|c| c.len()),
        Some(N),
        "undirected: the same big cycle"
    );
}

/// A count for a message, thousands separated: `1,000,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A cycle too long to print, described by its length and first nodes.
fn head(cycle: &[usize]) -> String {
    let shown = &cycle[..cycle.len().min(8)];
    format!(
        "a \"cycle\" of {} nodes beginning {shown:?}",
        thousands(cycle.len())
    )
}

/// The time limit of [`a_million_edges_are_searched_in_linear_time`], for each of its
/// two graphs. A linear search (building the graph included) took 0.08 to 0.19 s on the
/// directed graph and 0.14 to 0.36 s on the forest in the exercise's test build
/// (opt-level 1) on a 2-core machine, with the other cases running beside it: this is
/// more than 50x that. A search that is quadratic in the nodes or the edges needs
/// minutes to hours there.
pub const LINEAR_TIME_LIMIT: Duration = Duration::from_secs(20);

/// An acyclic directed graph of 500,000 nodes and about 1,000,000 edges, in two halves:
/// nodes `0..250,000` with every edge pointing up (`i -> i + 1` and a skip `i -> i + 2..1,001`
/// ahead), one search from node 0 goes 250,000 deep and meets most edges a second time
/// as a forward edge to a finished node; nodes `250,000..500,000` with every edge
/// pointing down, a search from each node in turn finds only a few new ones.
pub fn linear_time_dag() -> (usize, Vec<(usize, usize)>) {
    const HALF: usize = 250_000;
    let skip = |i: usize| 2 + (i * 7_919) % 1_000;
    let mut edges = Vec::with_capacity(4 * HALF);
    for i in 0..HALF - 1 {
        edges.push((i, i + 1));
        if i + skip(i) < HALF {
            edges.push((i, i + skip(i)));
        }
    }
    for i in HALF + 1..2 * HALF {
        edges.push((i, i - 1));
        if i - skip(i) >= HALF {
            edges.push((i, i - skip(i)));
        }
    }
    (2 * HALF, edges)
}

/// An undirected forest of about 1,125,000 nodes and 1,000,000 edges: a path of
/// 250,000 nodes (a deep search), two stars of 250,000 leaves each, one with the centre
/// first in every edge and one with it second (an unbalanced union-find without path
/// compression makes a 250,000-long chain of parents from one of them), and 125,000
/// paths of three nodes (many searches).
pub fn linear_time_forest() -> (usize, Vec<(usize, usize)>) {
    const PART: usize = 250_000;
    let mut edges = Vec::with_capacity(4 * PART);
    edges.extend((0..PART - 1).map(|i| (i, i + 1)));
    let centre = PART;
    edges.extend((1..=PART).map(|leaf| (centre, centre + leaf)));
    let centre = centre + PART + 1;
    edges.extend((1..=PART).map(|leaf| (centre + leaf, centre)));
    let first = centre + PART + 1;
    for path in 0..PART / 2 {
        let a = first + 3 * path;
        edges.extend([(a, a + 1), (a + 1, a + 2)]);
    }
    (first + 3 * (PART / 2), edges)
}

/// Cycle detection is linear in the graph's size: on an acyclic directed graph of
/// 500,000 nodes and about a million edges, `from_edges`, `find_cycle` and
/// `topological_order` together finish within [`LINEAR_TIME_LIMIT`], and so do
/// `from_edges`, `has_cycle` and `find_cycle` on an undirected forest of a million
/// edges. The graphs are acyclic, so every edge has to be looked at. Each search should
/// visit each edge once (or twice, undirected); one that rescans the edge list for
/// every node, restarts its visited set for every root, walks a node's finished
/// descendants again, or looks nodes up in a `Vec` path is quadratic and fails here.
/// (There is no hook to count the edges a graph visits, so this case times it, with a
/// limit that is many times what a linear search needs.)
pub fn a_million_edges_are_searched_in_linear_time<D, U>()
where
    D: Directed + 'static,
    U: Undirected + 'static,
{
    let expected = "a search that visits each edge once finishes in well under a second; \
                    one that rescans the edges for every node is O(V·E)";
    let expected_undirected = "a search or a union-find that touches each edge once \
                               finishes in well under a second; a search that rescans the \
                               edges for every node is O(V·E), and so is a union-find whose \
                               parent chains are never shortened (path compression)";

    let (n, edges) = linear_time_dag();
    let graph = edges.clone();
    let (cycle, order) = finished_within(LINEAR_TIME_LIMIT, move || {
        let dag: D = directed(n, &graph);
        (dag.find_cycle(), dag.topological_order())
    })
    .unwrap_or_else(|| {
        panic!(
            "your from_edges, find_cycle and topological_order did not finish within \
             {LINEAR_TIME_LIMIT:?} on an acyclic directed graph of {} nodes and {} edges: \
             {expected}",
            thousands(n),
            thousands(edges.len())
        )
    });
    if let Some(cycle) = cycle {
        panic!(
            "find_cycle on the {n}-node graph whose edges all point one way (no cycle) \
             returned {}",
            head(&cycle)
        );
    }
    let order = order.unwrap_or_else(|cycle| {
        panic!(
            "topological_order on the {n}-node graph whose edges all point one way (no \
             cycle) returned Err with {}",
            head(&cycle)
        )
    });
    if let Some(problem) = order_problem(n, &edges, &order) {
        // The order is too long to print: keep what is wrong with it.
        let (_, what) = problem.rsplit_once(']').unwrap_or(("", &problem));
        panic!("topological_order of the {n}-node graph: the order{what}");
    }

    let (n, edges) = linear_time_forest();
    let edge_count = edges.len();
    let (has_cycle, cycle) = finished_within(LINEAR_TIME_LIMIT, move || {
        let forest: U = undirected(n, &edges);
        (forest.has_cycle(), forest.find_cycle())
    })
    .unwrap_or_else(|| {
        panic!(
            "your undirected from_edges, has_cycle and find_cycle did not finish within \
             {LINEAR_TIME_LIMIT:?} on a forest of {} nodes and {} edges: \
             {expected_undirected}",
            thousands(n),
            thousands(edge_count)
        )
    });
    assert!(!has_cycle, "has_cycle: a forest of {n} nodes has no cycle");
    if let Some(cycle) = cycle {
        panic!(
            "find_cycle on a forest of {n} nodes (no cycle) returned {}",
            head(&cycle)
        );
    }
}
