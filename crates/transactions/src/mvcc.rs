//! An in-memory multi-version engine at three isolation levels: the I of ACID, small
//! enough to read in one sitting.
//!
//! Every write makes a new version of its row, stamped with its transaction; a commit
//! stamps the transaction's versions with the next commit timestamp. A transaction
//! reads through a *snapshot*, a commit timestamp: it sees the versions committed at or
//! before it, and its own.
//!
//! - [`Level::ReadCommitted`]: a fresh snapshot for every statement.
//! - [`Level::Snapshot`]: one snapshot for the whole transaction, taken at its first
//!   statement (as PostgreSQL does), and *first committer wins*: writing a row that
//!   another transaction committed after the snapshot aborts the writer.
//! - [`Level::Serializable`]: snapshot isolation plus the check of serializable snapshot
//!   isolation (Cahill, Röhm and Fekete, 2008): the engine records each read-write
//!   conflict between concurrent transactions (T1 read a row that T2 writes: an edge
//!   T1 → T2) and aborts a transaction at commit when it has an edge in and an edge out
//!   from transactions that have not aborted, the pattern every non-serializable
//!   history under snapshot isolation contains. Predicate reads are recorded with their
//!   predicate, so an insert that matches one is a conflict too (what PostgreSQL's
//!   predicate locks do for index ranges).
//!
//! At every level a write to a row that another live transaction has written waits
//! ([`Conflict::WouldBlock`]): the engine does not block a thread, it returns, and the
//! caller retries once the other transaction ends. That is how it runs the scripted
//! histories of [`crate::history`], one step at a time.
//!
//! Simplifications against PostgreSQL: the conflict check is the basic one (PostgreSQL
//! also looks at commit order to abort fewer transactions); versions are never garbage
//! collected; there are no deadlock checks, since a caller that would wait on a cycle
//! sees `WouldBlock` from both and decides.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

pub use crate::history::Level;

/// A transaction's handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TxnId(usize);

/// Why an operation did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// The row has an uncommitted write by this transaction: retry when it ends.
    WouldBlock(TxnId),
    /// The transaction was aborted to keep its level's promise; the reason.
    Serialization(String),
    /// The transaction already committed or aborted.
    NotActive,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::WouldBlock(t) => write!(f, "waits for transaction {}", t.0),
            Conflict::Serialization(why) => write!(f, "serialization failure: {why}"),
            Conflict::NotActive => f.write_str("the transaction already ended"),
        }
    }
}

impl std::error::Error for Conflict {}

/// One version of a row.
#[derive(Debug, Clone)]
struct Version<V> {
    /// `None`: the row was deleted by this version.
    value: Option<V>,
    writer: TxnId,
    /// Set when the writer commits.
    committed_at: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Active,
    Committed(u64),
    Aborted,
}

/// A predicate a transaction read through.
type Predicate<K, V> = Box<dyn Fn(&K, &V) -> bool>;

struct TxnState<K, V> {
    level: Level,
    status: Status,
    /// The snapshot (a commit timestamp); `None` until the first statement.
    snapshot: Option<u64>,
    /// Rows read (serializable only).
    reads: BTreeSet<K>,
    /// Predicates read (serializable only).
    predicates: Vec<Predicate<K, V>>,
    /// Rows written, for commit and abort.
    writes: BTreeSet<K>,
    /// Read-write conflicts: transactions that read what this one wrote over.
    conflicts_in: BTreeSet<TxnId>,
    /// Read-write conflicts: transactions that wrote over what this one read.
    conflicts_out: BTreeSet<TxnId>,
}

/// The engine: rows of `K` to `V` with their versions, and the transactions.
///
/// ```
/// use transactions::mvcc::{Conflict, Engine, Level};
///
/// let mut db = Engine::new();
/// db.load([(1, 10), (2, 20)]);
/// let t1 = db.begin(Level::Snapshot);
/// let t2 = db.begin(Level::Snapshot);
/// assert_eq!(db.read(t1, &1), Ok(Some(10)));
/// db.write(t2, 1, 12).unwrap();
/// db.commit(t2).unwrap();
/// assert_eq!(db.read(t1, &1), Ok(Some(10))); // t1 still reads its snapshot
/// assert!(matches!(db.write(t1, 1, 11), Err(Conflict::Serialization(_)))); // first committer wins
/// ```
pub struct Engine<K, V> {
    rows: BTreeMap<K, Vec<Version<V>>>,
    txns: Vec<TxnState<K, V>>,
    /// The last commit timestamp handed out.
    clock: u64,
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Engine<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("rows", &self.rows)
            .field("transactions", &self.txns.len())
            .field("clock", &self.clock)
            .finish()
    }
}

