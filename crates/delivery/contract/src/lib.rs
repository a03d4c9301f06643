//! The delivery contract: what question 27's reference canary analysis and the
//! learner's exercise both implement, and the scripted rollouts both must pass.
//!
//! - [`Window`]: the traffic a version served during a canary step (requests,
//!   errors, and latencies, from which [`Window::p99_ms`]);
//! - [`CanaryAnalysis`]: the decision, [`Decision::Promote`], [`Decision::Rollback`]
//!   or [`Decision::Wait`], from a baseline window and a canary window;
//! - [`rollout`]: a seeded rollout through the canary steps of [`STEPS`], deciding
//!   every simulated minute, with the [`Version`]s under test;
//! - [`cases`]: the named cases, in teaching order in the topic's manifest;
//! - [`conformance_tests!`]: one `#[test]` per case for an analysis type.
//!
//! ```text
//! // exercises/delivery/tests/conformance.rs
//! delivery_contract::conformance_tests!(analysis: delivery_exercise::Analysis);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod rollout;

pub use rollout::{Outcome, RolloutLog, STEP_MINUTES, STEPS, Version, rollout};

/// The fewest requests each side of a comparison needs before the analysis may decide:
/// with fewer, a 5% regression and noise look alike.
pub const MIN_REQUESTS: u64 = 500;
/// How many standard errors worse the canary's error rate must be to roll back (a
/// one-sided two-proportion z-test at about 0.02% per look, strict because the
/// analysis looks every minute).
pub const ERROR_Z: f64 = 3.5;
/// The canary's p99 may exceed the baseline's by this factor before it rolls back.
pub const P99_TOLERANCE: f64 = 1.25;

/// What a version served during the window being judged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    /// Requests served.
    pub requests: u64,
    /// Requests that failed.
    pub errors: u64,
    /// Each request's latency in milliseconds, in arrival order.
    pub latencies_ms: Vec<u32>,
}

impl Window {
    /// The error rate; 0 with no requests.
    pub fn error_rate(&self) -> f64 {
        if self.requests == 0 {
            0.0
        } else {
            self.errors as f64 / self.requests as f64
        }
    }

    /// The 99th percentile latency (rank `ceil(0.99 n)`); 0 with no requests.
    pub fn p99_ms(&self) -> u32 {
        if self.latencies_ms.is_empty() {
            return 0;
        }
        let mut sorted = self.latencies_ms.clone();
        sorted.sort_unstable();
        let n = sorted.len();
        let rank = ((0.99 * n as f64).ceil() as usize).clamp(1, n);
        sorted[rank - 1]
    }

    /// Adds one request.
    pub fn record(&mut self, failed: bool, latency_ms: u32) {
        self.requests += 1;
        self.errors += u64::from(failed);
        self.latencies_ms.push(latency_ms);
    }
}

/// What the analysis says about a canary step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The canary is no worse: go to the next step.
    Promote,
    /// The canary is worse: send all traffic back to the baseline.
    Rollback,
    /// Too little traffic to tell: keep the step running.
    Wait,
}

/// A canary analysis: compares the canary's window with the baseline's.
pub trait CanaryAnalysis {
    /// The decision for a canary window against the baseline window of the same
    /// minutes. `Wait` while either has fewer than [`MIN_REQUESTS`]; `Rollback` when the
    /// canary's error rate is significantly higher ([`ERROR_Z`]) or its p99 is above
    /// [`P99_TOLERANCE`] times the baseline's; `Promote` otherwise.
    fn decide(baseline: &Window, canary: &Window) -> Decision;
}

/// The z statistic of a one-sided two-proportion test that `canary` fails more often
/// than `baseline` (pooled standard error); 0 when neither has errors or either is
/// empty.
///
/// ```
/// use delivery_contract::{Window, error_z};
/// let base = Window { requests: 10_000, errors: 10, latencies_ms: vec![] };
/// let bad = Window { requests: 1_000, errors: 50, latencies_ms: vec![] };
/// assert!(error_z(&base, &bad) > 10.0);
/// assert_eq!(error_z(&base, &base), 0.0);
/// ```
pub fn error_z(baseline: &Window, canary: &Window) -> f64 {
    let (nb, nc) = (baseline.requests as f64, canary.requests as f64);
    if nb == 0.0 || nc == 0.0 {
        return 0.0;
    }
    let pooled = (baseline.errors + canary.errors) as f64 / (nb + nc);
    let se = (pooled * (1.0 - pooled) * (1.0 / nb + 1.0 / nc)).sqrt();
    if se == 0.0 {
        return 0.0;
    }
    (canary.error_rate() - baseline.error_rate()) / se
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for an analysis type (a [`CanaryAnalysis`]).
    ///
    /// ```text
    /// delivery_contract::conformance_tests!(analysis: delivery::Analysis);
    /// ```
    macro conformance_tests(analysis: $analysis:ty $(,)?) {
        /// The analysis under test.
        type ConformanceAnalysis = $analysis;
    }
    cases [$crate::cases] {
        too_little_traffic_waits::<ConformanceAnalysis>(),
        equal_windows_promote::<ConformanceAnalysis>(),
        a_clear_error_regression_rolls_back::<ConformanceAnalysis>(),
        a_latency_regression_rolls_back::<ConformanceAnalysis>(),
        a_clear_improvement_promotes_to_full_traffic::<ConformanceAnalysis>(),
        a_bad_release_is_rolled_back_at_the_first_step::<ConformanceAnalysis>(),
        noise_does_not_roll_back_a_good_release::<ConformanceAnalysis>(),
        a_trickle_of_traffic_never_decides::<ConformanceAnalysis>(),
        decisions_follow_the_rules_on_random_windows::<ConformanceAnalysis>(),
    }
}
