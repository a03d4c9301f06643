//! The delivery demo: `cargo lab demo delivery` runs this binary and renders the report
//! it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(delivery::demo::run);
