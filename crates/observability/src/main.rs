//! The observability demo: `cargo lab demo observability` runs this binary and renders
//! the report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(observability::demo::run);
