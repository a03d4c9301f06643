//! The canary analysis's cases, in teaching order: the minimum sample first, then a
//! regression in errors and in latency, then whole scripted rollouts (a clear
//! improvement, a bad release, noise, a trickle of traffic), then random windows.

use testkit::property::{check, same};

use crate::{
    CanaryAnalysis, Decision, ERROR_Z, MIN_REQUESTS, Outcome, P99_TOLERANCE, STEPS, Version,
    Window, error_z, rollout,
};

/// A window of `requests` with `errors` failures spread evenly and latencies cycling
/// 50..=`slowest_ms` (so the p99 is near `slowest_ms`).
fn window(requests: u64, errors: u64, slowest_ms: u32) -> Window {
    let mut w = Window::default();
    for i in 0..requests {
        let failed = errors > 0 && i % (requests / errors.max(1)).max(1) == 0 && w.errors < errors;
        let span = u64::from(slowest_ms.saturating_sub(50)) + 1;
        w.record(failed, 50 + (i * 37 % span) as u32);
    }
    w
}

fn decide<A: CanaryAnalysis>(base: &Window, canary: &Window) -> Decision {
    A::decide(base, canary)
}

fn describe(w: &Window) -> String {
    format!(
        "{} requests, {} errors ({:.2}%), p99 {} ms",
        w.requests,
        w.errors,
        w.error_rate() * 100.0,
        w.p99_ms()
    )
}

/// Fewer than [`MIN_REQUESTS`] on either side: `Wait`, however bad the canary looks.
pub fn too_little_traffic_waits<A: CanaryAnalysis>() {
    let base = window(10_000, 10, 250);
    for canary in [
        window(MIN_REQUESTS - 1, 100, 900),
        window(10, 0, 100),
        Window::default(),
    ] {
        assert_eq!(
            decide::<A>(&base, &canary),
            Decision::Wait,
            "baseline {}, canary {}: below {MIN_REQUESTS} requests a 5% regression and noise look alike, so the analysis must wait",
            describe(&base),
            describe(&canary)
        );
    }
    let canary = window(2_000, 2, 250);
    let small_base = window(MIN_REQUESTS - 1, 0, 250);
    assert_eq!(
        decide::<A>(&small_base, &canary),
        Decision::Wait,
        "the baseline needs {MIN_REQUESTS} requests too (it has {})",
        small_base.requests
    );
}

/// A canary that looks exactly like the baseline, with enough traffic: `Promote`.
pub fn equal_windows_promote<A: CanaryAnalysis>() {
    let base = window(10_000, 10, 250);
    let canary = window(1_000, 1, 250);
    assert_eq!(
        decide::<A>(&base, &canary),
        Decision::Promote,
        "baseline {}, canary {}: the same error rate and p99 is a pass",
        describe(&base),
        describe(&canary)
    );
}

/// 5% errors against 0.1%, with 1,000 requests: `Rollback`.
pub fn a_clear_error_regression_rolls_back<A: CanaryAnalysis>() {
    let base = window(10_000, 10, 250);
    let canary = window(1_000, 50, 250);
    assert_eq!(
        decide::<A>(&base, &canary),
        Decision::Rollback,
        "baseline {}, canary {}: z = {:.1} standard errors, above {ERROR_Z}",
        describe(&base),
        describe(&canary),
        error_z(&base, &canary)
    );
}

/// The same errors but a p99 half again as slow: `Rollback`.
pub fn a_latency_regression_rolls_back<A: CanaryAnalysis>() {
    let base = window(10_000, 10, 250);
    let canary = window(1_000, 1, 400);
    assert_eq!(
        decide::<A>(&base, &canary),
        Decision::Rollback,
        "baseline {}, canary {}: the canary's p99 is above {P99_TOLERANCE} × the baseline's",
        describe(&base),
        describe(&canary)
    );
}

