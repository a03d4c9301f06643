//! The store's API: its own writes, aborts, deletes, reopening, the fsync count, group
//! commit from many threads, bad directories, and a model-based test against a map with
//! reopens in the middle.

use std::collections::BTreeMap;
use std::time::Duration;

use proptest::prelude::*;
use testkit::property::{check_explained, same, steps};
use testkit::watchdog::within;
use transactions::{Durability, Options, Store, StoreError};

fn open(dir: &std::path::Path, durability: Durability) -> Store {
    Store::open_with(
        dir,
        Options {
            durability,
            ..Options::default()
        },
    )
    .unwrap()
}

#[test]
fn a_transaction_sees_its_own_writes_and_others_see_them_only_after_commit() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut txn = store.begin();
    txn.put(b"a", b"1");
    txn.put(b"b", b"2");
    txn.delete(b"b");
    assert_eq!(txn.get(b"a").as_deref(), Some(b"1".as_slice()));
    assert_eq!(
        txn.get(b"b"),
        None,
        "a delete after a put in one transaction wins"
    );
    assert_eq!(
        store.get(b"a"),
        None,
        "uncommitted writes are invisible outside"
    );
    txn.commit().unwrap();
    assert_eq!(store.get(b"a").as_deref(), Some(b"1".as_slice()));
    assert_eq!(store.len(), 1);
}

#[test]
fn an_aborted_or_dropped_transaction_writes_nothing_to_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut aborted = store.begin();
    aborted.put(b"a", b"1");
    aborted.abort();
    let mut dropped = store.begin();
    dropped.put(b"b", b"2");
    drop(dropped);
    let read_only = store.begin();
    assert_eq!(read_only.get(b"a"), None);
    read_only.commit().unwrap();
    assert_eq!(store.stats(), transactions::Stats::default());
    assert!(store.is_empty());
    assert_eq!(std::fs::metadata(store.log_path()).unwrap().len(), 0);
}

#[test]
fn each_durable_commit_pays_one_fsync_and_fsync_off_pays_none() {
    for (durability, fsyncs) in [
        (Durability::FsyncPerCommit, 5),
        (Durability::GroupCommit, 5),
        (Durability::NoFsync, 0),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path(), durability);
        for i in 0..5u8 {
            let mut txn = store.begin();
            txn.put(&[i], b"v");
            txn.commit().unwrap();
        }
        let stats = store.stats();
        assert_eq!(
            (stats.commits, stats.fsyncs),
            (5, fsyncs),
            "{durability:?}, one thread committing five times"
        );
        drop(store);
        let reopened = open(dir.path(), durability);
        assert_eq!(reopened.recovered().committed, 5);
        let file = std::fs::metadata(reopened.log_path()).unwrap().len();
        assert_eq!(
            file,
            stats.log_bytes.div_ceil(transactions::store::PREALLOCATE)
                * transactions::store::PREALLOCATE,
            "the log is preallocated in whole steps of zeros"
        );
    }
}

#[test]
fn group_commit_from_eight_threads_loses_nothing_and_never_syncs_more_than_it_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let stats = within(
        Duration::from_secs(60),
        "eight committing threads",
        move || {
            let store = open(&path, Durability::GroupCommit);
            std::thread::scope(|s| {
                for t in 0..8u32 {
                    let store = &store;
                    s.spawn(move || {
                        for i in 0..50u32 {
                            let mut txn = store.begin();
                            txn.put(format!("{t}/{i}").as_bytes(), &i.to_le_bytes());
                            txn.commit().unwrap();
                            assert!(store.get(format!("{t}/{i}").as_bytes()).is_some());
                        }
                    });
                }
            });
            let stats = store.stats();
            drop(store);
            let reopened = Store::open(&path).unwrap();
            assert_eq!(reopened.len(), 400, "every commit survives the reopen");
            assert_eq!(reopened.recovered().committed, 400);
            stats
        },
    );
    assert_eq!(stats.commits, 400);
    assert!(
        (1..=400).contains(&stats.fsyncs),
        "group commit syncs at most once per commit: {stats:?}"
    );
}

#[test]
fn a_path_that_is_a_file_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    match Store::open(&file) {
        Err(e @ StoreError::Io { .. }) => {
            assert!(e.to_string().contains("not-a-dir"), "{e}");
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

#[derive(Debug, Clone)]
enum Op {
    Put(u8, u8),
    Delete(u8),
    Commit,
    Abort,
    Reopen,
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Op::Put(k, v) => write!(f, "txn.put([{k}], [{v}])"),
            Op::Delete(k) => write!(f, "txn.delete([{k}])"),
            Op::Commit => f.write_str("txn.commit(), then begin another"),
            Op::Abort => f.write_str("txn.abort(), then begin another"),
            Op::Reopen => f.write_str("drop the open transaction and the store, reopen"),
        }
    }
}

#[test]
fn agrees_with_a_map_across_commits_aborts_and_reopens() {
    let op = prop_oneof![
        5 => (0..8u8, any::<u8>()).prop_map(|(k, v)| Op::Put(k, v)),
        2 => (0..8u8).prop_map(Op::Delete),
        3 => Just(Op::Commit),
        1 => Just(Op::Abort),
        1 => Just(Op::Reopen),
    ];
    check_explained(
        &prop::collection::vec(op, 0..40),
        |ops| format!("a new store, a transaction begun, then\n{}", steps(ops)),
        |ops| {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Some(open(dir.path(), Durability::NoFsync));
            let mut committed: BTreeMap<u8, u8> = BTreeMap::new();
            let mut pending: BTreeMap<u8, Option<u8>> = BTreeMap::new();
            let mut writes: Vec<Op> = Vec::new();
            for (i, op) in ops.iter().enumerate() {
                match op {
                    Op::Put(..) | Op::Delete(_) => writes.push(op.clone()),
                    Op::Commit => {
                        let s = store.as_ref().unwrap();
                        let mut txn = s.begin();
                        for w in writes.drain(..) {
                            match w {
                                Op::Put(k, v) => {
                                    txn.put(&[k], &[v]);
                                    pending.insert(k, Some(v));
                                }
                                Op::Delete(k) => {
                                    txn.delete(&[k]);
                                    pending.insert(k, None);
                                }
                                _ => unreachable!(),
                            }
                        }
                        txn.commit().unwrap();
                        for (k, v) in std::mem::take(&mut pending) {
                            match v {
                                Some(v) => committed.insert(k, v),
                                None => committed.remove(&k),
                            };
                        }
                    }
                    Op::Abort => writes.clear(),
                    Op::Reopen => {
                        writes.clear();
                        drop(store.take());
                        store = Some(open(dir.path(), Durability::NoFsync));
                    }
                }
                let s = store.as_ref().unwrap();
                let got: BTreeMap<u8, u8> = (0..8u8)
                    .filter_map(|k| s.get(&[k]).map(|v| (k, v[0])))
                    .collect();
                same(got, committed.clone(), || {
                    format!("the committed data after step {}", i + 1)
                })?;
            }
            Ok(())
        },
    );
}
