//! The reference passes the contract's cases, the same ones the exercise runs.

retry_contract::conformance_tests!(backoff: retry::Backoff, store: retry::IdempotencyStore<String>);
