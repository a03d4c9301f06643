//! The same conformance cases the reference passes. Run them with `cargo lab check api-security`.

api_security_contract::conformance_tests!(
    api_security_exercise::RateLimiter,
    api_security_exercise::OrderPolicy
);
