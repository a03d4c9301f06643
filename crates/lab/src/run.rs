//! Demos as child processes.
//!
//! `lab` links no topic. A topic's demo is its crate's binary (`cargo run -p <id>`): it
//! prints the [`Report`] as one line of JSON, which `lab` reads and renders. The demo on
//! the learner's code is the binary of `crates/<id>/mine`, built in the release profile
//! so the learner's code is measured with the optimisation the reference has. Two steps:
//!
//! 1. `cargo build --message-format=json` builds the binary, reporting compile errors
//!    and the executable's path. A topic that does not build is one line naming it; the
//!    rest of `lab` never noticed it.
//! 2. the executable runs with `--seed` and `--size`, and its standard output is parsed.
//!
//! A first build can take a while (the topic's dependencies), so after a second a
//! notice on standard error says what is being built.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use evidence::{DemoConfig, Report};

use crate::LabError;
use crate::catalogue::Topic;
use crate::check;

/// Which build of a topic's demo to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// The reference's demo: the topic crate's binary, dev profile (the topic crates are
    /// optimised in it).
    Reference,
    /// The demo on the learner's exercise: `crates/<id>/mine`, release profile.
    Mine,
}

/// Builds and runs `topic`'s demo with `config`, and returns its report. With a `limit`,
/// the demo's run (not its build) is stopped once it has taken that long: `serve` sets
/// one, so a demo that hangs cannot hold the page, while the terminal waits as long as
/// the learner does (Ctrl-C stops it there).
///
/// # Errors
///
/// The demo does not build (the first compile error, naming the topic), crashes (its
/// last line of standard error), runs past `limit`, or prints no report.
pub fn demo(
    root: &Path,
    topic: &Topic,
    which: Demo,
    config: &DemoConfig,
    limit: Option<Duration>,
) -> Result<Report, LabError> {
    let (package, profile) = match which {
        Demo::Reference => (topic.id.clone(), None),
        Demo::Mine => (topic.mine_package(), Some(mine_profile())),
    };
    let what = match which {
        Demo::Reference => format!("the {} demo", topic.id),
        Demo::Mine => format!("the {} demo on your code", topic.id),
    };
    let executable = build(root, &package, &package, profile, &what)?;
    let mut command = Command::new(&executable);
    command
        .args(["--seed", &config.seed.to_string()])
        .args(["--size", &config.size.to_string()])
        .current_dir(root)
        .stdin(Stdio::null());
    let (status, stdout, stderr) = match run_within(command, limit)
        .map_err(|e| LabError::io(format!("cannot run {}", executable.display()), e))?
    {
        Some(output) => output,
        None => {
            return Err(LabError::failure(format!(
                "{what} ran longer than {} s and was stopped",
                limit.unwrap_or_default().as_secs()
            )));
        }
    };
    if !status.success() {
        let last = last_line(&stderr);
        return Err(LabError::failure(format!(
            "{what} failed ({status}): {last}"
        )));
    }
    let mut report: Report = serde_json::from_str(&stdout).map_err(|e| {
        LabError::failure(format!(
            "{what} printed no report ({e}); run `cargo run -p {package}` to see its output"
        ))
    })?;
    if which == Demo::Mine {
        report.notes.push(mine_note(&mine_profile()));
    }
    Ok(report)
}

/// Runs `command` to its end, or until `limit` has passed (then kills it and returns
/// `None`), and returns its exit status, standard output and standard error.
///
/// # Errors
///
/// The program cannot be started or waited for.
pub fn run_within(
    mut command: Command,
    limit: Option<Duration>,
) -> std::io::Result<Option<(std::process::ExitStatus, String, String)>> {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (stdout, stderr) = drain(&mut child);
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if limit.is_some_and(|limit| started.elapsed() >= limit) {
            // Its pipes close when it dies, so the readers finish too.
            let _ = child.kill();
            let _ = child.wait();
            let _ = (stdout.join(), stderr.join());
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ok(Some((
        status,
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default(),
    )))
}

/// The cargo profile `--mine` builds in: `release`, so the learner's code is measured
/// with the optimisation the reference has, unless `LAB_MINE_PROFILE` names another
/// (`dev` builds in seconds where `release` takes a minute the first time; the lab's own
/// tests use it, where the measurements do not matter).
pub fn mine_profile() -> String {
    std::env::var("LAB_MINE_PROFILE")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "release".to_string())
}

