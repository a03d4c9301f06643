//! Isolation anomalies as data, in the style of Kleppmann's Hermitage: each
//! [`History`] is two transactions' steps, interleaved by a script, on a table
//! `test(id, value)`; [`replay`] runs it on any [`Backend`] (the [`crate::mvcc`] engine
//! at one of its levels, SQLite, PostgreSQL) and [`History::verdict`] says whether the
//! anomaly happened, and if not, what stopped it.
//!
//! A step that would wait for a lock is *blocked*: the script goes on with the other
//! transaction, and the blocked step (and the steps queued behind it) resume when it can
//! proceed, as they would on two database connections.
//!
//! The expectations ([`expected`]) are the anomalies each level permits, as Hermitage
//! records them for PostgreSQL's three levels (read committed, repeatable read, which is
//! snapshot isolation, and serializable), the levels our engine models; SQLite permits
//! none, since one writer at a time and snapshot reads make it serializable.

use std::collections::VecDeque;
use std::fmt;

/// A row id in the `test` table.
pub type Id = i64;

/// The isolation levels the engine and PostgreSQL run the histories at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Each statement reads the latest committed data; writes wait for writes.
    ReadCommitted,
    /// Each transaction reads one snapshot; the second of two concurrent writers of a
    /// row aborts (first committer wins). PostgreSQL calls it repeatable read.
    Snapshot,
    /// Snapshot isolation plus serializable snapshot isolation's check: a transaction
    /// with read-write conflicts both in and out aborts.
    Serializable,
}

impl Level {
    /// The three levels, weakest first.
    pub const ALL: [Level; 3] = [Level::ReadCommitted, Level::Snapshot, Level::Serializable];

    /// The level's name in SQL (`SET TRANSACTION ISOLATION LEVEL ...`), as PostgreSQL
    /// spells it.
    pub fn sql(self) -> &'static str {
        match self {
            Level::ReadCommitted => "READ COMMITTED",
            Level::Snapshot => "REPEATABLE READ",
            Level::Serializable => "SERIALIZABLE",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::ReadCommitted => "read committed",
            Level::Snapshot => "snapshot",
            Level::Serializable => "serializable",
        })
    }
}

/// One statement of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `SELECT value FROM test WHERE id = ?`
    Read(Id),
    /// `SELECT id, value FROM test WHERE value = ?`: a predicate read.
    ReadWhere(i64),
    /// `UPDATE test SET value = ? WHERE id = ?` (id, value).
    Write(Id, i64),
    /// `INSERT INTO test (id, value) VALUES (?, ?)`.
    Insert(Id, i64),
    /// `COMMIT`.
    Commit,
    /// `ROLLBACK`.
    Abort,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Read(id) => write!(f, "read row {id}"),
            Op::ReadWhere(v) => write!(f, "read rows where value = {v}"),
            Op::Write(id, v) => write!(f, "set row {id} to {v}"),
            Op::Insert(id, v) => write!(f, "insert row {id} = {v}"),
            Op::Commit => f.write_str("commit"),
            Op::Abort => f.write_str("abort"),
        }
    }
}

/// A step of a history: transaction 0 or 1 runs `op`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Which transaction: 0 (T1) or 1 (T2).
    pub txn: usize,
    /// What it runs.
    pub op: Op,
}

/// The anomalies, each a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anomaly {
    /// G0: two transactions overwrite each other's uncommitted writes, and the result
    /// mixes them.
    DirtyWrite,
    /// G1a: a transaction reads a write that is later rolled back.
    DirtyRead,
    /// G-single: a transaction reads one row before and another after a concurrent
    /// transfer committed, and sees money missing (non-repeatable read's consequence).
    ReadSkew,
    /// P4: two read-modify-write cycles on one row both commit; one increment is lost.
    LostUpdate,
    /// G2-item: each transaction checks two rows, writes a different one, and both
    /// commit: the on-call doctors both go off call.
    WriteSkew,
    /// A predicate read returns a different set of rows the second time, because a
    /// concurrent transaction inserted a matching row.
    Phantom,
}

