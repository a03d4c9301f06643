//! A seeded rollout: traffic split between the baseline and the canary, step by step,
//! with the analysis asked every simulated minute.

use rand::{Rng, RngExt, SeedableRng};

use crate::{CanaryAnalysis, Decision, Window};

/// The canary's share of traffic at each step, in percent.
pub const STEPS: [u32; 4] = [1, 10, 50, 100];
/// The longest a step runs, in simulated minutes, before it must have been promoted.
pub const STEP_MINUTES: u32 = 30;

/// A version's behaviour: the fraction of requests it fails, and its latency
/// (a floor plus an exponential tail).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Version {
    /// The fraction of requests that fail.
    pub error_rate: f64,
    /// The fastest a request is served, in ms.
    pub floor_ms: f64,
    /// The mean of the exponential tail, in ms.
    pub tail_ms: f64,
}

impl Version {
    /// The baseline: 0.1% errors, 50 ms plus a 40 ms mean tail (p99 about 234 ms).
    pub const BASELINE: Version = Version {
        error_rate: 0.001,
        floor_ms: 50.0,
        tail_ms: 40.0,
    };

    /// One request: whether it failed and its latency.
    pub fn serve(&self, rng: &mut impl Rng) -> (bool, u32) {
        let failed = rng.random_bool(self.error_rate.clamp(0.0, 1.0));
        let u: f64 = rng.random_range(f64::EPSILON..1.0);
        let latency = self.floor_ms - self.tail_ms * u.ln();
        (failed, latency.round() as u32)
    }
}

/// How a rollout ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every step promoted: the canary serves all traffic.
    Promoted,
    /// Rolled back at step `step` (an index into [`STEPS`]) after `minute` minutes.
    RolledBack {
        /// The step.
        step: usize,
        /// Minutes since the rollout began.
        minute: u32,
    },
    /// A step ran [`STEP_MINUTES`] without a decision: the rollout stops, nothing
    /// promoted.
    Stalled {
        /// The step.
        step: usize,
    },
}

/// What a rollout did, counted.
#[derive(Debug, Clone, PartialEq)]
pub struct RolloutLog {
    /// How it ended.
    pub outcome: Outcome,
    /// Requests the canary served.
    pub canary_requests: u64,
    /// Requests the canary failed (its errors above none: every canary error).
    pub canary_errors: u64,
    /// Simulated minutes the rollout took.
    pub minutes: u32,
}

/// Rolls `canary` out against `baseline` at `per_minute` requests a minute, asking
/// `A` every minute with the step's windows so far.
pub fn rollout<A: CanaryAnalysis>(
    baseline: Version,
    canary: Version,
    per_minute: u32,
    seed: u64,
) -> RolloutLog {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut minute = 0;
    let (mut canary_requests, mut canary_errors) = (0, 0);
    for (step, &percent) in STEPS.iter().enumerate() {
        let (mut base, mut can) = (Window::default(), Window::default());
        let mut decided = false;
        for _ in 0..STEP_MINUTES {
            minute += 1;
            for _ in 0..per_minute {
                let to_canary = rng.random_range(0..100) < percent;
                if to_canary {
                    let (failed, ms) = canary.serve(&mut rng);
                    can.record(failed, ms);
                    canary_requests += 1;
                    canary_errors += u64::from(failed);
                } else {
                    let (failed, ms) = baseline.serve(&mut rng);
                    base.record(failed, ms);
                }
            }
            // At 100% there is no live baseline: compare with the last step's.
            let judged_base = if percent == 100 {
                &last_base(&base, baseline, &mut rng)
            } else {
                &base
            };
            match A::decide(judged_base, &can) {
                Decision::Rollback => {
                    return RolloutLog {
                        outcome: Outcome::RolledBack { step, minute },
                        canary_requests,
                        canary_errors,
                        minutes: minute,
                    };
                }
                Decision::Promote => {
                    decided = true;
                    break;
                }
                Decision::Wait => {}
            }
        }
        if !decided {
            return RolloutLog {
                outcome: Outcome::Stalled { step },
                canary_requests,
                canary_errors,
                minutes: minute,
            };
        }
    }
    RolloutLog {
        outcome: Outcome::Promoted,
        canary_requests,
        canary_errors,
        minutes: minute,
    }
}

/// At 100% the baseline serves nothing; the judged baseline is a window of the
/// baseline version's behaviour of the same size as the canary's (its recorded
/// history, in a real system).
fn last_base(live: &Window, baseline: Version, rng: &mut impl Rng) -> Window {
    let _ = live;
    let mut w = Window::default();
    for _ in 0..2_000 {
        let (failed, ms) = baseline.serve(rng);
        w.record(failed, ms);
    }
    w
}
