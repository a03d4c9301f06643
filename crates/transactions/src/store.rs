//! A durable key-value store on a write-ahead log: the A and the D of ACID.
//!
//! Every committed transaction is a run of frames (its puts and deletes, then its commit
//! record, see [`transactions_contract`]) appended to `wal.log` in the store's
//! directory; `commit` returns only after the log is flushed to stable storage with
//! `fdatasync`. The data lives in memory, rebuilt from the log by [`Store::open`]:
//! recovery replays committed transactions, drops those whose commit record is missing,
//! truncates a torn tail and refuses a log damaged in the middle.
//!
//! The log file is *preallocated*: filled with zeros a mebibyte ahead of the writes, as
//! PostgreSQL zero-fills each 16 MB WAL segment before using it. A commit then
//! overwrites blocks the file already has, and its `fdatasync` flushes the data alone;
//! appending instead changes the file's length at every commit, and every sync must also
//! commit that change through the file system's journal. Recovery reads zeros as never
//! written (see the contract's rules), so a crash mid-write is a torn tail either way.
//!
//! Production stores checkpoint (write the data out and start a new log) so that
//! recovery does not replay the whole history, and keep the data in pages on disk rather
//! than in memory; this store keeps the one log, which is what the lesson needs.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::num::NonZeroUsize;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, RwLock};

use transactions_contract::{Corruption, Record, WriteAheadLog};

use crate::wal::Wal;

/// The log's file name inside the store's directory.
pub const LOG_FILE: &str = "wal.log";

/// How far ahead of the writes the log file is filled with zeros.
pub const PREALLOCATE: u64 = 1 << 20;

/// When `commit` waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// Every commit writes its frames and flushes them itself: one `fdatasync` per
    /// commit, the committers queue on the log's lock.
    FsyncPerCommit,
    /// Commits that arrive while a flush is in progress queue up, and the next flush
    /// writes and syncs them all at once; each `commit` still returns only after the
    /// flush that covers its frames. With one committer at a time this is the same as
    /// [`FsyncPerCommit`](Durability::FsyncPerCommit).
    #[default]
    GroupCommit,
    /// Commits write to the operating system and never flush: a process crash loses
    /// nothing, a power cut loses the latest commits (never a part of one). The price
    /// of durability, measured: PostgreSQL's `synchronous_commit = off` is this trade.
    NoFsync,
}

/// How a store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// When `commit` waits for the disk; group commit by default.
    pub durability: Durability,
    /// Write each flush in chunks of this many bytes, one system call each, instead of
    /// one call. For crash tests: a process killed between two calls leaves a torn
    /// frame at the end of the log, which a single `write` of a few hundred bytes almost
    /// never does. `None` (the default) writes in one call.
    pub write_chunk: Option<NonZeroUsize>,
}

/// What the store counted since it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Transactions committed with at least one write (read-only ones log nothing).
    pub commits: u64,
    /// Flushes of the log to stable storage (`fdatasync` calls).
    pub fsyncs: u64,
    /// Bytes appended to the log.
    pub log_bytes: u64,
}

/// What [`Store::open`] found in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recovered {
    /// Committed transactions replayed.
    pub committed: usize,
    /// Transactions with writes in the log but no commit record, discarded.
    pub discarded: usize,
    /// Bytes of a torn tail found after the last valid frame (anything but the zeros of
    /// the preallocated space), overwritten with zeros before the first new commit.
    pub torn_bytes: u64,
}

/// Why the store cannot open or commit.
#[derive(Debug)]
pub enum StoreError {
    /// The file system refused: the path and the error.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The log is damaged before its tail; nothing was changed.
    Corrupt {
        /// The log file.
        path: PathBuf,
        /// Where and how.
        source: Corruption,
    },
    /// An earlier flush of the log failed, so the store accepts no more commits: after
    /// a failed `fsync` the kernel may have dropped the unwritten pages, and retrying
    /// could acknowledge data that is not on disk. Reopen the store to recover.
    Poisoned(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            StoreError::Corrupt { path, source } => write!(f, "{}: {source}", path.display()),
            StoreError::Poisoned(why) => write!(
                f,
                "the store accepts no more commits after a failed log flush ({why}); reopen \
                 it to recover from the log"
            ),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            StoreError::Corrupt { source, .. } => Some(source),
            StoreError::Poisoned(_) => None,
        }
    }
}

