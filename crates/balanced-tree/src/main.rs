//! The balanced-tree demo: `cargo lab demo balanced-tree` runs this binary and renders
//! the report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(balanced_tree::demo::run);
