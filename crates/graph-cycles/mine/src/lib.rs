//! The graph-cycles bench run on the learner's exercise: `cargo lab bench graph-cycles
//! --mine` runs `benches/mine.rs`, which measures the exercise's cycle checks and
//! topological sorts on the reference bench's graphs. The topic has no `--mine` demo,
//! so this library is empty: a package needs one target, and the bench is it.

#![forbid(unsafe_code)]