/// A durable key-value store: byte-string keys and values, transactions that commit
/// all their writes or none, and commits that survive a crash once acknowledged.
///
/// One process may open a directory at a time (production stores take a lock file; this
/// one trusts its caller). The store is `Sync`: threads share it by reference, and
/// concurrent commits share flushes under [`Durability::GroupCommit`].
///
/// ```
/// use transactions::Store;
///
/// let dir = tempfile::tempdir().unwrap();
/// let store = Store::open(dir.path()).unwrap();
/// let mut txn = store.begin();
/// txn.put(b"alice", b"70");
/// txn.put(b"bob", b"80");
/// txn.commit().unwrap(); // returns after the log is on disk
/// drop(store);
///
/// let store = Store::open(dir.path()).unwrap(); // replays the log
/// assert_eq!(store.get(b"bob"), Some(b"80".to_vec()));
/// ```
#[derive(Debug)]
pub struct Store {
    /// Every key's committed value: the log's committed prefix, replayed. A batch is
    /// applied here after its flush, so a reader never sees a write that a crash could
    /// still take back.
    data: RwLock<BTreeMap<Vec<u8>, Vec<u8>>>,
    log: Mutex<LogState>,
    /// Signalled when a flush ends.
    flushed: Condvar,
    file: File,
    path: PathBuf,
    options: Options,
    /// The next transaction id: above every id in the log, so a discarded
    /// transaction's records never meet a later commit record.
    next_txn: AtomicU64,
    commits: AtomicU64,
    fsyncs: AtomicU64,
    log_bytes: AtomicU64,
    recovered: Recovered,
}

/// The group-commit queue, behind the log's lock.
#[derive(Debug, Default)]
struct LogState {
    /// Where the next frame goes: the end of the last valid frame.
    end: u64,
    /// The file's length: zeros from `end` up to here.
    allocated: u64,
    /// Frames of commits waiting for the next flush, in commit order.
    queued: Vec<u8>,
    /// Their writes, applied to the data after the flush.
    queued_writes: Vec<Writes>,
    /// Sequence number of the last queued commit (commits are numbered from 1).
    queued_seq: u64,
    /// Every commit numbered up to this one is on disk.
    durable_seq: u64,
    /// A leader is writing and syncing a batch.
    flushing: bool,
    /// Set by a failed flush; no commit succeeds after it.
    failed: Option<String>,
}

/// A transaction's writes: each key's last write, `None` for a delete.
type Writes = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

