//! The drill in the browser (`/drill`): the queue of what is due, and one question
//! drilled step by step, sharing `.lab/practice.json` with `cargo lab drill`.
//!
//! The drill's logic is the `practice` crate's, as in the terminal: a
//! [`practice::Session`] walks the steps (ask against a clock, reveal and mark each key
//! point, follow-ups, red flags, evidence), and its [`practice::Outcome`] goes to the
//! journal, which schedules the next review. This module only shows the current step and
//! turns each form post into the session call it stands for. Every post names the step it
//! answers, so a form submitted twice (a double click, the back button) is refused with
//! 409 instead of marking a point twice.
//!
//! The clock is the server's: the time an answer took is measured from when its step was
//! shown to when "Done" was posted, so the drill works without JavaScript. The script
//! only adds the countdown on screen.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use practice::{Outcome, Session, Step};
use serde::Deserialize;

use super::html::{Page, csrf_field, escape, layout, with_code};
use super::{App, error_page, missing};
use crate::LabError;
use crate::catalogue::QUESTIONS;
use crate::drill;

/// Seconds for the main answer unless the start form says otherwise (as the terminal's
/// `--minutes 2`).
const DEFAULT_SECONDS: u32 = 120;
/// Follow-up questions per drill (the terminal's default).
const FOLLOW_UPS: usize = 2;

/// The drills going on, by id.
#[derive(Default)]
pub struct Drills {
    next: AtomicU64,
    sessions: Mutex<HashMap<u64, Drill>>,
}

struct Drill {
    session: Session,
    /// When the current step was shown: an answer's time is measured from it.
    step_shown: Instant,
    /// Once done: the score line, and whether it was saved.
    finished: Option<String>,
}

/// `GET /drill`: what is due, what is new, and a form to start.
pub async fn queue(State(app): State<Arc<App>>) -> Response {
    match queue_html(&app) {
        Ok(html) => Html(html).into_response(),
        Err(e) => error_page(
            StatusCode::BAD_REQUEST,
            "Cannot read the drill state",
            &e.to_string(),
        ),
    }
}

fn queue_html(app: &App) -> Result<String, LabError> {
    let now = drill::now()?;
    let store = drill::open_journal(&app.root);
    let journal = store.get();
    let answered: Vec<u8> = QUESTIONS
        .iter()
        .map(|q| q.number)
        .filter(|&n| app.catalogue.primary(n).is_some())
        .collect();
    let queue = journal.queue(&answered, now, answered.len(), false);
    let due = queue
        .iter()
        .filter(|(_, r)| *r == practice::Reason::Due)
        .count();
    let mut body = format!(
        "<p>Answer a question out loud against the clock, then mark each key point you \
         covered as it is revealed; follow-ups and red flags come next, and the result \
         schedules the next review. The same journal as <code>cargo lab drill</code> \
         (<code>{}</code>).</p>\n<p class=\"summary\"><strong>{due}</strong> due for review, \
         {} never drilled.</p>\n",
        escape(&drill::journal_path(&app.root).display().to_string()),
        queue.len() - due
    );
    if let Some(why) = store.read_only() {
        let _ = writeln!(body, "<p class=\"error\">{}</p>", escape(why));
    }
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/drill/start\" class=\"run\">{}\
         <label>question <select name=\"number\">",
        csrf_field(&app.token)
    );
    for &(number, reason) in &queue {
        let question = crate::catalogue::question(number).map_or("", |q| q.text);
        let _ = write!(
            body,
            "<option value=\"{number}\">{number}. {} ({})</option>",
            escape(question),
            escape(&drill::why(journal, number, reason, now))
        );
    }
    for &number in answered
        .iter()
        .filter(|n| !queue.iter().any(|(q, _)| q == *n))
    {
        let question = crate::catalogue::question(number).map_or("", |q| q.text);
        let _ = write!(
            body,
            "<option value=\"{number}\">{number}. {} (not due)</option>",
            escape(question)
        );
    }
    let _ = writeln!(
        body,
        "</select></label> <label>minutes <input name=\"minutes\" inputmode=\"decimal\" \
         placeholder=\"2\" size=\"4\"></label> <button type=\"submit\">Start the drill</button></form>"
    );
    Ok(layout(&Page {
        title: "Drill",
        body,
        ..Page::default()
    }))
}

