//! How many requests a bad release reaches under each way of shipping it, on the same
//! seeded traffic: a big-bang deploy, a blue/green switch, the canary, and a feature
//! flag on for a cohort.
//!
//! Detection is the same everywhere (the canary analysis' error test against the
//! baseline's known behaviour, asked every minute); what differs is who is exposed
//! until then and how long the way back takes: a big-bang deploy is undone by
//! redeploying the old version ([`REDEPLOY_MINUTES`]); blue/green switches the router
//! back at once; the canary exposes 1% and drops its weight to 0; the flag exposes only
//! its cohort and is switched off at once.

use rand::{RngExt, SeedableRng};

use delivery_contract::{
    CanaryAnalysis, Decision, MIN_REQUESTS, Outcome, Version, Window, rollout,
};

use crate::Analysis;

/// Minutes a big-bang rollback takes: build the old artefact again and roll it over
/// every instance.
pub const REDEPLOY_MINUTES: u32 = 10;
/// The flag's cohort: users whose id hashes into the first 5 of 100 buckets.
pub const COHORT_PERCENT: u64 = 5;
/// A release never detected is counted as gone after this many minutes.
pub const GIVE_UP_MINUTES: u32 = 120;
/// Distinct users in the simulated traffic.
pub const USERS: u64 = 100_000;

/// Requests a bad release failed before it was gone, and the minutes that took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exposure {
    /// Requests the bad code served.
    pub served: u64,
    /// Of them, failed by the bug.
    pub failed: u64,
    /// Minutes from the deploy to the last request on the bad code.
    pub minutes: u32,
}

/// The bad code exposed to the share of traffic `share(user)` decides, detected by the
/// analysis every minute, then removed after `way_back` more minutes.
fn exposed(
    bad: Version,
    per_minute: u32,
    seed: u64,
    way_back: u32,
    on_bad: impl Fn(u64, &mut rand::rngs::StdRng) -> bool,
) -> Exposure {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (mut served, mut failed) = (0, 0);
    let mut reference = Window::default();
    for _ in 0..(10 * MIN_REQUESTS) {
        let (f, ms) = Version::BASELINE.serve(&mut rng);
        reference.record(f, ms);
    }
    let mut bad_window = Window::default();
    let mut detected_at = None;
    let mut minute = 0;
    loop {
        minute += 1;
        for _ in 0..per_minute {
            let user = rng.random_range(0..USERS);
            if on_bad(user, &mut rng) {
                let (f, ms) = bad.serve(&mut rng);
                bad_window.record(f, ms);
                served += 1;
                failed += u64::from(f);
            } else {
                let _ = Version::BASELINE.serve(&mut rng);
            }
        }
        if detected_at.is_none() && Analysis::decide(&reference, &bad_window) == Decision::Rollback
        {
            detected_at = Some(minute);
        }
        if let Some(at) = detected_at
            && minute >= at + way_back
        {
            return Exposure {
                served,
                failed,
                minutes: minute,
            };
        }
        if minute > GIVE_UP_MINUTES {
            return Exposure {
                served,
                failed,
                minutes: minute,
            };
        }
    }
}

/// A big-bang deploy: every request on the bad code until it is detected, then
/// [`REDEPLOY_MINUTES`] more while the old version is redeployed.
pub fn big_bang(bad: Version, per_minute: u32, seed: u64) -> Exposure {
    exposed(bad, per_minute, seed, REDEPLOY_MINUTES, |_, _| true)
}

/// Blue/green: the router sends everything to green (the bad code) until detection,
/// then switches back to blue at once.
pub fn blue_green(bad: Version, per_minute: u32, seed: u64) -> Exposure {
    exposed(bad, per_minute, seed, 0, |_, _| true)
}

/// A feature flag on for [`COHORT_PERCENT`]% of users (by user id), off at once on
/// detection. The code is deployed to everyone, dark for everyone else.
pub fn flag_cohort(bad: Version, per_minute: u32, seed: u64) -> Exposure {
    exposed(bad, per_minute, seed, 0, |user, _| in_cohort(user))
}

/// Whether a user is in the flag's cohort: a stable hash of the id, so a user sees the
/// same side on every request.
pub fn in_cohort(user: u64) -> bool {
    let h = user.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(31);
    h % 100 < COHORT_PERCENT
}

/// The canary: the rollout of [`rollout`] with the reference analysis; the bad code
/// serves only the canary's share until the rollback.
pub fn canary(bad: Version, per_minute: u32, seed: u64) -> Exposure {
    let log = rollout::<Analysis>(Version::BASELINE, bad, per_minute, seed);
    Exposure {
        served: log.canary_requests,
        failed: log.canary_errors,
        minutes: log.minutes,
    }
}

/// False rollbacks of a good release (the same version as the baseline) over `seeds`
/// seeded rollouts, and how many were promoted.
pub fn false_rollbacks(per_minute: u32, seeds: u64) -> (u64, u64) {
    let mut rolled_back = 0;
    let mut promoted = 0;
    for seed in 0..seeds {
        match rollout::<Analysis>(
            Version::BASELINE,
            Version::BASELINE,
            per_minute,
            1_000 + seed,
        )
        .outcome
        {
            Outcome::RolledBack { .. } => rolled_back += 1,
            Outcome::Promoted => promoted += 1,
            Outcome::Stalled { .. } => {}
        }
    }
    (rolled_back, promoted)
}
