//! The delivery crate's integration tests, in one binary.

mod conformance;
mod demo;
mod reference;
