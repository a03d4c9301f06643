//! The histories on a real PostgreSQL, at its three levels, when one is reachable.
//!
//! Each transaction runs on its own connection in its own thread, as two clients would;
//! the replay sends it one statement at a time. PostgreSQL really waits when a
//! statement needs a row lock another transaction holds, so after sending a statement
//! the backend watches `pg_stat_activity` from a third connection: a connection whose
//! `wait_event_type` is `Lock` is blocked, and the replay goes on with the other
//! transaction. A serialization failure (SQLSTATE 40001) or a deadlock (40P01) aborts
//! the transaction, which is rolled back.
//!
//! Every history gets a table of its own with a unique name, dropped at the end, so runs
//! can repeat and run side by side.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use postgres::error::SqlState;
use postgres::{Client, NoTls};

use crate::history::{Backend, Id, Level, Op, Outcome};

/// The environment variable holding the server's URL.
pub const URL_VAR: &str = "LAB_POSTGRES_URL";

/// The server's URL from [`URL_VAR`], if set and not empty.
pub fn url_from_env() -> Option<String> {
    std::env::var(URL_VAR).ok().filter(|u| !u.is_empty())
}

/// How long a statement may take before the replay gives up on the server.
const STATEMENT_LIMIT: Duration = Duration::from_secs(20);

/// How often the monitor looks at a statement in flight.
const POLL: Duration = Duration::from_millis(5);

/// What a worker sends back: rows, or the error's SQLSTATE and message.
type Reply = Result<Vec<(Id, i64)>, (Option<SqlState>, String)>;

struct Worker {
    requests: Sender<String>,
    replies: Receiver<Reply>,
    pid: i32,
    thread: Option<JoinHandle<()>>,
    /// A statement was sent and its reply not yet read.
    in_flight: bool,
}

/// The histories on PostgreSQL at one level.
pub struct PostgresBackend {
    url: String,
    level: Level,
    monitor: Client,
    table: String,
    workers: Vec<Worker>,
}

impl std::fmt::Debug for PostgresBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresBackend")
            .field("level", &self.level)
            .field("table", &self.table)
            .finish_non_exhaustive()
    }
}

impl PostgresBackend {
    /// Connects to `url` for histories at `level`.
    ///
    /// # Errors
    ///
    /// When the server cannot be reached.
    pub fn connect(url: &str, level: Level) -> Result<Self, String> {
        let monitor = Client::connect(url, NoTls).map_err(|e| format!("{url}: {e}"))?;
        Ok(PostgresBackend {
            url: url.to_string(),
            level,
            monitor,
            table: String::new(),
            workers: Vec::new(),
        })
    }

    fn spawn_worker(&self) -> Result<Worker, String> {
        let mut client = Client::connect(&self.url, NoTls).map_err(|e| e.to_string())?;
        let pid: i32 = client
            .query_one("SELECT pg_backend_pid()", &[])
            .map_err(|e| e.to_string())?
            .get(0);
        client
            .batch_execute(&format!("BEGIN ISOLATION LEVEL {}", self.level.sql()))
            .map_err(|e| e.to_string())?;
        let (requests, inbox) = mpsc::channel::<String>();
        let (outbox, replies) = mpsc::channel::<Reply>();
        let thread = std::thread::spawn(move || {
            for sql in inbox {
                let reply = client
                    .query(sql.as_str(), &[])
                    .map(|rows| {
                        rows.iter()
                            .map(|r| (i64::from(r.get::<_, i32>(0)), i64::from(r.get::<_, i32>(1))))
                            .collect()
                    })
                    .map_err(|e| (e.code().cloned(), e.to_string()));
                if let Err((Some(_), _)) = &reply {
                    // The transaction is aborted on the server; end it.
                    let _ = client.batch_execute("ROLLBACK");
                }
                if outbox.send(reply).is_err() {
                    break;
                }
            }
            let _ = client.batch_execute("ROLLBACK");
        });
        Ok(Worker {
            requests,
            replies,
            pid,
            thread: Some(thread),
            in_flight: false,
        })
    }