/// The start form: a question, and minutes (empty: 2).
#[derive(Deserialize)]
pub struct StartForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    minutes: String,
}

/// `POST /drill/start`: a new drill of one question.
pub async fn start(State(app): State<Arc<App>>, Form(form): Form<StartForm>) -> Response {
    if let Some(refused) = app.refuse_token(&form.csrf) {
        return refused;
    }
    let Ok(number) = form.number.trim().parse::<u8>() else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Cannot start the drill",
            &format!("'{}' is not a question number (1-29)", form.number),
        );
    };
    let seconds = match form.minutes.trim() {
        "" => DEFAULT_SECONDS,
        text => match text.parse::<f64>() {
            Ok(m) if (0.25..=60.0).contains(&m) => (m * 60.0).round() as u32,
            _ => {
                return error_page(
                    StatusCode::BAD_REQUEST,
                    "Cannot start the drill",
                    &format!("{text} minutes is not a time from 0.25 to 60"),
                );
            }
        },
    };
    let card = match drill::card(&app.root, &app.catalogue, number) {
        Ok(card) => card,
        Err(e) => return missing(&e),
    };
    let attempt = drill::open_journal(&app.root).get().attempts(number);
    let session = Session::new(&card, seconds, attempt, FOLLOW_UPS);
    let id = app.drills.next.fetch_add(1, Ordering::Relaxed) + 1;
    app.drills
        .sessions
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(
            id,
            Drill {
                session,
                step_shown: Instant::now(),
                finished: None,
            },
        );
    back_to(&format!("/drill/{id}"))
}

/// `GET /drill/<id>`: the current step.
pub async fn step(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    let sessions = app
        .drills
        .sessions
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let Some(drill) = id.parse::<u64>().ok().and_then(|id| sessions.get(&id)) else {
        return missing(&LabError::usage(format!(
            "there is no drill {id} (drills last as long as the server); start one at /drill"
        )));
    };
    Html(step_html(&app.token, &id, drill)).into_response()
}

fn step_html(token: &str, id: &str, drill: &Drill) -> String {
    let session = &drill.session;
    let (at, steps) = session.position();
    let id = escape(id);
    let form = |fields: &str, buttons: &str| {
        format!(
            "<form method=\"post\" action=\"/drill/{id}\" class=\"drill-form\">{}\
             <input type=\"hidden\" name=\"at\" value=\"{at}\">{fields}<div class=\"actions\">{buttons}</div></form>\n",
            csrf_field(token)
        )
    };
    let mut body = format!(
        "<p class=\"dim\">step {} of {steps} <progress value=\"{at}\" max=\"{steps}\">{at} of {steps}</progress></p>\n",
        (at + 1).min(steps)
    );
    let answer = |body: &mut String, question: &str, seconds: u32, label: &str| {
        let elapsed = drill.step_shown.elapsed().as_secs();
        let _ = write!(
            body,
            "<h2 class=\"drill-question\">{}</h2>\n\
             <p class=\"countdown\" data-seconds=\"{seconds}\" data-elapsed=\"{elapsed}\" role=\"timer\" \
             aria-live=\"off\">{} to answer</p>\n\
             <p class=\"dim\">Answer out loud (or type notes), then press Done: the time is measured \
             from when this question appeared.</p>\n",
            escape(question),
            drill::clock(seconds),
        );
        body.push_str(&form(
            &format!(
                "<label for=\"notes\">{label}</label>\
                 <textarea id=\"notes\" name=\"notes\" rows=\"4\"></textarea>\
                 <input type=\"hidden\" name=\"action\" value=\"answered\">"
            ),
            "<button type=\"submit\">Done: reveal the points</button>",
        ));
    };
    match session.step() {
        Step::Ask { question, seconds } => {
            answer(&mut body, question, *seconds, "Your notes (optional)");
        }
        Step::FollowUp {
            number,
            of,
            question,
            seconds,
        } => {
            let _ = writeln!(
                body,
                "<p class=\"section-name\">Follow-up {number} of {of}</p>"
            );
            answer(&mut body, question, *seconds, "Your notes (optional)");
        }
        Step::Point {
            follow_up,
            number,
            of,
            text,
        } => {
            let part = match follow_up {
                None => "Key point".to_string(),
                Some(f) => format!("Follow-up {} point", f + 1),
            };
            let _ = write!(
                body,
                "<h2>{part} {number} of {of}</h2>\n<blockquote class=\"point\">{}</blockquote>\n\
                 <p>Did your answer cover it?</p>\n",
                escape(text)
            );
            body.push_str(&form(
                "",
                "<button type=\"submit\" name=\"action\" value=\"covered\">Covered</button> \
                 <button type=\"submit\" name=\"action\" value=\"missed\" class=\"secondary\">Missed</button>",
            ));
        }
        Step::RedFlags { flags } => {
            body.push_str("<h2>Red flags</h2>\n<p>What an interviewer hears that sinks a candidate:</p>\n<ul>\n");
            for flag in flags {
                let _ = writeln!(body, "<li>{}</li>", escape(flag));
            }
            body.push_str("</ul>\n<p>Did you say any of these?</p>\n");
            body.push_str(&form(
                "",
                "<button type=\"submit\" name=\"action\" value=\"clean\">None of them</button> \
                 <button type=\"submit\" name=\"action\" value=\"said\" class=\"secondary\">I said one</button>",
            ));
        }
        Step::Evidence { links } => {
            body.push_str("<h2>The evidence</h2>\n<ul>\n");
            for link in links {
                let _ = writeln!(body, "<li>{}</li>", with_code(&format!("`{link}`")));
            }
            body.push_str("</ul>\n");
            body.push_str(&form(
                "<input type=\"hidden\" name=\"action\" value=\"next\">",
                "<button type=\"submit\">Finish and schedule the review</button>",
            ));
        }
        Step::Done => {
            let _ = write!(
                body,
                "<h2>Done</h2>\n<p class=\"score\">{}</p>\n\
                 <p><a class=\"button\" href=\"/drill\">Drill another question</a></p>\n",
                escape(drill.finished.as_deref().unwrap_or("finished"))
            );
        }
    }
    layout(&Page {
        title: "Drill",
        body,
        ..Page::default()
    })
}

