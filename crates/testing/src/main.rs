//! The testing demo: `cargo lab demo testing` runs this binary and renders the report
//! it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(testing::demo::run);
