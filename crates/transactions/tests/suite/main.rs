//! The transactions crate's integration tests, in one binary: each file below would
//! otherwise be a test binary of its own, compiled and linked at opt-level 3 once per
//! file.

mod conformance;
mod crash;
mod demo;
mod isolation;
mod oracle;
mod postgres;
mod store;
