//! The exposure simulations, the DORA computation and the cohort hash.

use delivery::dora::{Commit, Deploy, commits, deploy_log, dora, restore_minutes};
use delivery::exposure::{USERS, big_bang, blue_green, canary, flag_cohort, in_cohort};
use delivery::{Version, demo::BAD};

#[test]
fn dora_counts_a_hand_made_log() {
    let c = |t, buggy| Commit {
        merged_at: t,
        buggy,
    };
    let log = vec![
        Deploy {
            at: 100,
            commits: vec![c(40, false), c(90, false)],
            restored_at: None,
        },
        Deploy {
            at: 200,
            commits: vec![c(150, true)],
            restored_at: Some(240),
        },
    ];
    let d = dora(&log, 2);
    assert_eq!(d.deploys, 2);
    assert_eq!(d.deploys_per_day, 1.0);
    // lead times 60, 10, 50: median 50.
    assert_eq!(d.median_lead_time_min, 50);
    assert_eq!(d.change_failure_rate, 0.5);
    assert_eq!(d.median_restore_min, 40);
}

#[test]
fn a_deploy_log_ships_every_commit_once() {
    let mut rng = evidence::workload::rng(3);
    let stream = commits(20, &mut rng);
    for every in [1, 5] {
        let log = deploy_log(&stream, 20, every);
        let shipped: usize = log.iter().map(|d| d.commits.len()).sum();
        assert_eq!(shipped, stream.len(), "every {every} days");
        for d in &log {
            assert!(d.commits.iter().all(|c| c.merged_at <= d.at));
            assert_eq!(d.restored_at.is_some(), d.commits.iter().any(|c| c.buggy));
            if let Some(r) = d.restored_at {
                assert_eq!(r - d.at, restore_minutes(d.commits.len()));
            }
        }
    }
}

#[test]
fn the_cohort_is_about_five_percent_of_users() {
    let n = (0..USERS).filter(|u| in_cohort(*u)).count();
    assert!((4_000..=6_000).contains(&n), "{n}");
}

#[test]
fn exposure_orders_the_strategies() {
    let bb = big_bang(BAD, 10_000, 1);
    let bg = blue_green(BAD, 10_000, 1);
    let fl = flag_cohort(BAD, 10_000, 1);
    let ca = canary(BAD, 10_000, 1);
    assert!(ca.failed < fl.failed.max(ca.failed + 1));
    assert!(fl.failed < bg.failed && bg.failed < bb.failed);
    // A good release is never "detected": the simulation gives up.
    let good = blue_green(Version::BASELINE, 1_000, 1);
    assert!(good.minutes > delivery::exposure::GIVE_UP_MINUTES);
}
