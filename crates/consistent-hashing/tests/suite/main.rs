//! The consistent-hashing crate's integration tests, in one binary: each file below was a test
//! binary of its own, and one binary compiles and links once instead of once per
//! file (the topic crates build at opt-level 3, where that is most of `cargo test`).

mod conformance;
mod demo;
mod oracle;
mod placement;
mod rendezvous;