/// A release with fewer errors and a faster tail goes through every step.
pub fn a_clear_improvement_promotes_to_full_traffic<A: CanaryAnalysis>() {
    let better = Version {
        error_rate: 0.0002,
        floor_ms: 40.0,
        tail_ms: 30.0,
    };
    for seed in 0..5 {
        let log = rollout::<A>(Version::BASELINE, better, 10_000, seed);
        assert_eq!(
            log.outcome,
            Outcome::Promoted,
            "seed {seed}: a release with 0.02% errors against 0.1%, and a faster tail, should reach 100% (steps {STEPS:?}); it ended {:?} after {} canary requests",
            log.outcome,
            log.canary_requests
        );
    }
}

/// A release failing 5% of requests is rolled back at the 1% step, within 10 minutes.
pub fn a_bad_release_is_rolled_back_at_the_first_step<A: CanaryAnalysis>() {
    let bad = Version {
        error_rate: 0.05,
        ..Version::BASELINE
    };
    for seed in 0..5 {
        let log = rollout::<A>(Version::BASELINE, bad, 10_000, seed);
        assert!(
            matches!(log.outcome, Outcome::RolledBack { step: 0, minute } if minute <= 10),
            "seed {seed}: a release failing 5% of requests should be rolled back at the 1% step within 10 minutes; it ended {:?} after {} canary requests ({} failed)",
            log.outcome,
            log.canary_requests,
            log.canary_errors
        );
    }
}

/// A release exactly like the baseline is never rolled back over 20 seeds: noise must
/// not trigger a rollback.
pub fn noise_does_not_roll_back_a_good_release<A: CanaryAnalysis>() {
    for seed in 0..20 {
        let log = rollout::<A>(Version::BASELINE, Version::BASELINE, 10_000, seed);
        assert_eq!(
            log.outcome,
            Outcome::Promoted,
            "seed {seed}: the canary is the same version as the baseline, so any rollback is a false alarm (check the sample-size rule, the z threshold {ERROR_Z} and the p99 tolerance {P99_TOLERANCE})"
        );
    }
}

/// 100 requests a minute gives the 1% step one request a minute: the analysis never
/// gets its minimum sample and must neither promote nor roll back.
pub fn a_trickle_of_traffic_never_decides<A: CanaryAnalysis>() {
    let bad = Version {
        error_rate: 0.05,
        ..Version::BASELINE
    };
    for (name, version) in [
        ("a good release", Version::BASELINE),
        ("a bad release", bad),
    ] {
        let log = rollout::<A>(Version::BASELINE, version, 100, 7);
        assert_eq!(
            log.outcome,
            Outcome::Stalled { step: 0 },
            "{name} at 100 requests a minute: the 1% step saw {} canary requests, under {MIN_REQUESTS}, so it must stall undecided",
            log.canary_requests
        );
    }
}

/// On random windows, the decision follows the three rules exactly.
pub fn decisions_follow_the_rules_on_random_windows<A: CanaryAnalysis>() {
    let strategy = (
        (0u64..3_000, 0u64..60, 100u32..400),
        (0u64..3_000, 0u64..60, 100u32..400),
    );
    check(&strategy, |((nb, eb, sb), (nc, ec, sc))| {
        let base = window(nb, eb.min(nb), sb);
        let canary = window(nc, ec.min(nc), sc);
        let expected = if base.requests < MIN_REQUESTS || canary.requests < MIN_REQUESTS {
            Decision::Wait
        } else if error_z(&base, &canary) > ERROR_Z
            || f64::from(canary.p99_ms()) > P99_TOLERANCE * f64::from(base.p99_ms())
        {
            Decision::Rollback
        } else {
            Decision::Promote
        };
        same(A::decide(&base, &canary), expected, || {
            format!(
                "decide(baseline {}, canary {}) with z = {:.2}",
                describe(&base),
                describe(&canary),
                error_z(&base, &canary)
            )
        })
    });
}
