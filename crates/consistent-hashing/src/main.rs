//! The consistent-hashing demo: `cargo lab demo consistent-hashing` runs this binary and
//! renders the report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(consistent_hashing::demo::run);
