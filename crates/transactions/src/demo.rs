//! The demo behind question 15's answer: `cargo lab demo transactions`.
//!
//! 1. **Crash table**: `size` kill cycles of a child committing transfers (see
//!    [`crate::crash`]): acknowledged commits lost, transfers half applied, totals
//!    changed.
//! 2. **Torn-write table**: the log cut at every byte offset of its last transaction
//!    (each cut opened as a real store) and at seeded random offsets, and every byte of
//!    a middle transaction flipped.
//! 3. **Anomaly matrix**: the six histories of [`crate::history`] on our engine's three
//!    levels, on SQLite, and on PostgreSQL's three levels when `LAB_POSTGRES_URL` is set.
//! 4. **The price of durability**: fsyncs counted per commit with fsync per commit,
//!    group commit (four threads) and fsync off, with the time beside them and SQLite's
//!    `synchronous = FULL` on the same disk.
//! 5. **SQLite's journal**: a transfer killed mid-transaction, rolled back on reopen.

use std::path::Path;
use std::time::Instant;

use evidence::{Claim, DemoConfig, Report, Table};
use rand::RngExt;
use transactions_contract::cases::frame_len;
use transactions_contract::{Record, WriteAheadLog};

use crate::crash::{self, CrashReport};
use crate::history::{self, Anomaly, Backend, History, Level};
use crate::mvcc::EngineBackend;
use crate::postgres_backend::{self, PostgresBackend};
use crate::sqlite_backend::{self, SqliteBackend};
use crate::{Durability, Options, Store, Wal};

/// Accounts in the crash test's bank.
const ACCOUNTS: usize = 8;

/// Threads committing at once in the group-commit run.
const COMMITTERS: usize = 4;

/// Bytes in each committed value of the commit-rate runs (the bench uses the same).
pub const VALUE_SIZE: usize = 100;

/// A scratch directory on the disk that holds the build: beside the running executable
/// (in `target/`), or in the system's temporary directory if that fails. Not `/tmp`
/// first, because `/tmp` is often a RAM file system, where `fsync` costs nothing, so
/// commits have no flush to share and the price of durability does not show.
///
/// # Errors
///
/// When neither place can hold a new directory.
pub fn scratch_dir() -> std::io::Result<tempfile::TempDir> {
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    if let Some(dir) = beside_exe
        && let Ok(scratch) = tempfile::Builder::new()
            .prefix(".transactions-scratch-")
            .tempdir_in(dir)
    {
        return Ok(scratch);
    }
    tempfile::tempdir()
}

/// Runs the demo; `config.size` is the number of kill cycles (the commit-rate runs
/// commit twice that many transactions per mode).
pub fn run(config: &DemoConfig) -> Report {
    let mut report = Report::new(
        "transactions",
        "ACID: a store killed mid-commit, a log torn at every byte, the anomalies at each level",
    );
    let scratch = match scratch_dir() {
        Ok(dir) => dir,
        Err(e) => {
            report.claims.push(Claim::new(
                "the demo has a scratch directory",
                format!("cannot create one: {e}"),
                false,
            ));
            return report;
        }
    };
    let dir = scratch.path();
    crash_table(&mut report, config, &dir.join("crash"));
    torn_table(&mut report, config, &dir.join("torn"));
    anomaly_matrix(&mut report, &dir.join("sqlite"));
    commit_cost(&mut report, config, dir);
    sqlite_journal(&mut report, &dir.join("journal"));
    report
}

