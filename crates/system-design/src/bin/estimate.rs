//! `system-design-estimate`: the binary behind `cargo lab estimate`. It prints the
//! estimate of the workload its flags describe (text, or JSON with `--json`); a bad flag
//! or a refused workload is one line on standard error and exit code 2.

#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match system_design::cli::run(&args) {
        Ok(out) => {
            // A closed pipe (`... | head`) is not worth a panic.
            let _ = writeln!(std::io::stdout().lock(), "{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
