//! The same conformance cases the reference passes. Run them with `cargo lab check retry`.

retry_contract::conformance_tests!(backoff: retry_exercise::Backoff, store: retry_exercise::IdempotencyStore);
