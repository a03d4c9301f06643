//! The graph-cycles demo: `cargo lab demo graph-cycles` runs this binary and renders the
//! report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(graph_cycles::demo::run);
