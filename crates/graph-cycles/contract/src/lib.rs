//! The graph-cycles contract: what question 8's reference and the learner's exercise both
//! implement, and the cases both must pass.
//!
//! - [`Directed`] and [`Undirected`]: the traits, the contract of a graph that finds its
//!   cycles;
//! - [`GraphError`]: what `from_edges` refuses;
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, property tests against [`naive`], and the helpers that say why a cycle or
//!   an order is wrong ([`cases::directed_cycle_problem`],
//!   [`cases::undirected_cycle_problem`], [`cases::order_problem`]);
//! - [`naive`]: brute-force answers to "is there a cycle?", the oracles;
//! - [`conformance_tests!`]: one `#[test]` per case for a directed and an undirected
//!   graph type; [`correctness_tests!`] leaves out the time-limit case.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/graph-cycles/tests/conformance.rs
//! graph_cycles_contract::conformance_tests!(
//!     directed: graph_cycles_exercise::DiGraph,
//!     undirected: graph_cycles_exercise::UnGraph,
//! );
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod error;
pub mod naive;

pub use error::GraphError;

/// A directed graph on nodes `0..node_count`, as the conformance cases see it.
///
/// The reference `graph_cycles::DiGraph` implements it by forwarding to its inherent
/// methods (so its callers need no trait import); the exercise's graph implements it
/// directly. Parallel edges are allowed, and a self-loop `(u, u)` is a cycle of one node.
pub trait Directed: Sized {
    /// Builds the graph, refusing edges that name missing nodes: an edge with an
    /// endpoint `>= node_count` is [`GraphError::EdgeOutOfRange`], naming the first such
    /// edge.
    fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<Self, GraphError>;
    /// A cycle's nodes in order (each consecutive pair, and the last and the first, are
    /// joined by an edge), or `None` if the graph is acyclic.
    fn find_cycle(&self) -> Option<Vec<usize>>;
    /// An order of all the nodes in which every edge points forward, or `Err` with a
    /// cycle when there is none.
    fn topological_order(&self) -> Result<Vec<usize>, Vec<usize>>;
}

/// An undirected multigraph on nodes `0..node_count`, as the conformance cases see it.
///
/// The reference `graph_cycles::UnGraph` implements it by forwarding; the exercise's
/// graph implements it directly. A self-loop is a cycle of one node, two parallel edges
/// a cycle of two.
pub trait Undirected: Sized {
    /// Builds the graph, refusing edges that name missing nodes, as
    /// [`Directed::from_edges`] does.
    fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<Self, GraphError>;
    /// Whether the graph has a cycle.
    fn has_cycle(&self) -> bool;
    /// A cycle's nodes in order, or `None` for a forest.
    fn find_cycle(&self) -> Option<Vec<usize>>;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a directed graph type implementing
    /// [`Directed`] and an undirected one implementing [`Undirected`]: every case gets
    /// both, and uses the one (or two) it is about.
    ///
    /// ```text
    /// graph_cycles_contract::conformance_tests!(
    ///     directed: graph_cycles_exercise::DiGraph,
    ///     undirected: graph_cycles_exercise::UnGraph,
    /// );
    /// ```
    macro conformance_tests(
        directed: $($directed:ident)::+,
        undirected: $($undirected:ident)::+ $(,)?
    ) {
        /// The directed graph under test.
        type ConformanceDirected = $($directed)::+;
        /// The undirected graph under test.
        type ConformanceUndirected = $($undirected)::+;
    }
    /// The cases without the time-limit case, for graphs that are correct but slow.
    macro correctness_tests;
    cases [$crate::cases] {
        an_edgeless_graph_is_acyclic::<ConformanceDirected, ConformanceUndirected>(),
        a_self_loop_is_a_cycle_of_one::<ConformanceDirected, ConformanceUndirected>(),
        two_nodes_make_a_cycle_only_with_two_edges::<ConformanceDirected, ConformanceUndirected>(),
        a_diamond_is_a_cycle_only_without_directions::<ConformanceDirected, ConformanceUndirected>(),
        disconnected_parts_are_all_searched::<ConformanceDirected, ConformanceUndirected>(),
        a_cycle_reachable_only_from_a_late_start_is_found::<ConformanceDirected, ConformanceUndirected>(),
        topological_order_respects_every_edge::<ConformanceDirected, ConformanceUndirected>(),
        topological_order_reports_a_cycle::<ConformanceDirected, ConformanceUndirected>(),
        bad_edges_are_errors::<ConformanceDirected, ConformanceUndirected>(),
        directed_agrees_with_brute_force::<ConformanceDirected, ConformanceUndirected>(),
        undirected_agrees_with_brute_force::<ConformanceDirected, ConformanceUndirected>(),
        a_million_node_chain_needs_no_recursion::<ConformanceDirected, ConformanceUndirected>(),
    }
    costs {
        a_million_edges_are_searched_in_linear_time::<ConformanceDirected, ConformanceUndirected>(),
    }
}
