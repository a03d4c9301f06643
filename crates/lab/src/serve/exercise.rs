//! The exercise page (`/exercise/<topic>`): the cases passing, the first failure with
//! its `path:line`, hints revealed one at a time, and live updates as the learner saves.
//!
//! The first visit to a topic's page starts a watcher thread for it: the same file
//! watcher `cargo lab watch` uses (`watch::watch_exercise`), debounced the same way. On
//! every save it runs the check (`exercise::check_and_record`, which also records the
//! progress `list` and the catalogue show) and publishes the result, rendered as HTML, on
//! a broadcast channel. `/exercise/<topic>/events` streams those as server-sent events
//! (`checking`, then `result` with the new results section), and the page's script swaps
//! the section in without a reload. Without a script the page still shows the last
//! result, and a "Check now" button re-runs the check.

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::broadcast;

use super::html::{Page, csrf_field, escape, layout};
use super::{App, error_page, markdown, missing};
use crate::LabError;
use crate::catalogue::Topic;
use crate::check::{self, Outcome};
use crate::exercise;
use crate::state::{Progress, State as LabState};
use crate::watch;

/// How long one test run may take before it is stopped as stuck (`check`'s default).
const TEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The watched exercises, by topic id.
#[derive(Default)]
pub struct Live {
    topics: Mutex<HashMap<String, Arc<Watched>>>,
}

/// One watched exercise: its latest result and the channel that announces new ones.
struct Watched {
    updates: broadcast::Sender<Update>,
    latest: Mutex<Latest>,
    /// Asks the watcher thread for a check now (the "Check now" button).
    recheck: Mutex<mpsc::Sender<()>>,
}

#[derive(Default)]
struct Latest {
    /// The results section of the last check, as HTML.
    html: Option<String>,
    /// A check is running now.
    checking: bool,
}

#[derive(Clone, Debug)]
enum Update {
    Checking,
    Result(String),
}

impl Live {
    /// The watched exercise `topic`, starting its watcher thread on first use.
    fn watched(&self, root: &Path, topic: &Topic) -> Arc<Watched> {
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = topics.get(&topic.id) {
            return found.clone();
        }
        let (changed, changes) = mpsc::channel();
        let watched = Arc::new(Watched {
            updates: broadcast::channel(16).0,
            latest: Mutex::new(Latest::default()),
            recheck: Mutex::new(changed.clone()),
        });
        let (root, id, shared) = (root.to_path_buf(), topic.id.clone(), watched.clone());
        let topic = topic.clone();
        std::thread::spawn(move || watch_loop(&root, &topic, &shared, changed, &changes));
        topics.insert(id, watched.clone());
        watched
    }
}

/// The watcher thread: a check at once, then one after each burst of saves.
fn watch_loop(
    root: &Path,
    topic: &Topic,
    watched: &Watched,
    changed: mpsc::Sender<()>,
    changes: &mpsc::Receiver<()>,
) {
    let notify = move || {
        let _ = changed.send(());
    };
    // File-system events where they work; modification times where they do not.
    let _watcher = watch::watch_exercise(root, topic, false, notify.clone())
        .or_else(|_| watch::watch_exercise(root, topic, true, notify));
    loop {
        watched.check(root, topic);
        if changes.recv().is_err() {
            return;
        }
        // Debounce: an editor's save is several events; check once they stop.
        while changes.recv_timeout(watch::DEBOUNCE).is_ok() {}
    }
}

impl Watched {
    /// Runs the check, stores its result and announces it.
    fn check(&self, root: &Path, topic: &Topic) {
        self.latest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .checking = true;
        let _ = self.updates.send(Update::Checking);
        let result = exercise::check_and_record(root, topic, TEST_TIMEOUT);
        let html = results_html(topic, &result);
        {
            let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
            latest.checking = false;
            latest.html = Some(html.clone());
        }
        let _ = self.updates.send(Update::Result(html));
    }
}