impl Anomaly {
    /// Every anomaly, in the order of the matrix's columns.
    pub const ALL: [Anomaly; 6] = [
        Anomaly::DirtyWrite,
        Anomaly::DirtyRead,
        Anomaly::ReadSkew,
        Anomaly::LostUpdate,
        Anomaly::WriteSkew,
        Anomaly::Phantom,
    ];

    /// A short name for the matrix's header.
    pub fn name(self) -> &'static str {
        match self {
            Anomaly::DirtyWrite => "dirty write",
            Anomaly::DirtyRead => "dirty read",
            Anomaly::ReadSkew => "read skew",
            Anomaly::LostUpdate => "lost update",
            Anomaly::WriteSkew => "write skew",
            Anomaly::Phantom => "phantom",
        }
    }
}

/// A scripted two-transaction history for one anomaly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The anomaly it provokes.
    pub anomaly: Anomaly,
    /// The table's rows before it starts.
    pub initial: Vec<(Id, i64)>,
    /// The interleaved steps.
    pub steps: Vec<Step>,
}

fn t1(op: Op) -> Step {
    Step { txn: 0, op }
}

fn t2(op: Op) -> Step {
    Step { txn: 1, op }
}

impl History {
    /// The history that provokes `anomaly`.
    pub fn of(anomaly: Anomaly) -> History {
        use Op::*;
        let hermitage = vec![(1, 10), (2, 20)];
        let (initial, steps) = match anomaly {
            Anomaly::DirtyWrite => (
                hermitage,
                vec![
                    t1(Write(1, 11)),
                    t2(Write(1, 12)),
                    t1(Write(2, 21)),
                    t1(Commit),
                    t2(Write(2, 22)),
                    t2(Commit),
                ],
            ),
            Anomaly::DirtyRead => (
                hermitage,
                vec![
                    t1(Write(1, 101)),
                    t2(Read(1)),
                    t1(Abort),
                    t2(Read(1)),
                    t2(Commit),
                ],
            ),
            Anomaly::ReadSkew => (
                hermitage,
                vec![
                    t1(Read(1)),
                    t2(Read(1)),
                    t2(Read(2)),
                    t2(Write(1, 12)),
                    t2(Write(2, 18)),
                    t2(Commit),
                    t1(Read(2)),
                    t1(Commit),
                ],
            ),
            Anomaly::LostUpdate => (
                hermitage,
                vec![
                    t1(Read(1)),
                    t2(Read(1)),
                    t1(Write(1, 11)),
                    t2(Write(1, 11)),
                    t1(Commit),
                    t2(Commit),
                ],
            ),
            // Rows 1 and 2 are two doctors, value 1 meaning on call.
            Anomaly::WriteSkew => (
                vec![(1, 1), (2, 1)],
                vec![
                    t1(Read(1)),
                    t1(Read(2)),
                    t2(Read(1)),
                    t2(Read(2)),
                    t1(Write(1, 0)),
                    t2(Write(2, 0)),
                    t1(Commit),
                    t2(Commit),
                ],
            ),
            Anomaly::Phantom => (
                hermitage,
                vec![
                    t1(ReadWhere(30)),
                    t2(Insert(3, 30)),
                    t2(Commit),
                    t1(ReadWhere(30)),
                    t1(Commit),
                ],
            ),
        };
        History {
            anomaly,
            initial,
            steps,
        }
    }

