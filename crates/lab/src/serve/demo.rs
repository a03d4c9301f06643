//! The demo page (`/demo/<topic>`): a form that runs the topic's demo, and the report of
//! the last run, with its claims, tables, growth curves and bar charts.
//!
//! A run is started by a POST (`/demo/<topic>/run`), goes on in the background, and the
//! POST answers at once with a redirect to the page, which shows a progress indicator
//! until the report is in: the page reloads itself (a script, or a `<noscript>` refresh
//! when scripts are off). The demo runs as `cargo lab demo` runs it, as a child process
//! (`run::demo`), under [`LIMIT`], and only one run per topic goes on at a time: a second
//! POST while one runs is refused with 409, since two runs of one demo would measure
//! each other.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use evidence::{DemoConfig, Report};
use serde::Deserialize;

use super::html::{Page, csrf_field, escape, layout};
use super::{App, chart, error_page, missing};
use crate::LabError;
use crate::browse;
use crate::catalogue::{Catalogue, Topic};
use crate::run;

/// How long a demo's run may take before it is stopped (its build is not counted: a
/// first build compiles the topic's dependencies).
pub const LIMIT: Duration = Duration::from_secs(120);

/// Each topic's running demo and last result.
#[derive(Default)]
pub struct Demos {
    slots: Mutex<HashMap<String, Slot>>,
}

#[derive(Default)]
struct Slot {
    /// When the run going on now started, and with what.
    running: Option<(Instant, DemoConfig)>,
    /// The last run that finished.
    last: Option<Finished>,
}

struct Finished {
    config: DemoConfig,
    took: Duration,
    result: Result<Report, String>,
}

/// A run in progress; dropping it (also by a panic) frees the topic for the next run.
pub struct Running<'a> {
    demos: &'a Demos,
    topic: String,
}

impl Demos {
    /// Marks a run of `topic`'s demo as started, or returns false if one is going on.
    /// The caller then holds the topic until it drops [`Demos::running`]'s guard.
    pub fn try_start(&self, topic: &str, config: DemoConfig) -> bool {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let slot = slots.entry(topic.to_string()).or_default();
        if slot.running.is_some() {
            return false;
        }
        slot.running = Some((Instant::now(), config));
        true
    }

    /// The guard of a run [`Demos::try_start`] started, held by whoever runs it.
    pub fn running(&self, topic: &str) -> Running<'_> {
        Running {
            demos: self,
            topic: topic.to_string(),
        }
    }
}

impl Running<'_> {
    /// Records the run's result.
    fn finish(self, result: Result<Report, String>) {
        let mut slots = self.demos.slots.lock().unwrap_or_else(|e| e.into_inner());
        let slot = slots.entry(self.topic.clone()).or_default();
        if let Some((started, config)) = slot.running.take() {
            slot.last = Some(Finished {
                config,
                took: started.elapsed(),
                result,
            });
        }
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        let mut slots = self.demos.slots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = slots.get_mut(&self.topic) {
            slot.running = None;
        }
    }
}

/// `GET /demo/<topic>`.
pub async fn page(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    let catalogue = &app.catalogue;
    let topic = match demo_topic(catalogue, &id) {
        Ok(topic) => topic,
        Err(e) => return missing(&e),
    };
    Html(page_html(&app, topic)).into_response()
}

fn demo_topic<'a>(catalogue: &'a Catalogue, id: &str) -> Result<&'a Topic, LabError> {
    let topic = catalogue.topic(id)?;
    if topic.demo.is_none() {
        return Err(LabError::usage(format!(
            "{id} has no demo (its answer is {}); the demos are: {}",
            topic.kind,
            browse::with_capability(catalogue, |t| t.demo.is_some())
        )));
    }
    Ok(topic)
}

