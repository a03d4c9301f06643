//! `incident-story-lint`: the binary behind `cargo lab story`. `template` prints the
//! story template; `check <path>` lints a story (exit 0 when it passes, 1 with
//! findings); a bad argument or an unreadable story is one line on standard error and
//! exit code 2.

#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use incident_story::cli::{Outcome, run};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (text, code) = match run(&args) {
        Ok(Outcome::Pass(text)) => (text, 0),
        Ok(Outcome::Findings(text)) => (text, 1),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // A closed pipe (`... | head`) is not worth a panic.
    let _ = write!(std::io::stdout().lock(), "{text}");
    ExitCode::from(code)
}
