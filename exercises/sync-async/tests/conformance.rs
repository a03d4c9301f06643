//! The same conformance cases the reference passes. Run them with `cargo lab check sync-async`.

sync_async_contract::conformance_tests!(sync_async_exercise::Fetcher);
