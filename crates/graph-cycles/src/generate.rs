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
/// assert_eq!(edges.len(), 500);
/// assert!(edges.iter().all(|&(a, b)| a < b && b < 100));
/// assert_eq!(edges, graph_cycles::generate::random_dag(100, 500, 7), "the same seed, the same edges");
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
/// assert_eq!(edges.len(), 30);
/// assert!(edges.iter().all(|&(a, b)| a < 10 && b < 10));
/// assert_eq!(edges, graph_cycles::generate::random_multigraph(10, 30, 1), "the same seed, the same edges");
/// ```
pub fn random_multigraph(nodes: usize, edges: usize, seed: u64) -> Vec<(usize, usize)> {
    assert!(edges == 0 || nodes > 0, "edges need at least one node");
    let mut r = rng(seed);
    (0..edges)
        .map(|_| (r.random_range(0..nodes), r.random_range(0..nodes)))
        .collect()
}

/// The graph sizes of the benchmark, `(nodes, edges)`, shared by the reference bench
/// and the exercise's `--mine` bench so both measure the same inputs.
pub const BENCH_SIZES: [(usize, usize); 2] = [(100_000, 500_000), (1_000_000, 5_000_000)];

/// A directed benchmark input: the random DAG seeded by `nodes`, plus, with `back_edge`,
/// the edge from the last node to the first (a cycle through most of the graph).
///
/// The edges come in reverse of the order they were drawn: petgraph lists a node's
/// newest edge first, so a graph built from this list and a petgraph built from its
/// reverse visit neighbours in the same order, and an early exit at a cycle costs both
/// the same number of steps.
///
/// ```
/// use graph_cycles::generate::bench_dag;
///
/// let edges = bench_dag(50, 200, true);
/// assert_eq!(edges.len(), 201);
/// assert_eq!(edges[0], (49, 0), "the back edge, drawn last, comes first");
/// assert!(edges[1..].iter().all(|&(a, b)| a < b), "the rest is a DAG");
/// ```
pub fn bench_dag(nodes: usize, edges: usize, back_edge: bool) -> Vec<(usize, usize)> {
    let mut drawn = random_dag(nodes, edges, nodes as u64);
    if back_edge {
        drawn.push((nodes - 1, 0));
    }
    drawn.reverse();
    drawn
}

/// The undirected benchmark input: `nodes - 1` random edges, where a cycle is all but
/// certain; a check stops at the first edge that closes one.
pub fn bench_multigraph(nodes: usize) -> Vec<(usize, usize)> {
    random_multigraph(nodes, nodes.saturating_sub(1), nodes as u64 + 1)
}
