//! `cargo lab bench <topic>`: runs the topic's criterion bench, then reads criterion's
//! estimates and prints how the reference compares with each other implementation.
//!
//! Criterion writes `target/criterion/<group>/<function>/new/estimates.json`, with
//! `benchmark.json` beside it naming the benchmark's full id (`group/function`); every
//! group of a topic's bench holds a `reference` function and one per anchor crate
//! (`std`, `lru`, ...), so the ratios come straight from those files. Which ids belong
//! to the topic is asked of the bench itself (`-- --list`), not guessed from directory
//! names, so a topic `retry` never picks up the groups of a topic `retry_budget`.

use std::fs;
use std::io::{BufRead, BufReader, IsTerminal};
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

/// Runs the bench, then prints the ratios. With `mine`, the exercise's own bench runs
/// too, on the same workload, and the learner's implementation is compared with the
/// reference and the anchor crate. Cargo's and criterion's output is shown only with
/// `verbose`; otherwise one progress line says how far the run is.
pub fn bench(
    root: &Path,
    id: &str,
    mine: bool,
    verbose: bool,
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
    let mut ids = listed_ids(root, "benches", &spec.target)?;
    run_bench(
        root,
        "benches",
        &spec.target,
        criterion_args,
        verbose,
        ids.len(),
    )?;
    if mine {
        let mine_ids = listed_ids(root, &topic.mine_package(), "mine")?;
        run_bench(
            root,
            &topic.mine_package(),
            "mine",
            criterion_args,
            verbose,
            mine_ids.len(),
        )?;
        ids.extend(mine_ids);
    }
    let groups = read_estimates(&criterion_dir(root), &ids);
    if groups.is_empty() {
        return Err(LabError::usage(format!(
            "no criterion results for '{}' under target/criterion",
            spec.target
        )));
    }
    let mut table = Table::new(
        format!(
            "{}: criterion's mean time per iteration, and the reference's ratio to each",
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
        style.dim(
            "a ratio below 1.0x means the reference is faster than that implementation; \
             every time is criterion's mean (its point estimate, with outliers kept)"
        )
    );
    if let Some(about) = &spec.about {
        println!("{}", style.dim(about));
    }
    if mine {
        println!();
        for line in &yours {
            println!("{}", style.bold(line));
        }
        println!(
            "{}",
            style.dim(
                "both benches run in cargo's bench profile: your code and the reference \
                 optimised alike (opt-level 3); times are criterion's mean per iteration"
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `cargo bench --package <package> --bench <bench> -- <criterion args>`. With
/// `verbose`, cargo's and criterion's output shows as it runs; otherwise it is kept, a
/// progress line counts the `total` benchmarks as criterion finishes them, and the output
/// is shown only if the run fails.
fn run_bench(
    root: &Path,
    package: &str,
    bench: &str,
    criterion_args: &[String],
    verbose: bool,
    total: usize,
) -> Result<(), LabError> {
    let mut command = check::cargo();
    command
        .current_dir(root)
        .args(["bench", "--package", package, "--bench", bench, "--"])
        .args(criterion_args)
        .stdin(Stdio::null());
    if verbose {
        let status = command
            .status()
            .map_err(|e| LabError::io("cannot start cargo bench", e))?;
        return if status.success() {
            Ok(())
        } else {
            Err(LabError::failure(format!(
                "the {bench} bench of {package} failed ({status}); its output is above"
            )))
        };
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| LabError::io("cannot start cargo bench", e))?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut { stderr }, &mut text);
        text
    });
    let terminal = std::io::stderr().is_terminal();
    let what = if bench == "mine" {
        "your code".to_string()
    } else {
        format!("the {bench} bench")
    };
    eprint!("building and running {what} ({total} benchmarks; --verbose shows criterion's output)");
    let mut output = String::new();
    let mut done = 0;
    for line in BufReader::new(child.stdout.take().expect("stdout is piped"))
        .lines()
        .map_while(Result::ok)
    {
        // Criterion prints "<id>  time: [low mean high]" when a benchmark is measured.
        if line.contains("time:   [") || line.contains("time: [") {
            done += 1;
            if terminal {
                eprint!("\r\x1b[2Kmeasured {done} of {total} benchmarks of {what}");
            }
        }
        output.push_str(&line);
        output.push('\n');
    }
    let status = child
        .wait()
        .map_err(|e| LabError::io("cannot wait for cargo bench", e))?;
    eprintln!();
    if status.success() {
        return Ok(());
    }
    let errors = errors.join().unwrap_or_default();
    eprintln!("{output}{errors}");
    Err(LabError::failure(format!(
        "the {bench} bench of {package} failed ({status}); its output is above"
    )))
}

/// The full ids (`group/function`) of the benchmarks a bench target defines, from
/// criterion's `--list`.
fn listed_ids(root: &Path, package: &str, bench: &str) -> Result<Vec<String>, LabError> {
    let output = check::cargo()
        .current_dir(root)
        .args(["bench", "--quiet", "--package", package, "--bench", bench])
        .args(["--", "--list"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LabError::io("cannot start cargo bench", e))?;
    Ok(parse_list(&String::from_utf8_lossy(&output.stdout)))
}

/// The ids in criterion's `--list` output: lines `group/function: benchmark`.
fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_suffix(": benchmark"))
        .map(str::to_string)
        .collect()
}

/// `$CARGO_TARGET_DIR/criterion`, or `target/criterion` under the workspace.
fn criterion_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("criterion")
}

