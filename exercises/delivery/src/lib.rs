//! Exercise: the canary decision. A rollout sends 1%, then 10%, 50% and 100% of the
//! traffic to the new version (the canary); every simulated minute it asks your
//! analysis to compare the canary's window with the baseline's and answer
//! `Promote`, `Rollback` or `Wait`.
//!
//! Run `cargo lab check delivery`: the cases script rollouts (a clear regression, a
//! clear improvement, noise that must not roll back, too little traffic to decide).

#![forbid(unsafe_code)]

pub use delivery_contract::{
    CanaryAnalysis, Decision, ERROR_Z, MIN_REQUESTS, P99_TOLERANCE, Window, error_z,
};

/// Your canary analysis.
#[derive(Debug, Clone, Copy, Default)]
pub struct Analysis;

impl CanaryAnalysis for Analysis {
    /// Decide from the baseline's and the canary's windows of the same minutes:
    ///
    /// - `Wait` while either window has fewer than [`MIN_REQUESTS`] requests;
    /// - `Rollback` when the canary fails significantly more often (see [`error_z`]
    ///   and [`ERROR_Z`]) or its p99 ([`Window::p99_ms`]) is above [`P99_TOLERANCE`]
    ///   times the baseline's;
    /// - `Promote` otherwise.
    fn decide(baseline: &Window, canary: &Window) -> Decision {
        // TODO: the minimum sample first, then the two regression tests, then promote.
        let _ = (baseline, canary);
        todo!("decide whether the canary is promoted, rolled back, or needs more traffic")
    }
}
