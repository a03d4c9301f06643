//! The reference passes the contract's cases, the same ones the exercise runs.

api_security_contract::conformance_tests!(api_security::RateLimiter, api_security::OrderPolicy);
