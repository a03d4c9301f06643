//! The demo: measurements that back the answer's claims, every claim on counted work,
//! time shown beside it.
//!
//! 1. **Rows examined, in our own structures.** One table of n rows with a unique random
//!    key; a point query (`key = ?`) and a range (`key BETWEEN ? AND ?` returning
//!    [`RANGE_ROWS`] rows) answered by a full scan (n rows), a hash index (one probe; no
//!    range: it falls back to the scan) and a [`BPlusTree`](crate::BPlusTree) of order
//!    [`ORDER`] (height nodes, then the k rows), counted.
//! 2. **SQLite's own plans.** The same table in an in-memory SQLite database; each
//!    query's `EXPLAIN QUERY PLAN` line and the counters SQLite keeps per statement
//!    (`sqlite3_stmt_status`: full-scan steps, virtual-machine steps), without an index,
//!    with one, and with one that covers the query.
//! 3. **The leftmost-prefix rule**: a composite index on (customer, day) serves
//!    `customer = ? AND day = ?` and `customer = ?`, but not `day = ?` alone.
//! 4. **Selectivity**: once `ANALYZE` has measured that a boolean column's value
//!    matches half the rows, the planner ignores its index for a selective one.
//! 5. **Write cost**: inserting the same rows into tables with 0, 1, 2 and 4 secondary
//!    indexes: virtual-machine steps per insert and database pages grow with each index.

use std::time::Instant;

use rand::RngExt;
use rusqlite::{Connection, StatementStatus, params};

use evidence::format::{count, nanos};
use evidence::workload::rng;
use evidence::{Claim, DemoConfig, Report, Table};

use crate::table::{Found, Row, Table as Rows};

/// The B+tree's order in the demo: up to 64 children per node, a small page.
pub const ORDER: usize = 64;
/// Rows the range queries return.
pub const RANGE_ROWS: usize = 1_000;
/// Rows inserted for the write-cost claim, at most (a tenth of the table below that).
const INSERT_ROWS_MAX: usize = 50_000;
/// Rows in SQLite's copy of the table, at most: loading, indexing and scanning a
/// million rows in SQLite (built without optimisation in the dev profile) takes 20
/// seconds, and the plans and counts read the same at a fifth of that.
pub const SQLITE_ROWS_MAX: usize = 200_000;

/// Runs the demo; `config.size` is the number of rows.
///
/// # Example
///
/// ```no_run
/// let report = indexing::demo::run(&evidence::DemoConfig { seed: 1, size: 10_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let n = config.size.max(RANGE_ROWS * 2);
    let seed = config.seed;
    let mut report = Report::new(
        "indexing",
        format!(
            "Indexes on {} rows (B+tree order {ORDER}), seed {seed}",
            count(n as u64)
        ),
    );
    let rows = Rows::generate(n, seed);
    let (point, lo, hi) = queries(rows.rows(), seed);
    ours(&mut report, &rows, point, lo, hi);
    if let Err(e) = sqlite(&mut report, &rows, seed) {
        report.claims.push(Claim::new(
            "SQLite runs the queries",
            format!("sqlite error: {e}"),
            false,
        ));
    }
    report
}

/// The queries on `rows`: one present key, and the keys ranked r..r + [`RANGE_ROWS`]
/// for a random r (the range holds exactly that many rows).
fn queries(rows: &[Row], seed: u64) -> (u64, u64, u64) {
    let n = rows.len();
    let mut sorted: Vec<u64> = rows.iter().map(|r| r.key).collect();
    sorted.sort_unstable();
    let mut pick = rng(seed ^ 0x5eed);
    let point = rows[pick.random_range(0..n)].key;
    let start = pick.random_range(0..n - RANGE_ROWS);
    (point, sorted[start], sorted[start + RANGE_ROWS - 1])
}

