//! The linked-list bench run on the learner's exercise: `cargo lab bench linked-list
//! --mine` runs `benches/mine.rs`, which measures the exercise's `List::middle` and
//! `cycle::find_cycle_start` on the reference bench's inputs. The topic has no `--mine`
//! demo, so this library is empty: a package needs one target, and the bench is it.

#![forbid(unsafe_code)]