/// The results section: the count, the first failure (or the first compile error), then
/// every case with its mark.
fn results_html(topic: &Topic, result: &Result<(check::Run, Progress), LabError>) -> String {
    let mut out = String::from("<section id=\"results\" aria-labelledby=\"results-title\">\n");
    let package = escape(&topic.exercise_package());
    let (run, progress) = match result {
        Ok(done) => done,
        Err(e) => {
            let _ = write!(
                out,
                "<h2 id=\"results-title\">{package}</h2>\n<p class=\"error\">{}</p>\n</section>\n",
                escape(&e.to_string())
            );
            return out;
        }
    };
    if !run.compile_errors.is_empty() {
        let _ = write!(
            out,
            "<h2 id=\"results-title\">{package} does not compile</h2>\n\
             <p class=\"bad\">{} error{}{}; the first:</p>\n<pre class=\"diagnostic\">{}</pre>\n</section>\n",
            run.compile_errors.len(),
            if run.compile_errors.len() == 1 {
                ""
            } else {
                "s"
            },
            if progress.total > 0 {
                format!(
                    " ({} of {} cases passed before this edit)",
                    progress.passed, progress.total
                )
            } else {
                String::new()
            },
            escape(&check::strip_ansi(&run.compile_errors[0]))
        );
        return out;
    }
    let passed = run.passed();
    let total = run.cases.len();
    let _ = write!(
        out,
        "<h2 id=\"results-title\">{package}: <span class=\"count\">{passed}/{total} cases passing</span></h2>\n\
         <progress value=\"{passed}\" max=\"{total}\">{passed} of {total}</progress>\n"
    );
    if let Some(why) = &run.interrupted {
        let _ = writeln!(out, "<p class=\"bad\">{}</p>", escape(why));
    }
    if run.all_pass() {
        let _ = writeln!(
            out,
            "<p class=\"good solved\">✓ every case passes: {} is solved.</p>",
            escape(&topic.id)
        );
    } else if let Some(case) = run.cases.iter().find(|c| c.outcome != Outcome::Passed) {
        let _ = writeln!(
            out,
            "<div class=\"failure\"><h3>First failing case: <code>{}</code></h3>",
            escape(&case.name)
        );
        match &case.outcome {
            Outcome::Failed { location, message } => {
                if let Some(location) = location {
                    let _ = writeln!(
                        out,
                        "<p class=\"location\">at <code>{}</code></p>",
                        escape(location)
                    );
                }
                let _ = writeln!(out, "<pre>{}</pre>", escape(message.trim_end()));
            }
            _ => out.push_str("<p>it never finished (the run stopped first)</p>\n"),
        }
        out.push_str("</div>\n");
    }
    out.push_str("<ul class=\"cases\">\n");
    for case in &run.cases {
        let (class, mark) = match case.outcome {
            Outcome::Passed => ("pass", "✓"),
            Outcome::Failed { .. } => ("fail", "✗"),
            Outcome::Unfinished => ("unfinished", "…"),
        };
        let _ = writeln!(
            out,
            "<li class=\"{class}\"><span class=\"mark\" aria-hidden=\"true\">{mark}</span> \
             <span class=\"visually-hidden\">{class}:</span> {}</li>",
            escape(&case.name)
        );
    }
    out.push_str("</ul>\n");
    if !run.warnings.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} warning{} in your code</summary><pre>{}</pre></details>",
            run.warnings.len(),
            if run.warnings.len() == 1 { "" } else { "s" },
            escape(&check::strip_ansi(&run.warnings.join("\n\n")))
        );
    }
    out.push_str("</section>\n");
    out
}

/// The exercise `id` and its watcher (started on first use), or the 404 page.
fn watched<'a>(app: &'a App, id: &str) -> Result<(&'a Topic, Arc<Watched>), Box<Response>> {
    let topic = app
        .catalogue
        .exercise(id)
        .map_err(|e| Box::new(missing(&e)))?;
    Ok((topic, app.live.watched(&app.root, topic)))
}

/// `GET /exercise/<topic>`.
pub async fn page(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    let (topic, watched) = match watched(&app, &id) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let (html, checking) = {
        let latest = watched.latest.lock().unwrap_or_else(|e| e.into_inner());
        (latest.html.clone(), latest.checking)
    };
    let id = escape(&topic.id);
    let question = topic.questions.first().copied().unwrap_or(1);
    let mut body = format!(
        "<p>Implement <code>{dir}/src/</code> in your editor; this page re-checks it every time \
         you save (the same cases as <code>cargo lab check {id}</code>). The question: \
         <a href=\"/question/{question}\">{question}</a>.</p>\n\
         <form method=\"post\" action=\"/exercise/{id}/check\" class=\"inline\">{csrf}\
         <button type=\"submit\">Check now</button></form>\n\
         <p id=\"status\" role=\"status\" aria-live=\"polite\"{busy}>{status}</p>\n",
        dir = escape(&topic.exercise_dir()),
        csrf = csrf_field(&app.token),
        busy = if checking { " class=\"busy\"" } else { "" },
        status = if checking {
            "checking your code…"
        } else {
            ""
        },
    );
    body.push_str(html.as_deref().unwrap_or(
        "<section id=\"results\"><p class=\"dim\">The first check is running (the first \
         build of an exercise takes a while)…</p></section>\n",
    ));
    body.push_str(&hints_html(&app.root, topic, &app.token));
    layout(&Page {
        title: &format!("Exercise: {}", topic.id),
        body,
        refresh_without_script: (checking || html.is_none()).then_some(3),
        live: Some(format!("/exercise/{}/events", topic.id)),
    })
    .pipe(|page| Html(page).into_response())
}

