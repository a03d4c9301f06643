//! The naive oracles pass the same cases: the token bucket and the table-read policy.

api_security_contract::conformance_tests!(
    api_security_contract::TokenBucket,
    api_security_contract::TableOracle
);
