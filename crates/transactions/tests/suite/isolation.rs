//! Isolation: the anomaly matrix on our engine and on SQLite against the published
//! expectations, the engine's rules one at a time, and a model-based test that every
//! history the serializable level lets commit equals some serial order.

use std::collections::BTreeMap;

use proptest::prelude::*;
use testkit::property::{TestCaseError, check_explained};
use transactions::history::{self, Anomaly, History, Level, Verdict, expected};
use transactions::mvcc::{Conflict, Engine, EngineBackend};
use transactions::sqlite_backend::SqliteBackend;

#[test]
fn the_engine_allows_exactly_the_anomalies_hermitage_records_for_each_level() {
    for level in Level::ALL {
        for anomaly in Anomaly::ALL {
            let h = History::of(anomaly);
            let trace = history::replay(&mut EngineBackend::new(level), &h).unwrap();
            let verdict = h.verdict(&trace);
            assert_eq!(
                verdict.allowed(),
                expected(level, anomaly),
                "{} at {level}: {verdict:?}, trace {trace:?}",
                anomaly.name()
            );
        }
    }
}

#[test]
fn each_level_prevents_what_it_prevents_the_way_postgresql_does() {
    let verdict = |level, anomaly| {
        let h = History::of(anomaly);
        h.verdict(&history::replay(&mut EngineBackend::new(level), &h).unwrap())
    };
    // Writers wait for writers at every level; at read committed the waiting write then
    // goes ahead, at snapshot the first committer wins.
    assert!(matches!(
        verdict(Level::ReadCommitted, Anomaly::DirtyWrite),
        Verdict::Waited(_)
    ));
    assert!(matches!(
        verdict(Level::Snapshot, Anomaly::DirtyWrite),
        Verdict::Aborted(_)
    ));
    assert!(matches!(
        verdict(Level::Snapshot, Anomaly::LostUpdate),
        Verdict::Aborted(_)
    ));
    assert_eq!(
        verdict(Level::Snapshot, Anomaly::ReadSkew),
        Verdict::Isolated
    );
    match verdict(Level::Serializable, Anomaly::WriteSkew) {
        Verdict::Aborted(why) => assert!(why.starts_with("T1 aborted at step 7"), "{why}"),
        other => panic!("serializable must abort one doctor at commit: {other:?}"),
    }
}

#[test]
fn sqlite_prevents_every_anomaly() {
    let dir = tempfile::tempdir().unwrap();
    let mut backend = SqliteBackend::new(dir.path());
    for anomaly in Anomaly::ALL {
        let h = History::of(anomaly);
        let trace = history::replay(&mut backend, &h).unwrap();
        let verdict = h.verdict(&trace);
        assert!(
            !verdict.allowed(),
            "{} on SQLite: {trace:?}",
            anomaly.name()
        );
    }
}

#[test]
fn a_write_waits_for_another_transactions_uncommitted_write() {
    let mut db = Engine::new();
    db.load([(1, 10)]);
    let t1 = db.begin(Level::ReadCommitted);
    let t2 = db.begin(Level::ReadCommitted);
    db.write(t1, 1, 11).unwrap();
    assert_eq!(db.write(t2, 1, 12), Err(Conflict::WouldBlock(t1)));
    assert_eq!(db.read(t2, &1), Ok(Some(10)), "no dirty read");
    db.abort(t1);
    db.write(t2, 1, 12).unwrap();
    db.commit(t2).unwrap();
    assert_eq!(db.committed(), vec![(1, 12)]);
    assert_eq!(db.commit(t1), Err(Conflict::NotActive));
}

#[test]
fn read_committed_reads_each_statements_latest_commit_and_snapshot_keeps_its_first() {
    for (level, second_read) in [(Level::ReadCommitted, 20), (Level::Snapshot, 10)] {
        let mut db = Engine::new();
        db.load([(1, 10)]);
        let reader = db.begin(level);
        assert_eq!(db.read(reader, &1), Ok(Some(10)));
        let writer = db.begin(level);
        db.write(writer, 1, 20).unwrap();
        db.commit(writer).unwrap();
        assert_eq!(db.read(reader, &1), Ok(Some(second_read)), "{level}");
    }
}

#[test]
fn serializable_aborts_one_of_two_transactions_that_insert_after_the_same_empty_predicate() {
    // Two bookings check that no row has value 30, then each inserts one: write skew
    // through a predicate, which snapshot isolation lets through.
    for (level, both_commit) in [(Level::Snapshot, true), (Level::Serializable, false)] {
        let mut db = Engine::new();
        db.load([(1, 10)]);
        let a = db.begin(level);
        let b = db.begin(level);
        assert!(db.read_where(a, |_, v| *v == 30).unwrap().is_empty());
        assert!(db.read_where(b, |_, v| *v == 30).unwrap().is_empty());
        db.write(a, 2, 30).unwrap();
        db.write(b, 3, 30).unwrap();
        let committed = [db.commit(a).is_ok(), db.commit(b).is_ok()];
        assert_eq!(
            committed == [true, true],
            both_commit,
            "{level}: {committed:?}"
        );
        assert!(
            committed.contains(&true),
            "{level}: one of them must commit"
        );
    }
}

