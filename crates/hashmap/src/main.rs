//! The hashmap demo: `cargo lab demo hashmap` runs this binary and renders the report it
//! prints as JSON.

evidence::demo_main!(hashmap::demo::run);
