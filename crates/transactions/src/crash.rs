//! The crash test: a child process commits bank transfers on a [`Store`] and prints each
//! acknowledged commit; the parent kills it with SIGKILL at seeded moments, reopens the
//! store and checks the three promises a crash puts at risk.
//!
//! - **Durability**: every commit the child acknowledged (printed after `commit`
//!   returned) is in the reopened store.
//! - **Atomicity**: no transfer is half applied: the balances are exactly what
//!   replaying the logged transfers gives, with no gap in their sequence numbers.
//! - **Consistency**: the total of the balances is what it was at the start.
//!
//! The child is the demo binary itself, run with the subcommand [`CHILD`] (`lab` builds
//! only the demo binary, so the demo needs no second one); [`child_binary`] finds it:
//! the running executable when that is the demo, or the demo binary beside a test
//! binary.
//!
//! A SIGKILL stops the process, not the machine: data written to the kernel survives it,
//! so this test proves the log's atomicity and recovery when a process dies at any
//! instruction, with writes cut into small pieces so that a kill can land inside a frame.
//! What a power cut does to unsynced data is the torn-tail table's subject (every cut
//! of the log's last transaction, see the demo).

use std::io::{BufRead, BufReader, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use rand::RngExt;

use crate::{Options, Store};

/// The demo binary's subcommand that runs the child: `transactions transfer-child <dir>
/// <seed> <accounts>`, or `transactions transfer-child sqlite <database file>`.
pub const CHILD: &str = "transfer-child";

/// The demo binary's name.
const DEMO_BINARY: &str = "transactions";

/// Transfers a child commits before it stops on its own, if nobody kills it.
const CHILD_LIMIT: u64 = 100_000;

/// Every account's balance before the first transfer.
pub const OPENING_BALANCE: u64 = 1_000;

/// The child writes its log in pieces of this many bytes, one system call each, so a
/// kill can land between two pieces of a frame.
pub const CHILD_WRITE_CHUNK: usize = 16;

/// The demo binary, which runs the child with the [`CHILD`] subcommand: the running
/// executable if it is the demo, otherwise the demo binary in the executable's
/// directory or the one above it (a test binary lives in `target/<profile>/deps/`, the
/// crate's binaries in `target/<profile>/`).
pub fn child_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let name = format!("{DEMO_BINARY}{}", std::env::consts::EXE_SUFFIX);
    if exe.file_name().is_some_and(|n| n == name.as_str()) {
        return Some(exe);
    }
    exe.ancestors()
        .skip(1)
        .take(2)
        .map(|dir| dir.join(&name))
        .find(|path| path.is_file())
}