    /// Whether the anomaly happened in `trace`, and if not, what prevented it.
    pub fn verdict(&self, trace: &Trace) -> Verdict {
        let rows = |i: usize| match &trace.outcomes[i] {
            Outcome::Rows(rows) => Some(rows.clone()),
            _ => None,
        };
        let value = |i: usize| rows(i).and_then(|r| r.first().map(|&(_, v)| v));
        let happened = match self.anomaly {
            Anomaly::DirtyWrite => trace.final_rows == [(1, 12), (2, 21)],
            Anomaly::DirtyRead => value(1) == Some(101),
            Anomaly::ReadSkew => value(0) == Some(10) && value(6) == Some(18),
            Anomaly::LostUpdate | Anomaly::WriteSkew => trace.committed == [true, true],
            Anomaly::Phantom => rows(0).is_some() && rows(3).is_some() && rows(0) != rows(3),
        };
        if happened {
            return Verdict::Allowed;
        }
        if let Some((i, why)) = trace
            .outcomes
            .iter()
            .enumerate()
            .find_map(|(i, o)| match o {
                Outcome::Aborted(why) => Some((i, why.clone())),
                _ => None,
            })
        {
            let txn = self.steps[i].txn + 1;
            return Verdict::Aborted(format!("T{txn} aborted at step {}: {why}", i + 1));
        }
        if let Some(i) = trace.waited.first() {
            let txn = self.steps[*i].txn + 1;
            return Verdict::Waited(format!("T{txn} waited at step {}", i + 1));
        }
        Verdict::Isolated
    }
}

/// What one step returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A read's rows, `(id, value)`, by id.
    Rows(Vec<(Id, i64)>),
    /// A write, commit or abort that succeeded.
    Done,
    /// The step waits for a lock another transaction holds (only while replaying).
    Blocked,
    /// The database aborted the transaction (a serialization failure, a deadlock, a
    /// busy database): the reason. The transaction's later steps are skipped.
    Aborted(String),
    /// The step was not run: its transaction had already aborted.
    Skipped,
}

/// What replaying a history recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    /// Each step's outcome, by step index.
    pub outcomes: Vec<Outcome>,
    /// The steps that had to wait, in the order they blocked.
    pub waited: Vec<usize>,
    /// Whether each transaction committed.
    pub committed: [bool; 2],
    /// The table's committed rows afterwards, by id.
    pub final_rows: Vec<(Id, i64)>,
}

/// How a history ended, for the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The anomaly happened.
    Allowed,
    /// The database aborted a transaction instead: which, where, why.
    Aborted(String),
    /// A transaction waited for the other's commit and then did no harm.
    Waited(String),
    /// Neither: the reads came from a snapshot or committed data only.
    Isolated,
}

impl Verdict {
    /// Whether the anomaly happened.
    pub fn allowed(&self) -> bool {
        *self == Verdict::Allowed
    }

    /// One word for the matrix.
    pub fn cell(&self) -> &'static str {
        match self {
            Verdict::Allowed => "ALLOWED",
            Verdict::Aborted(_) => "prevented (abort)",
            Verdict::Waited(_) => "prevented (wait)",
            Verdict::Isolated => "prevented",
        }
    }
}

/// A database the histories run on: two transactions, `test(id, value)`.
pub trait Backend {
    /// A fresh `test` table holding `rows`, and both transactions begun.
    ///
    /// # Errors
    ///
    /// When the database refuses, as text.
    fn setup(&mut self, rows: &[(Id, i64)]) -> Result<(), String>;

    /// Runs `op` in transaction `txn`: [`Outcome::Blocked`] if it must wait, and then
    /// the replay calls [`resume`](Backend::resume) until it does not.
    ///
    /// # Errors
    ///
    /// When the database fails in a way that is no isolation outcome (a lost
    /// connection, bad SQL).
    fn run(&mut self, txn: usize, op: Op) -> Result<Outcome, String>;

    /// The blocked step of `txn`, tried again (or, for a database that really waits,
    /// checked): [`Outcome::Blocked`] while it still waits.
    ///
    /// # Errors
    ///
    /// As [`run`](Backend::run).
    fn resume(&mut self, txn: usize, op: Op) -> Result<Outcome, String>;

    /// The table's committed rows after both transactions ended, by id; the table is
    /// dropped.
    ///
    /// # Errors
    ///
    /// As [`run`](Backend::run).
    fn finish(&mut self) -> Result<Vec<(Id, i64)>, String>;
}

