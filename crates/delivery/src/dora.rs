//! DORA's four key metrics computed from a deploy log, and a seeded generator of logs
//! for two cadences on the same stream of commits.
//!
//! The generator's one assumption: each commit independently carries a bug with a
//! fixed probability ([`BUG_PER_COMMIT`]), and finding the bad commit in a failed
//! deploy takes longer the more commits it bundled ([`restore_minutes`]). Everything
//! else (lead times, failure rates) is counted from the log, not assumed.

use rand::{Rng, RngExt};

/// The chance a commit carries a production bug.
pub const BUG_PER_COMMIT: f64 = 0.03;
/// Minutes in a day.
const DAY: u64 = 24 * 60;

/// One commit: when it merged, in minutes since the log began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commit {
    /// Merge time, minutes.
    pub merged_at: u64,
    /// Whether it carries a bug.
    pub buggy: bool,
}

/// One deploy: when, which commits, and if it failed, when service was restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deploy {
    /// Deploy time, minutes.
    pub at: u64,
    /// The commits it shipped.
    pub commits: Vec<Commit>,
    /// When a failed deploy was restored (rolled back or fixed); `None` if it did not
    /// fail.
    pub restored_at: Option<u64>,
}

/// The four key metrics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dora {
    /// Deploys per day.
    pub deploys_per_day: f64,
    /// Median minutes from a commit's merge to its deploy.
    pub median_lead_time_min: u64,
    /// Failed deploys over all deploys.
    pub change_failure_rate: f64,
    /// Median minutes from a failed deploy to its restore; 0 with none.
    pub median_restore_min: u64,
    /// Deploys counted.
    pub deploys: usize,
}

/// Minutes to restore a failed deploy of `commits` commits: 30 to notice and decide,
/// 10 per commit to find the culprit.
pub fn restore_minutes(commits: usize) -> u64 {
    30 + 10 * commits as u64
}

/// `days` working days of commits: 3 to 8 a day, merged between 09:00 and 17:00.
pub fn commits(days: u64, rng: &mut impl Rng) -> Vec<Commit> {
    let mut out = Vec::new();
    for day in 0..days {
        let n = rng.random_range(3..=8);
        let mut times: Vec<u64> = (0..n)
            .map(|_| day * DAY + 9 * 60 + rng.random_range(0..8 * 60))
            .collect();
        times.sort_unstable();
        for t in times {
            out.push(Commit {
                merged_at: t,
                buggy: rng.random_bool(BUG_PER_COMMIT),
            });
        }
    }
    out
}

/// The deploy log when the team deploys every `every_days` days at 17:00, shipping all
/// commits merged since the last deploy.
pub fn deploy_log(commits: &[Commit], days: u64, every_days: u64) -> Vec<Deploy> {
    let mut log = Vec::new();
    let mut next = 0;
    let mut day = every_days - 1;
    while day < days {
        let at = day * DAY + 17 * 60;
        let batch: Vec<Commit> = commits[next..]
            .iter()
            .take_while(|c| c.merged_at <= at)
            .copied()
            .collect();
        next += batch.len();
        if !batch.is_empty() {
            let failed = batch.iter().any(|c| c.buggy);
            let restored_at = failed.then(|| at + restore_minutes(batch.len()));
            log.push(Deploy {
                at,
                commits: batch,
                restored_at,
            });
        }
        day += every_days;
    }
    log
}

fn median(mut v: Vec<u64>) -> u64 {
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    v[(v.len() - 1) / 2]
}

/// The four metrics of a log covering `days` days.
pub fn dora(log: &[Deploy], days: u64) -> Dora {
    let leads: Vec<u64> = log
        .iter()
        .flat_map(|d| d.commits.iter().map(move |c| d.at - c.merged_at))
        .collect();
    let restores: Vec<u64> = log
        .iter()
        .filter_map(|d| d.restored_at.map(|r| r - d.at))
        .collect();
    let failed = restores.len();
    Dora {
        deploys_per_day: log.len() as f64 / days as f64,
        median_lead_time_min: median(leads),
        change_failure_rate: if log.is_empty() {
            0.0
        } else {
            failed as f64 / log.len() as f64
        },
        median_restore_min: median(restores),
        deploys: log.len(),
    }
}
