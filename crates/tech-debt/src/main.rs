//! The tech-debt demo: `cargo lab demo tech-debt` runs this binary and renders the report
//! it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(tech_debt::demo::run);