/// Replays `history` on `backend`: steps in script order, a blocked step and those
/// after it in its transaction held back until it resumes.
///
/// # Errors
///
/// When the backend fails, or both transactions wait for each other with no way out
/// (the backend should have aborted one).
pub fn replay(backend: &mut dyn Backend, history: &History) -> Result<Trace, String> {
    backend.setup(&history.initial)?;
    let steps = &history.steps;
    let mut trace = Trace {
        outcomes: vec![Outcome::Skipped; steps.len()],
        waited: Vec::new(),
        committed: [false, false],
        final_rows: Vec::new(),
    };
    // Per transaction: the blocked step, if any, and the steps queued behind it.
    let mut blocked: [Option<usize>; 2] = [None, None];
    let mut queued: [VecDeque<usize>; 2] = [VecDeque::new(), VecDeque::new()];
    let mut ended = [false, false];

    let record = |trace: &mut Trace, ended: &mut [bool; 2], i: usize, outcome: Outcome| {
        let txn = steps[i].txn;
        match (&outcome, steps[i].op) {
            (Outcome::Aborted(_), _) | (Outcome::Done, Op::Abort) => ended[txn] = true,
            (Outcome::Done, Op::Commit) => {
                ended[txn] = true;
                trace.committed[txn] = true;
            }
            _ => {}
        }
        trace.outcomes[i] = outcome;
    };

    for i in 0..steps.len() {
        let txn = steps[i].txn;
        if blocked[txn].is_some() {
            queued[txn].push_back(i);
            continue;
        }
        if ended[txn] {
            continue;
        }
        let outcome = backend.run(txn, steps[i].op)?;
        if outcome == Outcome::Blocked {
            blocked[txn] = Some(i);
            trace.waited.push(i);
        } else {
            record(&mut trace, &mut ended, i, outcome);
        }
        // The other transaction's blocked step may proceed now.
        let mut stalled_rounds = 0;
        loop {
            let mut progressed = false;
            for other in 0..2 {
                let Some(b) = blocked[other] else { continue };
                let outcome = backend.resume(other, steps[b].op)?;
                if outcome == Outcome::Blocked {
                    continue;
                }
                progressed = true;
                blocked[other] = None;
                record(&mut trace, &mut ended, b, outcome);
                while let Some(q) = queued[other].pop_front() {
                    if ended[other] {
                        continue;
                    }
                    let outcome = backend.run(other, steps[q].op)?;
                    if outcome == Outcome::Blocked {
                        blocked[other] = Some(q);
                        trace.waited.push(q);
                        break;
                    }
                    record(&mut trace, &mut ended, q, outcome);
                }
            }
            let script_done = i + 1 == steps.len();
            if progressed {
                stalled_rounds = 0;
                continue;
            }
            if !script_done || blocked.iter().all(Option::is_none) {
                break;
            }
            // The script is over and something still waits: give a database that
            // really waits a few more checks before calling it a deadlock.
            stalled_rounds += 1;
            if stalled_rounds > 50 {
                return Err(format!(
                    "{}: both transactions wait and nothing aborts one (a deadlock the \
                     backend did not break)",
                    history.anomaly.name()
                ));
            }
        }
    }
    trace.final_rows = backend.finish()?;
    Ok(trace)
}

/// Whether `level` permits `anomaly`: Hermitage's results for PostgreSQL, whose read
/// committed, repeatable read (snapshot isolation) and serializable (serializable
/// snapshot isolation) our engine's three levels model.
pub fn expected(level: Level, anomaly: Anomaly) -> bool {
    use Anomaly::*;
    match level {
        Level::ReadCommitted => matches!(anomaly, ReadSkew | LostUpdate | WriteSkew | Phantom),
        Level::Snapshot => anomaly == WriteSkew,
        Level::Serializable => false,
    }
}