/// Mean estimates (ns) of the benchmarks whose full id is in `ids`, by group, groups
/// sorted by name and `reference` first in each.
fn read_estimates(dir: &Path, ids: &[String]) -> Vec<(String, Vec<(String, f64)>)> {
    let mut groups: Vec<(String, Vec<(String, f64)>)> = Vec::new();
    let group_dirs = fs::read_dir(dir).into_iter().flatten().flatten();
    for function_dir in
        group_dirs.flat_map(|g| fs::read_dir(g.path()).into_iter().flatten().flatten())
    {
        let new = function_dir.path().join("new");
        let read = |file: &str| {
            fs::read_to_string(new.join(file))
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        };
        let Some(benchmark) = read("benchmark.json") else {
            continue;
        };
        let full_id = benchmark["full_id"].as_str().unwrap_or_default();
        if !ids.iter().any(|id| id == full_id) {
            continue;
        }
        let (Some(group), Some(function), Some(mean)) = (
            benchmark["group_id"].as_str(),
            benchmark["function_id"].as_str(),
            read("estimates.json").and_then(|v| v["mean"]["point_estimate"].as_f64()),
        ) else {
            continue;
        };
        let entry = match groups.iter().position(|(g, _)| g == group) {
            Some(i) => &mut groups[i].1,
            None => {
                groups.push((group.to_string(), Vec::new()));
                &mut groups.last_mut().expect("just pushed").1
            }
        };
        entry.push((function.to_string(), mean));
    }
    for (_, functions) in &mut groups {
        functions.sort_by(|a, b| (a.0 != "reference", &a.0).cmp(&(b.0 != "reference", &b.0)));
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_are_read_for_the_listed_ids_only_with_reference_first() {
        let dir = std::env::temp_dir().join(format!("lab-bench-test-{}", std::process::id()));
        let write = |group: &str, function: &str, mean: f64| {
            let d = dir.join(group).join(function).join("new");
            fs::create_dir_all(&d).unwrap();
            fs::write(
                d.join("estimates.json"),
                format!(r#"{{"mean":{{"point_estimate":{mean}}}}}"#),
            )
            .unwrap();
            fs::write(
                d.join("benchmark.json"),
                format!(
                    r#"{{"group_id":"{group}","function_id":"{function}","full_id":"{group}/{function}"}}"#
                ),
            )
            .unwrap();
        };
        write("retry_cap", "std", 20.0);
        write("retry_cap", "reference", 10.0);
        // A topic whose name starts with the other's: its groups must not be picked up.
        write("retry_budget_cap", "reference", 1.0);
        let ids = parse_list(
            "retry_cap/reference: benchmark\nretry_cap/std: benchmark\nWarning: noise\n",
        );
        let groups = read_estimates(&dir, &ids);
        assert_eq!(
            groups,
            [(
                "retry_cap".to_string(),
                vec![("reference".to_string(), 10.0), ("std".to_string(), 20.0)]
            )]
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
