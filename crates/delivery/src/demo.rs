//! The demo: a seeded deployment pipeline and the numbers behind the answer to
//! question 27, all counted on simulated traffic (10,000 requests a minute).
//!
//! 1. **The pipeline**: `size` releases go build → test → canary (1%, 10%, 50%, 100%).
//!    5% fail to build, 20% carry a bug that fails 5% of requests, and the tests catch
//!    70% of those; the canary analysis judges the rest. Counted: where each bad
//!    release stopped, and the good releases the canary rolled back (false rollbacks).
//! 2. **Exposure**: one bad release (5% of requests fail) shipped big-bang, blue/green,
//!    behind a flag for a 5% cohort, and through the canary: requests failed.
//! 3. **DORA metrics** from a generated 90-working-day log, deploying daily and
//!    weekly from the same commits.

use rand::RngExt;

use evidence::format::count;
use evidence::workload::rng;
use evidence::{Claim, DemoConfig, Report, Table};

use crate::dora::{commits, deploy_log, dora};
use crate::exposure::{
    COHORT_PERCENT, REDEPLOY_MINUTES, big_bang, blue_green, canary,
    false_rollbacks as false_rollbacks_over_seeds, flag_cohort,
};

fn false_rollbacks_over(seeds: u64) -> (u64, u64) {
    false_rollbacks_over_seeds(PER_MINUTE, seeds)
}
use crate::{Analysis, Outcome, Version, rollout};

/// Requests a minute in every simulation.
pub const PER_MINUTE: u32 = 10_000;
/// The bad release: the baseline, but failing 5% of requests.
pub const BAD: Version = Version {
    error_rate: 0.05,
    ..Version::BASELINE
};

/// Runs the demo.
pub fn run(config: &DemoConfig) -> Report {
    let mut report = Report::new(
        "delivery",
        "CI/CD: a seeded pipeline with a canary, blue/green, a flag and DORA metrics",
    );
    pipeline(config, &mut report);
    exposure(config, &mut report);
    metrics(config, &mut report);
    report
}

/// The fewest bad releases the canary claim judges: with none, "every bad release is
/// rolled back" would hold without a test.
const MIN_BAD_AT_CANARY: u64 = 5;

fn pipeline(config: &DemoConfig, report: &mut Report) {
    let mut r = rng(config.seed);
    let releases = config.size as u64;
    let (mut build_failed, mut tests_caught, mut bad_at_canary, mut bad_rolled_back) = (0, 0, 0, 0);
    let (mut good_at_canary, mut false_rollbacks, mut promoted, mut stalled) = (0, 0, 0, 0);
    let mut slowest_rollback = 0;
    let mut bad_through = 0;
    for i in 0..releases {
        let seed: u64 = r.random();
        if r.random_bool(0.05) {
            build_failed += 1;
            continue;
        }
        let buggy = r.random_bool(0.20);
        if buggy && r.random_bool(0.70) {
            tests_caught += 1;
            continue;
        }
        let version = if buggy { BAD } else { Version::BASELINE };
        let log = rollout::<Analysis>(Version::BASELINE, version, PER_MINUTE, seed ^ i);
        match (buggy, log.outcome) {
            (true, Outcome::RolledBack { step: 0, minute }) => {
                bad_at_canary += 1;
                bad_rolled_back += 1;
                slowest_rollback = slowest_rollback.max(minute);
            }
            (true, _) => {
                bad_at_canary += 1;
                bad_through += 1;
            }
            (false, Outcome::RolledBack { .. }) => {
                good_at_canary += 1;
                false_rollbacks += 1;
            }
            (false, Outcome::Promoted) => {
                good_at_canary += 1;
                promoted += 1;
            }
            (false, Outcome::Stalled { .. }) => {
                good_at_canary += 1;
                stalled += 1;
            }
        }
    }
    // A small stream may bring no bad release to the canary at all (at 20 releases,
    // about 1 on average), and "every bad release rolled back" would hold with none:
    // roll out more bad releases, on seeds from the same generator, until
    // MIN_BAD_AT_CANARY have been judged.
    let mut extra_bad = 0;
    while bad_at_canary < MIN_BAD_AT_CANARY {
        let seed: u64 = r.random();
        let log = rollout::<Analysis>(Version::BASELINE, BAD, PER_MINUTE, seed);
        bad_at_canary += 1;
        extra_bad += 1;
        match log.outcome {
            Outcome::RolledBack { step: 0, minute } => {
                bad_rolled_back += 1;
                slowest_rollback = slowest_rollback.max(minute);
            }
            _ => bad_through += 1,
        }
    }
    let table = Table::new(
        format!(
            "{} releases through build → test → canary (1%, 10%, 50%, 100%)",
            count(releases)
        ),
        ["stage", "releases"],
    )
    .row(["failed to build".to_string(), count(build_failed)])
    .row(["bug caught by the tests".to_string(), count(tests_caught)])
    .row([
        format!(
            "extra bad releases rolled out (fewer than {MIN_BAD_AT_CANARY} reached the canary)"
        ),
        count(extra_bad),
    ])
    .row([
        "bug reached the canary, rolled back at 1%".to_string(),
        count(bad_rolled_back),
    ])
    .row([
        "bug reached the canary, got past it".to_string(),
        count(bad_through),
    ])
    .row(["good release promoted to 100%".to_string(), count(promoted)])
    .row([
        "good release rolled back (false rollback)".to_string(),
        count(false_rollbacks),
    ])
    .row(["good release stalled undecided".to_string(), count(stalled)]);
    report.tables.push(table);
    report.claims.push(Claim::new(
        "the canary analysis rolls back every bad release (5% of requests failing) at the 1% step within 10 minutes",
        format!(
            "{bad_rolled_back} of {bad_at_canary} bad releases rolled back at 1%, the slowest after {slowest_rollback} min"
        ),
        bad_at_canary >= MIN_BAD_AT_CANARY
            && bad_rolled_back == bad_at_canary
            && slowest_rollback <= 10,
    ));
    let (rolled_back, all_promoted) = false_rollbacks_over(releases);
    report.claims.push(Claim::new(
        format!(
            "the analysis promotes a good release (the baseline's own behaviour): at most 2% false rollbacks over {} seeds",
            count(releases)
        ),
        format!(
            "{rolled_back} false rollbacks, {all_promoted} promoted to 100% (in the pipeline above: {false_rollbacks} of {good_at_canary} good releases rolled back, {stalled} stalled)"
        ),
        rolled_back * 50 <= releases && all_promoted + rolled_back == releases,
    ));
}

