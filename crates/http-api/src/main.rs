//! The http-api demo: `cargo lab demo http-api` runs this binary and renders the report
//! it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(http_api::demo::run);
