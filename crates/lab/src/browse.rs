//! `list`, `show` and `demo`: reading the catalogue and running demos.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

use evidence::DemoConfig;
use evidence::format::count;

use crate::LabError;
use crate::catalogue::{Catalogue, QUESTIONS, SECTIONS, Target, Topic};
use crate::exercise;
use crate::markdown;
use crate::render::{self, Style};
use crate::run;
use crate::state::{Progress, State};

use evidence::answer::ENGINEERING_MARKER;

/// `cargo lab list`: every question by section, then the suggested next step.
pub fn list(root: &Path, style: Style) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    warn_broken(&catalogue);
    print!("{}", list_text(root, &catalogue, style));
    Ok(ExitCode::SUCCESS)
}

/// One line on standard error per topic whose manifest was refused: the rest works.
pub fn warn_broken(catalogue: &Catalogue) {
    for broken in &catalogue.broken {
        eprintln!("warning: skipping a topic: {broken}");
    }
}

/// What `list` prints (also shown by `watch`'s `l` key).
pub fn list_text(root: &Path, catalogue: &Catalogue, style: Style) -> String {
    let state = State::load(root);
    let journal = crate::drill::open_journal(root);
    let answered = QUESTIONS
        .iter()
        .filter(|q| catalogue.primary(q.number).is_some())
        .count();
    let with_code = QUESTIONS
        .iter()
        .filter(|q| {
            catalogue
                .primary(q.number)
                .is_some_and(|t| t.demo.is_some())
        })
        .count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "interview-lab: {} questions, {answered} answered, {with_code} with a demo that runs",
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
            let status = match catalogue.primary(q.number) {
                Some(topic) => format!(
                    "{}  {}",
                    topic_status(root, topic, &state, style),
                    drill_status(journal.get(), q.number, style)
                ),
                None => style.dim("answer planned"),
            };
            let _ = writeln!(out, "  {:>2}  {}{pad}  {status}", q.number, q.text);
        }
    }
    let _ = writeln!(out, "\n{}", next_step(catalogue, &state));
    out
}

/// "lru-cache  demo  exercise 3/17": the topic, what it has, and the exercise's last
/// known progress.
fn topic_status(root: &Path, topic: &Topic, state: &State, style: Style) -> String {
    let mut parts = vec![style.bold(&topic.id)];
    if topic.demo.is_some() {
        parts.push("demo".to_string());
    } else {
        parts.push(style.dim("answer"));
    }
    if let Some(status) = exercise_status(root, topic, state) {
        let text = status.to_string();
        parts.push(match status {
            ExerciseStatus::DoesNotCompile(_) => style.bad(&text),
            ExerciseStatus::Solved(_) => style.good(&text),
            _ => style.pending(&text),
        });
    }
    parts.join("  ")
}

/// "drill 5/8 · review 2026-12-03": the last drill's points and the next review, or
/// "not drilled".
fn drill_status(journal: &practice::Journal, number: u8, style: Style) -> String {
    match (journal.last(number), journal.next_review(number)) {
        (Some(last), Some(due)) => {
            let score = format!("drill {}/{}", last.covered, last.total);
            let score = if last.score() >= practice::plan::PASS {
                style.good(&score)
            } else {
                style.pending(&score)
            };
            format!("{score} · review {}", due.format("%Y-%m-%d"))
        }
        _ => style.dim("not drilled"),
    }
}

/// Where a learner is with a topic's exercise, as `list` and `serve`'s catalogue show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExerciseStatus {
    /// The last check did not compile; the counts are those of the last build that did
    /// (total 0 if none did).
    DoesNotCompile(Progress),
    /// Every case passed at the last check.
    Solved(Progress),
    /// Checked, some cases failing.
    InProgress(Progress),
    /// Never checked, but the files differ from the stub.
    EditedNotChecked,
    /// Never checked, and the stub is untouched.
    NotStarted,
}

/// The status of `topic`'s exercise, or `None` if it has none.
pub fn exercise_status(root: &Path, topic: &Topic, state: &State) -> Option<ExerciseStatus> {
    topic.exercise.as_ref()?;
    Some(match state.progress.get(&topic.id) {
        Some(&p) if !p.builds => ExerciseStatus::DoesNotCompile(p),
        Some(&p) if p.solved() => ExerciseStatus::Solved(p),
        Some(&p) => ExerciseStatus::InProgress(p),
        // No record (a new clone, or `.lab/` deleted): the files tell.
        None if exercise::edited(root, topic) => ExerciseStatus::EditedNotChecked,
        None => ExerciseStatus::NotStarted,
    })
}