fn exposure(config: &DemoConfig, report: &mut Report) {
    let seed = config.seed;
    let bb = big_bang(BAD, PER_MINUTE, seed);
    let bg = blue_green(BAD, PER_MINUTE, seed);
    let fl = flag_cohort(BAD, PER_MINUTE, seed);
    let ca = canary(BAD, PER_MINUTE, seed);
    let mut table = Table::new(
        format!(
            "a release failing 5% of requests, {} requests a minute",
            count(u64::from(PER_MINUTE))
        ),
        [
            "how it shipped",
            "requests on the bad code",
            "failed",
            "minutes until gone",
        ],
    );
    for (name, e) in [
        (
            format!("big-bang, rolled back by redeploying ({REDEPLOY_MINUTES} min)"),
            bb,
        ),
        ("blue/green, switched back at once".to_string(), bg),
        (
            format!("feature flag on for a {COHORT_PERCENT}% cohort, switched off at once"),
            fl,
        ),
        ("canary at 1%, rolled back by the analysis".to_string(), ca),
    ] {
        table.push([
            name,
            count(e.served),
            count(e.failed),
            e.minutes.to_string(),
        ]);
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "the canary lets the bug reach k failed requests and a big-bang deploy n ≥ 20k",
        format!(
            "canary k = {}, big-bang n = {} ({:.0}x)",
            ca.failed,
            bb.failed,
            bb.failed as f64 / ca.failed.max(1) as f64
        ),
        bb.failed >= 20 * ca.failed.max(1),
    ));
    report.claims.push(Claim::new(
        "blue/green's instant switch back fails fewer requests than a big-bang redeploy",
        format!("blue/green {}, big-bang {}", bg.failed, bb.failed),
        bg.failed < bb.failed,
    ));
    let share = fl.served as f64 / (f64::from(PER_MINUTE) * f64::from(fl.minutes));
    report.claims.push(Claim::new(
        format!("the flag cuts exposure to its {COHORT_PERCENT}% cohort: between 4% and 6% of requests ran the new code, and fewer failed than with blue/green"),
        format!("{:.2}% of requests on the new code; {} failed against {}", share * 100.0, fl.failed, bg.failed),
        (0.04..=0.06).contains(&share) && fl.failed < bg.failed,
    ));
}

fn metrics(config: &DemoConfig, report: &mut Report) {
    let days = 90;
    let mut r = rng(config.seed ^ 0xD0_5A);
    let stream = commits(days, &mut r);
    let daily = dora(&deploy_log(&stream, days, 1), days);
    let weekly = dora(&deploy_log(&stream, days, 5), days);
    let mut table = Table::new(
        format!(
            "DORA metrics over {days} working days, the same {} commits",
            count(stream.len() as u64)
        ),
        [
            "cadence",
            "deploys",
            "deploys a day",
            "median lead time",
            "change failure rate",
            "median time to restore",
        ],
    );
    for (name, d) in [("daily", daily), ("weekly", weekly)] {
        table.push([
            name.to_string(),
            d.deploys.to_string(),
            format!("{:.2}", d.deploys_per_day),
            format!("{:.1} h", d.median_lead_time_min as f64 / 60.0),
            format!("{:.0}%", d.change_failure_rate * 100.0),
            format!("{} min", d.median_restore_min),
        ]);
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "deploying daily rather than weekly, the same commits have a shorter lead time, a lower change failure rate and a shorter time to restore",
        format!(
            "lead time {:.1} h against {:.1} h; failure rate {:.0}% against {:.0}%; restore {} min against {} min",
            daily.median_lead_time_min as f64 / 60.0,
            weekly.median_lead_time_min as f64 / 60.0,
            daily.change_failure_rate * 100.0,
            weekly.change_failure_rate * 100.0,
            daily.median_restore_min,
            weekly.median_restore_min
        ),
        daily.median_lead_time_min < weekly.median_lead_time_min
            && daily.change_failure_rate < weekly.change_failure_rate
            && daily.median_restore_min < weekly.median_restore_min,
    ));
    report.notes.push(format!(
        "The DORA model assumes each commit carries a bug with probability {} and that finding it takes 30 min plus 10 per commit in the deploy; the metrics themselves are counted from the log.",
        crate::dora::BUG_PER_COMMIT
    ));
}
