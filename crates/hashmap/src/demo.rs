//! The demo (placeholder while the crate is built).
use evidence::{DemoConfig, Report};

/// Runs the demo.
pub fn run(_config: &DemoConfig) -> Report {
    Report::new("hashmap", "hashmap")
}
