//! The api-security crate's integration tests, in one binary.

mod chromium;
mod conformance;
mod demo;
mod limits;
mod oracle;
mod server;
mod tokens;
