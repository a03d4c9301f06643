//! Graphs for experiments: the demo and the benchmark measure on these.

use rand::RngExt;

use evidence::workload::rng;

/// `edges` random edges on `nodes` nodes, each from a lower to a higher node number, so
/// the graph is acyclic; the same seed gives the same edges. Parallel edges may occur.
///
/// # Panics
///
/// If `nodes < 2` while `edges > 0`: no edge can go forward.
///
/// ```
/// let edges = graph_cycles::generate::random_dag(100, 500, 7);
/// assert!(edges.iter().all(|&(a, b)| a < b && b < 100));
/// let g = graph_cycles::DiGraph::from_edges(100, &edges).unwrap();
/// assert_eq!(g.find_cycle(), None);
/// ```
pub fn random_dag(nodes: usize, edges: usize, seed: u64) -> Vec<(usize, usize)> {
    assert!(
        edges == 0 || nodes >= 2,
        "a DAG with edges needs at least two nodes"
    );
    let mut r = rng(seed);
    (0..edges)
        .map(|_| {
            let a = r.random_range(0..nodes - 1);
            (a, r.random_range(a + 1..nodes))
        })
        .collect()
}

/// `edges` random undirected edges on `nodes` nodes (self-loops and parallel edges
/// included); the same seed gives the same edges.
///
/// # Panics
///
/// If `nodes` is 0 while `edges > 0`.
///
/// ```
/// let edges = graph_cycles::generate::random_multigraph(10, 30, 1);
/// assert!(edges.iter().all(|&(a, b)| a < 10 && b < 10));
/// ```
pub fn random_multigraph(nodes: usize, edges: usize, seed: u64) -> Vec<(usize, usize)> {
    assert!(edges == 0 || nodes > 0, "edges need at least one node");
    let mut r = rng(seed);
    (0..edges)
        .map(|_| (r.random_range(0..nodes), r.random_range(0..nodes)))
        .collect()
}
