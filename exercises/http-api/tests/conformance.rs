//! The same conformance cases the reference passes. Run them with `cargo lab check http-api`.

http_api_contract::conformance_tests!(http_api_exercise::Orders);
