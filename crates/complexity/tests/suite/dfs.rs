//! Recursive and iterative depth-first search: the same nodes, different stacks.

use complexity::dfs::{chain, iterative, recursive};
use proptest::prelude::*;
use testkit::property::{check, same};

/// Nodes reachable from `start`, by breadth-first search: the oracle.
fn reachable(graph: &[Vec<usize>], start: usize) -> usize {
    let mut seen = vec![false; graph.len()];
    let mut queue = std::collections::VecDeque::from([start]);
    seen[start] = true;
    let mut count = 0;
    while let Some(v) = queue.pop_front() {
        count += 1;
        for &w in &graph[v] {
            if !std::mem::replace(&mut seen[w], true) {
                queue.push_back(w);
            }
        }
    }
    count
}

#[test]
fn both_searches_visit_exactly_the_reachable_nodes() {
    let graphs = (1usize..30).prop_flat_map(|n| {
        (
            prop::collection::vec(prop::collection::vec(0..n, 0..4), n),
            0..n,
        )
    });
    check(&graphs, |(graph, start)| {
        let want = reachable(&graph, start);
        same(recursive(&graph, start).visited, want, || {
            format!("recursive from {start} in {graph:?}")
        })?;
        same(iterative(&graph, start).visited, want, || {
            format!("iterative from {start} in {graph:?}")
        })
    });
}

#[test]
fn the_recursive_stack_grows_linearly_and_the_iterative_one_does_not() {
    let (a, b) = (recursive(&chain(1_000), 0), recursive(&chain(4_000), 0));
    let ratio = b.stack_bytes as f64 / a.stack_bytes as f64;
    assert!(
        (3.8..4.2).contains(&ratio),
        "{} then {} bytes: {ratio}x for 4x the depth",
        a.stack_bytes,
        b.stack_bytes
    );
    assert!(
        a.stack_bytes >= 1_000 * 16,
        "at least 16 bytes a frame: {a:?}"
    );
    let (c, d) = (iterative(&chain(1_000), 0), iterative(&chain(100_000), 0));
    assert_eq!(c.stack_bytes, d.stack_bytes);
}

#[test]
#[should_panic(expected = "start node 3 is not in the graph (nodes 0..3)")]
fn a_start_outside_the_graph_is_refused() {
    recursive(&chain(3), 3);
}
