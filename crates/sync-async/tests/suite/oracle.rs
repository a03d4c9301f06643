//! The naive oracle passes the correctness cases: it is a fair model of the results
//! (the concurrency and time cases are for the reference, and fail on it by design).

sync_async_contract::correctness_tests!(sync_async_contract::Sequential);
