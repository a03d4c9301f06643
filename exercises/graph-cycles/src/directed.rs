//! A directed graph and its cycle queries.

use crate::{Directed, GraphError};

/// A directed graph on nodes `0..node_count`.
pub struct DiGraph {
    // TODO: choose a representation. Adjacency lists (`Vec<Vec<usize>>`, node `u`'s
    // successors at index `u`) are all you need.
    successors: Vec<Vec<usize>>,
}

impl Directed for DiGraph {
    /// Builds the graph. An edge naming a node `>= node_count` is an error:
    /// `GraphError::EdgeOutOfRange { edge, node_count }` with the first such edge.
    fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<DiGraph, GraphError> {
        // TODO: check every edge first, then fill the adjacency lists.
        todo!("validate the edges and build the adjacency lists")
    }

    /// A cycle as its nodes in order, or `None` if the graph is acyclic.
    fn find_cycle(&self) -> Option<Vec<usize>> {
        // TODO: three-colour DFS from every white node, with an explicit stack of
        // (node, index of the next successor to look at). The stack *is* the current
        // path: when an edge reaches a grey node, the cycle is the stack from that node
        // to the top.
        todo!("three-colour depth-first search")
    }

    /// An order in which every edge points forward, or `Err` with a cycle.
    fn topological_order(&self) -> Result<Vec<usize>, Vec<usize>> {
        // TODO: Kahn's algorithm: count incoming edges, start from the nodes with none,
        // and each time you place a node, remove its outgoing edges. If fewer than all
        // nodes get placed, return `Err(self.find_cycle()...)`.
        todo!("Kahn's algorithm")
    }
}