fn crash_table(report: &mut Report, config: &DemoConfig, dir: &Path) {
    let cycles = config.size as u64;
    let Some(child) = crash::child_binary() else {
        report.claims.push(Claim::new(
            "every acknowledged commit survives a SIGKILL",
            "the demo binary (which runs the child) was not found: build it with `cargo \
             build -p transactions`"
                .to_string(),
            false,
        ));
        return;
    };
    let result = crash::kill_cycles(&child, dir, config.seed, cycles, ACCOUNTS);
    let r = match result {
        Ok(r) => r,
        Err(e) => {
            report.claims.push(Claim::new(
                "every acknowledged commit survives a SIGKILL",
                format!("the crash test could not run: {e}"),
                false,
            ));
            return;
        }
    };
    let CrashReport {
        cycles: ran,
        acknowledged,
        committed,
        lost,
        partial,
        unbalanced,
        torn_tails,
        discarded,
        early_kills,
    } = r;
    report.tables.push(
        Table::new(
            "Crash table: a child commits transfers and is killed with SIGKILL, the store reopened",
            ["measure", "count"],
        )
        .row(["kill cycles", &ran.to_string()])
        .row([
            "commits acknowledged by the child",
            &acknowledged.to_string(),
        ])
        .row(["transfers in the store at the end", &committed.to_string()])
        .row(["acknowledged commits lost", &lost.to_string()])
        .row(["reopens with a transfer half applied", &partial.to_string()])
        .row(["reopens with the total changed", &unbalanced.to_string()])
        .row(["reopens that found a torn tail", &torn_tails.to_string()])
        .row(["uncommitted transactions discarded", &discarded.to_string()])
        .row([
            "kills before the first acknowledgement",
            &early_kills.to_string(),
        ]),
    );
    report.claims.push(Claim::new(
        "durability: every commit the child acknowledged is in the store after a SIGKILL",
        format!("{ran} kill cycles: {lost} acknowledged commits lost"),
        ran == cycles && lost == 0 && acknowledged > 0,
    ));
    report.claims.push(Claim::new(
        "atomicity and consistency: no transfer is half applied and the total is conserved",
        format!(
            "{ran} reopens: {partial} with a transfer half applied or missing, {unbalanced} \
             with the total changed"
        ),
        ran == cycles && partial == 0 && unbalanced == 0,
    ));
    report.notes.push(format!(
        "The child writes its log in {}-byte pieces so a kill can land inside a frame; a \
         SIGKILL keeps what reached the kernel, so power loss is the torn-write table's \
         subject. Which commits were in flight at each kill varies from run to run; the \
         counts of losses do not.",
        crash::CHILD_WRITE_CHUNK
    ));
}

/// The log of `transactions` seeded transfers between four accounts, and the frame
/// records in order.
fn seeded_log(seed: u64, transactions: u64) -> (Vec<u8>, Vec<Record>) {
    let mut rng = evidence::workload::rng(seed);
    let mut records = Vec::new();
    for txn in 1..=transactions {
        let writes = rng.random_range(1..=4);
        for _ in 0..writes {
            let key = format!("account/{}", rng.random_range(0..4)).into_bytes();
            if rng.random_bool(0.2) {
                records.push(Record::Delete { txn, key });
            } else {
                let value = rng.random_range(0..10_000u32).to_string().into_bytes();
                records.push(Record::Put { txn, key, value });
            }
        }
        records.push(Record::Commit { txn });
    }
    let mut log = Vec::new();
    for r in &records {
        Wal::append(&mut log, r);
    }
    (log, records)
}

/// The data recovery must give for `records` cut at `cut`, worked out from the
/// contract's frame lengths, not from the log's code.
fn expected_at(records: &[Record], cut: usize) -> std::collections::BTreeMap<Vec<u8>, Vec<u8>> {
    let mut end = 0;
    let mut whole = Vec::new();
    for r in records {
        end += frame_len(r);
        if end > cut {
            break;
        }
        whole.push(r.clone());
    }
    // Apply only the transactions whose commit is among the whole frames.
    let committed: std::collections::BTreeSet<u64> = whole
        .iter()
        .filter_map(|r| match r {
            Record::Commit { txn } => Some(*txn),
            _ => None,
        })
        .collect();
    let mut data = std::collections::BTreeMap::new();
    for r in records {
        match r {
            Record::Put { txn, key, value } if committed.contains(txn) => {
                data.insert(key.clone(), value.clone());
            }
            Record::Delete { txn, key } if committed.contains(txn) => {
                data.remove(key);
            }
            _ => {}
        }
    }
    data
}

