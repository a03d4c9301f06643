//! The system-design demo: `cargo lab demo system-design` runs this binary and renders
//! the report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(system_design::demo::run);
