#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod auth;
pub mod client;
pub mod demo;
pub mod injection;
mod policy;
mod rate;
pub mod scenarios;
pub mod server;

pub use auth::{ApiKeys, Claims, TokenError, Tokens};
pub use policy::{Access, Caller, OrderPolicy, Policy, Role, Route};
pub use rate::{Limiter, RateLimiter, RetryAfter};

/// The authorization matrix's columns and its written-out table, from the contract.
pub use api_security_contract::{Column, expected_access};