/// The child's `main`, for the demo binary's [`CHILD`] subcommand; `args` are the
/// arguments after it. Bad arguments or a failure: one line on standard error, exit 2.
pub fn child_main(args: &[String]) -> ExitCode {
    let result = match args {
        [mode, db] if mode == "sqlite" => crate::sqlite_backend::run_killed_transfer(Path::new(db)),
        [dir, seed, accounts] => match (seed.parse(), accounts.parse::<usize>()) {
            (Ok(seed), Ok(accounts)) if accounts >= 2 => {
                run_child(Path::new(dir), seed, accounts, CHILD_LIMIT)
            }
            _ => Err("the seed is a whole number and the accounts at least 2".to_string()),
        },
        _ => Err(format!(
            "usage: {DEMO_BINARY} {CHILD} <dir> <seed> <accounts> | {DEMO_BINARY} {CHILD} \
             sqlite <database file>"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The key of account `i`.
pub fn account_key(i: usize) -> Vec<u8> {
    format!("account/{i:03}").into_bytes()
}

/// The key of transfer number `seq`.
pub fn transfer_key(seq: u64) -> Vec<u8> {
    format!("transfer/{seq:08}").into_bytes()
}

/// The key holding the number of the last transfer.
pub const SEQ_KEY: &[u8] = b"seq";

/// The child's loop: opens the store in `dir` (writing in small pieces), creates
/// `accounts` accounts if it is new, then commits transfers forever (up to `limit`),
/// printing `ack <seq>` after each commit returns. Transfer `seq` moves a seeded amount
/// between two seeded accounts, or nothing if the payer is short; it records itself
/// under [`transfer_key`] and bumps [`SEQ_KEY`], all in one transaction.
///
/// # Errors
///
/// What the store reported, as text.
pub fn run_child(dir: &Path, seed: u64, accounts: usize, limit: u64) -> Result<(), String> {
    let options = Options {
        write_chunk: NonZeroUsize::new(CHILD_WRITE_CHUNK),
        ..Options::default()
    };
    let store = Store::open_with(dir, options).map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    let mut seq = match store.get(SEQ_KEY) {
        Some(v) => parse(&v)?,
        None => {
            let mut txn = store.begin();
            for i in 0..accounts {
                txn.put(&account_key(i), OPENING_BALANCE.to_string().as_bytes());
            }
            txn.put(SEQ_KEY, b"0");
            txn.commit().map_err(|e| e.to_string())?;
            0
        }
    };
    writeln!(out, "ready {seq}").map_err(|e| e.to_string())?;
    for _ in 0..limit {
        seq += 1;
        let (from, to, amount) = transfer(seed, seq, accounts);
        let mut txn = store.begin();
        let balance = |txn: &crate::Txn<'_>, i: usize| -> Result<u64, String> {
            parse(&txn.get(&account_key(i)).ok_or("an account is missing")?)
        };
        let payer = balance(&txn, from)?;
        let moved = if payer >= amount { amount } else { 0 };
        txn.put(&account_key(from), (payer - moved).to_string().as_bytes());
        let payee = balance(&txn, to)?;
        txn.put(&account_key(to), (payee + moved).to_string().as_bytes());
        txn.put(
            &transfer_key(seq),
            format!("{from} {to} {moved}").as_bytes(),
        );
        txn.put(SEQ_KEY, seq.to_string().as_bytes());
        txn.commit().map_err(|e| e.to_string())?;
        writeln!(out, "ack {seq}").map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Transfer `seq`'s payer, payee (different accounts) and amount, from the seed alone.
fn transfer(seed: u64, seq: u64, accounts: usize) -> (usize, usize, u64) {
    let mut rng = evidence::workload::rng(seed ^ seq.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let from = rng.random_range(0..accounts);
    let to = (from + rng.random_range(1..accounts)) % accounts;
    (from, to, rng.random_range(1..=400))
}

fn parse(bytes: &[u8]) -> Result<u64, String> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not a number: {:?}", String::from_utf8_lossy(bytes)))
}

/// What the kill cycles found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CrashReport {
    /// Cycles run: spawn, kill, reopen, check.
    pub cycles: u64,
    /// Commits the child acknowledged, over all cycles.
    pub acknowledged: u64,
    /// Commits found in the store at the end (every transfer, acknowledged or not,
    /// whose commit record made it).
    pub committed: u64,
    /// Acknowledged commits missing after a reopen (durability: must be 0).
    pub lost: u64,
    /// Reopens that found a transfer half applied, a gap in the transfers, or balances
    /// that replaying the transfers does not give (atomicity: must be 0).
    pub partial: u64,
    /// Reopens whose balances did not add up to the opening total (must be 0).
    pub unbalanced: u64,
    /// Reopens that found a torn tail (part of a frame) after the last valid frame.
    pub torn_tails: u64,
    /// Transactions a reopen found cut off (writes in the log, no commit record) that
    /// no earlier reopen had found: each was in flight when the child was killed.
    pub discarded: u64,
    /// Cycles killed before the child acknowledged anything (during start-up or its
    /// first commit).
    pub early_kills: u64,
}

/// Runs `cycles` kill cycles of the child (the demo binary `child`, see
/// [`child_binary`]) on a store in `dir` with `accounts`
/// accounts: each cycle spawns the child, lets it acknowledge a seeded number of
/// commits (0 to 5), waits a seeded few hundred microseconds more, kills it with
/// SIGKILL, reads what it printed before dying, reopens the store and checks it.
///
/// # Errors
///
/// When the child cannot be run or fails on its own, or the store cannot be reopened.
pub fn kill_cycles(
    child: &Path,
    dir: &Path,
    seed: u64,
    cycles: u64,
    accounts: usize,
) -> Result<CrashReport, String> {
    let mut rng = evidence::workload::rng(seed);
    let mut report = CrashReport::default();
    let mut last_acked = 0u64;
    // Discarded transactions stay in the log (their frames are whole, only the commit
    // is missing), so each reopen finds the earlier ones again.
    let mut discarded_before = 0u64;
    for cycle in 0..cycles {
        let kill_after: u64 = rng.random_range(0..=5);
        let extra_wait = Duration::from_micros(rng.random_range(0..400));
        let mut process = Command::new(child)
            .arg(CHILD)
            .arg(dir)
            .arg(seed.to_string())
            .arg(accounts.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", child.display()))?;
        let stdout = process.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let mut acked_now = 0;
        let mut ended = false;
        while acked_now < kill_after {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(seq) = line.strip_prefix("ack ") {
                        last_acked = seq.parse().map_err(|_| format!("bad line {line:?}"))?;
                        acked_now += 1;
                    }
                }
                _ => {
                    ended = true;
                    break;
                }
            }
        }
        std::thread::sleep(extra_wait);
        // Child::kill sends SIGKILL on Unix: no handler, no flush, no destructor runs.
        let _ = process.kill();
        let status = process.wait().map_err(|e| e.to_string())?;
        // Acknowledgements already in the pipe were printed after their commit returned.
        for line in lines.map_while(Result::ok) {
            if let Some(seq) = line.strip_prefix("ack ") {
                last_acked = seq.parse().map_err(|_| format!("bad line {line:?}"))?;
                acked_now += 1;
            }
        }
        if ended && status.success() {
            return Err("the child exited on its own before it was killed".to_string());
        }
        if ended && acked_now < kill_after && status.code().is_some() {
            let mut err = String::new();
            if let Some(mut e) = process.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            return Err(format!("the child failed in cycle {cycle}: {}", err.trim()));
        }
        report.cycles += 1;
        report.acknowledged += acked_now;
        if acked_now == 0 {
            report.early_kills += 1;
        }
        let store = Store::open(dir).map_err(|e| format!("cycle {cycle}: {e}"))?;
        let recovered = store.recovered();
        report.torn_tails += u64::from(recovered.torn_bytes > 0);
        let discarded_now = recovered.discarded as u64;
        report.discarded += discarded_now.saturating_sub(discarded_before);
        discarded_before = discarded_now;
        let check = check_store(&store, seed, accounts);
        report.committed = check.seq;
        report.lost += last_acked.saturating_sub(check.seq);
        report.partial += u64::from(!check.replay_matches);
        report.unbalanced += u64::from(!check.total_matches);
    }
    Ok(report)
}

/// What [`check_store`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreCheck {
    /// The last transfer in the store (0 when none, or the store is empty).
    pub seq: u64,
    /// Every transfer 1..=seq is recorded, each is the transfer its seed gives, and
    /// replaying them from the opening balances gives exactly the stored balances.
    pub replay_matches: bool,
    /// The balances add up to `accounts` × [`OPENING_BALANCE`].
    pub total_matches: bool,
}

/// Checks a store the child wrote: replays the recorded transfers and compares.
pub fn check_store(store: &Store, seed: u64, accounts: usize) -> StoreCheck {
    let Some(seq) = store.get(SEQ_KEY).and_then(|v| parse(&v).ok()) else {
        // Killed before the accounts were created: nothing at all, or it is broken.
        return StoreCheck {
            seq: 0,
            replay_matches: store.is_empty(),
            total_matches: store.is_empty(),
        };
    };
    let mut balances = vec![OPENING_BALANCE; accounts];
    let mut replay_matches = true;
    for s in 1..=seq {
        let (from, to, amount) = transfer(seed, s, accounts);
        let recorded = store.get(&transfer_key(s));
        let moved = if balances[from] >= amount { amount } else { 0 };
        let expected = format!("{from} {to} {moved}").into_bytes();
        if recorded.as_deref() != Some(expected.as_slice()) {
            replay_matches = false;
            break;
        }
        balances[from] -= moved;
        balances[to] += moved;
    }
    let stored: Vec<Option<u64>> = (0..accounts)
        .map(|i| store.get(&account_key(i)).and_then(|v| parse(&v).ok()))
        .collect();
    replay_matches &= stored.iter().zip(&balances).all(|(s, b)| *s == Some(*b));
    replay_matches &= store.get(&transfer_key(seq + 1)).is_none();
    let total: u64 = stored.iter().map(|s| s.unwrap_or(0)).sum();
    StoreCheck {
        seq,
        replay_matches,
        total_matches: total == accounts as u64 * OPENING_BALANCE,
    }
}
