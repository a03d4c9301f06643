//! The reference passes the contract's cases, the same ones the exercise runs.

sync_async_contract::conformance_tests!(sync_async::Fetcher);