    /// Waits for `txn`'s statement in flight: its outcome, or `Blocked` once the
    /// server shows the connection waiting for a lock.
    fn wait(&mut self, txn: usize) -> Result<Outcome, String> {
        let started = Instant::now();
        let mut lock_waits = 0;
        loop {
            let worker = &mut self.workers[txn];
            match worker.replies.recv_timeout(POLL) {
                Ok(reply) => {
                    worker.in_flight = false;
                    return Ok(match reply {
                        Ok(rows) => Outcome::Rows(rows),
                        Err((Some(code), why))
                            if code == SqlState::T_R_SERIALIZATION_FAILURE
                                || code == SqlState::T_R_DEADLOCK_DETECTED =>
                        {
                            Outcome::Aborted(format!("SQLSTATE {}: {why}", code.code()))
                        }
                        Err((_, why)) => return Err(why),
                    });
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("a PostgreSQL connection's thread ended".to_string());
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            let pid = worker.pid;
            let waiting: Option<String> = self
                .monitor
                .query_opt(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1",
                    &[&pid],
                )
                .map_err(|e| e.to_string())?
                .and_then(|row| row.get(0));
            // Two looks in a row, so a lock released a moment ago is not taken for a
            // wait.
            if waiting.as_deref() == Some("Lock") {
                lock_waits += 1;
                if lock_waits >= 2 {
                    return Ok(Outcome::Blocked);
                }
            } else {
                lock_waits = 0;
            }
            if started.elapsed() > STATEMENT_LIMIT {
                return Err(format!(
                    "a statement ran for over {} s without waiting for a lock",
                    STATEMENT_LIMIT.as_secs()
                ));
            }
        }
    }

    fn end_workers(&mut self) {
        for mut worker in self.workers.drain(..) {
            drop(worker.requests);
            if let Some(thread) = worker.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

impl Drop for PostgresBackend {
    fn drop(&mut self) {
        self.end_workers();
        if !self.table.is_empty() {
            let _ = self
                .monitor
                .batch_execute(&format!("DROP TABLE IF EXISTS {}", self.table));
        }
    }
}

impl Backend for PostgresBackend {
    fn setup(&mut self, rows: &[(Id, i64)]) -> Result<(), String> {
        static TABLES: AtomicU64 = AtomicU64::new(0);
        self.end_workers();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        self.table = format!(
            "lab_txn_{}_{}_{nanos}",
            std::process::id(),
            TABLES.fetch_add(1, Ordering::Relaxed)
        );
        let values: Vec<String> = rows.iter().map(|(id, v)| format!("({id}, {v})")).collect();
        self.monitor
            .batch_execute(&format!(
                "CREATE TABLE {t} (id int PRIMARY KEY, value int NOT NULL);
                 INSERT INTO {t} (id, value) VALUES {};",
                values.join(", "),
                t = self.table
            ))
            .map_err(|e| e.to_string())?;
        for _ in 0..2 {
            let worker = self.spawn_worker()?;
            self.workers.push(worker);
        }
        Ok(())
    }

    fn run(&mut self, txn: usize, op: Op) -> Result<Outcome, String> {
        let t = &self.table;
        let sql = match op {
            Op::Read(id) => format!("SELECT id, value FROM {t} WHERE id = {id}"),
            Op::ReadWhere(v) => format!("SELECT id, value FROM {t} WHERE value = {v} ORDER BY id"),
            Op::Write(id, v) => format!("UPDATE {t} SET value = {v} WHERE id = {id}"),
            Op::Insert(id, v) => format!("INSERT INTO {t} (id, value) VALUES ({id}, {v})"),
            Op::Commit => "COMMIT".to_string(),
            Op::Abort => "ROLLBACK".to_string(),
        };
        let worker = self.workers.get_mut(txn).ok_or("setup was not called")?;
        worker
            .requests
            .send(sql)
            .map_err(|_| "a PostgreSQL connection's thread ended".to_string())?;
        worker.in_flight = true;
        let outcome = self.wait(txn)?;
        // Writes and commits answer with no rows: report them as done.
        Ok(match (op, outcome) {
            (Op::Read(_) | Op::ReadWhere(_), outcome) => outcome,
            (_, Outcome::Rows(_)) => Outcome::Done,
            (_, outcome) => outcome,
        })
    }

    fn resume(&mut self, txn: usize, op: Op) -> Result<Outcome, String> {
        if !self.workers.get(txn).is_some_and(|w| w.in_flight) {
            return Err("resume without a blocked statement".to_string());
        }
        let outcome = self.wait(txn)?;
        Ok(match (op, outcome) {
            (Op::Read(_) | Op::ReadWhere(_), outcome) => outcome,
            (_, Outcome::Rows(_)) => Outcome::Done,
            (_, outcome) => outcome,
        })
    }

    fn finish(&mut self) -> Result<Vec<(Id, i64)>, String> {
        self.end_workers();
        let rows = self
            .monitor
            .query(
                &format!("SELECT id, value FROM {} ORDER BY id", self.table),
                &[],
            )
            .map_err(|e| e.to_string())?
            .iter()
            .map(|r| (i64::from(r.get::<_, i32>(0)), i64::from(r.get::<_, i32>(1))))
            .collect();
        self.monitor
            .batch_execute(&format!("DROP TABLE {}", self.table))
            .map_err(|e| e.to_string())?;
        self.table.clear();
        Ok(rows)
    }
}