impl<K: Ord + Clone, V: Clone> Default for Engine<K, V> {
    fn default() -> Self {
        Engine::new()
    }
}

impl<K: Ord + Clone, V: Clone> Engine<K, V> {
    /// An empty engine.
    pub fn new() -> Self {
        Engine {
            rows: BTreeMap::new(),
            txns: Vec::new(),
            clock: 0,
        }
    }

    /// Loads `rows` as one committed transaction.
    pub fn load(&mut self, rows: impl IntoIterator<Item = (K, V)>) {
        let t = self.begin(Level::ReadCommitted);
        for (k, v) in rows {
            self.write(t, k, v)
                .expect("a lone transaction never conflicts");
        }
        self.commit(t).expect("a lone transaction never conflicts");
    }

    /// Starts a transaction at `level`.
    pub fn begin(&mut self, level: Level) -> TxnId {
        self.txns.push(TxnState {
            level,
            status: Status::Active,
            snapshot: None,
            reads: BTreeSet::new(),
            predicates: Vec::new(),
            writes: BTreeSet::new(),
            conflicts_in: BTreeSet::new(),
            conflicts_out: BTreeSet::new(),
        });
        TxnId(self.txns.len() - 1)
    }

    /// The value of `key` as `t` sees it.
    ///
    /// # Errors
    ///
    /// [`Conflict::NotActive`] if `t` ended.
    ///
    /// # Panics
    ///
    /// If `t` is not from this engine.
    pub fn read(&mut self, t: TxnId, key: &K) -> Result<Option<V>, Conflict> {
        let snapshot = self.statement(t)?;
        let value = self.visible(t, snapshot, key);
        if self.txns[t.0].level == Level::Serializable {
            self.txns[t.0].reads.insert(key.clone());
            let newer = self.newer_writers(t, snapshot, key, |_| true);
            for writer in newer {
                self.conflict(t, writer);
            }
        }
        Ok(value)
    }

    /// The rows `(key, value)` whose value satisfies `predicate`, as `t` sees them, in
    /// key order.
    ///
    /// # Errors
    ///
    /// [`Conflict::NotActive`] if `t` ended.
    pub fn read_where(
        &mut self,
        t: TxnId,
        predicate: impl Fn(&K, &V) -> bool + 'static,
    ) -> Result<Vec<(K, V)>, Conflict> {
        let snapshot = self.statement(t)?;
        let keys: Vec<K> = self.rows.keys().cloned().collect();
        let mut out = Vec::new();
        let mut writers = BTreeSet::new();
        for key in keys {
            if let Some(v) = self.visible(t, snapshot, &key)
                && predicate(&key, &v)
            {
                out.push((key.clone(), v));
            }
            if self.txns[t.0].level == Level::Serializable {
                writers.extend(
                    self.newer_writers(t, snapshot, &key, |v| {
                        v.is_some_and(|v| predicate(&key, v))
                    }),
                );
            }
        }
        if self.txns[t.0].level == Level::Serializable {
            for writer in writers {
                self.conflict(t, writer);
            }
            self.txns[t.0].predicates.push(Box::new(predicate));
        }
        Ok(out)
    }

    /// Sets `key` to `value` in `t` (inserting the row if it has none).
    ///
    /// # Errors
    ///
    /// [`Conflict::WouldBlock`] if another live transaction wrote the row (nothing
    /// changed: retry when it ends); [`Conflict::Serialization`] at snapshot or
    /// serializable if a transaction committed a write to the row after `t`'s snapshot
    /// (`t` is aborted); [`Conflict::NotActive`] if `t` ended.
    pub fn write(&mut self, t: TxnId, key: K, value: V) -> Result<(), Conflict> {
        self.put(t, key, Some(value))
    }

    /// Deletes `key`'s row in `t`; errors as [`write`](Engine::write).
    ///
    /// # Errors
    ///
    /// As [`write`](Engine::write).
    pub fn delete(&mut self, t: TxnId, key: K) -> Result<(), Conflict> {
        self.put(t, key, None)
    }

