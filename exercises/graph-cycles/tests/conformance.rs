//! The same conformance cases the reference passes. Run them with
//! `cargo lab check graph-cycles`.

graph_cycles::conformance_tests!(graph_cycles_exercise);
