//! An undirected graph and its cycle queries.

use crate::{GraphError, Undirected};

/// An undirected graph on nodes `0..node_count`. Parallel edges and self-loops are
/// allowed: a self-loop is a cycle of one node, two parallel edges a cycle of two.
pub struct UnGraph {
    node_count: usize,
    // TODO: choose a representation. `has_cycle` needs only the edge list; `find_cycle`
    // needs neighbours, and to tell parallel edges apart it helps to store each
    // neighbour with the index of the edge that leads there.
    edges: Vec<(usize, usize)>,
}

impl Undirected for UnGraph {
    /// Builds the graph; an edge naming a node `>= node_count` is an error, as for
    /// `DiGraph`.
    fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<UnGraph, GraphError> {
        // TODO: validate like `DiGraph::from_edges`, then store what your searches need.
        todo!("validate the edges and store them")
    }

    /// Whether the graph has a cycle.
    fn has_cycle(&self) -> bool {
        // TODO: union-find: a `parent` vector where `parent[x] == x` marks a root; an
        // edge whose two ends already have the same root closes a cycle.
        todo!("union-find over the edges")
    }

    /// A cycle as its nodes in order, or `None` for a forest.
    fn find_cycle(&self) -> Option<Vec<usize>> {
        // TODO: iterative DFS that skips the *edge* it arrived by (not the parent node:
        // a second, parallel edge to the parent is a cycle). Reaching a node that is on
        // the current path closes a cycle.
        todo!("depth-first search that never walks back along its own edge")
    }
}
