//! The replication bench run on the learner's CRDTs: `cargo lab bench replication
//! --mine` runs `benches/mine.rs`, which merges the reference bench's states with the
//! exercise's `GCounter` and `OrSet` and lands in the same criterion groups, so `lab`
//! can print the ratios. The exercise has no `--mine` demo, so this library is empty: it
//! only gives the package a target.

#![forbid(unsafe_code)]
