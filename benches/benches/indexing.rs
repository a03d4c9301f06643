//! Indexing: the reference `BPlusTree` (order 64, nodes in one arena, `u32` links)
//! against `std::collections::BTreeMap` (a B-tree with up to 11 keys per node), at a
//! million distinct u64 keys in random order (`indexing::bench::inputs`).
//!
//! Groups:
//! - `indexing_get_1m`: `get` of a present key, a shuffled cycle over all keys;
//! - `indexing_range_1m`: a range from a present key, the first 100 entries summed;
//! - `indexing_sqlite_point_100k`: SQLite's `SELECT amount FROM t WHERE key = ?` on an
//!   in-memory table of 100,000 rows, with (`reference`) and without (`no_index`) an
//!   index on `key`: shown, no target.
//!
//! Functions in the first two groups: `reference` and `std`. Run with `cargo lab bench
//! indexing`.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use indexing::BPlusTree;
use indexing::bench::{ORDER, RANGE_LEN, inputs};

fn get_and_range(c: &mut Criterion) {
    let (keys, queries) = inputs(1_000_000);
    let mut tree = BPlusTree::new(ORDER);
    let mut std = BTreeMap::new();
    for &k in &keys {
        tree.insert(k, k);
        std.insert(k, k);
    }

    let mut group = c.benchmark_group("indexing_get_1m");
    group.throughput(Throughput::Elements(1));
    let mut i = 0;
    group.bench_function("reference", |b| {
        b.iter(|| {
            black_box(tree.get(&queries[i]));
            i = if i + 1 == queries.len() { 0 } else { i + 1 };
        })
    });
    let mut i = 0;
    group.bench_function("std", |b| {
        b.iter(|| {
            black_box(std.get(&queries[i]));
            i = if i + 1 == queries.len() { 0 } else { i + 1 };
        })
    });
    group.finish();

    let mut group = c.benchmark_group("indexing_range_1m");
    group.throughput(Throughput::Elements(RANGE_LEN as u64));
    let mut i = 0;
    group.bench_function("reference", |b| {
        b.iter(|| {
            let sum: u64 = tree
                .range(queries[i]..)
                .take(RANGE_LEN)
                .map(|(_, v)| *v)
                .sum();
            black_box(sum);
            i = if i + 1 == queries.len() { 0 } else { i + 1 };
        })
    });
    let mut i = 0;
    group.bench_function("std", |b| {
        b.iter(|| {
            let sum: u64 = std
                .range(queries[i]..)
                .take(RANGE_LEN)
                .map(|(_, v)| *v)
                .sum();
            black_box(sum);
            i = if i + 1 == queries.len() { 0 } else { i + 1 };
        })
    });
    group.finish();
}

fn sqlite_point(c: &mut Criterion) {
    let (keys, queries) = inputs(100_000);
    let mut group = c.benchmark_group("indexing_sqlite_point_100k");
    group.throughput(Throughput::Elements(1));
    for (name, index) in [("reference", true), ("no_index", false)] {
        let db = rusqlite::Connection::open_in_memory().expect("in-memory database");
        db.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, key INTEGER, amount INTEGER)")
            .expect("create table");
        {
            let tx = db.unchecked_transaction().expect("transaction");
            let mut insert = tx
                .prepare("INSERT INTO t (key, amount) VALUES (?, ?)")
                .expect("prepare");
            for &k in &keys {
                insert.execute([k as i64 >> 1, 7]).expect("insert");
            }
            drop(insert);
            tx.commit().expect("commit");
        }
        if index {
            db.execute_batch("CREATE INDEX t_key ON t (key)")
                .expect("index");
        }
        let mut stmt = db
            .prepare("SELECT amount FROM t WHERE key = ?")
            .expect("prepare");
        let mut i = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                let v: i64 = stmt
                    .query_row([queries[i] as i64 >> 1], |r| r.get(0))
                    .expect("a present key");
                black_box(v);
                i = if i + 1 == queries.len() { 0 } else { i + 1 };
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = get_and_range, sqlite_point
}
criterion_main!(benches);
