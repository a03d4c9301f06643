//! `cargo lab drill`: practise answering out loud, against a clock, with follow-ups,
//! on a spaced-repetition schedule.
//!
//! The drill's logic is the `practice` crate's: the cards come from the answers
//! ([`practice::Card::from_answer`]), a question is walked as a [`practice::Session`],
//! and the result goes to the [`practice::Journal`] in `.lab/practice.json`, which
//! schedules the next review with FSRS. This module is the terminal interface: the
//! countdown, the notes, single-key marks, and `--list-due` for scripts.
//!
//! `LAB_NOW` (an RFC 3339 time) stands in for the clock's date, so tests and a learner
//! who wants to look ahead get the same schedule every time.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use evidence::answer::Answer;
use practice::{Card, Journal, Outcome, Reason, Session, Step, Store};

use crate::LabError;
use crate::catalogue::{Catalogue, QUESTIONS, SECTIONS};
use crate::render::Style;
use crate::state::{self, lab_dir};
use crate::term::{self, RawMode};

/// `cargo lab drill` options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only questions of this section (1-7, as `cargo lab list` orders them).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=7))]
    section: Option<u8>,
    /// Only the questions this topic answers, e.g. `lru-cache`.
    #[arg(long)]
    topic: Option<String>,
    /// Only this question (1-29).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=29))]
    question: Option<u8>,
    /// Minutes for each answer (0.25 to 60); follow-ups get half, at least 30 seconds.
    #[arg(long, default_value = "2", value_parser = minutes)]
    minutes: f64,
    /// How many questions to ask (1-29).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(1..=29))]
    count: u8,
    /// Follow-up questions per question (0-3).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=3))]
    follow_ups: u8,
    /// Lists what is due and new instead of drilling; needs no terminal.
    #[arg(long)]
    list_due: bool,
    /// With --list-due: prints one JSON object.
    #[arg(long, requires = "list_due")]
    json: bool,
}

fn minutes(text: &str) -> Result<f64, String> {
    let m: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of minutes"))?;
    if (0.25..=60.0).contains(&m) {
        Ok(m)
    } else {
        Err(format!("{text} minutes is out of range (0.25 to 60)"))
    }
}

/// The time the schedule uses: `LAB_NOW` if set (RFC 3339), else the clock.
///
/// # Errors
///
/// `LAB_NOW` is set but is not an RFC 3339 time.
pub fn now() -> Result<DateTime<Utc>, LabError> {
    match std::env::var("LAB_NOW") {
        Ok(text) if !text.is_empty() => DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                LabError::usage(format!(
                    "LAB_NOW={text} is not an RFC 3339 time such as 2026-12-01T09:00:00Z ({e})"
                ))
            }),
        _ => Ok(Utc::now()),
    }
}

/// Where the journal lives: `practice.json` in the lab directory.
pub fn journal_path(root: &Path) -> PathBuf {
    lab_dir(root).join(practice::journal::FILE)
}

/// Opens the journal, warning once when it is read-only.
pub fn open_journal(root: &Path) -> Store<Journal> {
    let store = Store::open(journal_path(root), practice::journal::SCHEMA);
    if let Some(why) = store.read_only() {
        state::warn_read_only(why);
    }
    store
}

/// Records a finished drill in the journal, under the journal's lock so a drill saved
/// meanwhile by the web page (or another terminal) is kept. Returns the next review
/// and, when the journal could not be saved, why (the schedule shown is then computed
/// on a copy).
pub fn record(
    root: &Path,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, Option<String>) {
    let saved = practice::store::update(
        &journal_path(root),
        practice::journal::SCHEMA,
        |journal: &mut Journal| journal.record(outcome, now).memory.due,
    );
    match saved {
        Ok(due) => (due, None),
        Err(e) => {
            let mut copy = open_journal(root).into_parts().0;
            (copy.record(outcome, now).memory.due, Some(e.to_string()))
        }
    }
}

/// The drill card for question `number`, from its primary topic's answer, with the
/// commands that show its evidence.
///
/// # Errors
///
/// No topic answers the question, or its answer cannot be read.
pub fn card(root: &Path, catalogue: &Catalogue, number: u8) -> Result<Card, LabError> {
    let question = crate::catalogue::question(number)
        .ok_or_else(|| LabError::usage(format!("there is no question {number} (1-29)")))?;
    let topic = catalogue
        .primary(number)
        .ok_or_else(|| LabError::failure(format!("no topic answers question {number} yet")))?;
    let path = root.join(topic.crate_dir()).join("README.md");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| LabError::io(format!("cannot read {}", path.display()), e))?;
    let mut links = vec![format!("cargo lab show {number}")];
    if topic.demo.is_some() {
        links.push(format!("cargo lab demo {}", topic.id));
    }
    if topic.exercise.is_some() {
        links.push(format!("cargo lab check {}", topic.id));
    }
    Ok(Card::from_answer(
        number,
        question.text,
        SECTIONS[question.section],
        &topic.id,
        &Answer::parse(&text),
        links,
    ))
}