    /// Commits `t`.
    ///
    /// # Errors
    ///
    /// [`Conflict::Serialization`] at serializable when `t` has read-write conflicts
    /// both in and out with transactions that did not abort (`t` is aborted instead);
    /// [`Conflict::NotActive`] if `t` ended.
    pub fn commit(&mut self, t: TxnId) -> Result<(), Conflict> {
        self.active(t)?;
        let live = |ids: &BTreeSet<TxnId>, txns: &[TxnState<K, V>]| {
            ids.iter().any(|id| txns[id.0].status != Status::Aborted)
        };
        let state = &self.txns[t.0];
        if state.level == Level::Serializable
            && live(&state.conflicts_in, &self.txns)
            && live(&state.conflicts_out, &self.txns)
        {
            self.abort(t);
            return Err(Conflict::Serialization(
                "read-write conflicts in and out: no serial order fits".to_string(),
            ));
        }
        self.clock += 1;
        let at = self.clock;
        for key in &self.txns[t.0].writes {
            if let Some(v) = self
                .rows
                .get_mut(key)
                .and_then(|versions| versions.last_mut())
            {
                v.committed_at = Some(at);
            }
        }
        self.txns[t.0].status = Status::Committed(at);
        Ok(())
    }

    /// Aborts `t`, removing its versions. Aborting an ended transaction does nothing.
    pub fn abort(&mut self, t: TxnId) {
        if self.txns[t.0].status != Status::Active {
            return;
        }
        for key in std::mem::take(&mut self.txns[t.0].writes) {
            if let Some(versions) = self.rows.get_mut(&key) {
                versions.retain(|v| v.writer != t);
                if versions.is_empty() {
                    self.rows.remove(&key);
                }
            }
        }
        self.txns[t.0].status = Status::Aborted;
    }

    /// Every row's latest committed value, in key order.
    pub fn committed(&self) -> Vec<(K, V)> {
        self.rows
            .iter()
            .filter_map(|(k, versions)| {
                versions
                    .iter()
                    .rev()
                    .find(|v| v.committed_at.is_some())
                    .and_then(|v| v.value.clone())
                    .map(|v| (k.clone(), v))
            })
            .collect()
    }

    fn active(&self, t: TxnId) -> Result<(), Conflict> {
        match self.txns[t.0].status {
            Status::Active => Ok(()),
            _ => Err(Conflict::NotActive),
        }
    }

    /// Starts a statement of `t`: its snapshot (fresh each time at read committed).
    fn statement(&mut self, t: TxnId) -> Result<u64, Conflict> {
        self.active(t)?;
        let clock = self.clock;
        let state = &mut self.txns[t.0];
        if state.level == Level::ReadCommitted || state.snapshot.is_none() {
            state.snapshot = Some(clock);
        }
        Ok(state.snapshot.unwrap_or(clock))
    }

    fn visible(&self, t: TxnId, snapshot: u64, key: &K) -> Option<V> {
        self.rows
            .get(key)?
            .iter()
            .rev()
            .find(|v| v.writer == t || v.committed_at.is_some_and(|at| at <= snapshot))
            .and_then(|v| v.value.clone())
    }

    /// The transactions that wrote versions of `key` that `t` cannot see (committed
    /// after its snapshot, or not yet committed), whose value `matches`.
    fn newer_writers(
        &self,
        t: TxnId,
        snapshot: u64,
        key: &K,
        matches: impl Fn(Option<&V>) -> bool,
    ) -> Vec<TxnId> {
        let Some(versions) = self.rows.get(key) else {
            return Vec::new();
        };
        versions
            .iter()
            .filter(|v| v.writer != t && v.committed_at.is_none_or(|at| at > snapshot))
            .filter(|v| matches(v.value.as_ref()))
            .map(|v| v.writer)
            .filter(|w| self.txns[w.0].level == Level::Serializable)
            .collect()
    }

    /// Records the read-write conflict `reader` → `writer`.
    fn conflict(&mut self, reader: TxnId, writer: TxnId) {
        if reader == writer {
            return;
        }
        self.txns[reader.0].conflicts_out.insert(writer);
        self.txns[writer.0].conflicts_in.insert(reader);
    }

