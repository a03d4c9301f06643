//! `cargo lab`: the interview-lab command line.
//!
//! It lists the 29 questions, shows answers, runs demos, checks exercises, hands out
//! hints, restores stubs, runs benchmarks, serves all of it as a local web page, and
//! verifies that every topic has what it declares. It holds no concept logic and links no topic: topics are found by scanning
//! `crates/*/topic.toml` (see `catalogue`), demos run as child processes that print
//! JSON (see `run`), and exercises are driven through `cargo` (see `check`). A topic that
//! fails to build, or a learner's half-written exercise, cannot stop `lab` from working.
//!
//! # Layout
//!
//! - `catalogue`: the questions, and the topics found by their manifests;
//! - `browse`: `list`, `show`, `demo`; `run`: building and running demo binaries;
//! - `exercise`: `check`, `hint`; `backup`: `reset`, `restore`, `backups`; `watch`: the
//!   interactive loop;
//! - `check`: running an exercise's tests and reading the results;
//! - `bench`: `bench`, reading criterion's estimates;
//! - `estimate`: `estimate`, run by the system-design crate's estimator binary;
//! - `story`: `story new|list|check`, the learner's STAR stories, linted by the
//!   incident-story crate's binary;
//! - `drill`: `drill`, practising answers against a clock with follow-ups and spaced
//!   repetition; `plan`: `plan`, a study plan (both on the `practice` crate);
//! - `serve`: `serve`, the same lab as a local web page (its own module tree);
//! - `verify`: the maintainers' completeness check;
//! - `render`: all terminal output, and `markdown`: answers formatted for the terminal;
//!   `state`: the progress cache; `term`: the raw-mode terminal `watch` and `drill` use.
//!
//! Errors a user can cause print one line and exit with code 2.

#![forbid(unsafe_code)]

mod backup;
mod bench;
mod browse;
mod catalogue;
mod check;
mod drill;
mod estimate;
mod exercise;
mod markdown;
mod plan;
mod render;
mod run;
mod serve;
mod state;
mod story;
mod term;
mod verify;
mod watch;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use render::Style;

