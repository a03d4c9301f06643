//! `cargo lab estimate`: a back-of-the-envelope estimate for a workload (question 10).
//!
//! A thin command: `lab` links no topic, so the estimator and its output live in the
//! system-design crate, whose `system-design-estimate` binary this command builds (as
//! `run` builds demos) and runs with the flags given here, passed on unchanged. Its
//! standard output is printed as it is; a workload it refuses is its one line of error
//! and exit code 2, as for every other mistake.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use crate::LabError;
use crate::run;

/// The package that owns the estimator, and its binary.
const PACKAGE: &str = "system-design";
const BINARY: &str = "system-design-estimate";

/// The flags of `cargo lab estimate`: one per field of `system_design::Workload`, named
/// after it, and the two inputs of `servers_needed`. Values are passed on as text, so
/// the estimator alone decides what is valid (and says so naming the flag).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Flags left out take defaults (10 million users × 10 requests a \
    day, ...), which the output lists under its assumptions. Numbers may be written \
    100000000, 100_000_000 or 1e8."
)]
pub struct Args {
    /// Distinct users on an average day (at least 1).
    #[arg(long, value_name = "USERS", allow_negative_numbers = true)]
    daily_active_users: Option<String>,
    /// Requests each user makes a day, reads and writes together.
    #[arg(long, value_name = "REQUESTS", allow_negative_numbers = true)]
    requests_per_user_per_day: Option<String>,
    /// Reads per write: 100 means 100 reads for each write (0: writes only).
    #[arg(long, value_name = "READS", allow_negative_numbers = true)]
    read_write_ratio: Option<String>,
    /// Peak rate ÷ average rate (at least 1).
    #[arg(long, value_name = "FACTOR", allow_negative_numbers = true)]
    peak_to_average: Option<String>,
    /// Bytes each write stores and each read returns.
    #[arg(long, value_name = "BYTES", allow_negative_numbers = true)]
    object_bytes: Option<String>,
    /// Days each object is kept.
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    retention_days: Option<String>,
    /// Copies of each object (at least 1).
    #[arg(long, value_name = "COPIES", allow_negative_numbers = true)]
    replication: Option<String>,
    /// Requests a second one server sustains (from a load test).
    #[arg(long, value_name = "RPS", allow_negative_numbers = true)]
    rps_per_server: Option<String>,
    /// Fraction of each server's capacity kept free, in [0, 1).
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    headroom: Option<String>,
    /// Prints one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

impl Args {
    /// The flags as the estimator's binary takes them: the same names, given ones only.
    fn to_flags(&self) -> Vec<String> {
        let given = [
            ("--daily-active-users", &self.daily_active_users),
            (
                "--requests-per-user-per-day",
                &self.requests_per_user_per_day,
            ),
            ("--read-write-ratio", &self.read_write_ratio),
            ("--peak-to-average", &self.peak_to_average),
            ("--object-bytes", &self.object_bytes),
            ("--retention-days", &self.retention_days),
            ("--replication", &self.replication),
            ("--rps-per-server", &self.rps_per_server),
            ("--headroom", &self.headroom),
        ];
        let mut flags = Vec::new();
        for (flag, value) in given {
            if let Some(value) = value {
                flags.push(flag.to_string());
                flags.push(value.clone());
            }
        }
        if self.json {
            flags.push("--json".to_string());
        }
        flags
    }
}

/// Builds the estimator's binary, runs it with `args`, and prints what it prints.
///
/// # Errors
///
/// A refused workload or bad number: the estimator's one line, exit code 2. The
/// system-design crate missing or failing to build: one line, exit code 1.
pub fn estimate(root: &Path, args: &Args) -> Result<ExitCode, LabError> {
    if !root
        .join("crates")
        .join(PACKAGE)
        .join("Cargo.toml")
        .is_file()
    {
        return Err(LabError::failure(format!(
            "`cargo lab estimate` needs crates/{PACKAGE}, which holds the estimator"
        )));
    }
    let executable = run::build(root, PACKAGE, BINARY, None, "the estimator")?;
    let output = Command::new(&executable)
        .args(args.to_flags())
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LabError::io(format!("cannot run {}", executable.display()), e))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => {
            print!("{}", String::from_utf8_lossy(&output.stdout));
            Ok(ExitCode::SUCCESS)
        }
        Some(2) => {
            let line = run::last_line(&stderr);
            Err(LabError::usage(
                line.strip_prefix("error: ").unwrap_or(line).to_string(),
            ))
        }
        _ => Err(LabError::failure(format!(
            "the estimator failed ({}): {}",
            output.status,
            run::last_line(&stderr)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn only_the_flags_given_are_passed_on_in_order() {
        let cli = Cli::try_parse_from([
            "estimate",
            "--headroom",
            "0.2",
            "--daily-active-users",
            "1e8",
            "--json",
        ])
        .unwrap();
        assert_eq!(
            cli.args.to_flags(),
            ["--daily-active-users", "1e8", "--headroom", "0.2", "--json"]
        );
        let negative = Cli::try_parse_from(["estimate", "--read-write-ratio", "-1"]).unwrap();
        assert_eq!(negative.args.to_flags(), ["--read-write-ratio", "-1"]);
    }
}