/// What `--mine` results say about how they were measured.
pub fn mine_note(profile: &str) -> String {
    if profile == "release" {
        "measured in the release profile: your code and the reference, optimised alike \
         (opt-level 3)"
            .to_string()
    } else {
        format!(
            "measured in the {profile} profile (LAB_MINE_PROFILE): not the optimisation the \
             reference is benchmarked with, so compare the counts, not the times"
        )
    }
}

/// `cargo build -p <package> --bin <bin>` (in `profile` if given) and the executable's
/// path. Compile errors are one line: the first error's headline and where it is.
pub fn build(
    root: &Path,
    package: &str,
    bin: &str,
    profile: Option<String>,
    what: &str,
) -> Result<PathBuf, LabError> {
    let mut command = check::cargo();
    command
        .current_dir(root)
        .args(["build", "--package", package, "--bin", bin])
        .arg("--message-format=json-diagnostic-short")
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(profile) = &profile {
        command.args(["--profile", profile]);
    }
    let mut child = command
        .spawn()
        .map_err(|e| LabError::io("cannot start cargo (is the Rust toolchain installed?)", e))?;
    let (stdout, stderr) = drain(&mut child);
    // Say what is happening if the build takes more than a moment: the first run of a
    // demo compiles the topic and its dependencies.
    let (done, finished) = mpsc::channel::<()>();
    let notice = what.to_string();
    let announcer = std::thread::spawn(move || {
        if finished.recv_timeout(Duration::from_secs(1)).is_err() && std::io::stderr().is_terminal()
        {
            eprintln!("building {notice} (the first run compiles it)...");
        }
    });
    let status = child
        .wait()
        .map_err(|e| LabError::io("cannot wait for cargo", e))?;
    let _ = done.send(());
    let _ = announcer.join();
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let mut executable = None;
    let mut first_error = None;
    for line in stdout.lines().filter(|l| l.starts_with('{')) {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-message")
                if message["message"]["level"] == "error" && first_error.is_none() =>
            {
                first_error = message["message"]["rendered"]
                    .as_str()
                    .map(|r| r.lines().next().unwrap_or("").trim().to_string());
            }
            Some("compiler-artifact") if message["target"]["name"] == bin => {
                if let Some(path) = message["executable"].as_str() {
                    executable = Some(PathBuf::from(path));
                }
            }
            _ => {}
        }
    }
    match (status.success(), executable) {
        (true, Some(path)) => Ok(path),
        _ => {
            let why = first_error.unwrap_or_else(|| last_line(&stderr).to_string());
            Err(LabError::failure(format!(
                "{what} does not build: {why} (`cargo build -p {package}` shows every error)"
            )))
        }
    }
}

/// Reads a child's standard output and error on threads of their own, so neither pipe
/// fills up and stalls it.
fn drain(
    child: &mut std::process::Child,
) -> (
    std::thread::JoinHandle<String>,
    std::thread::JoinHandle<String>,
) {
    fn reader(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    }
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    (reader(stdout), reader(stderr))
}

/// The last non-empty line of a program's output, trimmed.
pub fn last_line(text: &str) -> &str {
    text.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no output")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_past_its_limit_is_stopped() {
        let mut sleeper = Command::new("sleep");
        sleeper.arg("5");
        let started = std::time::Instant::now();
        let stopped = run_within(sleeper, Some(Duration::from_millis(100))).unwrap();
        assert!(stopped.is_none(), "sleep 5 outlived a 100 ms limit");
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "it was killed, not waited for"
        );
        let mut echo = Command::new("echo");
        echo.arg("done");
        let (status, stdout, _) = run_within(echo, Some(Duration::from_secs(30)))
            .unwrap()
            .expect("echo finishes within its limit");
        assert!(status.success());
        assert_eq!(stdout, "done\n");
    }

    #[test]
    fn mine_is_measured_in_the_release_profile_unless_told_otherwise() {
        // The lab's tests may set LAB_MINE_PROFILE for speed; this checks the default.
        if std::env::var_os("LAB_MINE_PROFILE").is_none() {
            assert_eq!(mine_profile(), "release");
        }
        assert!(mine_note("release").contains("optimised alike"));
        assert!(mine_note("dev").contains("compare the counts, not the times"));
    }
}
