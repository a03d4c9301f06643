//! Criterion benchmarks live in `benches/`, one file per topic; this library holds the
//! one configuration they all use, and the `mine` benches of the learners' exercises
//! (`crates/<id>/mine/benches/mine.rs`) use too, so every ratio `cargo lab bench`
//! prints compares like with like.

use std::time::Duration;

use criterion::Criterion;

/// Criterion's settings for every bench in the workspace: one second of warm-up and
/// three of measurement per function, criterion's defaults otherwise. Shorter than the
/// defaults (3 s and 5 s) so a topic's whole bench runs in about a minute; criterion
/// still takes 100 samples, enough for its confidence intervals.
pub fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}
