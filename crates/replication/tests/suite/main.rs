//! The replication crate's integration tests, in one binary: each file below would
//! otherwise be a test binary of its own, compiled and linked at opt-level 3 once per
//! file.

mod clock;
mod conformance;
mod crdt;
mod demo;
mod merkle;
mod oracle;
mod sim;
mod tcp;