impl Store {
    /// Opens (or creates) the store in `dir` with [`Options::default`]: group commit.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when the directory or log cannot be created, read or
    /// truncated; [`StoreError::Corrupt`] when the log is damaged before its tail.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_with(dir, Options::default())
    }

    /// Opens (or creates) the store in `dir`: reads `wal.log`, replays its committed
    /// transactions, and overwrites a torn tail with zeros (syncing that before any new
    /// frame is written after the last valid one).
    ///
    /// # Errors
    ///
    /// As [`Store::open`].
    pub fn open_with(dir: &Path, options: Options) -> Result<Store, StoreError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join(LOG_FILE);
        let existed = path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        if !existed {
            // The new file's directory entry must be durable too, or a crash could lose
            // the whole log along with the commits in it.
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(io(dir))?;
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(io(&path))?;
        let recovery = Wal::recover(&bytes).map_err(|source| StoreError::Corrupt {
            path: path.clone(),
            source,
        })?;
        // The torn tail: from the last valid frame to the last byte that is not zero.
        let tail = &bytes[recovery.valid_len..];
        let torn_bytes = tail
            .iter()
            .rposition(|&b| b != 0)
            .map_or(0, |last| last + 1);
        if torn_bytes > 0 {
            // Left in place, the torn bytes would sit after the next commit's frames and
            // read as damage at the next recovery.
            file.write_all_at(&vec![0; torn_bytes], recovery.valid_len as u64)
                .and_then(|()| file.sync_data())
                .map_err(io(&path))?;
        }
        Ok(Store {
            data: RwLock::new(recovery.data),
            log: Mutex::new(LogState {
                end: recovery.valid_len as u64,
                allocated: bytes.len() as u64,
                ..LogState::default()
            }),
            flushed: Condvar::new(),
            file,
            path,
            options,
            next_txn: AtomicU64::new(recovery.last_txn + 1),
            commits: AtomicU64::new(0),
            fsyncs: AtomicU64::new(0),
            log_bytes: AtomicU64::new(0),
            recovered: Recovered {
                committed: recovery.committed,
                discarded: recovery.discarded,
                torn_bytes: torn_bytes as u64,
            },
        })
    }

    /// Starts a transaction. It buffers its writes and sees them in its own reads; it
    /// reads other transactions' committed data as of each read (read committed), and
    /// its writes reach the store all at once at commit. Isolation levels beyond that
    /// are the subject of [`crate::mvcc`].
    pub fn begin(&self) -> Txn<'_> {
        Txn {
            store: self,
            writes: Writes::new(),
        }
    }

    /// The committed value of `key`.
    pub fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.read_data().get(key).cloned()
    }

    /// The number of keys with a committed value.
    pub fn len(&self) -> usize {
        self.read_data().len()
    }

    /// Whether the store holds no keys.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What the store counted since it was opened.
    pub fn stats(&self) -> Stats {
        Stats {
            commits: self.commits.load(Ordering::Relaxed),
            fsyncs: self.fsyncs.load(Ordering::Relaxed),
            log_bytes: self.log_bytes.load(Ordering::Relaxed),
        }
    }

    /// What opening the store found in its log.
    pub fn recovered(&self) -> Recovered {
        self.recovered
    }

    /// The log file's path.
    pub fn log_path(&self) -> &Path {
        &self.path
    }

    fn read_data(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<Vec<u8>, Vec<u8>>> {
        // A panic while applying a batch leaves whole entries (BTreeMap insert and
        // remove do not leave a map half changed), so a poisoned lock is still usable.
        self.data.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_log(&self) -> MutexGuard<'_, LogState> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn apply(&self, batches: impl IntoIterator<Item = Writes>) {
        let mut data = self.data.write().unwrap_or_else(PoisonError::into_inner);
        for writes in batches {
            for (key, value) in writes {
                match value {
                    Some(value) => data.insert(key, value),
                    None => data.remove(&key),
                };
            }
        }
    }

    /// Writes `frames` to the log file at `at`, filling the file with zeros first if
    /// they would run past `allocated`, and, unless durability is off, syncs it. Returns
    /// the file's new length.
    fn write_out(&self, frames: &[u8], at: u64, allocated: u64) -> io::Result<u64> {
        let end = at + frames.len() as u64;
        let mut allocated = allocated;
        if end > allocated {
            let target = end.div_ceil(PREALLOCATE) * PREALLOCATE;
            let zeros = vec![0; (target - allocated) as usize];
            self.file.write_all_at(&zeros, allocated)?;
            allocated = target;
        }
        match self.options.write_chunk {
            None => self.file.write_all_at(frames, at)?,
            Some(chunk) => {
                let mut offset = at;
                for piece in frames.chunks(chunk.get()) {
                    self.file.write_all_at(piece, offset)?;
                    offset += piece.len() as u64;
                }
            }
        }
        self.log_bytes
            .fetch_add(frames.len() as u64, Ordering::Relaxed);
        if self.options.durability != Durability::NoFsync {
            // fdatasync: the data, and the file's length when it changed (once per
            // PREALLOCATE bytes); timestamps may lag.
            self.file.sync_data()?;
            self.fsyncs.fetch_add(1, Ordering::Relaxed);
        }
        Ok(allocated)
    }

    fn commit(&self, writes: Writes) -> Result<(), StoreError> {
        if writes.is_empty() {
            return Ok(()); // a read-only transaction has nothing to make durable
        }
        let txn = self.next_txn.fetch_add(1, Ordering::Relaxed);
        let mut frames = Vec::new();
        for (key, value) in &writes {
            let record = match value {
                Some(value) => Record::Put {
                    txn,
                    key: key.clone(),
                    value: value.clone(),
                },
                None => Record::Delete {
                    txn,
                    key: key.clone(),
                },
            };
            Wal::append(&mut frames, &record);
        }
        Wal::append(&mut frames, &Record::Commit { txn });
        match self.options.durability {
            Durability::GroupCommit => self.commit_in_group(frames, writes),
            Durability::FsyncPerCommit | Durability::NoFsync => {
                // The log's lock is held through the write and the sync, so commits go
                // to disk one at a time, in the order they apply.
                let mut log = self.lock_log();
                if let Some(why) = &log.failed {
                    return Err(StoreError::Poisoned(why.clone()));
                }
                match self.write_out(&frames, log.end, log.allocated) {
                    Ok(allocated) => {
                        log.end += frames.len() as u64;
                        log.allocated = allocated;
                    }
                    Err(e) => {
                        log.failed = Some(e.to_string());
                        return Err(self.io_error(e));
                    }
                }
                self.apply([writes]);
                self.commits.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
        }
    }

    /// Group commit, leader and followers: a committer queues its frames; if no flush
    /// is running it becomes the leader, takes the whole queue, writes and syncs it
    /// without holding the lock (so more commits queue meanwhile), applies the batch and
    /// wakes everyone; otherwise it waits for a flush that covers its frames.
    fn commit_in_group(&self, frames: Vec<u8>, writes: Writes) -> Result<(), StoreError> {
        let mut log = self.lock_log();
        if let Some(why) = &log.failed {
            return Err(StoreError::Poisoned(why.clone()));
        }
        log.queued.extend_from_slice(&frames);
        log.queued_writes.push(writes);
        log.queued_seq += 1;
        let mine = log.queued_seq;
        loop {
            if log.durable_seq >= mine {
                self.commits.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            if let Some(why) = &log.failed {
                return Err(StoreError::Poisoned(why.clone()));
            }
            if log.flushing {
                log = self
                    .flushed
                    .wait(log)
                    .unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            log.flushing = true;
            let batch = std::mem::take(&mut log.queued);
            let batch_writes = std::mem::take(&mut log.queued_writes);
            let upto = log.queued_seq;
            let (at, allocated) = (log.end, log.allocated);
            drop(log);
            let result = self.write_out(&batch, at, allocated);
            if result.is_ok() {
                // Before the next leader can flush, so batches apply in log order.
                self.apply(batch_writes);
            }
            log = self.lock_log();
            log.flushing = false;
            self.flushed.notify_all();
            match result {
                Ok(allocated) => {
                    log.durable_seq = upto;
                    log.end = at + batch.len() as u64;
                    log.allocated = allocated;
                }
                Err(e) => {
                    // The followers in this batch see `failed`; the leader reports the
                    // error itself.
                    log.failed = Some(e.to_string());
                    return Err(self.io_error(e));
                }
            }
        }
    }

    fn io_error(&self, source: io::Error) -> StoreError {
        StoreError::Io {
            path: self.path.clone(),
            source,
        }
    }
}

/// A transaction on a [`Store`]: buffered writes, committed all at once or not at all.
///
/// Dropping a transaction without committing aborts it: its writes were only ever in
/// memory, so nothing needs undoing.
#[derive(Debug)]
pub struct Txn<'s> {
    store: &'s Store,
    writes: Writes,
}

impl Txn<'_> {
    /// The value of `key` as this transaction sees it: its own write if it made one,
    /// otherwise the store's committed value now.
    pub fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        match self.writes.get(key) {
            Some(write) => write.clone(),
            None => self.store.get(key),
        }
    }

    /// Sets `key` to `value` when the transaction commits.
    ///
    /// # Panics
    ///
    /// At commit, if a key or value is 4 GiB or longer.
    pub fn put(&mut self, key: &[u8], value: &[u8]) {
        self.writes.insert(key.to_vec(), Some(value.to_vec()));
    }

    /// Removes `key` when the transaction commits.
    pub fn delete(&mut self, key: &[u8]) {
        self.writes.insert(key.to_vec(), None);
    }

    /// Makes the transaction's writes durable and visible, all of them or none: its
    /// frames are appended to the log and flushed, and only then applied and
    /// acknowledged.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when writing or syncing the log fails (the transaction may or
    /// may not survive a crash, as with any database whose commit call fails midway),
    /// and [`StoreError::Poisoned`] for every commit after that.
    pub fn commit(mut self) -> Result<(), StoreError> {
        let writes = std::mem::take(&mut self.writes);
        self.store.commit(writes)
    }

    /// Discards the transaction's writes (as dropping it does).
    pub fn abort(self) {}
}
