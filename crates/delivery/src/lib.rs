#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod demo;
pub mod dora;
pub mod exposure;

pub use delivery_contract::{
    CanaryAnalysis, Decision, ERROR_Z, MIN_REQUESTS, Outcome, P99_TOLERANCE, RolloutLog,
    STEP_MINUTES, STEPS, Version, Window, error_z, rollout,
};

/// The reference canary analysis: wait for [`MIN_REQUESTS`] on both sides, roll back
/// on an error rate [`ERROR_Z`] standard errors worse (a one-sided two-proportion
/// z-test) or a p99 above [`P99_TOLERANCE`] times the baseline's, promote otherwise.
///
/// ```
/// use delivery::{Analysis, CanaryAnalysis, Decision, Window};
/// let mut base = Window::default();
/// let mut canary = Window::default();
/// for i in 0..1_000 {
///     base.record(i % 1_000 == 0, 100);
///     canary.record(i % 20 == 0, 100); // 5% errors
/// }
/// assert_eq!(Analysis::decide(&base, &canary), Decision::Rollback);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Analysis;

impl CanaryAnalysis for Analysis {
    fn decide(baseline: &Window, canary: &Window) -> Decision {
        if baseline.requests < MIN_REQUESTS || canary.requests < MIN_REQUESTS {
            return Decision::Wait;
        }
        let errors_worse = error_z(baseline, canary) > ERROR_Z;
        let slower = f64::from(canary.p99_ms()) > P99_TOLERANCE * f64::from(baseline.p99_ms());
        if errors_worse || slower {
            Decision::Rollback
        } else {
            Decision::Promote
        }
    }
}
