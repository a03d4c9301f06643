//! The reference passes the contract's cases, the same ones the exercise runs.

http_api_contract::conformance_tests!(http_api::Orders);