/// The questions the filters leave, in teaching order, and whether a filter was given.
fn candidates(catalogue: &Catalogue, args: &Args) -> Result<(Vec<u8>, bool), LabError> {
    let topic = match &args.topic {
        Some(id) => Some(catalogue.topic(id)?),
        None => None,
    };
    let list: Vec<u8> = QUESTIONS
        .iter()
        .filter(|q| args.section.is_none_or(|s| usize::from(s) == q.section + 1))
        .filter(|q| args.question.is_none_or(|n| n == q.number))
        .filter(|q| topic.is_none_or(|t| catalogue.primary(q.number).is_some_and(|p| p.id == t.id)))
        .filter(|q| catalogue.primary(q.number).is_some())
        .map(|q| q.number)
        .collect();
    if list.is_empty() {
        return Err(LabError::usage(
            "no question matches those filters (`cargo lab list` shows sections, topics and numbers)",
        ));
    }
    let filtered = args.section.is_some() || args.topic.is_some() || args.question.is_some();
    Ok((list, filtered))
}

/// `cargo lab drill [...]`.
pub fn drill(root: &Path, args: &Args, style: Style) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let (candidates, filtered) = candidates(&catalogue, args)?;
    let now = now()?;
    let store = open_journal(root);
    if args.list_due {
        let queue = store.get().queue(&candidates, now, usize::MAX, filtered);
        if args.json {
            println!("{}", list_json(store.get(), &queue, now, store.read_only()));
        } else {
            print!("{}", list_text(store.get(), &queue, now, style));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !std::io::stdin().is_terminal() {
        return Err(LabError::usage(
            "drill reads single keys, so it needs an interactive terminal; in scripts use \
             `cargo lab drill --list-due`",
        ));
    }
    let queue = store
        .get()
        .queue(&candidates, now, usize::from(args.count), filtered);
    if queue.is_empty() {
        println!(
            "nothing is due{}; the next review is {}",
            if filtered {
                " among those questions"
            } else {
                ""
            },
            next_due(store.get(), &candidates).map_or("not scheduled".to_string(), |d| d
                .format("%Y-%m-%d %H:%M UTC")
                .to_string())
        );
        return Ok(ExitCode::SUCCESS);
    }
    let limit = (args.minutes * 60.0).round() as u32;
    let _raw = RawMode::enable()?;
    let mut done: Vec<(Outcome, DateTime<Utc>)> = Vec::new();
    for (i, &(number, reason)) in queue.iter().enumerate() {
        let card = card(root, &catalogue, number)?;
        // Read afresh: the web page may have drilled meanwhile.
        let journal = open_journal(root).into_parts().0;
        let attempt = journal.attempts(number);
        let header = format!(
            "\x1b[2J\x1b[HQuestion {number} of the catalogue · {} · {} · {} of {}\n",
            card.section,
            why(&journal, number, reason, now),
            i + 1,
            queue.len()
        );
        term::write(&style.dim(&header))?;
        let mut session = Session::new(&card, limit, attempt, usize::from(args.follow_ups));
        let Some(outcome) = walk(&mut session, style)? else {
            term::write(&format!(
                "\n{}\n",
                style.dim("stopped: nothing saved for this question")
            ))?;
            break;
        };
        let at = self::now()?;
        let (due, not_saved) = record(root, &outcome, at);
        let saved = not_saved.map_or(String::new(), |e| format!("\n{}", style.bad(&e)));
        term::write(&format!(
            "\n{}{saved}\n",
            style.bold(&score_line(&outcome, due, at))
        ))?;
        done.push((outcome, due));
        if i + 1 < queue.len() {
            term::write(&style.dim("\nEnter: next question · q: stop here\n"))?;
            loop {
                match key()? {
                    Key::Enter | Key::Char(' ') | Key::Char('n') => break,
                    Key::Quit | Key::Char('q') => return finish(&done, store.path(), style),
                    _ => {}
                }
            }
        }
    }
    finish(&done, store.path(), style)
}

/// The summary after the last question (or `q`).
fn finish(
    done: &[(Outcome, DateTime<Utc>)],
    path: &Path,
    style: Style,
) -> Result<ExitCode, LabError> {
    if done.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!("\n{}\n", style.bold("This session"));
    for (o, due) in done {
        let _ = writeln!(
            out,
            "  question {:>2}  {}/{} points  {:<5}  next review {}",
            o.number,
            o.covered,
            o.total,
            o.grade.name(),
            due.format("%Y-%m-%d")
        );
    }
    let _ = writeln!(
        out,
        "{}",
        style.dim(&format!("saved in {}", path.display()))
    );
    term::write(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// "due (last 4/8, 3 days ago)" or "new".
pub fn why(journal: &Journal, number: u8, reason: Reason, now: DateTime<Utc>) -> String {
    let last = journal.last(number).map(|a| {
        let days = (now - a.at).num_days();
        format!(
            "last {}/{}, {}",
            a.covered,
            a.total,
            match days {
                0 => "today".to_string(),
                1 => "yesterday".to_string(),
                d => format!("{d} days ago"),
            }
        )
    });
    match (reason, last) {
        (Reason::New, _) => "new".to_string(),
        (Reason::Due, Some(l)) => format!("due ({l})"),
        (Reason::Ahead, Some(l)) => format!("not due yet ({l})"),
        (_, None) => "new".to_string(),
    }
}

/// "Score 5/8 points (63%) · key points 4/6 · 1:35 of 2:00 · grade hard · next review ...".
pub fn score_line(o: &Outcome, due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let mut line = format!(
        "Score {}/{} points ({:.0}%) · key points {}/{} · {} of {}",
        o.covered,
        o.total,
        o.score() * 100.0,
        o.key_points.0,
        o.key_points.1,
        clock(o.seconds),
        clock(o.limit)
    );
    if o.overtime {
        line.push_str(" (over time)");
    }
    if o.red_flag {
        line.push_str(" · red flag");
    }
    let _ = write!(
        line,
        " · grade {} · next review {}",
        o.grade.name(),
        in_words(due, now)
    );
    line
}

/// "in 3 days (2026-12-04)" or "in 10 minutes".
fn in_words(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (due - now).num_minutes();
    let when = if minutes < 60 {
        format!("in {} minutes", minutes.max(1))
    } else if minutes < 24 * 60 {
        format!("in {} hours", minutes / 60)
    } else {
        let days = (due - now).num_days();
        format!("in {days} day{}", if days == 1 { "" } else { "s" })
    };
    format!("{when} ({})", due.format("%Y-%m-%d"))
}

/// Seconds as `m:ss`.
pub fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Walks one session to its end; `None` when the learner quits.
fn walk(session: &mut Session, style: Style) -> Result<Option<Outcome>, LabError> {
    loop {
        match session.step().clone() {
            Step::Ask { question, seconds } => {
                term::write(&format!(
                    "\n{}\n\n{}\n",
                    style.bold(&question),
                    style.dim(&format!(
                        "You have {}. Answer out loud, or type notes (Enter starts a new line); \
                         Enter on an empty line ends the answer. Esc stops the drill.",
                        clock(seconds)
                    ))
                ))?;
                let Some((taken, notes)) = answer(seconds, style)? else {
                    return Ok(None);
                };
                session.answered(taken, &notes).map_err(wrong)?;
            }
            Step::FollowUp {
                number,
                of,
                question,
                seconds,
            } => {
                term::write(&format!(
                    "\n{} {}\n",
                    style.bold(&format!("Follow-up {number} of {of}:")),
                    style.bold(&question)
                ))?;
                let Some((taken, notes)) = answer(seconds, style)? else {
                    return Ok(None);
                };
                session.answered(taken, &notes).map_err(wrong)?;
            }
            Step::Point {
                follow_up,
                number,
                of,
                text,
            } => {
                if number == 1 {
                    let what = if follow_up.is_some() {
                        "The follow-up's answer"
                    } else {
                        "Key points"
                    };
                    term::write(&format!(
                        "\n{} {}\n",
                        style.bold(what),
                        style.dim("(y: you covered it, n: you missed it)")
                    ))?;
                }
                let label = if follow_up.is_some() {
                    "Point"
                } else {
                    "Key point"
                };
                term::write(&format!("  {label} {number}/{of}: {text}  "))?;
                let covered = loop {
                    match key()? {
                        Key::Char('y') => break true,
                        Key::Char('n') => break false,
                        Key::Quit => return Ok(None),
                        _ => {}
                    }
                };
                term::write(&format!(
                    "{}\n",
                    if covered {
                        style.good("covered")
                    } else {
                        style.bad("missed")
                    }
                ))?;
                session.mark(covered).map_err(wrong)?;
            }
            Step::RedFlags { flags } => {
                let mut text = format!("\n{}\n", style.bold("Red flags: what sinks a candidate"));
                for flag in &flags {
                    let _ = writeln!(text, "  - {flag}");
                }
                let _ = write!(text, "Did you say any of these? (y/n) ");
                term::write(&text)?;
                let said = loop {
                    match key()? {
                        Key::Char('y') => break true,
                        Key::Char('n') => break false,
                        Key::Quit => return Ok(None),
                        _ => {}
                    }
                };
                term::write(&format!("{}\n", if said { "yes" } else { "no" }))?;
                session.red_flags(said).map_err(wrong)?;
            }
            Step::Evidence { links } => {
                term::write(&format!(
                    "\n{} {}\n{}\n",
                    style.bold("The evidence:"),
                    links.join(" · "),
                    style.dim("Enter to see your score")
                ))?;
                loop {
                    match key()? {
                        Key::Enter | Key::Char(' ') => break,
                        Key::Quit => return Ok(None),
                        _ => {}
                    }
                }
                session.done_reading().map_err(wrong)?;
            }
            Step::Done => return Ok(session.outcome()),
        }
    }
}

fn wrong(e: practice::WrongStep) -> LabError {
    LabError::failure(format!("drill out of step: {e}"))
}

/// A key press, simplified.
#[derive(Debug, PartialEq, Eq)]
enum Key {
    Char(char),
    Enter,
    Backspace,
    /// Esc or Ctrl-C.
    Quit,
    Other,
}

fn to_key(code: KeyCode, modifiers: KeyModifiers) -> Key {
    if modifiers.contains(KeyModifiers::CONTROL) && code == KeyCode::Char('c') {
        return Key::Quit;
    }
    match code {
        KeyCode::Char(c) => Key::Char(c.to_ascii_lowercase()),
        KeyCode::Enter => Key::Enter,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Esc => Key::Quit,
        _ => Key::Other,
    }
}

/// Waits for a key, or returns `None` after `wait`.
fn key_within(wait: Duration) -> Result<Option<(KeyCode, KeyModifiers)>, LabError> {
    let keyboard = |e| LabError::io("cannot read the keyboard", e);
    if !event::poll(wait).map_err(keyboard)? {
        return Ok(None);
    }
    match event::read().map_err(keyboard)? {
        Event::Key(k) if k.kind == KeyEventKind::Press => Ok(Some((k.code, k.modifiers))),
        _ => Ok(None),
    }
}

fn key() -> Result<Key, LabError> {
    loop {
        if let Some((code, modifiers)) = key_within(Duration::from_secs(3600))? {
            return Ok(to_key(code, modifiers));
        }
    }
}

/// The answer against the clock: a countdown before the line being typed, notes kept
/// line by line; Enter on an empty line ends it. Returns the seconds taken and the
/// notes, or `None` on Esc.
fn answer(limit: u32, style: Style) -> Result<Option<(u32, String)>, LabError> {
    let start = Instant::now();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut warned = false;
    let mut shown = String::new();
    loop {
        let elapsed = start.elapsed().as_secs();
        let elapsed = u32::try_from(elapsed).unwrap_or(u32::MAX);
        if elapsed > limit && !warned {
            warned = true;
            term::write(&format!(
                "\r\x1b[2K{}\n",
                style.bad("Time is up: finish your sentence, then Enter on an empty line.")
            ))?;
            shown.clear();
        }
        let clock_text = if elapsed <= limit {
            style.pending(&format!("[{} left]", clock(limit - elapsed)))
        } else {
            style.bad(&format!("[{} over]", clock(elapsed - limit)))
        };
        let prompt = format!("{clock_text} > {line}");
        if prompt != shown {
            term::write(&format!("\r\x1b[2K{prompt}"))?;
            shown = prompt;
        }
        let Some((code, modifiers)) = key_within(Duration::from_millis(250))? else {
            continue;
        };
        match (code, to_key(code, modifiers)) {
            (_, Key::Quit) => {
                term::write("\n")?;
                return Ok(None);
            }
            (_, Key::Enter) => {
                if line.trim().is_empty() {
                    term::write("\n")?;
                    let taken = u32::try_from(start.elapsed().as_secs()).unwrap_or(u32::MAX);
                    return Ok(Some((taken, lines.join("\n"))));
                }
                lines.push(std::mem::take(&mut line));
                term::write("\n")?;
                shown.clear();
            }
            (_, Key::Backspace) => {
                line.pop();
            }
            // Keep the letter's case in notes (`to_key` lowers it for commands).
            (KeyCode::Char(c), _) => line.push(c),
            _ => {}
        }
    }
}

/// When the soonest review among `candidates` is.
fn next_due(journal: &Journal, candidates: &[u8]) -> Option<DateTime<Utc>> {
    candidates
        .iter()
        .filter_map(|&n| journal.next_review(n))
        .min()
}

fn reason_name(reason: Reason) -> &'static str {
    match reason {
        Reason::Due => "due",
        Reason::New => "new",
        Reason::Ahead => "ahead",
    }
}

/// `--list-due` as text.
fn list_text(
    journal: &Journal,
    queue: &[(u8, Reason)],
    now: DateTime<Utc>,
    style: Style,
) -> String {
    let due = queue.iter().filter(|(_, r)| *r == Reason::Due).count();
    let new = queue.iter().filter(|(_, r)| *r == Reason::New).count();
    let mut out = format!(
        "{}\n",
        style.bold(&format!(
            "At {}: {due} due for review, {new} never drilled",
            now.format("%Y-%m-%d %H:%M UTC")
        ))
    );
    if queue.is_empty() {
        let _ = writeln!(out, "nothing to drill");
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        style.dim("   #  why    due               last    question")
    );
    for &(number, reason) in queue {
        let question = crate::catalogue::question(number).map_or("", |q| q.text);
        let due = journal
            .next_review(number)
            .map_or("-".to_string(), |d| d.format("%Y-%m-%d %H:%M").to_string());
        let last = journal
            .last(number)
            .map_or("-".to_string(), |a| format!("{}/{}", a.covered, a.total));
        let _ = writeln!(
            out,
            "  {number:>2}  {:<5}  {due:<16}  {last:<6}  {question}",
            reason_name(reason)
        );
    }
    let _ = writeln!(
        out,
        "{}",
        style.dim("drill them with `cargo lab drill` (in a terminal)")
    );
    out
}

/// `--list-due --json`.
fn list_json(
    journal: &Journal,
    queue: &[(u8, Reason)],
    now: DateTime<Utc>,
    read_only: Option<&str>,
) -> serde_json::Value {
    let questions: Vec<serde_json::Value> = queue
        .iter()
        .map(|&(number, reason)| {
            let q = crate::catalogue::question(number);
            serde_json::json!({
                "number": number,
                "question": q.map(|q| q.text),
                "section": q.map(|q| SECTIONS[q.section]),
                "reason": reason_name(reason),
                "due": journal.next_review(number).map(|d| d.to_rfc3339()),
                // FSRS's estimate of the chance of recalling it now (null if never drilled).
                "recall": journal.questions.get(&number).map(|r| r.memory.retrievability(now)),
                "attempts": journal.attempts(number),
                "last": journal.last(number).map(|a| serde_json::json!({
                    "at": a.at.to_rfc3339(),
                    "covered": a.covered,
                    "total": a.total,
                    "grade": a.grade.name(),
                })),
            })
        })
        .collect();
    serde_json::json!({
        "now": now.to_rfc3339(),
        "due": queue.iter().filter(|(_, r)| *r == Reason::Due).count(),
        "new": queue.iter().filter(|(_, r)| *r == Reason::New).count(),
        "questions": questions,
        "read_only": read_only,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn minutes_are_checked() {
        assert_eq!(minutes("2"), Ok(2.0));
        assert_eq!(minutes("0.5"), Ok(0.5));
        assert!(minutes("0.1").unwrap_err().contains("out of range"));
        assert!(minutes("61").unwrap_err().contains("out of range"));
        assert!(minutes("two").unwrap_err().contains("not a number"));
    }

    #[test]
    fn review_times_read_as_words() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        assert_eq!(
            in_words(now + chrono::Duration::minutes(10), now),
            "in 10 minutes (2026-12-01)"
        );
        assert_eq!(
            in_words(now + chrono::Duration::hours(5), now),
            "in 5 hours (2026-12-01)"
        );
        assert_eq!(
            in_words(now + chrono::Duration::days(1), now),
            "in 1 day (2026-12-02)"
        );
        assert_eq!(
            in_words(now + chrono::Duration::days(15), now),
            "in 15 days (2026-12-16)"
        );
        assert_eq!(clock(125), "2:05");
    }
}
