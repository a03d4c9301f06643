//! Transactions: commit throughput of the reference `Store` (group commit, its default)
//! against SQLite (rusqlite, WAL mode, `synchronous = FULL`), both on the same disk, in
//! a scratch directory beside the bench binary (`transactions::demo::scratch_dir`). Every commit writes one 100-byte value under a new key
//! (`transactions::demo::VALUE_SIZE`), and returns only after its log is synced.
//!
//! Groups, named `transactions_commit_<committers>`:
//! - `1_thread`: one committer: one sync per commit on both sides, so this compares
//!   the commit paths themselves;
//! - `4_threads`: four committers, 64 commits per iteration (16 each): our store's
//!   group commit lets commits that arrive during a sync share the next one, while
//!   SQLite runs one write transaction at a time, each with its own sync.
//!
//! Functions in each group: `reference` and `sqlite`. Run with `cargo lab bench
//! transactions`.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rusqlite::{Connection, params};

use transactions::demo::VALUE_SIZE;
use transactions::{Options, Store};

/// Commits per iteration in the four-thread group.
const BATCH: u64 = 64;
const THREADS: usize = 4;

fn sqlite(path: &std::path::Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.busy_timeout(Duration::from_secs(30)).unwrap();
    c.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         CREATE TABLE IF NOT EXISTS kv (k BLOB PRIMARY KEY, v BLOB NOT NULL);",
    )
    .unwrap();
    c
}

fn store_commit(store: &Store, key: u64, value: &[u8]) {
    let mut txn = store.begin();
    txn.put(&key.to_be_bytes(), value);
    txn.commit().unwrap();
}

fn sqlite_commit(c: &Connection, key: u64, value: &[u8]) {
    c.execute(
        "INSERT INTO kv (k, v) VALUES (?1, ?2)",
        params![key.to_be_bytes(), value],
    )
    .unwrap();
}

fn commit(c: &mut Criterion) {
    // On the build's disk, not a RAM-backed /tmp where syncs cost nothing.
    let dir = transactions::demo::scratch_dir().unwrap();
    let value = vec![b'x'; VALUE_SIZE];
    let store = Store::open_with(&dir.path().join("store"), Options::default()).unwrap();
    let db = dir.path().join("sqlite.db");
    let mut connections: Vec<Connection> = (0..THREADS).map(|_| sqlite(&db)).collect();
    let keys = AtomicU64::new(0);

    let mut group = c.benchmark_group("transactions_commit_1_thread");
    group.throughput(Throughput::Elements(1));
    group.bench_function("reference", |b| {
        b.iter(|| {
            store_commit(
                &store,
                keys.fetch_add(1, Ordering::Relaxed),
                black_box(&value),
            )
        });
    });
    group.bench_function("sqlite", |b| {
        b.iter(|| {
            sqlite_commit(
                &connections[0],
                keys.fetch_add(1, Ordering::Relaxed),
                black_box(&value),
            );
        });
    });
    group.finish();

    let mut group = c.benchmark_group("transactions_commit_4_threads");
    group.throughput(Throughput::Elements(BATCH));
    let per_thread = BATCH / THREADS as u64;
    group.bench_function("reference", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                for _ in 0..THREADS {
                    s.spawn(|| {
                        for _ in 0..per_thread {
                            store_commit(&store, keys.fetch_add(1, Ordering::Relaxed), &value);
                        }
                    });
                }
            });
        });
    });
    group.bench_function("sqlite", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                for connection in connections.iter_mut() {
                    let (keys, value) = (&keys, &value);
                    s.spawn(move || {
                        for _ in 0..per_thread {
                            sqlite_commit(connection, keys.fetch_add(1, Ordering::Relaxed), value);
                        }
                    });
                }
            });
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = commit
}
criterion_main!(benches);
