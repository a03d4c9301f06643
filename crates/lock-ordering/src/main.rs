//! The lock-ordering demo: `cargo lab demo lock-ordering` runs this binary and renders
//! the report it prints as JSON. It runs the `deadlock` binary as a child process
//! (`src/bin/deadlock.rs`).

#![forbid(unsafe_code)]

evidence::demo_main!(lock_ordering::demo::run);
