//! The retry topic's runner for the learner's code: `cargo lab bench retry --mine`
//! measures the exercise's `IdempotencyStore` on the reference bench's workload
//! (`benches/mine.rs`), beside the reference's. The demo has no `--mine` run: its
//! claims are about the payment service, the retry policy and the breaker, which the
//! exercise does not build.

#![forbid(unsafe_code)]