/// Outcomes of one kind of torn-write trial.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    trials: u64,
    recovered: u64,
    errors: u64,
    panics: u64,
    partial: u64,
}

fn torn_table(report: &mut Report, config: &DemoConfig, dir: &Path) {
    let transactions = 20;
    let (log, records) = seeded_log(config.seed, transactions);
    // Where the last transaction's frames start.
    let last_txn_start: usize = records
        .iter()
        .filter(|r| r.txn() < transactions)
        .map(frame_len)
        .sum();
    let mut rng = evidence::workload::rng(config.seed ^ 0x7041);
    let random_cuts: Vec<usize> = (0..config.size * 5)
        .map(|_| rng.random_range(0..=log.len()))
        .collect();
    let mut every = Tally::default();
    let mut file = Tally::default();
    let mut random = Tally::default();
    let _ = std::fs::create_dir_all(dir);
    let wal_path = dir.join(crate::store::LOG_FILE);
    // Every offset of the last transaction, in memory.
    for cut in last_txn_start..=log.len() {
        every.trials += 1;
        match std::panic::catch_unwind(|| Wal::recover(&log[..cut])) {
            Err(_) => every.panics += 1,
            Ok(Err(_)) => every.errors += 1,
            Ok(Ok(r)) => {
                every.recovered += 1;
                every.partial += u64::from(r.data != expected_at(&records, cut));
            }
        }
    }
    // Seeded offsets in the last transaction, written to a file and opened as a store
    // (one per kill cycle: each open syncs the zeros it writes over the torn bytes).
    for _ in 0..config.size {
        let cut = rng.random_range(last_txn_start..=log.len());
        file.trials += 1;
        if std::fs::write(&wal_path, &log[..cut]).is_err() {
            file.errors += 1;
            continue;
        }
        match std::panic::catch_unwind(|| Store::open(dir)) {
            Err(_) => file.panics += 1,
            Ok(Err(_)) => file.errors += 1,
            Ok(Ok(store)) => {
                file.recovered += 1;
                let expected = expected_at(&records, cut);
                let same = expected.len() == store.len()
                    && expected
                        .iter()
                        .all(|(k, v)| store.get(k).as_ref() == Some(v));
                file.partial += u64::from(!same);
            }
        }
    }
    // Seeded random offsets anywhere in the log, in memory.
    for &cut in &random_cuts {
        random.trials += 1;
        match std::panic::catch_unwind(|| Wal::recover(&log[..cut])) {
            Err(_) => random.panics += 1,
            Ok(Err(_)) => random.errors += 1,
            Ok(Ok(r)) => {
                random.recovered += 1;
                random.partial += u64::from(r.data != expected_at(&records, cut));
            }
        }
    }
    // Every byte of the middle transaction flipped: an error naming its frame's start.
    let middle = transactions / 2;
    let mut offset = 0;
    let (mut flips, mut named, mut skipped) = (0u64, 0u64, 0u64);
    for r in &records {
        let len = frame_len(r);
        if r.txn() == middle {
            for at in offset..offset + len {
                flips += 1;
                let mut damaged = log.clone();
                damaged[at] ^= 0x5A;
                match Wal::recover(&damaged) {
                    Err(c) if c.offset == offset => named += 1,
                    Err(_) => {}
                    Ok(_) => skipped += 1,
                }
            }
        }
        offset += len;
    }
    let mut table = Table::new(
        "Torn-write table: the log cut and damaged, then recovered",
        [
            "case",
            "trials",
            "recovered",
            "errors",
            "panics",
            "partial transactions",
        ],
    );
    for (case, t) in [
        (
            format!(
                "cut at every byte of the last transaction ({} bytes), recovered in memory",
                log.len() - last_txn_start
            ),
            every,
        ),
        (
            "cut at seeded bytes of the last transaction, opened as a store".to_string(),
            file,
        ),
        (
            "cut at seeded random offsets, recovered in memory".to_string(),
            random,
        ),
    ] {
        table.push([
            case,
            t.trials.to_string(),
            t.recovered.to_string(),
            t.errors.to_string(),
            t.panics.to_string(),
            t.partial.to_string(),
        ]);
    }
    table.push([
        format!("every byte of transaction {middle} (mid-log) flipped"),
        flips.to_string(),
        format!("{skipped} (skipped)"),
        format!("{named} (naming the offset)"),
        "0".to_string(),
        "-".to_string(),
    ]);
    report.tables.push(table);
    let all = [every, file, random];
    let sum = |f: fn(&Tally) -> u64| all.iter().map(f).sum::<u64>();
    let cuts = sum(|t| t.trials);
    let recovered = sum(|t| t.recovered);
    let errors = sum(|t| t.errors);
    let panics = sum(|t| t.panics);
    let partial = sum(|t| t.partial);
    report.claims.push(Claim::new(
        "a torn tail, cut at any byte, recovers without a panic and without a partial transaction",
        format!("{cuts} cuts: {recovered} recovered, {errors} errors, {panics} panics, {partial} partial transactions"),
        recovered == cuts && partial == 0 && panics == 0,
    ));
    report.claims.push(Claim::new(
        "damage in the middle of the log is an error naming its offset, never skipped",
        format!(
            "{flips} flipped bytes: {named} errors naming the frame's offset, {skipped} skipped"
        ),
        flips > 0 && named == flips,
    ));
}

