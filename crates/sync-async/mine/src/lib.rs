//! The sync-async topic's runner for the learner's code: `cargo lab bench sync-async
//! --mine` measures the exercise's `fetch_all` on the reference bench's workload
//! (`benches/mine.rs`), beside `sync_async::fetch_all` and `buffer_unordered`. The demo
//! has no `--mine` run: its claims are about clients, runtimes and queues, which the
//! exercise does not build.

#![forbid(unsafe_code)]