/// A step's form: the step it answers and what was chosen.
#[derive(Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    notes: String,
}

/// `POST /drill/<id>`: answers the current step and shows the next.
pub async fn answer(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<StepForm>,
) -> Response {
    if let Some(refused) = app.refuse_token(&form.csrf) {
        return refused;
    }
    let mut sessions = app
        .drills
        .sessions
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let Some(drill) = id.parse::<u64>().ok().and_then(|n| sessions.get_mut(&n)) else {
        return missing(&LabError::usage(format!("there is no drill {id}")));
    };
    if form.at != drill.session.position().0.to_string() {
        return stale(&id, "this form is for a step already answered");
    }
    let session = &mut drill.session;
    let applied = match form.action.as_str() {
        "answered" => {
            let seconds = u32::try_from(drill.step_shown.elapsed().as_secs()).unwrap_or(u32::MAX);
            session.answered(seconds, &form.notes)
        }
        "covered" => session.mark(true),
        "missed" => session.mark(false),
        "said" => session.red_flags(true),
        "clean" => session.red_flags(false),
        "next" => session.done_reading(),
        other => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "Unknown answer",
                &format!("'{other}' is not something a drill step takes"),
            );
        }
    };
    if let Err(wrong) = applied {
        return stale(&id, &wrong.to_string());
    }
    drill.step_shown = Instant::now();
    if let Some(outcome) = session.outcome() {
        drill.finished = Some(record(&app, &outcome));
    }
    back_to(&format!("/drill/{id}"))
}

/// Records a finished drill in the journal the terminal uses; the score line to show.
fn record(app: &App, outcome: &Outcome) -> String {
    let now = drill::now().unwrap_or_else(|_| chrono::Utc::now());
    let (due, not_saved) = drill::record(&app.root, outcome, now);
    let line = drill::score_line(outcome, due, now);
    match not_saved {
        None => line,
        Some(e) => format!("{line} ({e})"),
    }
}

fn stale(id: &str, why: &str) -> Response {
    error_page(
        StatusCode::CONFLICT,
        "Already answered",
        &format!("{why}; the drill has moved on: its current step is at /drill/{id}"),
    )
}

fn back_to(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}