/// Claim 1: rows examined by scan, hash index and B+tree.
fn ours(report: &mut Report, rows: &Rows, point: u64, lo: u64, hi: u64) {
    let n = rows.rows().len();
    let t = Instant::now();
    let hash = rows.hash_index();
    let hash_build = t.elapsed();
    let t = Instant::now();
    let tree = rows.btree_index(ORDER);
    let tree_build = t.elapsed();
    let height = tree.tree().height();

    let timed = |f: &dyn Fn() -> Found| {
        let t = Instant::now();
        let found = f();
        (found, t.elapsed().as_nanos() as f64)
    };
    let (scan_pt, scan_pt_ns) = timed(&|| rows.scan_eq(point));
    let (hash_pt, hash_pt_ns) = timed(&|| hash.get(point));
    let (tree_pt, tree_pt_ns) = timed(&|| tree.get(point));
    let (scan_rg, scan_rg_ns) = timed(&|| rows.scan_between(lo, hi));
    let (tree_rg, tree_rg_ns) = timed(&|| tree.between(lo, hi));
    let hash_rg = hash.between(lo, hi);

    let mut table = Table::new(
        format!(
            "Rows examined on {} rows (our own structures)",
            count(n as u64)
        ),
        [
            "query",
            "access path",
            "index nodes",
            "rows examined",
            "rows found",
            "time",
        ],
    );
    let row = |q: &str, path: &str, f: &Found, ns: f64| {
        [
            q.to_string(),
            path.to_string(),
            count(f.index_nodes as u64),
            count(f.examined as u64),
            count(f.rows.len() as u64),
            nanos(ns),
        ]
    };
    table.push(row("key = ?", "full scan", &scan_pt, scan_pt_ns));
    table.push(row("key = ?", "hash index", &hash_pt, hash_pt_ns));
    table.push(row("key = ?", "B+tree", &tree_pt, tree_pt_ns));
    table.push(row("key BETWEEN", "full scan", &scan_rg, scan_rg_ns));
    match &hash_rg {
        Ok(found) => table.push(row("key BETWEEN", "hash index", found, 0.0)),
        Err(e) => table.push([
            "key BETWEEN".to_string(),
            "hash index".to_string(),
            "-".to_string(),
            "-".to_string(),
            "-".to_string(),
            format!("({e})"),
        ]),
    }
    table.push(row("key BETWEEN", "B+tree", &tree_rg, tree_rg_ns));
    report.tables.push(table);
    report.notes.push(format!(
        "Building the indexes took {} (hash) and {} (B+tree, height {height}); the scan \
         needs nothing built, which is why a table without indexes writes fastest.",
        nanos(hash_build.as_nanos() as f64),
        nanos(tree_build.as_nanos() as f64)
    ));

    // log_{ceil(m/2)} n + 1 bounds the height of a B+tree whose nodes are at least half full.
    let bound = ((n as f64).ln() / ((ORDER / 2) as f64).ln()).ceil() as usize + 1;
    report.claims.push(Claim::new(
        "a point lookup by full scan examines every row; a hash index one probe; a B+tree \
         one node per level, O(log n) with a fan-out in the tens",
        format!(
            "scan {} rows, hash 1 probe and {} row, B+tree {} nodes (height {height}, \
             bound log_{}(n) + 1 = {bound}) and {} row",
            count(scan_pt.examined as u64),
            hash_pt.examined,
            tree_pt.index_nodes,
            ORDER / 2,
            tree_pt.examined
        ),
        scan_pt.examined == n
            && hash_pt.rows == scan_pt.rows
            && tree_pt.rows == scan_pt.rows
            && scan_pt.rows.len() == 1
            && tree_pt.index_nodes == height
            && height <= bound,
    ));
    let leaf_min = ORDER.div_ceil(2) - 1;
    let leaves_bound = RANGE_ROWS.div_ceil(leaf_min) + 1;
    report.claims.push(Claim::new(
        format!(
            "a range of k = {RANGE_ROWS} rows costs the B+tree O(log n + k): one descent, \
             then only the leaves holding the k rows; a hash index cannot answer it at all"
        ),
        format!(
            "scan {} rows; hash: {}; B+tree {} nodes ({height} to descend, at most {} \
             leaves for {RANGE_ROWS} rows) and {} rows",
            count(scan_rg.examined as u64),
            if hash_rg.is_err() {
                "unsupported"
            } else {
                "answered"
            },
            tree_rg.index_nodes,
            leaves_bound,
            count(tree_rg.examined as u64)
        ),
        hash_rg.is_err()
            && scan_rg.rows == tree_rg.rows
            && tree_rg.rows.len() == RANGE_ROWS
            && tree_rg.index_nodes <= height + leaves_bound
            && scan_rg.examined == n,
    ));
}

