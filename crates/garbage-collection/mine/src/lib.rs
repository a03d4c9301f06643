//! The garbage-collection bench run on the learner's mark-sweep `Heap`: `cargo lab bench
//! garbage-collection --mine` runs `benches/mine.rs`, which collects the reference
//! bench's heaps and lands in the same criterion groups, so `lab` can print the ratios.
//! The exercise has no `--mine` demo, so this library is empty: it only gives the
//! package a target.

#![forbid(unsafe_code)]
