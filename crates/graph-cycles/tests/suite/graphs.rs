//! The rest of the API: strongly connected components and union-find against brute
//! force, error messages, and the DFS event stream.

use graph_cycles::{DfsEvent, DiGraph, GraphError, UnGraph, UnionFind};
use proptest::prelude::*;

/// `reach[a][b]`: b is reachable from a by zero or more edges.
fn reachability(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<bool>> {
    let mut reach = vec![vec![false; n]; n];
    for (a, row) in reach.iter_mut().enumerate() {
        row[a] = true;
    }
    for &(a, b) in edges {
        reach[a][b] = true;
    }
    // Floyd-Warshall closure: fine for the small graphs here.
    for k in 0..n {
        let through_k = reach[k].clone();
        for row in reach.iter_mut().filter(|row| row[k]) {
            for (cell, &via) in row.iter_mut().zip(&through_k) {
                *cell |= via;
            }
        }
    }
    reach
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Two nodes share a component exactly when each reaches the other, every node is in
    /// exactly one component, and components come in reverse topological order.
    #[test]
    fn strongly_connected_components_match_mutual_reachability(
        (n, edges) in (1usize..10).prop_flat_map(|n| (Just(n), prop::collection::vec((0..n, 0..n), 0..20)))
    ) {
        let graph = DiGraph::from_edges(n, &edges).unwrap();
        let sccs = graph.strongly_connected_components();
        let reach = reachability(n, &edges);
        let mut component = vec![usize::MAX; n];
        for (c, nodes) in sccs.iter().enumerate() {
            for &u in nodes {
                prop_assert_eq!(component[u], usize::MAX, "node {} in two components", u);
                component[u] = c;
            }
        }
        for a in 0..n {
            prop_assert!(component[a] != usize::MAX, "node {} in no component", a);
            for b in 0..n {
                let mutual = reach[a][b] && reach[b][a];
                prop_assert_eq!(component[a] == component[b], mutual, "nodes {} and {}", a, b);
            }
        }
        // An edge between components goes from a later component to an earlier one.
        for &(a, b) in &edges {
            prop_assert!(component[a] >= component[b], "edge {} -> {} against the order", a, b);
        }
    }

    /// Union-find agrees with a naive labelling that relabels a whole set on every union.
    #[test]
    fn union_find_agrees_with_relabelling(
        (n, ops) in (1usize..30).prop_flat_map(|n| (Just(n), prop::collection::vec((0..n, 0..n), 0..60)))
    ) {
        let mut sets = UnionFind::new(n);
        let mut label: Vec<usize> = (0..n).collect();
        for (a, b) in ops {
            let merged = label[a] != label[b];
            prop_assert_eq!(sets.union(a, b), merged);
            if merged {
                let (from, to) = (label[b], label[a]);
                for l in &mut label {
                    if *l == from {
                        *l = to;
                    }
                }
            }
            let mut distinct = label.clone();
            distinct.sort_unstable();
            distinct.dedup();
            prop_assert_eq!(sets.set_count(), distinct.len());
            for x in 0..n {
                prop_assert_eq!(sets.connected(a, x), label[a] == label[x]);
                prop_assert_eq!(sets.set_size(x), label.iter().filter(|&&l| l == label[x]).count());
            }
        }
    }
}

#[test]
fn errors_name_the_bad_edge() {
    let err = UnGraph::from_edges(0, &[(0, 0)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "edge (0, 0) names node 0, but the graph has no nodes"
    );
    let err = DiGraph::from_edges(2, &[(5, 1)]).unwrap_err();
    assert_eq!(
        err,
        GraphError::EdgeOutOfRange {
            edge: (5, 1),
            node_count: 2
        }
    );
    assert_eq!(
        err.to_string(),
        "edge (5, 1) names node 5, but the graph has 2 nodes (0 to 1)"
    );
}

#[test]
fn a_dag_search_reports_every_node_and_edge_once() {
    let edges = [(0, 1), (0, 2), (1, 2), (3, 2)];
    let graph = DiGraph::from_edges(4, &edges).unwrap();
    let mut events = Vec::new();
    assert_eq!(graph.find_cycle_with(|e| events.push(e)), None);
    // Every node entered and finished once, every edge looked at once (sorted: the
    // order is the search's business).
    let nodes = |f: fn(&DfsEvent) -> Option<usize>| {
        let mut nodes: Vec<usize> = events.iter().filter_map(f).collect();
        nodes.sort_unstable();
        nodes
    };
    let entered = nodes(|e| match *e {
        DfsEvent::Discover(u) => Some(u),
        _ => None,
    });
    assert_eq!(entered, [0, 1, 2, 3], "each node entered once");
    let finished = nodes(|e| match *e {
        DfsEvent::Finish(u) => Some(u),
        _ => None,
    });
    assert_eq!(finished, [0, 1, 2, 3], "each node finished once");
    let mut examined: Vec<(usize, usize)> = events
        .iter()
        .filter_map(|e| match *e {
            DfsEvent::Examine(u, v) => Some((u, v)),
            _ => None,
        })
        .collect();
    examined.sort_unstable();
    assert_eq!(examined, edges, "each edge looked at once");
    assert_eq!(events[0], DfsEvent::Discover(0));
    assert_eq!(graph.successors(0).collect::<Vec<_>>(), [1, 2]);
    assert!(graph.has_edge(3, 2) && !graph.has_edge(2, 3));
    assert!(
        !graph.has_edge(4, 0) && !graph.has_edge(usize::MAX, 0),
        "a node past the last has no edges (and does not panic)"
    );
    assert_eq!((graph.node_count(), graph.edge_count()), (4, 4));
}

#[test]
fn undirected_accessors() {
    let g = UnGraph::from_edges(3, &[(0, 1), (1, 1)]).unwrap();
    assert!(g.has_edge(1, 0) && g.has_edge(1, 1) && !g.has_edge(0, 2));
    assert!(
        !g.has_edge(3, 0) && !g.has_edge(usize::MAX, 1),
        "a node past the last has no edges (and does not panic)"
    );
    assert_eq!((g.node_count(), g.edge_count()), (3, 2));
}

#[test]
fn union_find_counts_its_elements() {
    let sets = UnionFind::new(5);
    assert_eq!(
        (sets.len(), sets.is_empty(), sets.set_count()),
        (5, false, 5)
    );
    let none = UnionFind::new(0);
    assert_eq!(
        (none.len(), none.is_empty(), none.set_count()),
        (0, true, 0)
    );
}
