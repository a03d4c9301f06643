//! The incident-story crate's integration tests, in one binary.

mod cli;
mod conformance;
mod lint;
