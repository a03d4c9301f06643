//! The replication demo: `cargo lab demo replication` runs this binary and renders the
//! report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(replication::demo::run);
