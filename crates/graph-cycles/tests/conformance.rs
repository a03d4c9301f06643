//! The reference passes its own conformance suite.

graph_cycles::conformance_tests!(graph_cycles);
