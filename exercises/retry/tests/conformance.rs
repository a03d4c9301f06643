//! The reference's conformance suite, run on your backoff and store.

retry::conformance_tests!(backoff: retry_exercise::Backoff, store: retry_exercise::IdempotencyStore);
