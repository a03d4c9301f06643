//! The indexing demo: `cargo lab demo indexing` runs this binary and renders the report
//! it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(indexing::demo::run);
