#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod bitset;
pub mod conformance;
pub mod demo;
mod directed;
mod error;
pub mod generate;
pub mod naive;
mod undirected;
mod union_find;

pub use directed::{DfsEvent, DiGraph};
pub use error::GraphError;
pub use undirected::UnGraph;
pub use union_find::UnionFind;

/// A directed graph as the conformance suite sees it; [`DiGraph`] implements it by
/// forwarding to its inherent methods.
pub trait Directed: Sized {
    /// Builds the graph, refusing edges that name missing nodes.
    fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<Self, GraphError>;
    /// A cycle's nodes in order, or `None` if acyclic.
    fn find_cycle(&self) -> Option<Vec<usize>>;
    /// An order in which every edge points forward, or a cycle.
    fn topological_order(&self) -> Result<Vec<usize>, Vec<usize>>;
}

/// An undirected graph as the conformance suite sees it; [`UnGraph`] implements it.
pub trait Undirected: Sized {
    /// Builds the graph, refusing edges that name missing nodes.
    fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<Self, GraphError>;
    /// Whether the graph has a cycle.
    fn has_cycle(&self) -> bool;
    /// A cycle's nodes in order, or `None` for a forest.
    fn find_cycle(&self) -> Option<Vec<usize>>;
}

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

/// This concept as the `lab` CLI lists it.
pub fn topic() -> evidence::Topic {
    evidence::Topic {
        id: "graph-cycles",
        questions: &[8],
        title: "Cycle detection in graphs: three-colour DFS, Kahn, union-find",
        answer: include_str!("../README.md"),
        demo: evidence::Demo {
            run: demo::run,
            default_size: 1_000_000,
            small_size: 100_000,
            size_means: "edges in the largest graph timed",
        },
        exercise_dir: "exercises/graph-cycles",
        cases: conformance::CASES,
        bench: "graph_cycles",
    }
}