/// Each anomaly's verdict on `backend`, or the error that stopped the replay.
fn row_of(backend: &mut dyn Backend) -> Result<Vec<history::Verdict>, String> {
    Anomaly::ALL
        .iter()
        .map(|&a| {
            let h = History::of(a);
            history::replay(backend, &h).map(|trace| h.verdict(&trace))
        })
        .collect()
}

fn anomaly_matrix(report: &mut Report, sqlite_dir: &Path) {
    let mut header = vec!["level".to_string()];
    header.extend(Anomaly::ALL.iter().map(|a| a.name().to_string()));
    let mut table = Table::new(
        "Anomaly matrix: the Hermitage-style histories replayed (ALLOWED: the anomaly happened)",
        header,
    );
    let push = |table: &mut Table, name: String, verdicts: &[history::Verdict]| {
        let mut cells = vec![name];
        cells.extend(verdicts.iter().map(|v| v.cell().to_string()));
        table.push(cells);
    };
    // Our engine.
    let mut as_expected = 0;
    let mut mismatches = Vec::new();
    for level in Level::ALL {
        match row_of(&mut EngineBackend::new(level)) {
            Ok(verdicts) => {
                for (a, v) in Anomaly::ALL.iter().zip(&verdicts) {
                    if v.allowed() == history::expected(level, *a) {
                        as_expected += 1;
                    } else {
                        mismatches.push(format!("{level} {}", a.name()));
                    }
                }
                push(&mut table, format!("ours: {level}"), &verdicts);
            }
            Err(e) => mismatches.push(format!("{level}: {e}")),
        }
    }
    let cells = Level::ALL.len() * Anomaly::ALL.len();
    report.claims.push(Claim::new(
        "our read committed, snapshot and serializable allow exactly the anomalies Hermitage \
         records for PostgreSQL's read committed, repeatable read and serializable",
        if mismatches.is_empty() {
            format!("{as_expected} of {cells} cells as expected")
        } else {
            format!(
                "{as_expected} of {cells} as expected; differ: {}",
                mismatches.join(", ")
            )
        },
        mismatches.is_empty(),
    ));
    // SQLite.
    let _ = std::fs::create_dir_all(sqlite_dir);
    match row_of(&mut SqliteBackend::new(sqlite_dir)) {
        Ok(verdicts) => {
            let allowed: Vec<&str> = Anomaly::ALL
                .iter()
                .zip(&verdicts)
                .filter(|(_, v)| v.allowed())
                .map(|(a, _)| a.name())
                .collect();
            push(&mut table, "SQLite (WAL)".to_string(), &verdicts);
            report.claims.push(Claim::new(
                "SQLite allows none of the six: one writer at a time, and snapshot reads",
                format!(
                    "{} of 6 prevented{}",
                    6 - allowed.len(),
                    if allowed.is_empty() {
                        String::new()
                    } else {
                        format!("; allowed: {}", allowed.join(", "))
                    }
                ),
                allowed.is_empty(),
            ));
        }
        Err(e) => report.claims.push(Claim::new(
            "SQLite allows none of the six: one writer at a time, and snapshot reads",
            format!("the histories could not run on SQLite: {e}"),
            false,
        )),
    }
    // PostgreSQL, when reachable.
    match postgres_backend::url_from_env() {
        None => report.notes.push(format!(
            "The PostgreSQL rows are left out: set {} to a server's URL (`.ci/postgres start` \
             prints one) to replay the histories on its three levels.",
            postgres_backend::URL_VAR
        )),
        Some(url) => {
            let mut ok = 0;
            let mut differ = Vec::new();
            for level in Level::ALL {
                let result = PostgresBackend::connect(&url, level).and_then(|mut b| row_of(&mut b));
                match result {
                    Ok(verdicts) => {
                        for (a, v) in Anomaly::ALL.iter().zip(&verdicts) {
                            if v.allowed() == history::expected(level, *a) {
                                ok += 1;
                            } else {
                                differ.push(format!("{} {}", level.sql(), a.name()));
                            }
                        }
                        push(&mut table, format!("PostgreSQL {}", level.sql()), &verdicts);
                    }
                    Err(e) => differ.push(format!("{}: {e}", level.sql())),
                }
            }
            report.claims.push(Claim::new(
                "PostgreSQL's three levels allow what Hermitage records for them",
                if differ.is_empty() {
                    format!("{ok} of {cells} cells as expected")
                } else {
                    format!("{ok} of {cells} as expected; differ: {}", differ.join(", "))
                },
                differ.is_empty(),
            ));
        }
    }
    report.tables.push(table);
    report.notes.push(
        "prevented (wait): a write waited for the other transaction's commit and then did no \
         harm; prevented (abort): the database aborted a transaction (first committer wins, \
         a serialization failure, SQLITE_BUSY); prevented: the reads came from a snapshot."
            .to_string(),
    );
}

