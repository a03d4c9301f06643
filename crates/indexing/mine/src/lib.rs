//! The indexing bench run on the learner's `BPlusTree`: `cargo lab bench indexing
//! --mine` runs `benches/mine.rs`, which measures the exercise on the reference bench's
//! keys and lands in the same criterion groups, so `lab` can print the ratios. The
//! exercise has no `--mine` demo, so this library is empty: it only gives the package a
//! target.

#![forbid(unsafe_code)]
