//! SQLite beside our store and engine: the anomaly histories on two connections, a
//! transfer killed mid-transaction and rolled back by SQLite's journal, and SQLite's
//! commit path with `synchronous = FULL` for the commit-rate comparison.
//!
//! SQLite is serializable by construction: one write transaction at a time (a writer
//! holds the database's write lock until it commits), and in WAL mode each reading
//! transaction reads one snapshot. With the busy timeout at zero, a second writer gets
//! `SQLITE_BUSY` at once instead of waiting, and so does a transaction that read an old
//! snapshot and then tries to write after another committed (`SQLITE_BUSY_SNAPSHOT`):
//! the histories show every anomaly prevented by an abort or by the snapshot.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, params};

use crate::history::{Backend, Id, Op, Outcome};

fn text(e: rusqlite::Error) -> String {
    e.to_string()
}

/// The histories on a SQLite database in WAL mode, one connection per transaction.
#[derive(Debug)]
pub struct SqliteBackend {
    dir: PathBuf,
    connections: Vec<Connection>,
    histories: u32,
}

impl SqliteBackend {
    /// A backend keeping its database files in `dir` (a new file per history).
    pub fn new(dir: &Path) -> Self {
        SqliteBackend {
            dir: dir.to_path_buf(),
            connections: Vec::new(),
            histories: 0,
        }
    }

    fn connection(&self, txn: usize) -> Result<&Connection, String> {
        self.connections
            .get(txn)
            .ok_or_else(|| "setup was not called".to_string())
    }
}

impl Backend for SqliteBackend {
    fn setup(&mut self, rows: &[(Id, i64)]) -> Result<(), String> {
        self.histories += 1;
        let path = self.dir.join(format!("history-{}.db", self.histories));
        let _ = std::fs::remove_file(&path);
        let setup = Connection::open(&path).map_err(text)?;
        setup
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 CREATE TABLE test (id INTEGER PRIMARY KEY, value INTEGER NOT NULL);",
            )
            .map_err(text)?;
        for (id, value) in rows {
            setup
                .execute("INSERT INTO test VALUES (?1, ?2)", params![id, value])
                .map_err(text)?;
        }
        drop(setup);
        self.connections.clear();
        for _ in 0..2 {
            let c = Connection::open(&path).map_err(text)?;
            // Fail at once instead of waiting: the replay decides what happens next.
            c.busy_timeout(Duration::ZERO).map_err(text)?;
            c.execute_batch("BEGIN").map_err(text)?;
            self.connections.push(c);
        }
        Ok(())
    }

    fn run(&mut self, txn: usize, op: Op) -> Result<Outcome, String> {
        let c = self.connection(txn)?;
        let result = match op {
            Op::Read(id) => c
                .prepare("SELECT id, value FROM test WHERE id = ?1")
                .and_then(|mut s| {
                    s.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<Result<Vec<_>, _>>()
                })
                .map(Outcome::Rows),
            Op::ReadWhere(value) => c
                .prepare("SELECT id, value FROM test WHERE value = ?1 ORDER BY id")
                .and_then(|mut s| {
                    s.query_map([value], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<Result<Vec<_>, _>>()
                })
                .map(Outcome::Rows),
            Op::Write(id, value) => c
                .execute(
                    "UPDATE test SET value = ?1 WHERE id = ?2",
                    params![value, id],
                )
                .map(|_| Outcome::Done),
            Op::Insert(id, value) => c
                .execute("INSERT INTO test VALUES (?1, ?2)", params![id, value])
                .map(|_| Outcome::Done),
            Op::Commit => c.execute_batch("COMMIT").map(|()| Outcome::Done),
            Op::Abort => c.execute_batch("ROLLBACK").map(|()| Outcome::Done),
        };
        match result {
            Ok(outcome) => Ok(outcome),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => {
                // The transaction cannot go on: roll it back, as an application would.
                let why = e.to_string();
                let _ = c.execute_batch("ROLLBACK");
                Ok(Outcome::Aborted(format!("SQLITE_BUSY ({why})")))
            }
            Err(e) => Err(text(e)),
        }
    }

    fn resume(&mut self, _txn: usize, _op: Op) -> Result<Outcome, String> {
        Err("SQLite never blocks with a zero busy timeout".to_string())
    }

    fn finish(&mut self) -> Result<Vec<(Id, i64)>, String> {
        let c = self.connection(0)?;
        let rows = c
            .prepare("SELECT id, value FROM test ORDER BY id")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(text)?;
        self.connections.clear();
        Ok(rows)
    }
}

