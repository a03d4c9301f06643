//! The sql-nosql crate's integration tests, in one binary.

mod conformance;
mod demo;