impl std::fmt::Display for ExerciseStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExerciseStatus::DoesNotCompile(p) if p.total > 0 => write!(
                f,
                "{}/{} at the last build; your latest edit does not compile",
                p.passed, p.total
            ),
            ExerciseStatus::DoesNotCompile(_) => f.write_str("exercise does not compile"),
            ExerciseStatus::Solved(p) => write!(f, "solved {}/{}", p.passed, p.total),
            ExerciseStatus::InProgress(p) => write!(f, "exercise {}/{}", p.passed, p.total),
            ExerciseStatus::EditedNotChecked => f.write_str("edited, not checked"),
            ExerciseStatus::NotStarted => f.write_str("exercise not started"),
        }
    }
}

/// What to do next (`list` ends with it): the first topic, in teaching order, whose exercise is not solved.
pub fn next_step(catalogue: &Catalogue, state: &State) -> String {
    let unsolved = catalogue
        .exercises()
        .find(|t| !state.progress.get(&t.id).is_some_and(|p| p.solved()));
    match unsolved {
        Some(t) if state.progress.contains_key(&t.id) => format!(
            "next: keep going on {}/src/ with `cargo lab check {id}` (stuck? `cargo lab hint {id}`)",
            t.exercise_dir(),
            id = t.id
        ),
        Some(t) => format!(
            "next: read the answer with `cargo lab show {q}`, see it proven with \
             `cargo lab demo {id}`, then implement {dir}/src/ and run `cargo lab check {id}`",
            q = t.questions[0],
            id = t.id,
            dir = t.exercise_dir()
        ),
        None => "next: every exercise is solved; compare your code with the reference using \
                 `cargo lab bench <topic> --mine`"
            .to_string(),
    }
}

