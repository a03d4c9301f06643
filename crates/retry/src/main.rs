//! The retry demo: `cargo lab demo retry` runs this binary and renders the report it
//! prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(retry::demo::run);
