//! The sync-async crate's integration tests, in one binary (the topic crates build at
//! opt-level 3, where linking a binary per file would be most of `cargo test`).

mod conformance;
mod demo;
mod fetch;
mod oracle;
mod service;
