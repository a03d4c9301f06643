//! `cargo lab plan`: a week-by-week study plan from the learner's state, saved so later
//! runs show progress against it. The planning is `practice::plan`'s; this module
//! gathers the state (exercises solved, drill scores) and prints the table.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use evidence::manifest::Kind;
use practice::Journal;
use practice::plan::{self, Plan, QuestionInfo, Status};

use crate::LabError;
use crate::catalogue::{Catalogue, QUESTIONS};
use crate::drill;
use crate::render::Style;
use crate::state::State;

/// `cargo lab plan` options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Weeks until the interviews (1-52); 6 when making a new plan.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=52))]
    weeks: Option<u8>,
    /// Hours a week to study (1-80); 8 when making a new plan.
    #[arg(long, value_parser = hours)]
    hours_per_week: Option<f64>,
    /// Makes a new plan even if one is saved (the old one is replaced).
    #[arg(long)]
    new: bool,
    /// Prints the plan and its progress as one JSON object.
    #[arg(long)]
    json: bool,
}

fn hours(text: &str) -> Result<f64, String> {
    let h: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of hours"))?;
    if (1.0..=80.0).contains(&h) {
        Ok(h)
    } else {
        Err(format!("{text} hours a week is out of range (1 to 80)"))
    }
}

/// What the planner needs about every answered question.
fn questions(root: &Path, catalogue: &Catalogue) -> Vec<QuestionInfo> {
    let state = State::load(root);
    QUESTIONS
        .iter()
        .filter_map(|q| {
            let topic = catalogue.primary(q.number)?;
            Some(QuestionInfo {
                number: q.number,
                section: q.section,
                topic: topic.id.clone(),
                code: topic.kind == Kind::Code,
                exercise: topic
                    .exercise
                    .as_ref()
                    .map(|_| state.progress.get(&topic.id).is_some_and(|p| p.solved())),
                demo: topic.demo.is_some(),
            })
        })
        .collect()
}

/// `cargo lab plan [--weeks N] [--hours-per-week H] [--new] [--json]`.
pub fn plan(root: &Path, args: &Args, style: Style) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let now = drill::now()?;
    let (mut journal, _) = drill::open_journal(root).into_parts();
    let remake = args.new || args.weeks.is_some() || args.hours_per_week.is_some();
    let mut note = String::new();
    if remake || journal.plan.is_none() {
        let made = plan::make(
            &questions(root, &catalogue),
            &journal,
            usize::from(args.weeks.unwrap_or(6)),
            args.hours_per_week.unwrap_or(8.0),
            now,
        );
        // Saved under the journal's lock, into the journal as it is now: a drill saved
        // meanwhile is kept.
        let path = drill::journal_path(root);
        note = match practice::store::update(&path, practice::journal::SCHEMA, |j: &mut Journal| {
            j.plan = Some(made.clone());
        }) {
            Ok(()) => format!("saved in {}", path.display()),
            Err(e) => e.to_string(),
        };
        journal.plan = Some(made);
    }
    let plan = journal.plan.clone().expect("made above");
    let state = State::load(root);
    let solved = |topic: &str| state.progress.get(topic).is_some_and(|p| p.solved());
    let status = plan.status(&journal, solved, now);
    if args.json {
        println!(
            "{}",
            serde_json::json!({ "plan": plan, "status": status, "now": now.to_rfc3339() })
        );
    } else {
        print!("{}", text(&plan, &status, now, style));
        if !note.is_empty() {
            println!("{}", style.dim(&note));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The plan as a table, week by week, with each task ticked when done.
fn text(plan: &Plan, status: &Status, now: DateTime<Utc>, style: Style) -> String {
    let weeks = plan.weeks.len();
    let mut out = format!(
        "{}\n",
        style.bold(&format!(
            "Study plan: {weeks} week{} from {} at {} h a week",
            if weeks == 1 { "" } else { "s" },
            plan.created.format("%Y-%m-%d"),
            plan.hours_per_week
        ))
    );
    let position = match status.current_week {
        0 => "it starts later".to_string(),
        w if w > weeks => "it has ended".to_string(),
        w => format!("this is week {w}"),
    };
    let _ = writeln!(
        out,
        "{} done of {}; {position}{}",
        status.items_done,
        status.items,
        if status.behind > 0 {
            format!(
                "; {} task{} behind",
                status.behind,
                if status.behind == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    );
    if let Some(need) = plan.needs_hours_per_week {
        let _ = writeln!(
            out,
            "{}",
            style.bad(&format!(
                "The work needs about {need} h a week to fit; the weeks below hold it all, so \
                 expect them to run long (or plan more weeks: `cargo lab plan --weeks N`)."
            ))
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        style.dim("week  starts      hours  done   focus")
    );
    for (w, week) in plan.weeks.iter().enumerate() {
        let flags = &status.done[w];
        let done = flags.iter().filter(|d| **d).count();
        let marker = if status.current_week == week.number {
            "▸"
        } else {
            " "
        };
        let _ = writeln!(
            out,
            "{marker}{:>3}  {}  {:>5.1}  {:>2}/{:<2}  {}",
            week.number,
            week.starts.format("%Y-%m-%d"),
            week.hours,
            done,
            flags.len(),
            style.bold(&week.focus)
        );
        for (item, done) in week.items.iter().zip(flags) {
            let tick = if *done {
                style.good("[x]")
            } else {
                "[ ]".to_string()
            };
            let _ = writeln!(
                out,
                "        {tick} {} ({} h)",
                item.task.describe(),
                item.hours
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        style.dim(&format!(
            "Each week also keeps {} h for the reviews `cargo lab drill` brings back when \
             they are due ({}).",
            plan::REVIEW_HOURS,
            now.format("%Y-%m-%d")
        ))
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_checked() {
        assert_eq!(hours("8"), Ok(8.0));
        assert!(hours("0.5").unwrap_err().contains("out of range"));
        assert!(hours("81").unwrap_err().contains("out of range"));
        assert!(hours("lots").unwrap_err().contains("not a number"));
    }
}