/// The hints read so far, and the button that reveals the next one.
fn hints_html(root: &Path, topic: &Topic, token: &str) -> String {
    let Ok(all) = exercise::hints(root, topic) else {
        return String::new();
    };
    let read = LabState::load(root)
        .hints_read
        .get(&topic.id)
        .copied()
        .unwrap_or(0)
        .min(all.len());
    let mut out = String::from(
        "<section class=\"hints\" aria-labelledby=\"hints-title\">\n<h2 id=\"hints-title\">Hints</h2>\n",
    );
    for (i, (title, hint)) in all.iter().take(read).enumerate() {
        let _ = write!(
            out,
            "<div class=\"hint\" id=\"hint-{n}\"><h3>Hint {n} of {total}{sep}{title}</h3>\n{body}</div>\n",
            n = i + 1,
            total = all.len(),
            sep = if title.is_empty() { "" } else { ": " },
            title = escape(title),
            body = markdown::to_html(hint)
        );
    }
    if read < all.len() {
        let _ = writeln!(
            out,
            "<form method=\"post\" action=\"/exercise/{id}/hint\">{csrf}\
             <button type=\"submit\">Show hint {next} of {total}</button></form>",
            id = escape(&topic.id),
            csrf = csrf_field(token),
            next = read + 1,
            total = all.len()
        );
    } else {
        out.push_str("<p class=\"dim\">That was the last hint.</p>\n");
    }
    out.push_str("</section>\n");
    out
}

/// `GET /exercise/<topic>/events`: the latest result at once, then every update, as
/// server-sent events.
pub async fn events(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    let (_, watched) = match watched(&app, &id) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let receiver = watched.updates.subscribe();
    let first = {
        let latest = watched.latest.lock().unwrap_or_else(|e| e.into_inner());
        match (&latest.html, latest.checking) {
            (_, true) => Some(Update::Checking),
            (Some(html), false) => Some(Update::Result(html.clone())),
            (None, false) => None,
        }
    };
    let stream =
        futures_util::stream::unfold((first, receiver), |(first, mut receiver)| async move {
            let update = match first {
                Some(update) => update,
                None => loop {
                    match receiver.recv().await {
                        Ok(update) => break update,
                        // A slow reader missed some: the next one is newer anyway.
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => return None,
                    }
                },
            };
            let event = match update {
                Update::Checking => Event::default().event("checking").data(""),
                Update::Result(html) => Event::default().event("result").data(html),
            };
            Some((Ok::<_, Infallible>(event), (None, receiver)))
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// The form fields every exercise POST carries.
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /exercise/<topic>/check`: re-runs the check (for pages without live updates).
pub async fn recheck(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    if let Some(refused) = app.refuse_token(&form.csrf) {
        return refused;
    }
    let (topic, watched) = match watched(&app, &id) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let _ = watched
        .recheck
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send(());
    watched
        .latest
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .checking = true;
    back_to(&format!("/exercise/{}", topic.id))
}

/// `POST /exercise/<topic>/hint`: reveals the next hint.
pub async fn hint(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    if let Some(refused) = app.refuse_token(&form.csrf) {
        return refused;
    }
    let catalogue = &app.catalogue;
    let topic = match catalogue.exercise(&id) {
        Ok(topic) => topic,
        Err(e) => return missing(&e),
    };
    let total = match exercise::hints(&app.root, topic) {
        Ok(all) => all.len(),
        Err(e) => return missing(&e),
    };
    let read = LabState::load(&app.root)
        .hints_read
        .get(&topic.id)
        .copied()
        .unwrap_or(0);
    let next = (read + 1).min(total);
    if let Err(e) = exercise::mark_hint_read(&app.root, topic, next) {
        return error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Cannot save",
            &e.to_string(),
        );
    }
    back_to(&format!("/exercise/{}#hint-{next}", topic.id))
}

fn back_to(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}

/// `value.pipe(f)` is `f(value)`: lets a long expression end in its conversion.
trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}

impl<T> Pipe for T {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Case, Run};

    fn topic() -> Topic {
        evidence::manifest::Manifest::parse(
            "id = \"lru-cache\"\ntitle = \"t\"\nkind = \"code\"\nquestions = [11]\n\
             [exercise]\ncases = [\"a\"]\n",
        )
        .unwrap()
    }

    #[test]
    fn a_failure_shows_its_location_and_message_escaped() {
        let evil = "<script>alert(1)</script>";
        let run = Run {
            cases: vec![
                Case {
                    name: "passes".into(),
                    outcome: Outcome::Passed,
                },
                Case {
                    name: evil.into(),
                    outcome: Outcome::Failed {
                        location: Some(format!("exercises/{evil}/src/lib.rs:12:5")),
                        message: evil.into(),
                    },
                },
            ],
            warnings: vec![evil.into()],
            ..Run::default()
        };
        let progress = Progress {
            passed: 1,
            total: 2,
            builds: true,
        };
        let html = results_html(&topic(), &Ok((run, progress)));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("1/2 cases passing"), "{html}");
        assert!(html.contains("src/lib.rs:12:5"), "{html}");
        assert!(html.matches("&lt;script&gt;").count() >= 4, "{html}");
    }

    #[test]
    fn a_compile_error_is_shown_without_its_colours_and_escaped() {
        let run = Run {
            compile_errors: vec!["\x1b[31merror\x1b[0m: expected `<script>`".into()],
            ..Run::default()
        };
        let html = results_html(&topic(), &Ok((run, Progress::default())));
        assert!(html.contains("does not compile"), "{html}");
        assert!(html.contains("error: expected `&lt;script&gt;`"), "{html}");
        assert!(!html.contains('\x1b'));
    }
}