/// `cargo lab show <topic|number> [--full] [--raw]`.
pub fn show(
    root: &Path,
    target: &str,
    full: bool,
    raw: bool,
    style: Style,
) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    match catalogue.target(target)? {
        Target::Question(q, topic) => {
            println!(
                "{}",
                style.bold(&format!("Question {} ({})", q.number, SECTIONS[q.section]))
            );
            println!("{}\n", q.text);
            match topic {
                Some(topic) => show_topic(root, topic, full, raw, style)?,
                None => println!(
                    "{}",
                    style.dim(
                        "answer planned: no topic answers this question yet. \
                         `cargo lab list` shows the ones that do."
                    )
                ),
            }
            let also: Vec<&str> = catalogue
                .see_also(q.number)
                .map(|t| t.id.as_str())
                .collect();
            if !also.is_empty() {
                println!(
                    "\n{} {}",
                    style.bold("See also:"),
                    also.iter()
                        .map(|id| format!("`cargo lab show {id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        Target::Topic(topic) => show_topic(root, topic, full, raw, style)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The topic's answer (the interview part, or all of it with `full`), then where its
/// code is.
fn show_topic(
    root: &Path,
    topic: &Topic,
    full: bool,
    raw: bool,
    style: Style,
) -> Result<(), LabError> {
    let path = root.join(topic.crate_dir()).join("README.md");
    let answer = fs::read_to_string(&path)
        .map_err(|e| LabError::failure(format!("cannot read {}: {e}", path.display())))?;
    let (interview, engineering) = split_answer(&answer);
    let shown = |text: &str| {
        if raw {
            text.to_string()
        } else {
            markdown::render(text, style)
        }
    };
    print!("{}", shown(interview));
    if full {
        print!("\n{}", shown(engineering));
    } else if !engineering.trim().is_empty() {
        println!(
            "\n{}",
            style.dim(&format!(
                "(`cargo lab show {} --full` adds the engineering part: the code map, benchmarks and how it was built)",
                topic.id
            ))
        );
    }
    println!("\n{}", style.bold("Where the code is"));
    println!("  answer                {}/README.md", topic.crate_dir());
    if let Some(demo) = &topic.demo {
        println!(
            "  demo                  cargo lab demo {} [--seed N] [--size N: {}]",
            topic.id, demo.size_means
        );
    }
    if topic.exercise.is_some() {
        println!(
            "  exercise              {}/src/; cargo lab check {}, cargo lab hint {1}",
            topic.exercise_dir(),
            topic.id
        );
    }
    if let Some(bench) = &topic.bench {
        println!(
            "  benchmark             benches/benches/{}.rs; cargo lab bench {}",
            bench.target, topic.id
        );
    }
    for (capability, why) in &topic.without {
        println!("  {:<21} none: {why}", format!("{capability}"));
    }
    Ok(())
}

/// An answer cut at [`ENGINEERING_MARKER`]: (interview part, engineering part). An
/// answer without the marker is all interview part.
pub fn split_answer(answer: &str) -> (&str, &str) {
    match answer.find(ENGINEERING_MARKER) {
        Some(at) => (&answer[..at], &answer[at + ENGINEERING_MARKER.len()..]),
        None => (answer, ""),
    }
}

/// `cargo lab demo <topic>`: exit 0 when every claim holds, 1 otherwise.
pub fn demo(
    root: &Path,
    id: &str,
    seed: Option<u64>,
    size: Option<u64>,
    json: bool,
    mine: bool,
    style: Style,
) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let topic = catalogue.topic(id)?;
    let Some(spec) = &topic.demo else {
        return Err(LabError::usage(format!(
            "{id} has no demo (its answer is {}); the demos are: {}",
            topic.kind,
            with_capability(&catalogue, |t| t.demo.is_some())
        )));
    };
    if mine && !spec.mine {
        return Err(LabError::usage(format!(
            "the {id} demo measures the reference's own algorithms, so it has no --mine; \
             --mine works for: {}",
            with_capability(&catalogue, Topic::demo_mine)
        )));
    }
    let (config, note) = demo_config(id, spec, seed, size)?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    let report = if mine {
        exercise::require_solved(root, topic, style)?;
        run::demo(root, topic, run::Demo::Mine, &config, None)?
    } else {
        run::demo(root, topic, run::Demo::Reference, &config, None)?
    };
    if json {
        let mut value = report_json(&report);
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
            let failed: Vec<String> = report
                .failed_claims()
                .map(|c| format!("'{}' (measured: {})", c.statement, c.measured))
                .collect();
            eprintln!("claims that do not hold on this run: {}", failed.join("; "));
        }
        Ok(ExitCode::FAILURE)
    }
}

/// The seed and size a demo runs with, from what was asked (`None`: the defaults), and a
/// note when the size was raised to the demo's minimum. `demo` and `serve`'s demo form
/// both use it.
///
/// # Errors
///
/// A size of 0, or above the demo's maximum.
pub fn demo_config(
    id: &str,
    spec: &evidence::manifest::DemoSpec,
    seed: Option<u64>,
    size: Option<u64>,
) -> Result<(DemoConfig, Option<String>), LabError> {
    let mut note = None;
    let size = match size {
        None => spec.default_size,
        Some(0) => {
            return Err(LabError::usage(format!(
                "--size must be at least 1 (it sets the {})",
                spec.size_means
            )));
        }
        Some(n) if n > spec.max_size => {
            return Err(LabError::usage(format!(
                "--size {} is above the {id} demo's maximum of {} ({}); larger runs would \
                 exhaust memory or take hours",
                count(n),
                count(spec.max_size),
                spec.size_means
            )));
        }
        Some(n) if n < spec.min_size => {
            note = Some(format!(
                "--size {} raised to {}, the smallest size the {id} demo's claims are \
                 meaningful at",
                count(n),
                count(spec.min_size)
            ));
            spec.min_size
        }
        Some(n) => n,
    };
    let config = DemoConfig {
        seed: seed.unwrap_or(DemoConfig::DEFAULT_SEED),
        size: usize::try_from(size).map_err(|_| LabError::usage("--size is too large"))?,
    };
    Ok((config, note))
}

/// The report as `--json` prints it: as the demo wrote it, plus, beside each table's
/// `rows` of formatted text, `cells` that carry each cell's number (`{"text": "61.2%",
/// "value": 61.2, "unit": "%"}`), and bar values rounded to six significant digits (no
/// `25.247500000000002`).
pub fn report_json(report: &evidence::Report) -> serde_json::Value {
    let mut value = serde_json::to_value(report).expect("reports are plain data");
    if let Some(tables) = value["tables"].as_array_mut() {
        for table in tables {
            let cells: Vec<Vec<serde_json::Value>> = table["rows"]
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .map(|row| {
                            row.as_array()
                                .map(|r| r.iter().map(|c| cell(c.as_str().unwrap_or(""))).collect())
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .unwrap_or_default();
            table["cells"] = cells.into();
        }
    }
    if let Some(charts) = value["bars"].as_array_mut() {
        for chart in charts {
            for group in chart["groups"].as_array_mut().into_iter().flatten() {
                for bar in group["bars"].as_array_mut().into_iter().flatten() {
                    if let Some(v) = bar[1].as_f64() {
                        bar[1] = round_significant(v, 6).into();
                    }
                }
            }
        }
    }
    value
}

/// One table cell for `--json`: its text, and its number and unit when it is a quantity.
fn cell(text: &str) -> serde_json::Value {
    let mut out = serde_json::json!({ "text": text });
    if let Some((number, unit)) = quantity(text) {
        out["value"] = round_significant(number, 6).into();
        if !unit.is_empty() {
            out["unit"] = unit.into();
        }
    }
    out
}

/// The number a formatted cell shows, and its unit: "1,234" is 1234; "61.2%" is 61.2 %;
/// "35.2 ns", "4.10 µs", "12.3 ms" are times; "5.6x" a ratio; "2,000/s" a rate.
fn quantity(text: &str) -> Option<(f64, String)> {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '-'))
        .map_or(text.len(), |(i, _)| i);
    let (number, unit) = text.split_at(end);
    if number.is_empty() || !number.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = number.replace(',', "").parse().ok()?;
    let unit = unit.trim();
    let known = [
        "", "%", "x", "ns", "µs", "ms", "s", "B", "KB", "MB", "GB", "/s",
    ];
    known.contains(&unit).then(|| (value, unit.to_string()))
}

/// `v` with at most `digits` significant digits.
fn round_significant(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// The ids of the topics that have `capability`, for error messages.
pub fn with_capability(catalogue: &Catalogue, capability: impl Fn(&Topic) -> bool) -> String {
    let ids: Vec<&str> = catalogue
        .topics
        .iter()
        .filter(|t| capability(t))
        .map(|t| t.id.as_str())
        .collect();
    if ids.is_empty() {
        "none yet".to_string()
    } else {
        ids.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cells_carry_their_numbers_and_bars_lose_float_noise() {
        let mut report = evidence::Report::new("t", "t");
        report.tables.push(
            evidence::Table::new("t", ["what", "n", "share", "time", "ratio", "rate"])
                .row(["LRU", "1,234", "61.2%", "4.10 µs", "5.6x", "2,000/s"]),
        );
        report
            .bars
            .push(evidence::Bars::new("b", "%").group("", [("a", 25.247_500_000_000_002)]));
        let json = report_json(&report);
        let cells = &json["tables"][0]["cells"][0];
        assert_eq!(cells[0], serde_json::json!({ "text": "LRU" }));
        assert_eq!(
            cells[1],
            serde_json::json!({ "text": "1,234", "value": 1234.0 })
        );
        assert_eq!(cells[2]["value"], 61.2);
        assert_eq!(cells[2]["unit"], "%");
        assert_eq!(
            (cells[3]["value"].as_f64(), cells[3]["unit"].as_str()),
            (Some(4.1), Some("µs"))
        );
        assert_eq!(cells[4]["unit"], "x");
        assert_eq!(cells[5]["value"], 2000.0);
        assert_eq!(json["tables"][0]["rows"][0][1], "1,234", "the text stays");
        assert_eq!(json["bars"][0]["groups"][0]["bars"][0][1], 25.2475);
    }

    #[test]
    fn an_answer_splits_at_the_engineering_marker() {
        let answer = "# T\n\nsay this\n\n<!-- engineering -->\n\n## Code map\n";
        let (interview, engineering) = split_answer(answer);
        assert_eq!(interview, "# T\n\nsay this\n\n");
        assert_eq!(engineering, "\n\n## Code map\n");
        assert_eq!(split_answer("no marker"), ("no marker", ""));
    }
}