/// Backend interview questions, answered with code that runs.
#[derive(Parser)]
#[command(name = "cargo lab", bin_name = "cargo lab", version)]
#[command(after_help = "With no command, lists the questions (same as `cargo lab list`).")]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Every question by section, with its topic, demo and exercise progress.
    List,
    /// A question (1-29) or topic: the question, the answer, and where the code is.
    Show {
        /// A question number (1-29) or a topic such as `lru-cache`.
        target: String,
        /// Also prints the engineering part: the code map, benchmarks, how it was built.
        #[arg(long)]
        full: bool,
        /// Prints the markdown source instead of formatting it for the terminal.
        #[arg(long)]
        raw: bool,
    },
    /// Runs a topic's demo: measurements that check the answer's claims.
    Demo {
        /// The topic, e.g. `lru-cache`.
        topic: String,
        /// Seed for the random workloads (same seed, same counts).
        #[arg(long, value_parser = whole_number, allow_negative_numbers = true)]
        seed: Option<u64>,
        /// Problem size; `cargo lab show <topic>` says what it controls.
        #[arg(long, value_parser = whole_number, allow_negative_numbers = true)]
        size: Option<u64>,
        /// Prints the report as one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Runs the demo on your exercise's implementation (once it passes its tests).
        #[arg(long)]
        mine: bool,
    },
    /// Runs an exercise's tests and shows which cases pass.
    Check {
        /// The topic; by default the exercise you are in (`exercises/<topic>/`), else the
        /// first not yet solved.
        topic: Option<String>,
        /// Shows every failing case with its message, not only the first.
        #[arg(long)]
        all: bool,
        /// Shows every compile error and warning in full.
        #[arg(long)]
        verbose: bool,
        /// Seconds the tests may run before they are stopped as stuck (1 to 3600).
        #[arg(long, default_value_t = 30, value_parser = timeout_seconds, allow_negative_numbers = true)]
        timeout: u64,
    },
    /// Re-checks an exercise on every save; keys: n next, h hint, l list, r re-run, q quit.
    Watch {
        /// The topic; by default the exercise you are in (`exercises/<topic>/`), else the
        /// first not yet solved.
        topic: Option<String>,
        /// Compare modification times instead of waiting for file-system events (for
        /// containers and network mounts where events never arrive).
        #[arg(long)]
        poll: bool,
        /// Seconds each test run may take before it is stopped as stuck (1 to 3600).
        #[arg(long, default_value_t = 30, value_parser = timeout_seconds, allow_negative_numbers = true)]
        timeout: u64,
    },
    /// Shows the next hint for an exercise (or hint N).
    Hint {
        /// The topic, e.g. `lru-cache`.
        topic: String,
        /// A particular hint to show again, counting from 1.
        #[arg(value_parser = whole_number, allow_negative_numbers = true)]
        number: Option<u64>,
    },
    /// Restores an exercise's stub, after backing up the whole exercise.
    Reset {
        /// The topic, e.g. `lru-cache`.
        topic: String,
        /// Goes ahead without asking (needed without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Brings back a backup of an exercise (the latest by default), after backing up
    /// what is there now.
    Restore {
        /// The topic, e.g. `lru-cache`.
        topic: String,
        /// The backup's name, as `cargo lab backups <topic>` lists it.
        backup: Option<String>,
        /// Goes ahead without asking (needed without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Lists the backups of an exercise that `reset` and `restore` made.
    Backups {
        /// The topic, e.g. `lru-cache`.
        topic: String,
    },
    /// Runs a topic's criterion benchmark and prints the reference's ratios.
    Bench {
        /// The topic, e.g. `lru-cache`.
        topic: String,
        /// Also benchmarks your exercise's implementation (once it passes its tests).
        #[arg(long)]
        mine: bool,
        /// Shows cargo's and criterion's own output as the bench runs.
        #[arg(long)]
        verbose: bool,
        /// Arguments passed on to criterion, e.g. `-- --quick`.
        #[arg(last = true)]
        criterion_args: Vec<String>,
    },
    /// Estimates a workload: requests per second, storage, bandwidth, cache and servers,
    /// with units, powers of ten and the assumptions made (question 10).
    Estimate(estimate::Args),
    /// Your own STAR stories for question 29, in .lab/stories/: new, list, check.
    Story {
        #[command(subcommand)]
        action: story::Action,
    },
    /// Practise answering out loud: a question against the clock, its key points and
    /// follow-ups revealed one by one, then the next review scheduled (FSRS). With no
    /// filter, what is due comes first, then new questions in teaching order.
    Drill(drill::Args),
    /// A week-by-week study plan from your progress, saved so it shows how far you are.
    Plan(plan::Args),
    /// The lab as a local web page: questions, answers, demo reports with charts, and
    /// exercises that update as you save. Listens on 127.0.0.1 only.
    Serve(serve::Args),
    /// For maintainers and CI: checks that every topic is complete and its stub fails.
    Verify,
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            eprintln!("{}", one_line(&e));
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, LabError> {
    let style = Style::detect();
    let root = workspace_root()?;
    match cli.command.unwrap_or(Cmd::List) {
        Cmd::List => browse::list(&root, style),
        Cmd::Show { target, full, raw } => browse::show(&root, &target, full, raw, style),
        Cmd::Demo {
            topic,
            seed,
            size,
            json,
            mine,
        } => browse::demo(&root, &topic, seed, size, json, mine, style),
        Cmd::Check {
            topic,
            timeout,
            all,
            verbose,
        } => exercise::check(
            &root,
            topic.as_deref(),
            timeout,
            exercise::Detail { all, verbose },
            style,
        ),
        Cmd::Watch {
            topic,
            poll,
            timeout,
        } => watch::watch(
            &root,
            topic.as_deref(),
            poll,
            std::time::Duration::from_secs(timeout),
            style,
        ),
        Cmd::Hint { topic, number } => exercise::hint(&root, &topic, number, style),
        Cmd::Reset { topic, yes } => backup::reset(&root, &topic, yes),
        Cmd::Restore { topic, backup, yes } => {
            backup::restore(&root, &topic, backup.as_deref(), yes)
        }
        Cmd::Backups { topic } => backup::backups(&root, &topic),
        Cmd::Bench {
            topic,
            mine,
            verbose,
            criterion_args,
        } => bench::bench(&root, &topic, mine, verbose, &criterion_args, style),
        Cmd::Estimate(args) => estimate::estimate(&root, &args),
        Cmd::Story { action } => story::story(&root, &action),
        Cmd::Drill(args) => drill::drill(&root, &args, style),
        Cmd::Plan(args) => plan::plan(&root, &args, style),
        Cmd::Serve(args) => serve::serve(&root, &args),
        Cmd::Verify => verify::verify(&root, style),
    }
}

/// An error `lab` reports as one line: a mistake the user can fix (exit code 2), or a
/// part of the workspace that failed, such as a topic that does not build (exit code 1).
#[derive(Debug)]
pub struct LabError {
    message: String,
    code: u8,
}

impl LabError {
    /// A usage error: what was wrong and how to fix it. Exit code 2.
    pub fn usage(message: impl Into<String>) -> Self {
        LabError {
            message: message.into(),
            code: 2,
        }
    }

    /// Something that is not the user's input failed (a topic does not build, a demo
    /// crashed). Exit code 1.
    pub fn failure(message: impl Into<String>) -> Self {
        LabError {
            message: message.into(),
            code: 1,
        }
    }

    /// An I/O failure, with what was being attempted.
    pub fn io(context: impl fmt::Display, error: std::io::Error) -> Self {
        LabError::usage(format!("{context}: {error}"))
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
    }
}

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `cargo lab show 11 | head` closes the pipe early; `print!` then panics. The reader
/// has all it wanted, so leave quietly, as `cat` does, instead of printing a panic.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// The largest `--timeout`, in seconds: an hour is longer than any test run needs, and
/// keeps every deadline far from the clock's limits.
const MAX_TIMEOUT_SECS: u64 = 3_600;

/// A whole number from 0 up, with a message that names the value (clap's own says
/// "invalid digit found in string").
fn whole_number(text: &str) -> Result<u64, String> {
    text.parse::<u64>().map_err(|_| {
        if text.starts_with('-') {
            format!("'{text}' is negative; give a whole number from 0 up")
        } else if text.chars().all(|c| c.is_ascii_digit()) && !text.is_empty() {
            format!("'{text}' is too large (the largest is {})", u64::MAX)
        } else {
            format!("'{text}' is not a whole number")
        }
    })
}

/// `--timeout`: whole seconds from 1 to [`MAX_TIMEOUT_SECS`].
fn timeout_seconds(text: &str) -> Result<u64, String> {
    let secs = whole_number(text)?;
    if (1..=MAX_TIMEOUT_SECS).contains(&secs) {
        Ok(secs)
    } else {
        Err(format!(
            "{secs} seconds is out of range; give 1 to {MAX_TIMEOUT_SECS}"
        ))
    }
}

/// A clap error as one line: its message, and its tip if it has one.
fn one_line(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    // The message is the first paragraph (a list of missing arguments continues it on
    // indented lines); tips are lines of their own further down.
    let message: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty())
        .collect();
    let tips = rendered
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("tip:"));
    let mut parts = vec![message.join(" ")];
    parts.extend(tips.map(str::to_string));
    format!("{}; `cargo lab help` lists the commands", parts.join("; "))
}

/// The workspace root: the nearest directory, from the current one up, that holds
/// `crates/lab/Cargo.toml`; else where `lab` was built from.
fn workspace_root() -> Result<PathBuf, LabError> {
    let is_root = |dir: &Path| dir.join("crates/lab/Cargo.toml").is_file();
    if let Ok(current) = std::env::current_dir()
        && let Some(found) = current.ancestors().find(|d| is_root(d))
    {
        return Ok(found.to_path_buf());
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if is_root(&built_from) {
        return Ok(built_from.canonicalize().unwrap_or(built_from));
    }
    Err(LabError::usage(
        "cannot find the interview-lab workspace; run `cargo lab` inside the repository",
    ))
}
