//! `list`, `show` and `demo`: reading the catalogue and running demos.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use evidence::{DemoConfig, Topic};

use crate::LabError;
use crate::catalogue::{self, QUESTIONS, SECTIONS, Target};
use crate::check;
use crate::exercise;
use crate::render::{self, Style};
use crate::state::State;

/// `cargo lab list`: every question by section, then the suggested next step.
pub fn list(root: &Path, style: Style) -> Result<ExitCode, LabError> {
    print!("{}", list_text(root, style));
    Ok(ExitCode::SUCCESS)
}

/// What `list` prints (also shown by `watch`'s `l` key).
pub fn list_text(root: &Path, style: Style) -> String {
    let state = State::load(root);
    let topics = catalogue::topics();
    let backed = QUESTIONS
        .iter()
        .filter(|q| catalogue::topic_for(q.number).is_some())
        .count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "interview-lab: {} questions, {backed} answered with code that runs",
            QUESTIONS.len()
        ))
    );
    let text_width = QUESTIONS
        .iter()
        .map(|q| q.text.chars().count())
        .max()
        .unwrap_or(0);
    for (index, section) in SECTIONS.iter().enumerate() {
        let _ = writeln!(out, "\n{}", style.bold(section));
        for q in QUESTIONS.iter().filter(|q| q.section == index) {
            let pad = " ".repeat(text_width - q.text.chars().count());
            let status = match catalogue::topic_for(q.number) {
                Some(topic) => topic_status(&topic, &state, style),
                None => style.dim("answer planned"),
            };
            let _ = writeln!(out, "  {:>2}  {}{pad}  {status}", q.number, q.text);
        }
    }
    let _ = writeln!(out, "\n{}", next_step(&topics, &state));
    out
}

/// The demo run on the learner's implementation, through the exercise's `demo` example
/// (a child process: `lab` never links exercise code).
fn demo_mine(
    root: &Path,
    topic: &Topic,
    config: &DemoConfig,
    style: Style,
) -> Result<evidence::Report, LabError> {
    if !root
        .join(topic.exercise_dir)
        .join("examples/demo.rs")
        .is_file()
    {
        return Err(LabError::usage(format!(
            "the {} demo measures the reference's own algorithms, so it has no --mine; \
             --mine works for: {}",
            topic.id,
            with_example(root, "examples/demo.rs")
        )));
    }
    exercise::require_solved(root, topic, style)?;
    let output = check::cargo()
        .current_dir(root)
        .args(["run", "--quiet", "--package", &topic.exercise_package()])
        .args(["--example", "demo", "--"])
        .args([config.seed.to_string(), config.size.to_string()])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| LabError::io("cannot start cargo", e))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(LabError::usage(format!(
            "the demo failed on your implementation: {last}"
        )));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|e| LabError::usage(format!("the exercise's demo printed no report: {e}")))
}

/// The topics whose exercise has `file`, for error messages.
pub fn with_example(root: &Path, file: &str) -> String {
    catalogue::topics()
        .iter()
        .filter(|t| root.join(t.exercise_dir).join(file).is_file())
        .map(|t| t.id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// "lru-cache  demo  exercise 3/17" with the exercise's last known progress.
fn topic_status(topic: &Topic, state: &State, style: Style) -> String {
    let exercise = match state.progress.get(topic.id) {
        Some(p) if p.solved() => style.good(&format!("solved {}/{}", p.passed, p.total)),
        Some(p) if p.total == 0 => style.bad("exercise does not compile"),
        Some(p) => style.pending(&format!("exercise {}/{}", p.passed, p.total)),
        None => style.pending("exercise not started"),
    };
    format!("{}  demo  {exercise}", style.bold(topic.id))
}

/// What to do next: the first topic whose exercise is not solved.
fn next_step(topics: &[Topic], state: &State) -> String {
    let unsolved = topics
        .iter()
        .find(|t| !state.progress.get(t.id).is_some_and(|p| p.solved()));
    match unsolved {
        Some(t) if state.progress.contains_key(t.id) => format!(
            "next: keep going on {dir}/src/lib.rs with `cargo lab check {id}` \
             (stuck? `cargo lab hint {id}`)",
            dir = t.exercise_dir,
            id = t.id
        ),
        Some(t) => format!(
            "next: read the answer with `cargo lab show {q}`, see it proven with \
             `cargo lab demo {id}`, then implement {dir}/src/lib.rs and run `cargo lab check {id}`",
            q = t.questions[0],
            id = t.id,
            dir = t.exercise_dir
        ),
        None => "next: every exercise is solved; compare your code with the reference using \
                 `cargo lab bench <topic>`"
            .to_string(),
    }
}

/// `cargo lab show <topic|number>`.
pub fn show(target: &str, style: Style) -> Result<ExitCode, LabError> {
    match catalogue::target(target)? {
        Target::Question(q, topic) => {
            println!(
                "{}",
                style.bold(&format!("Question {} ({})", q.number, SECTIONS[q.section]))
            );
            println!("{}\n", q.text);
            match topic {
                Some(topic) => show_topic(&topic, style),
                None => println!(
                    "{}",
                    style.dim(
                        "answer planned: no topic backs this question with runnable code yet. \
                         `cargo lab list` shows the ones that do."
                    )
                ),
            }
        }
        Target::Topic(topic) => show_topic(&topic, style),
    }
    Ok(ExitCode::SUCCESS)
}

fn show_topic(topic: &Topic, style: Style) {
    print!("{}", render::markdown(topic.answer, style));
    println!("\n{}", style.bold("Where the code is"));
    println!(
        "  answer and reference  {}/README.md, {0}/src/",
        topic.crate_dir()
    );
    println!(
        "  demo                  cargo lab demo {} [--seed N] [--size N: {}]",
        topic.id, topic.demo.size_means
    );
    println!(
        "  exercise              {}/src/lib.rs; cargo lab check {}, cargo lab hint {1}",
        topic.exercise_dir, topic.id
    );
    println!(
        "  benchmark             benches/benches/{}.rs; cargo lab bench {}",
        topic.bench, topic.id
    );
}

/// `cargo lab demo <topic>`: exit 0 when every claim holds, 1 otherwise.
pub fn demo(
    root: &Path,
    id: &str,
    seed: Option<u64>,
    size: Option<usize>,
    json: bool,
    mine: bool,
    style: Style,
) -> Result<ExitCode, LabError> {
    let topic = catalogue::topic(id)?;
    let size = size.unwrap_or(topic.demo.default_size);
    if size == 0 {
        return Err(LabError::usage(format!(
            "--size must be at least 1 (it sets the {})",
            topic.demo.size_means
        )));
    }
    let config = DemoConfig {
        seed: seed.unwrap_or(DemoConfig::DEFAULT_SEED),
        size,
    };
    let report = if mine {
        demo_mine(root, &topic, &config, style)?
    } else {
        (topic.demo.run)(&config)
    };
    if json {
        let mut value = serde_json::to_value(&report).expect("reports are plain data");
        value["seed"] = config.seed.into();
        value["size"] = config.size.into();
        value["all_hold"] = report.all_hold().into();
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("a JSON value serializes")
        );
    } else {
        print!("{}", render::report(&report, style));
    }
    if report.all_hold() {
        Ok(ExitCode::SUCCESS)
    } else {
        if !json {
            eprintln!("some claims do not hold on this run; see the measurements above");
        }
        Ok(ExitCode::FAILURE)
    }
}
