#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod demo;
mod fetch;
pub mod service;

use std::future::Future;
use std::num::NonZeroUsize;
use std::time::Duration;

pub use fetch::fetch_all;
pub use sync_async_contract::{CallError, FetchAll};

/// [`fetch_all`] as the contract's [`FetchAll`], for the conformance cases.
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::time::Duration;
///
/// use sync_async::{FetchAll, Fetcher};
///
/// let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
/// let doubled = runtime.block_on(Fetcher::fetch_all(1..=3, NonZeroUsize::MIN, Duration::from_secs(1), |i| async move { i * 2 }));
/// assert_eq!(doubled, [Ok(2), Ok(4), Ok(6)]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Fetcher;

impl FetchAll for Fetcher {
    fn fetch_all<I, F, Fut, T>(
        items: I,
        limit: NonZeroUsize,
        timeout: Duration,
        call: F,
    ) -> impl Future<Output = Vec<Result<T, CallError>>>
    where
        I: IntoIterator,
        F: FnMut(I::Item) -> Fut,
        Fut: Future<Output = T>,
    {
        fetch_all(items, limit, timeout, call)
    }
}