/// A transaction's statements in the serializability test.
#[derive(Debug, Clone, Copy)]
enum Stmt {
    Read(u8),
    Write(u8, u8),
}

/// Per transaction whether it committed and what each of its reads returned, then the
/// committed rows at the end.
type Observed = (Vec<bool>, Vec<Vec<Option<u8>>>, Vec<(u8, u8)>);

/// Runs `txns` on `db` at `level` in the order `schedule` picks (indices modulo the
/// live transactions), retrying a blocked statement later and aborting a transaction
/// when every live one is blocked. Returns, per transaction, whether it committed and
/// what each of its reads returned.
fn run_schedule(txns: &[Vec<Stmt>], schedule: &[usize], level: Level) -> Observed {
    let mut db: Engine<u8, u8> = Engine::new();
    db.load([(0, 0), (1, 0), (2, 0)]);
    let ids: Vec<_> = txns.iter().map(|_| db.begin(level)).collect();
    let mut pc = vec![0usize; txns.len()];
    let mut done = vec![false; txns.len()];
    let mut committed = vec![false; txns.len()];
    let mut reads = vec![Vec::new(); txns.len()];
    let mut picks = schedule.iter().copied().chain(std::iter::repeat(0));
    let mut blocked_in_a_row = 0;
    while done.iter().any(|d| !d) {
        let live: Vec<usize> = (0..txns.len()).filter(|&t| !done[t]).collect();
        let t = live[picks.next().unwrap() % live.len()];
        let result = match txns[t].get(pc[t]) {
            Some(Stmt::Read(k)) => db.read(ids[t], k).map(|v| reads[t].push(v)),
            Some(Stmt::Write(k, v)) => db.write(ids[t], *k, *v),
            None => db.commit(ids[t]).map(|()| committed[t] = true),
        };
        match result {
            Ok(()) => {
                blocked_in_a_row = 0;
                pc[t] += 1;
                done[t] = pc[t] > txns[t].len();
            }
            Err(Conflict::WouldBlock(_)) => {
                blocked_in_a_row += 1;
                if blocked_in_a_row > 4 * txns.len() {
                    db.abort(ids[t]);
                    done[t] = true;
                    blocked_in_a_row = 0;
                }
            }
            Err(_) => done[t] = true,
        }
    }
    (committed, reads, db.committed())
}

/// Whether some serial order of the committed transactions, each run alone on the
/// initial rows, gives the same reads and the same final rows.
fn serial_order_explains(
    txns: &[Vec<Stmt>],
    committed: &[bool],
    reads: &[Vec<Option<u8>>],
    rows: &[(u8, u8)],
) -> bool {
    let order: Vec<usize> = (0..txns.len()).filter(|&t| committed[t]).collect();
    permutations(&order).into_iter().any(|perm| {
        let mut state: BTreeMap<u8, u8> = [(0, 0), (1, 0), (2, 0)].into();
        for &t in &perm {
            let mut seen = Vec::new();
            for stmt in &txns[t] {
                match *stmt {
                    Stmt::Read(k) => seen.push(state.get(&k).copied()),
                    Stmt::Write(k, v) => {
                        state.insert(k, v);
                    }
                }
            }
            if seen != reads[t] {
                return false;
            }
        }
        state.into_iter().collect::<Vec<_>>() == rows
    })
}

fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.is_empty() {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first);
            out.push(p);
        }
    }
    out
}

fn stmt() -> impl Strategy<Value = Stmt> {
    prop_oneof![
        (0..3u8).prop_map(Stmt::Read),
        (0..3u8, 1..9u8).prop_map(|(k, v)| Stmt::Write(k, v)),
    ]
}

#[test]
fn every_history_serializable_commits_equals_some_serial_order() {
    let strategy = (
        prop::collection::vec(prop::collection::vec(stmt(), 1..5), 2..4),
        prop::collection::vec(0..4usize, 0..30),
    );
    check_explained(
        &strategy,
        |(txns, schedule)| format!("transactions {txns:?} interleaved by {schedule:?}"),
        |(txns, schedule)| {
            let (committed, reads, rows) = run_schedule(&txns, &schedule, Level::Serializable);
            if serial_order_explains(&txns, &committed, &reads, &rows) {
                Ok(())
            } else {
                Err(TestCaseError::fail(format!(
                    "committed {committed:?} with reads {reads:?} and final rows {rows:?}: \
                     no serial order of the committed transactions gives that"
                )))
            }
        },
    );
}

#[test]
fn the_serializability_check_catches_snapshot_isolations_write_skew() {
    // The same check fails snapshot isolation on the doctors: proof it can fail.
    let txns = vec![
        vec![Stmt::Read(0), Stmt::Read(1), Stmt::Write(0, 1)],
        vec![Stmt::Read(0), Stmt::Read(1), Stmt::Write(1, 1)],
    ];
    let schedule = [0, 0, 1, 1, 0, 1, 0, 0];
    let (committed, reads, rows) = run_schedule(&txns, &schedule, Level::Snapshot);
    assert_eq!(committed, [true, true]);
    assert!(!serial_order_explains(&txns, &committed, &reads, &rows));
    let (committed, reads, rows) = run_schedule(&txns, &schedule, Level::Serializable);
    assert_eq!(committed, [false, true]);
    assert!(serial_order_explains(&txns, &committed, &reads, &rows));
}
