//! The dynamic-programming bench run on the learner's exercise: `cargo lab bench
//! dynamic-programming --mine` runs `benches/mine.rs`, which measures the exercise's
//! `edit_distance` on the reference bench's strings. The topic has no `--mine` demo, so
//! this library is empty: a package needs one target, and the bench is it.

#![forbid(unsafe_code)]
