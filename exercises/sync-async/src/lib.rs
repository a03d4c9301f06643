//! # Exercise: `fetch_all`, a bounded fan-out
//!
//! Question 3 asks what synchronous and asynchronous processing are. Async code earns
//! its keep when one thread waits on many calls at once, and only if that "many" is
//! bounded, each call has a deadline, and the whole can be called off. Write the
//! function that does all three:
//!
//! ```text
//! fetch_all(items, limit, timeout, call) -> Vec<Result<T, CallError>>
//! ```
//!
//! - one result per item, **in input order**, whatever order the calls finish in;
//! - **at most `limit` calls in flight**, and a call starts the moment a slot frees
//!   (a sliding window, not batches): `n` calls of latency `L` take `⌈n / limit⌉ × L`;
//! - a call that runs past **`timeout`** gives `Err(CallError::TimedOut)`; the
//!   others go on;
//! - **dropping** the returned future drops every call in flight and starts no more.
//!
//! The cases run on tokio's paused clock against a fake service that counts the
//! calls in flight, so times and counts are exact. The first six check the results
//! (a plain loop passes them); the last four check how many calls run at once and
//! how long the whole takes. Run them with `cargo lab check sync-async`; stuck, run
//! `cargo lab hint sync-async`. Each `// TODO:` marks a place to edit.

// The stub's parameters are unused until you fill in the body; delete this line once
// the `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables, unused_mut)]

use std::future::Future;
use std::num::NonZeroUsize;
use std::time::Duration;

pub use sync_async_contract::{CallError, FetchAll};

/// Runs `call` on every item of `items` with at most `limit` calls in flight, each
/// under `timeout`, and returns one result per item, in input order.
///
/// Tools that help: `tokio::time::timeout(timeout, future)` gives a future whose
/// output is `Ok(value)` or `Err(Elapsed)`; `std::future::poll_fn(|cx| ...)` turns a
/// closure that polls other futures into a future; `Box::pin(future)` pins a future
/// so it can be polled with `.as_mut().poll(cx)`.
pub async fn fetch_all<I, F, Fut, T>(
    items: I,
    limit: NonZeroUsize,
    timeout: Duration,
    mut call: F,
) -> Vec<Result<T, CallError>>
where
    I: IntoIterator,
    F: FnMut(I::Item) -> Fut,
    Fut: Future<Output = T>,
{
    // TODO: start with a loop that awaits each call in turn under `timeout` (the first
    // six cases pass), then keep up to `limit` calls running at once.
    todo!("run the calls, at most `limit` at once, and return their results in input order")
}

/// Your `fetch_all` as the contract's `FetchAll`, which the cases call. Nothing to
/// change here.
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
