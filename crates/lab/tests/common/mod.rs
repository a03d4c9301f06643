//! What the `lab` integration tests share: the workspace they run in, one way to run the
//! `lab` binary as a learner would (a scratch `LAB_DIR`, no colour, no stdin), and its
//! output as text. Each test file includes it with `mod common;` and uses what it needs.

#![allow(dead_code)]

pub mod scratch;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root, where `lab` finds the topics.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `lab <args>` in the workspace with `lab_dir` as its `LAB_DIR`.
pub fn run_lab(lab_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lab"))
        .args(args)
        .current_dir(workspace())
        .env("LAB_DIR", lab_dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the lab binary runs")
}

/// Runs `lab <args>` with a scratch `LAB_DIR` of its own (named after `prefix`, the
/// process and the arguments), removed afterwards, so no run sees another's progress.
pub fn run_lab_scratch(prefix: &str, args: &[&str]) -> Output {
    let scratch = std::env::temp_dir().join(format!(
        "{prefix}-{}-{}",
        std::process::id(),
        args.join("_").replace(['/', ' '], "_")
    ));
    let output = run_lab(&scratch, args);
    let _ = std::fs::remove_dir_all(&scratch);
    output
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
