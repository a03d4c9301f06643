//! The api-security demo: `cargo lab demo api-security` runs this binary and renders the
//! report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(api_security::demo::run);
