//! The crash test's child process: commits transfers on a store until it is killed (see
//! `transactions::crash`), or, with `sqlite`, starts a transfer in SQLite and waits to
//! be killed mid-transaction (see `transactions::sqlite_backend`).
//!
//! ```text
//! transfer-child <dir> <seed> <accounts>
//! transfer-child sqlite <database file>
//! ```

#![forbid(unsafe_code)]

use std::path::Path;
use std::process::ExitCode;

/// Transfers a child commits before it stops on its own, if nobody kills it.
const LIMIT: u64 = 100_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [mode, db] if mode == "sqlite" => {
            transactions::sqlite_backend::run_killed_transfer(Path::new(db))
        }
        [dir, seed, accounts] => match (seed.parse(), accounts.parse::<usize>()) {
            (Ok(seed), Ok(accounts)) if accounts >= 2 => {
                transactions::crash::run_child(Path::new(dir), seed, accounts, LIMIT)
            }
            _ => Err("the seed is a whole number and the accounts at least 2".to_string()),
        },
        _ => Err(
            "usage: transfer-child <dir> <seed> <accounts> | transfer-child sqlite <db>"
                .to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
