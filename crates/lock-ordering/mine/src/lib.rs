//! The lock-ordering topic's runner for the learner's code: `cargo lab bench
//! lock-ordering --mine` measures the exercise's `Bank` on the reference bench's
//! workload (`benches/mine.rs`), beside the reference, the global lock, the try-lock
//! transfer and std's mutex. The demo has no `--mine` run: its claims are about the
//! reference's naive, ordered and global-lock banks and the races, which the exercise
//! does not build.

#![forbid(unsafe_code)]
