//! The http-api tests, one binary: the contract's cases on the reference, the naive
//! model against the status-code table, the server's plumbing, JSON-RPC, the OpenAPI
//! document against every response, and the demo's claims.

mod conformance;
mod demo;
mod openapi;
mod oracle;
mod rpc;
mod server;
