//! The histories on a real PostgreSQL at its three levels, against Hermitage's
//! published results. They need a server: `url=$(.ci/postgres start)`, then
//! `LAB_POSTGRES_URL=$url cargo test -p transactions -- --ignored`. Each history makes
//! a table of its own with a unique name and drops it, so runs can repeat.

use transactions::history::{self, Anomaly, History, Level, expected};
use transactions::postgres_backend::{PostgresBackend, url_from_env};

fn check_level(level: Level) {
    let url =
        url_from_env().expect("LAB_POSTGRES_URL is not set: `.ci/postgres start` prints a URL");
    let mut backend = PostgresBackend::connect(&url, level).unwrap();
    for anomaly in Anomaly::ALL {
        let h = History::of(anomaly);
        let trace = history::replay(&mut backend, &h).unwrap();
        let verdict = h.verdict(&trace);
        assert_eq!(
            verdict.allowed(),
            expected(level, anomaly),
            "{} at PostgreSQL {}: {verdict:?}; trace {trace:?}",
            anomaly.name(),
            level.sql()
        );
    }
}

#[test]
#[ignore = "needs PostgreSQL: set LAB_POSTGRES_URL (.ci/postgres start prints one)"]
fn postgresql_read_committed_allows_what_hermitage_records() {
    check_level(Level::ReadCommitted);
}

#[test]
#[ignore = "needs PostgreSQL: set LAB_POSTGRES_URL (.ci/postgres start prints one)"]
fn postgresql_repeatable_read_is_snapshot_isolation() {
    check_level(Level::Snapshot);
}

#[test]
#[ignore = "needs PostgreSQL: set LAB_POSTGRES_URL (.ci/postgres start prints one)"]
fn postgresql_serializable_allows_no_anomaly() {
    check_level(Level::Serializable);
}
