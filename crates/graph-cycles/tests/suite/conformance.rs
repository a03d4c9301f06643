//! The reference passes the contract's cases, the same ones the exercise runs.

graph_cycles_contract::conformance_tests!(
    directed: graph_cycles::DiGraph,
    undirected: graph_cycles::UnGraph,
);
