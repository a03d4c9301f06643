//! The hashmap demo: `cargo lab demo hashmap` runs this binary and renders the report it
//! prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(hashmap::demo::run);