/// Commits `commits` transactions of one `VALUE_SIZE` value each on a fresh store in
/// `dir` with `threads` committers; the store's stats and the elapsed seconds.
fn commit_run(
    dir: &Path,
    durability: Durability,
    threads: usize,
    commits: usize,
) -> Result<(crate::Stats, f64), String> {
    let _ = std::fs::remove_dir_all(dir);
    let store = Store::open_with(
        dir,
        Options {
            durability,
            ..Options::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let value = vec![b'x'; VALUE_SIZE];
    let started = Instant::now();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let store = &store;
                let value = &value;
                s.spawn(move || -> Result<(), String> {
                    for i in (t..commits).step_by(threads) {
                        let mut txn = store.begin();
                        txn.put(format!("key/{i:08}").as_bytes(), value);
                        txn.commit().map_err(|e| e.to_string())?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().map_err(|_| "a committer panicked".to_string())?)
    })?;
    Ok((store.stats(), started.elapsed().as_secs_f64()))
}

fn commit_cost(report: &mut Report, config: &DemoConfig, dir: &Path) {
    // At least 40, so the group-commit run has committers queueing on every machine.
    let commits = (2 * config.size).max(40);
    let timed = !evidence::demo::timings_skipped();
    let rate = |secs: f64| {
        if timed {
            format!("{:.0}", commits as f64 / secs)
        } else {
            "not measured".to_string()
        }
    };
    let mut table = Table::new(
        format!("The price of durability: {commits} commits of one {VALUE_SIZE}-byte value"),
        [
            "commit path",
            "committers",
            "fsyncs",
            "fsyncs per commit",
            "commits per second",
        ],
    );
    let runs = [
        ("fsync per commit", Durability::FsyncPerCommit, 1),
        ("group commit", Durability::GroupCommit, COMMITTERS),
        ("fsync off", Durability::NoFsync, COMMITTERS),
    ];
    let mut results = Vec::new();
    for (name, durability, threads) in runs {
        match commit_run(
            &dir.join(name.replace(' ', "-")),
            durability,
            threads,
            commits,
        ) {
            Ok((stats, secs)) => {
                table.push([
                    name.to_string(),
                    threads.to_string(),
                    stats.fsyncs.to_string(),
                    format!("{:.2}", stats.fsyncs as f64 / stats.commits.max(1) as f64),
                    rate(secs),
                ]);
                results.push(Some(stats));
            }
            Err(e) => {
                table.push([
                    name.to_string(),
                    threads.to_string(),
                    e,
                    String::new(),
                    String::new(),
                ]);
                results.push(None);
            }
        }
    }
    if timed {
        let started = Instant::now();
        let sqlite = sqlite_backend::sqlite_commits(dir, commits as u64, VALUE_SIZE);
        let secs = started.elapsed().as_secs_f64();
        table.push([
            "SQLite, WAL, synchronous=FULL".to_string(),
            "1".to_string(),
            "one per commit".to_string(),
            "1".to_string(),
            match sqlite {
                Ok(()) => rate(secs),
                Err(e) => e,
            },
        ]);
    }
    report.tables.push(table);
    let commits = commits as u64;
    let [per_commit, group, off] = [&results[0], &results[1], &results[2]];
    report.claims.push(Claim::new(
        "durable commits pay one fsync each when they come one at a time",
        match per_commit {
            Some(s) => format!("{} commits, {} fsyncs", s.commits, s.fsyncs),
            None => "the run failed".to_string(),
        },
        per_commit.is_some_and(|s| s.commits == commits && s.fsyncs == commits),
    ));
    report.claims.push(Claim::new(
        "group commit shares fsyncs among concurrent commits: fewer fsyncs than commits",
        match group {
            Some(s) if s.commits == commits && s.fsyncs < commits => format!(
                "{commits} commits by {COMMITTERS} threads: fewer fsyncs than commits (the \
                 count, which depends on scheduling, is in the table)"
            ),
            Some(s) => format!("{} commits, {} fsyncs", s.commits, s.fsyncs),
            None => "the run failed".to_string(),
        },
        group.is_some_and(|s| s.commits == commits && s.fsyncs < commits),
    ));
    report.claims.push(Claim::new(
        "with fsync off no commit waits for the disk (a power cut may lose the latest ones)",
        match off {
            Some(s) => format!("{} commits, {} fsyncs", s.commits, s.fsyncs),
            None => "the run failed".to_string(),
        },
        off.is_some_and(|s| s.commits == commits && s.fsyncs == 0),
    ));
    report.notes.push(
        "Commits per second are wall-clock rates on this machine's disk, shown beside the \
         counted fsyncs; the bench (`cargo lab bench transactions`) measures the comparison \
         with SQLite properly."
            .to_string(),
    );
}

fn sqlite_journal(report: &mut Report, dir: &Path) {
    let statement = "SQLite's rollback journal undoes a transfer killed mid-transaction";
    let _ = std::fs::create_dir_all(dir);
    let Some(child) = crash::child_binary() else {
        report.claims.push(Claim::new(
            statement,
            "the child binary was not found",
            false,
        ));
        return;
    };
    match sqlite_backend::killed_transfer(&child, dir) {
        Ok(k) => {
            let (alice, bob) = k.balances_after;
            report.claims.push(Claim::new(
                statement,
                format!(
                    "Alice debited 30, then SIGKILL: hot journal left {}; after reopening Alice \
                     has {alice}, Bob {bob} (before: {}, {})",
                    if k.journal_left { "yes" } else { "no" },
                    sqlite_backend::BALANCES.0,
                    sqlite_backend::BALANCES.1
                ),
                k.journal_left && k.balances_after == sqlite_backend::BALANCES,
            ));
        }
        Err(e) => report.claims.push(Claim::new(statement, e, false)),
    }
}