fn page_html(app: &App, topic: &Topic) -> String {
    let spec = topic.demo.as_ref().expect("a demo topic");
    let id = escape(&topic.id);
    let slots = app.demos.slots.lock().unwrap_or_else(|e| e.into_inner());
    let slot = slots.get(&topic.id);
    let running = slot.and_then(|s| s.running);
    let mut body = String::new();
    let question = topic.questions.first().copied().unwrap_or(1);
    let _ = write!(
        body,
        "<p>The measurements behind <a href=\"/question/{question}\">question {question}</a>'s \
         answer: each claim is checked on this machine, now. The size is the {means} \
         (default {default}, {min} to {max}).</p>\n\
         <form method=\"post\" action=\"/demo/{id}/run\" class=\"run\">{csrf}\
         <label>seed <input name=\"seed\" inputmode=\"numeric\" placeholder=\"{seed}\" size=\"8\"></label> \
         <label>size <input name=\"size\" inputmode=\"numeric\" placeholder=\"{default_raw}\" size=\"10\"></label> \
         <button type=\"submit\"{disabled}>Run the demo</button></form>\n",
        means = escape(&spec.size_means),
        default = evidence::format::count(spec.default_size),
        default_raw = spec.default_size,
        min = evidence::format::count(spec.min_size),
        max = evidence::format::count(spec.max_size),
        csrf = csrf_field(&app.token),
        seed = DemoConfig::DEFAULT_SEED,
        disabled = if running.is_some() { " disabled" } else { "" },
    );
    if let Some((started, config)) = running {
        let _ = writeln!(
            body,
            "<div class=\"running\" role=\"status\" data-running=\"{secs}\">\
             <progress aria-label=\"demo running\"></progress> \
             Running the {id} demo (seed {seed}, size {size}): \
             <span class=\"elapsed\">{secs} s</span> so far, stopped after {limit} s. \
             This page updates itself when the report is in.</div>",
            secs = started.elapsed().as_secs(),
            seed = config.seed,
            size = evidence::format::count(config.size as u64),
            limit = LIMIT.as_secs(),
        );
    }
    match slot.and_then(|s| s.last.as_ref()) {
        Some(finished) => {
            let _ = writeln!(
                body,
                "<p class=\"run-info\">Last run: seed {}, size {}, took {:.1} s.</p>",
                finished.config.seed,
                evidence::format::count(finished.config.size as u64),
                finished.took.as_secs_f64()
            );
            match &finished.result {
                Ok(report) => body.push_str(&report_html(report)),
                Err(why) => {
                    let _ = writeln!(body, "<p class=\"error\">{}</p>", escape(why));
                }
            }
        }
        None if running.is_none() => body.push_str(
            "<p class=\"dim\">Not run yet in this session: press <em>Run the demo</em>.</p>\n",
        ),
        None => {}
    }
    layout(&Page {
        title: &format!("Demo: {}", topic.id),
        body,
        refresh_without_script: running.map(|_| 2),
        live: None,
    })
}