/// Alice's and Bob's balances before the killed transfer.
pub const BALANCES: (i64, i64) = (100, 0);

/// The child's side of the killed transfer: in the database `db` (rollback-journal
/// mode, SQLite's default), begins a transaction, debits Alice 30, prints `debited`,
/// and waits to be killed before crediting Bob.
///
/// # Errors
///
/// What SQLite reported.
pub fn run_killed_transfer(db: &Path) -> Result<(), String> {
    let c = Connection::open(db).map_err(text)?;
    c.execute_batch("BEGIN IMMEDIATE").map_err(text)?;
    c.execute(
        "UPDATE accounts SET balance = balance - 30 WHERE name = 'alice'",
        [],
    )
    .map_err(text)?;
    // The page with Alice's row is now changed in SQLite's page cache; make sure it
    // reaches the database file (and the original page the journal), as it would
    // under memory pressure, so the kill leaves a half-done transfer on disk.
    c.execute_batch("PRAGMA cache_spill = 1").map_err(text)?;
    c.cache_flush().map_err(text)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "debited").map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    std::thread::sleep(Duration::from_secs(30));
    Err("nobody killed the child".to_string())
}

/// What the killed transfer left and what SQLite made of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KilledTransfer {
    /// A hot journal (`<db>-journal`) was on disk after the kill: the original pages,
    /// which the next connection plays back.
    pub journal_left: bool,
    /// Alice's and Bob's balances read after reopening the database.
    pub balances_after: (i64, i64),
}

/// Creates the accounts in `dir/bank.db`, runs `child transfer-child sqlite <db>` (the
/// demo binary, see [`crate::crash::child_binary`]), kills it with
/// SIGKILL once it has debited Alice, and reopens the database: SQLite finds the hot
/// journal and rolls the transfer back.
///
/// # Errors
///
/// When SQLite or the child fails.
pub fn killed_transfer(child: &Path, dir: &Path) -> Result<KilledTransfer, String> {
    let db = dir.join("bank.db");
    let _ = std::fs::remove_file(&db);
    {
        let c = Connection::open(&db).map_err(text)?;
        c.execute_batch(&format!(
            "CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL);
             INSERT INTO accounts VALUES ('alice', {}), ('bob', {});",
            BALANCES.0, BALANCES.1
        ))
        .map_err(text)?;
    }
    let mut process = Command::new(child)
        .arg(crate::crash::CHILD)
        .arg("sqlite")
        .arg(&db)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", child.display()))?;
    let mut line = String::new();
    let stdout = process.stdout.take().expect("stdout is piped");
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
        .map_err(|e| e.to_string())?;
    let _ = process.kill();
    let _ = process.wait();
    if line.trim() != "debited" {
        return Err(format!("the child did not debit Alice: {line:?}"));
    }
    let journal = dir.join("bank.db-journal");
    let journal_left = std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0);
    let c = Connection::open(&db).map_err(text)?;
    let balance = |name: &str| -> Result<i64, String> {
        c.query_row(
            "SELECT balance FROM accounts WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .map_err(text)
    };
    Ok(KilledTransfer {
        journal_left,
        balances_after: (balance("alice")?, balance("bob")?),
    })
}

/// Commits `commits` transactions on a SQLite database in `dir`, in WAL mode with
/// `synchronous = FULL` (a sync of the WAL at every commit), each inserting one row of
/// `value_size` bytes: the baseline for the store's commit rate.
///
/// # Errors
///
/// What SQLite reported.
pub fn sqlite_commits(dir: &Path, commits: u64, value_size: usize) -> Result<(), String> {
    let db = dir.join("commits.db");
    let _ = std::fs::remove_file(&db);
    let c = Connection::open(&db).map_err(text)?;
    c.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB NOT NULL);",
    )
    .map_err(text)?;
    let value = vec![b'x'; value_size];
    for i in 0..commits {
        c.execute(
            "INSERT OR REPLACE INTO kv VALUES (?1, ?2)",
            params![format!("key/{i:08}").as_bytes(), value],
        )
        .map_err(text)?;
    }
    Ok(())
}