    fn put(&mut self, t: TxnId, key: K, value: Option<V>) -> Result<(), Conflict> {
        let snapshot = self.statement(t)?;
        if let Some(latest) = self.rows.get(&key).and_then(|v| v.last()) {
            if latest.writer != t && latest.committed_at.is_none() {
                return Err(Conflict::WouldBlock(latest.writer));
            }
            let level = self.txns[t.0].level;
            if level != Level::ReadCommitted
                && latest.writer != t
                && latest.committed_at.is_some_and(|at| at > snapshot)
            {
                self.abort(t);
                return Err(Conflict::Serialization(
                    "could not serialize access due to concurrent update".to_string(),
                ));
            }
        }
        if self.txns[t.0].level == Level::Serializable {
            // Concurrent serializable readers of this row, or of a predicate the old or
            // the new value satisfies: edges reader → t.
            let old = self.visible(t, snapshot, &key);
            let readers: Vec<TxnId> = (0..self.txns.len())
                .map(TxnId)
                .filter(|&r| r != t && self.concurrent(r, t))
                .filter(|&r| {
                    let state = &self.txns[r.0];
                    state.reads.contains(&key)
                        || state.predicates.iter().any(|p| {
                            old.as_ref().is_some_and(|v| p(&key, v))
                                || value.as_ref().is_some_and(|v| p(&key, v))
                        })
                })
                .collect();
            for r in readers {
                self.conflict(r, t);
            }
        }
        let versions = self.rows.entry(key.clone()).or_default();
        match versions.last_mut() {
            Some(own) if own.writer == t => own.value = value,
            _ => versions.push(Version {
                value,
                writer: t,
                committed_at: None,
            }),
        }
        self.txns[t.0].writes.insert(key);
        Ok(())
    }

    /// Whether serializable transaction `r` overlaps `t`: `r` has not aborted and did
    /// not commit before `t`'s snapshot.
    fn concurrent(&self, r: TxnId, t: TxnId) -> bool {
        let state = &self.txns[r.0];
        if state.level != Level::Serializable {
            return false;
        }
        match state.status {
            Status::Aborted => false,
            Status::Active => true,
            Status::Committed(at) => self.txns[t.0].snapshot.is_none_or(|s| at > s),
        }
    }
}

/// Runs the [`crate::history`] scripts on the engine at one level.
#[derive(Debug)]
pub struct EngineBackend {
    level: Level,
    engine: Engine<i64, i64>,
    txns: [Option<TxnId>; 2],
}

impl EngineBackend {
    /// A backend whose two transactions run at `level`.
    pub fn new(level: Level) -> Self {
        EngineBackend {
            level,
            engine: Engine::new(),
            txns: [None, None],
        }
    }
}

impl crate::history::Backend for EngineBackend {
    fn setup(&mut self, rows: &[(i64, i64)]) -> Result<(), String> {
        self.engine = Engine::new();
        self.engine.load(rows.iter().copied());
        self.txns = [
            Some(self.engine.begin(self.level)),
            Some(self.engine.begin(self.level)),
        ];
        Ok(())
    }

    fn run(
        &mut self,
        txn: usize,
        op: crate::history::Op,
    ) -> Result<crate::history::Outcome, String> {
        use crate::history::{Op, Outcome};
        let t = self.txns[txn].ok_or("setup was not called")?;
        let result = match op {
            Op::Read(id) => self
                .engine
                .read(t, &id)
                .map(|v| Outcome::Rows(v.map(|v| (id, v)).into_iter().collect())),
            Op::ReadWhere(value) => self
                .engine
                .read_where(t, move |_, v| *v == value)
                .map(Outcome::Rows),
            Op::Write(id, v) | Op::Insert(id, v) => {
                self.engine.write(t, id, v).map(|()| Outcome::Done)
            }
            Op::Commit => self.engine.commit(t).map(|()| Outcome::Done),
            Op::Abort => {
                self.engine.abort(t);
                Ok(Outcome::Done)
            }
        };
        match result {
            Ok(outcome) => Ok(outcome),
            Err(Conflict::WouldBlock(_)) => Ok(Outcome::Blocked),
            Err(Conflict::Serialization(why)) => Ok(Outcome::Aborted(why)),
            Err(Conflict::NotActive) => Ok(Outcome::Skipped),
        }
    }

    fn resume(
        &mut self,
        txn: usize,
        op: crate::history::Op,
    ) -> Result<crate::history::Outcome, String> {
        // Nothing changed when the step blocked, so trying it again is resuming it.
        self.run(txn, op)
    }

    fn finish(&mut self) -> Result<Vec<(i64, i64)>, String> {
        Ok(self.engine.committed())
    }
}
