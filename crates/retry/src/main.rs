//! The retry demo: `cargo lab demo retry` runs this binary and renders the report it
//! prints as JSON.

evidence::demo_main!(retry::demo::run);
