//! `cargo lab bench <topic>`: runs the topic's criterion bench, then reads criterion's
//! estimates and prints how the reference compares with each other implementation.
//!
//! Criterion writes `target/criterion/<group>/<function>/new/estimates.json`; every
//! group of a topic's bench holds a `reference` function and one per anchor crate
//! (`std`, `lru`, ...), so the ratios come straight from those files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};

use evidence::Table;
use evidence::format::nanos;

use crate::LabError;
use crate::browse;
use crate::catalogue::Catalogue;
use crate::check;
use crate::exercise;
use crate::render::{self, Style};

/// Runs the bench (criterion's own output shows as it goes), then prints the ratios.
/// With `mine`, the exercise's own bench runs too, on the same workload, and the
/// learner's implementation is compared with the reference and the anchor crate.
pub fn bench(
    root: &Path,
    id: &str,
    mine: bool,
    criterion_args: &[String],
    style: Style,
) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let topic = catalogue.topic(id)?;
    let Some(spec) = &topic.bench else {
        return Err(LabError::usage(format!(
            "{id} has no bench{}; the benches are: {}",
            topic
                .without
                .get("bench")
                .map_or(String::new(), |why| format!(" ({why})")),
            browse::with_capability(&catalogue, |t| t.bench.is_some())
        )));
    };
    if mine {
        if !spec.mine {
            return Err(LabError::usage(format!(
                "the {} exercise has no bench of its own yet; --mine works for: {}",
                topic.id,
                browse::with_capability(&catalogue, |t| t.bench_mine())
            )));
        }
        exercise::require_solved(root, topic, style)?;
    }
    run_bench(root, "benches", &spec.target, criterion_args)?;
    if mine {
        run_bench(root, &topic.mine_package(), "mine", criterion_args)?;
    }
    let groups = read_estimates(&criterion_dir(root), &spec.target);
    if groups.is_empty() {
        return Err(LabError::usage(format!(
            "no criterion results for '{}' under target/criterion",
            spec.target
        )));
    }
    let mut table = Table::new(
        format!(
            "{}: mean time per iteration, and the reference's ratio to each",
            topic.id
        ),
        ["group", "function", "mean", "reference / this"],
    );
    let mut yours = Vec::new();
    for (group, functions) in &groups {
        let time = |name: &str| functions.iter().find(|(f, _)| f == name).map(|&(_, ns)| ns);
        let reference = time("reference");
        // A learner's results from an earlier `--mine` run stay on disk; show them only
        // when asked for.
        for (function, ns) in functions.iter().filter(|(f, _)| mine || f != "mine") {
            let ratio = match reference {
                Some(r) if function != "reference" => format!("{:.2}x", r / ns),
                _ => String::new(),
            };
            table.push([group.clone(), function.clone(), nanos(*ns), ratio]);
        }
        if let (true, Some(m), Some(r)) = (mine, time("mine"), reference) {
            let anchors: Vec<String> = functions
                .iter()
                .filter(|(f, _)| f != "reference" && f != "mine")
                .map(|(f, ns)| format!("{:.1}x {f}'s", m / ns))
                .collect();
            yours.push(format!(
                "{group}: your implementation takes {:.1}x the reference's time{}",
                m / r,
                anchors.iter().map(|a| format!(", {a}")).collect::<String>()
            ));
        }
    }
    print!("\n{}", render::table(&table, style));
    println!(
        "{}",
        style.dim("a ratio below 1.0x means the reference is faster than that implementation")
    );
    if mine {
        println!();
        for line in &yours {
            println!("{}", style.bold(line));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `cargo bench --package <package> --bench <bench> -- <criterion args>`, with
/// criterion's output shown as it runs.
fn run_bench(
    root: &Path,
    package: &str,
    bench: &str,
    criterion_args: &[String],
) -> Result<(), LabError> {
    let status = check::cargo()
        .current_dir(root)
        .args(["bench", "--package", package, "--bench", bench, "--"])
        .args(criterion_args)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| LabError::io("cannot start cargo bench", e))?;
    if status.success() {
        Ok(())
    } else {
        Err(LabError::usage(format!(
            "the {bench} bench of {package} failed ({status}); its output is above"
        )))
    }
}

/// `$CARGO_TARGET_DIR/criterion`, or `target/criterion` under the workspace.
fn criterion_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("criterion")
}

/// Mean estimates (ns) of every function in every group whose directory starts with
/// `bench`, sorted by group then with `reference` first.
fn read_estimates(dir: &Path, bench: &str) -> Vec<(String, Vec<(String, f64)>)> {
    let mut groups = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return groups;
    };
    for group in entries.flatten() {
        let name = group.file_name().to_string_lossy().into_owned();
        if !name.starts_with(bench) {
            continue;
        }
        let mut functions = Vec::new();
        for function in fs::read_dir(group.path()).into_iter().flatten().flatten() {
            let estimates = function.path().join("new/estimates.json");
            let Some(mean) = fs::read_to_string(&estimates)
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|v| v["mean"]["point_estimate"].as_f64())
            else {
                continue;
            };
            functions.push((function.file_name().to_string_lossy().into_owned(), mean));
        }
        functions.sort_by(|a, b| (a.0 != "reference", &a.0).cmp(&(b.0 != "reference", &b.0)));
        if !functions.is_empty() {
            groups.push((name, functions));
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_are_read_per_group_with_reference_first() {
        let dir = std::env::temp_dir().join(format!("lab-bench-test-{}", std::process::id()));
        let write = |group: &str, function: &str, mean: f64| {
            let d = dir.join(group).join(function).join("new");
            fs::create_dir_all(&d).unwrap();
            fs::write(
                d.join("estimates.json"),
                format!(r#"{{"mean":{{"point_estimate":{mean}}}}}"#),
            )
            .unwrap();
        };
        write("lru_cache_cap1k", "lru", 20.0);
        write("lru_cache_cap1k", "reference", 10.0);
        write("other_bench", "reference", 1.0);
        let groups = read_estimates(&dir, "lru_cache");
        assert_eq!(
            groups,
            [(
                "lru_cache_cap1k".to_string(),
                vec![("reference".to_string(), 10.0), ("lru".to_string(), 20.0)]
            )]
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
