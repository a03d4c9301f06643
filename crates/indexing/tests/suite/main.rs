//! The indexing crate's integration tests, in one binary: each file below would
//! otherwise be a test binary of its own, compiled and linked at opt-level 3 once per
//! file.

mod conformance;
mod demo;
mod model;
mod reference;