/// What one query cost in SQLite.
struct Run {
    plan: String,
    fullscan: i32,
    vm: i32,
    rows: usize,
    ns: f64,
}

/// Runs `sql` with `args` to completion and reads its plan and counters.
fn query(db: &Connection, sql: &str, args: &[i64]) -> rusqlite::Result<Run> {
    let plan = plan(db, sql, args)?;
    let mut stmt = db.prepare(sql)?;
    let t = Instant::now();
    let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
    let mut found = 0;
    while rows.next()?.is_some() {
        found += 1;
    }
    drop(rows);
    let ns = t.elapsed().as_nanos() as f64;
    Ok(Run {
        plan,
        fullscan: stmt.get_status(StatementStatus::FullscanStep),
        vm: stmt.get_status(StatementStatus::VmStep),
        rows: found,
        ns,
    })
}

/// The `EXPLAIN QUERY PLAN` detail lines of `sql`, joined by "; ".
fn plan(db: &Connection, sql: &str, args: &[i64]) -> rusqlite::Result<String> {
    let mut stmt = db.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let lines: Vec<String> = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            r.get::<_, String>(3)
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lines.join("; "))
}

/// Claims 2 to 5, on SQLite.
fn sqlite(report: &mut Report, rows: &Rows, seed: u64) -> rusqlite::Result<()> {
    let n = rows.rows().len().min(SQLITE_ROWS_MAX);
    let (point, lo, hi) = queries(&rows.rows()[..n], seed);
    let db = Connection::open_in_memory()?;
    db.execute_batch(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, key INTEGER NOT NULL, \
         customer INTEGER NOT NULL, day INTEGER NOT NULL, shipped INTEGER NOT NULL, \
         amount INTEGER NOT NULL)",
    )?;
    let customers = (n / 100).max(10) as i64;
    let mut draw = rng(seed ^ 0xc0ffee);
    let t = Instant::now();
    {
        let tx = db.unchecked_transaction()?;
        let mut insert = tx.prepare(
            "INSERT INTO orders (key, customer, day, shipped, amount) VALUES (?, ?, ?, ?, ?)",
        )?;
        for r in &rows.rows()[..n] {
            insert.execute(params![
                r.key as i64,
                draw.random_range(0..customers),
                draw.random_range(0..365i64),
                r.shipped,
                r.amount
            ])?;
        }
        drop(insert);
        tx.commit()?;
    }
    report.notes.push(format!(
        "SQLite: {} rows loaded into an in-memory database in {}.",
        count(n as u64),
        nanos(t.elapsed().as_nanos() as f64)
    ));

    let (point, lo, hi) = (point as i64, lo as i64, hi as i64);
    let point_sql = "SELECT amount FROM orders WHERE key = ?";
    let range_sql = "SELECT amount FROM orders WHERE key BETWEEN ? AND ?";
    let cover_sql = "SELECT key FROM orders WHERE key BETWEEN ? AND ?";
    let no_index_point = query(&db, point_sql, &[point])?;
    let no_index_range = query(&db, range_sql, &[lo, hi])?;
    db.execute_batch("CREATE INDEX orders_key ON orders (key)")?;
    let index_point = query(&db, point_sql, &[point])?;
    let index_range = query(&db, range_sql, &[lo, hi])?;
    let covering = query(&db, cover_sql, &[lo, hi])?;

    let mut table = Table::new(
        format!(
            "SQLite, {} rows: EXPLAIN QUERY PLAN and sqlite3_stmt_status counters",
            count(n as u64)
        ),
        [
            "query",
            "index",
            "plan",
            "full-scan steps",
            "VM steps",
            "rows",
            "time",
        ],
    );
    let push = |table: &mut Table, q: &str, index: &str, r: &Run| {
        table.push([
            q.to_string(),
            index.to_string(),
            r.plan.clone(),
            count(r.fullscan as u64),
            count(r.vm as u64),
            count(r.rows as u64),
            nanos(r.ns),
        ]);
    };
    push(&mut table, "amount WHERE key = ?", "none", &no_index_point);
    push(
        &mut table,
        "amount WHERE key BETWEEN",
        "none",
        &no_index_range,
    );
    push(
        &mut table,
        "amount WHERE key = ?",
        "orders_key",
        &index_point,
    );
    push(
        &mut table,
        "amount WHERE key BETWEEN",
        "orders_key",
        &index_range,
    );
    push(&mut table, "key WHERE key BETWEEN", "orders_key", &covering);

    report.claims.push(Claim::new(
        "without an index SQLite scans the whole table; with one it searches the index \
         and steps no full scan",
        format!(
            "no index: \"{}\", {} full-scan steps, {} VM steps; with orders_key: \"{}\", \
             {} full-scan steps, {} VM steps",
            no_index_point.plan,
            count(no_index_point.fullscan as u64),
            count(no_index_point.vm as u64),
            index_point.plan,
            index_point.fullscan,
            count(index_point.vm as u64)
        ),
        no_index_point.plan.starts_with("SCAN orders")
            && no_index_point.fullscan as usize + 1 >= n
            && index_point.plan.contains("USING INDEX orders_key (key=?)")
            && index_point.fullscan == 0
            && index_point.rows == 1
            && index_point.vm * 100 < no_index_point.vm,
    ));
    report.claims.push(Claim::new(
        format!(
            "a range of {RANGE_ROWS} rows searches the index; when the index holds every \
             column the query reads, SQLite never touches the table (a covering index)"
        ),
        format!(
            "amount: \"{}\", {} VM steps; key only: \"{}\", {} VM steps; no index: {} VM steps",
            index_range.plan,
            count(index_range.vm as u64),
            covering.plan,
            count(covering.vm as u64),
            count(no_index_range.vm as u64)
        ),
        index_range
            .plan
            .contains("USING INDEX orders_key (key>? AND key<?)")
            && !index_range.plan.contains("COVERING")
            && covering.plan.contains("USING COVERING INDEX orders_key")
            && index_range.rows == RANGE_ROWS
            && covering.rows == RANGE_ROWS
            && no_index_range.rows == RANGE_ROWS
            && index_range.fullscan == 0
            && covering.fullscan == 0
            && covering.vm < index_range.vm
            && index_range.vm < no_index_range.vm,
    ));

    // Claim 3: the leftmost-prefix rule.
    db.execute_batch("CREATE INDEX orders_customer_day ON orders (customer, day)")?;
    let both = query(
        &db,
        "SELECT amount FROM orders WHERE customer = ? AND day = ?",
        &[3, 100],
    )?;
    let first = query(&db, "SELECT amount FROM orders WHERE customer = ?", &[3])?;
    let second = query(&db, "SELECT amount FROM orders WHERE day = ?", &[100])?;
    push(
        &mut table,
        "customer = ? AND day = ?",
        "(customer, day)",
        &both,
    );
    push(&mut table, "customer = ?", "(customer, day)", &first);
    push(&mut table, "day = ?", "(customer, day)", &second);
    report.claims.push(Claim::new(
        "a composite index on (customer, day) serves its leftmost prefix, not its second \
         column alone",
        format!(
            "customer and day: \"{}\"; customer: \"{}\"; day alone: \"{}\", {} full-scan steps",
            both.plan,
            first.plan,
            second.plan,
            count(second.fullscan as u64)
        ),
        both.plan
            .contains("orders_customer_day (customer=? AND day=?)")
            && first.plan.contains("orders_customer_day (customer=?)")
            && second.plan.starts_with("SCAN orders")
            && second.fullscan as usize + 1 >= n,
    ));

    // Claim 4: a boolean column. Alone, SQLite's cost model still takes its index (it
    // charges little for a table lookup in memory), so the claim is about a choice: a
    // boolean equality against a range on a selective column. Before ANALYZE the planner
    // prefers the equality; once ANALYZE has measured that half the rows match it, the
    // planner ignores the boolean index.
    db.execute_batch(
        "CREATE INDEX orders_shipped ON orders (shipped); CREATE INDEX orders_day ON orders (day)",
    )?;
    let both_sql = "SELECT amount FROM orders WHERE shipped = 1 AND day BETWEEN 100 AND 109";
    let guessed = query(&db, both_sql, &[])?;
    db.execute_batch("ANALYZE")?;
    let analyzed = query(&db, both_sql, &[])?;
    let alone = query(&db, "SELECT amount FROM orders WHERE shipped = 1", &[])?;
    let alone_scan = query(
        &db,
        "SELECT amount FROM orders NOT INDEXED WHERE shipped = 1",
        &[],
    )?;
    push(
        &mut table,
        "shipped = 1 AND day range, before ANALYZE",
        "(shipped), (day)",
        &guessed,
    );
    push(
        &mut table,
        "shipped = 1 AND day range, after ANALYZE",
        "(shipped), (day)",
        &analyzed,
    );
    push(&mut table, "shipped = 1", "(shipped)", &alone);
    push(&mut table, "shipped = 1, NOT INDEXED", "none", &alone_scan);
    report.tables.push(table);
    report.claims.push(Claim::new(
        "an index on a boolean narrows nothing: once ANALYZE tells the planner that half the \
         rows match, it ignores that index for a selective one, and the query does a \
         fraction of the work",
        format!(
            "before ANALYZE: \"{}\", {} VM steps; after: \"{}\", {} VM steps, same {} rows; \
             shipped = 1 alone matches {} of {} rows",
            guessed.plan,
            count(guessed.vm as u64),
            analyzed.plan,
            count(analyzed.vm as u64),
            count(analyzed.rows as u64),
            count(alone.rows as u64),
            count(n as u64)
        ),
        guessed.plan.contains("orders_shipped")
            && analyzed.plan.contains("orders_day")
            && !analyzed.plan.contains("orders_shipped")
            && analyzed.rows == guessed.rows
            && analyzed.vm * 2 < guessed.vm
            && alone.rows * 3 > n
            && alone.rows == alone_scan.rows,
    ));

    // Claim 5: each index costs every insert.
    let m = (n / 10).min(INSERT_ROWS_MAX);
    let mut costs = Table::new(
        format!(
            "Inserting {} rows: cost per secondary index",
            count(m as u64)
        ),
        [
            "indexes",
            "VM steps per insert",
            "database pages",
            "time per insert",
        ],
    );
    let mut measured = Vec::new();
    for indexes in [0usize, 1, 2, 4] {
        let (vm, pages, ns) = insert_cost(rows, m, indexes)?;
        costs.push([
            indexes.to_string(),
            format!("{:.1}", vm as f64 / m as f64),
            count(pages as u64),
            nanos(ns / m as f64),
        ]);
        measured.push((indexes, vm, pages));
    }
    report.tables.push(costs);
    report.claims.push(Claim::new(
        "every index adds work to every insert, and pages to the database",
        measured
            .iter()
            .map(|(i, vm, pages)| {
                format!(
                    "{i} indexes: {:.1} VM steps/insert, {} pages",
                    *vm as f64 / m as f64,
                    count(*pages as u64)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        measured
            .windows(2)
            .all(|w| w[1].1 > w[0].1 && w[1].2 > w[0].2),
    ));
    Ok(())
}

/// Inserts the first `m` rows into a fresh table with `indexes` secondary indexes;
/// returns the insert statement's VM steps, the database's pages and the time taken.
fn insert_cost(rows: &Rows, m: usize, indexes: usize) -> rusqlite::Result<(i64, i64, f64)> {
    let db = Connection::open_in_memory()?;
    db.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER, d INTEGER)",
    )?;
    for col in ["a", "b", "c", "d"].iter().take(indexes) {
        db.execute_batch(&format!("CREATE INDEX t_{col} ON t ({col})"))?;
    }
    let tx = db.unchecked_transaction()?;
    let mut insert = tx.prepare("INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)")?;
    let t = Instant::now();
    let mut vm = 0i64;
    for r in &rows.rows()[..m] {
        let k = r.key as i64;
        insert.execute(params![k, k.rotate_left(16), k.rotate_left(32), r.amount])?;
        vm += i64::from(insert.reset_status(StatementStatus::VmStep));
    }
    let ns = t.elapsed().as_nanos() as f64;
    drop(insert);
    tx.commit()?;
    let pages: i64 = db.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    Ok((vm, pages, ns))
}
