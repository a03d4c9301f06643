//! The tech-debt crate's integration tests, in one binary.

mod conformance;
mod demo;
mod model;
mod oracle;
