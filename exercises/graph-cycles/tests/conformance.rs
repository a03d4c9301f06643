//! The same conformance cases the reference passes. Run them with
//! `cargo lab check graph-cycles`.

graph_cycles_contract::conformance_tests!(
    directed: graph_cycles_exercise::DiGraph,
    undirected: graph_cycles_exercise::UnGraph,
);
