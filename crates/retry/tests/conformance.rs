//! The conformance suite on the reference backoff and idempotency store.

retry::conformance_tests!(backoff: retry::Backoff, store: retry::IdempotencyStore<String>);
