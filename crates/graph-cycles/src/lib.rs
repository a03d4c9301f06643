#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod bitset;
pub mod demo;
mod directed;
pub mod generate;
mod undirected;
mod union_find;

pub use directed::{DfsEvent, DiGraph};
pub use undirected::UnGraph;
pub use union_find::UnionFind;

/// The contract this crate implements: the [`Directed`] and [`Undirected`] traits,
/// [`GraphError`], and [`naive`], the brute-force oracles the conformance cases compare
/// against.
pub use graph_cycles_contract::{Directed, GraphError, Undirected, naive};

impl Directed for DiGraph {
    fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<Self, GraphError> {
        DiGraph::from_edges(node_count, edges)
    }
    fn find_cycle(&self) -> Option<Vec<usize>> {
        DiGraph::find_cycle(self)
    }
    fn topological_order(&self) -> Result<Vec<usize>, Vec<usize>> {
        DiGraph::topological_order(self)
    }
}

impl Undirected for UnGraph {
    fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<Self, GraphError> {
        UnGraph::from_edges(node_count, edges)
    }
    fn has_cycle(&self) -> bool {
        UnGraph::has_cycle(self)
    }
    fn find_cycle(&self) -> Option<Vec<usize>> {
        UnGraph::find_cycle(self)
    }
}

/// Checks the node count and every edge; the one validation both graph types use.
fn validate(node_count: usize, edges: &[(usize, usize)]) -> Result<(), GraphError> {
    if node_count > u32::MAX as usize {
        return Err(GraphError::TooManyNodes(node_count));
    }
    match edges
        .iter()
        .find(|&&(a, b)| a >= node_count || b >= node_count)
    {
        Some(&edge) => Err(GraphError::EdgeOutOfRange { edge, node_count }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The largest graph has `u32::MAX` nodes (ids 0 to `u32::MAX - 1` fit the u32
    /// links); one more is refused. Checked on `validate` itself: a graph that size would
    /// need tens of gigabytes.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn validation_accepts_up_to_u32_max_nodes() {
        let max = u32::MAX as usize;
        assert_eq!(validate(max, &[(0, max - 1)]), Ok(()));
        assert_eq!(
            validate(max + 1, &[]),
            Err(GraphError::TooManyNodes(max + 1))
        );
        assert_eq!(
            validate(3, &[(0, 1), (1, 3)]),
            Err(GraphError::EdgeOutOfRange {
                edge: (1, 3),
                node_count: 3
            })
        );
        assert_eq!(validate(0, &[]), Ok(()));
    }
}