/// A report as HTML: the verdict, the claims with their measurements, each table (and
/// its growth chart when it is one), the bar charts, and the notes.
pub fn report_html(report: &Report) -> String {
    let mut out = String::new();
    let verdict = if report.all_hold() {
        ("good", "every claim holds")
    } else {
        ("bad", "some claims do not hold on this run")
    };
    let _ = write!(
        out,
        "<section class=\"report\">\n<h2>{}</h2>\n<p class=\"verdict {}\">{}: {} of {} \
         claims hold</p>\n<ul class=\"claims\">\n",
        escape(&report.title),
        verdict.0,
        verdict.1,
        report.claims.iter().filter(|c| c.holds).count(),
        report.claims.len()
    );
    for claim in &report.claims {
        let (class, mark) = if claim.holds {
            ("holds", "✓ holds")
        } else {
            ("fails", "✗ does not hold")
        };
        let basis = claim.basis();
        let _ = writeln!(
            out,
            "<li class=\"claim {class}\"><span class=\"mark\">{mark}</span> \
             <span class=\"statement\">{}</span><br><span class=\"measured\">measured: {}</span>{}</li>",
            escape(&claim.statement),
            escape(&claim.measured),
            if basis.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"dim\">({})</span>", escape(&basis))
            }
        );
    }
    out.push_str("</ul>\n");
    for table in &report.tables {
        let _ = write!(
            out,
            "<div class=\"table-wrap\"><table>\n<caption>{}</caption>\n<thead><tr>",
            escape(&table.title)
        );
        for column in &table.columns {
            let _ = write!(out, "<th scope=\"col\">{}</th>", escape(column));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &table.rows {
            out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
                let close = if i == 0 { "th" } else { "td" };
                let _ = write!(out, "<{tag}>{}</{close}>", escape(cell));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div>\n");
        out.push_str(&chart::growth(table));
    }
    for bars in &report.bars {
        out.push_str(&chart::bars(bars));
    }
    if !report.notes.is_empty() {
        out.push_str("<h3>Notes</h3>\n<ul class=\"notes\">\n");
        for note in &report.notes {
            let _ = writeln!(out, "<li>{}</li>", escape(note));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}

/// The demo form's fields; empty seed or size means the default.
#[derive(Deserialize)]
pub struct RunForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    seed: String,
    #[serde(default)]
    size: String,
}

/// `POST /demo/<topic>/run`: starts a run in the background and sends the browser back
/// to the page.
pub async fn start(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<RunForm>,
) -> Response {
    if let Some(refused) = app.refuse_token(&form.csrf) {
        return refused;
    }
    let catalogue = &app.catalogue;
    let topic = match demo_topic(catalogue, &id) {
        Ok(topic) => topic.clone(),
        Err(e) => return missing(&e),
    };
    let spec = topic.demo.as_ref().expect("a demo topic");
    let number = |field: &str, text: &str| -> Result<Option<u64>, String> {
        let text = text.trim().replace([',', '_'], "");
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<u64>()
            .map(Some)
            .map_err(|_| format!("{field} '{text}' is not a whole number from 0 up"))
    };
    let config = number("seed", &form.seed)
        .and_then(|seed| Ok((seed, number("size", &form.size)?)))
        .and_then(|(seed, size)| {
            browse::demo_config(&topic.id, spec, seed, size).map_err(|e| e.to_string())
        });
    let (config, _note) = match config {
        Ok(config) => config,
        Err(why) => return error_page(StatusCode::BAD_REQUEST, "Cannot run the demo", &why),
    };
    if !app.demos.try_start(&topic.id, config) {
        return error_page(
            StatusCode::CONFLICT,
            "A run is going on",
            &format!(
                "the {} demo is running already; one run at a time per topic, so that two \
                 runs do not measure each other. Its report appears on the demo page.",
                topic.id
            ),
        );
    }
    let worker = app.clone();
    tokio::task::spawn_blocking(move || {
        // The slot was taken above; this guard releases it whatever happens below.
        let running = worker.demos.running(&topic.id);
        let result = run::demo(
            &worker.root,
            &topic,
            run::Demo::Reference,
            &config,
            Some(LIMIT),
        )
        .map_err(|e| e.to_string());
        running.finish(result);
    });
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/demo/{id}"))],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use evidence::{Bars, Claim, Table};

    #[test]
    fn one_run_per_topic_at_a_time_and_the_slot_frees_when_it_ends() {
        let demos = Demos::default();
        let config = DemoConfig { seed: 1, size: 10 };
        assert!(demos.try_start("lru-cache", config), "free");
        assert!(!demos.try_start("lru-cache", config), "busy");
        assert!(demos.try_start("hashmap", config), "another topic is free");
        demos.running("lru-cache").finish(Err("stopped".into()));
        drop(demos.running("hashmap"));
        assert!(demos.try_start("lru-cache", config), "free again");
        let slots = demos.slots.lock().unwrap();
        assert!(slots["lru-cache"].last.is_some(), "the result was kept");
    }

    #[test]
    fn every_string_in_a_report_is_escaped() {
        let evil = "<script>alert(1)</script>";
        let mut report = Report::new(evil, evil);
        report.claims.push(Claim::new(evil, evil, false));
        report
            .tables
            .push(Table::new(evil, [evil, "n"]).row([evil, "1"]));
        report
            .bars
            .push(Bars::new(evil, evil).group(evil, [(evil, 1.0)]));
        report.notes.push(evil.to_string());
        let html = report_html(&report);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.matches("&lt;script&gt;").count() >= 8, "{html}");
        assert!(html.contains("✗ does not hold"));
    }

    #[test]
    fn claims_show_their_measurement_and_verdict() {
        let mut report = Report::new("t", "title");
        report.claims.push(Claim::new("a holds", "3 vs 5", true));
        let html = report_html(&report);
        assert!(
            html.contains("every claim holds: 1 of 1 claims hold"),
            "{html}"
        );
        assert!(html.contains("measured: 3 vs 5"));
    }
}
