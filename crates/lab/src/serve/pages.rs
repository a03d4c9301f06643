//! The catalogue (`/`) and the question pages (`/question/N`, `/question/N/full`).

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::response::{Html, IntoResponse, Response};

use super::html::{Page, escape, layout, with_code};
use super::{App, markdown, missing};
use crate::LabError;
use crate::browse::{self, ExerciseStatus};
use crate::catalogue::{Catalogue, QUESTIONS, SECTIONS, Target, Topic};
use crate::drill;
use crate::state::State as LabState;

/// `/`: the 29 questions by section, each with its topic, demo and exercise progress.
pub async fn catalogue(State(app): State<Arc<App>>) -> Response {
    Html(catalogue_html(&app.root, &app.catalogue)).into_response()
}

fn catalogue_html(root: &Path, catalogue: &Catalogue) -> String {
    let state = LabState::load(root);
    let answered = QUESTIONS
        .iter()
        .filter(|q| catalogue.primary(q.number).is_some())
        .count();
    let solved = catalogue
        .exercises()
        .filter(|t| state.progress.get(&t.id).is_some_and(|p| p.solved()))
        .count();
    let exercises = catalogue.exercises().count();
    // The drill's journal, as `cargo lab drill` keeps it; the clock as the drill reads it.
    let journal = drill::open_journal(root);
    let journal = journal.get();
    let now = drill::now().unwrap_or_else(|_| chrono::Utc::now());
    let due = QUESTIONS
        .iter()
        .filter(|q| journal.next_review(q.number).is_some_and(|d| d <= now))
        .count();
    let mut body = String::new();
    let _ = write!(
        body,
        "<p class=\"summary\">{} questions, {answered} answered; exercises solved \
         <strong>{solved} of {exercises}</strong> \
         <progress value=\"{solved}\" max=\"{exercises}\">{solved} of {exercises}</progress></p>\n\
         <p class=\"next\">{}</p>\n\
         <p class=\"reviews\"><a href=\"/drill\">{due} review{} due</a>: drill them against the clock.</p>\n",
        QUESTIONS.len(),
        with_code(&browse::next_step(catalogue, &state)),
        if due == 1 { "" } else { "s" },
    );
    for broken in &catalogue.broken {
        let _ = writeln!(
            body,
            "<p class=\"error\">skipping a topic: {}</p>",
            escape(broken)
        );
    }
    for (index, section) in SECTIONS.iter().enumerate() {
        let _ = write!(
            body,
            "<section class=\"catalogue\">\n<h2>{}</h2>\n<ol>\n",
            escape(section)
        );
        for q in QUESTIONS.iter().filter(|q| q.section == index) {
            let _ = write!(
                body,
                "<li value=\"{n}\" id=\"q{n}\"><a class=\"question\" href=\"/question/{n}\">\
                 <span class=\"number\">{n}.</span> {text}</a>",
                n = q.number,
                text = escape(q.text)
            );
            match catalogue.primary(q.number) {
                Some(topic) => {
                    let mut badges = topic_badges(root, topic, &state);
                    badges.truncate(badges.len() - "</div>".len());
                    badges.push_str(&drill_badge(journal, q.number, now));
                    badges.push_str("</div>");
                    body.push_str(&badges);
                }
                None => body.push_str(
                    "<div class=\"badges\"><span class=\"dim\">answer planned</span></div>",
                ),
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ol>\n</section>\n");
    }
    layout(&Page {
        title: "Backend interview questions",
        body,
        ..Page::default()
    })
}

/// The topic's id, and links to its demo and exercise with the exercise's status.
fn topic_badges(root: &Path, topic: &Topic, state: &LabState) -> String {
    let id = escape(&topic.id);
    let mut out = format!("<div class=\"badges\"><span class=\"topic\">{id}</span>");
    if topic.demo.is_some() {
        let _ = write!(out, " <a class=\"badge\" href=\"/demo/{id}\">demo</a>");
    }
    if let Some(status) = browse::exercise_status(root, topic, state) {
        let class = match status {
            ExerciseStatus::Solved(_) => "good",
            ExerciseStatus::DoesNotCompile(_) => "bad",
            _ => "pending",
        };
        let _ = write!(
            out,
            " <a class=\"badge {class}\" href=\"/exercise/{id}\">{}</a>",
            escape(&status.to_string())
        );
    }
    out.push_str("</div>");
    out
}

/// "drill 5/8 · review 2026-12-03", "review due", or nothing before the first drill.
fn drill_badge(
    journal: &practice::Journal,
    number: u8,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    match (journal.last(number), journal.next_review(number)) {
        (Some(last), Some(due)) if due <= now => format!(
            " <a class=\"badge due\" href=\"/drill\">drill {}/{} · review due</a>",
            last.covered, last.total
        ),
        (Some(last), Some(due)) => format!(
            " <span class=\"dim\">drill {}/{} · review {}</span>",
            last.covered,
            last.total,
            due.format("%Y-%m-%d")
        ),
        _ => String::new(),
    }
}

/// `/question/N`: the question and the interview part of its answer.
pub async fn question(State(app): State<Arc<App>>, UrlPath(number): UrlPath<String>) -> Response {
    question_page(&app.root, &app.catalogue, &number, false)
}

/// `/question/N/full`: the whole answer, the engineering part included.
pub async fn question_full(
    State(app): State<Arc<App>>,
    UrlPath(number): UrlPath<String>,
) -> Response {
    question_page(&app.root, &app.catalogue, &number, true)
}

fn question_page(root: &Path, catalogue: &Catalogue, number: &str, full: bool) -> Response {
    match question_html(root, catalogue, number, full) {
        Ok(html) => Html(html).into_response(),
        Err(e) => missing(&e),
    }
}

fn question_html(
    root: &Path,
    catalogue: &Catalogue,
    number: &str,
    full: bool,
) -> Result<String, LabError> {
    if number.parse::<u64>().is_err() {
        return Err(LabError::usage(format!(
            "'{number}' is not a question number; the questions are numbered 1 to {}",
            QUESTIONS.len()
        )));
    }
    let Target::Question(q, topic) = catalogue.target(number)? else {
        unreachable!("a number is a question");
    };
    let title = format!("Question {}: {}", q.number, q.text);
    let mut body = format!(
        "<p class=\"section-name\">{}</p>\n",
        escape(SECTIONS[q.section])
    );
    match topic {
        Some(topic) => {
            let path = root.join(topic.crate_dir()).join("README.md");
            let answer = std::fs::read_to_string(&path)
                .map_err(|e| LabError::failure(format!("cannot read {}: {e}", path.display())))?;
            let (interview, engineering) = browse::split_answer(&answer);
            body.push_str(&actions(
                topic,
                q.number,
                full,
                !engineering.trim().is_empty(),
            ));
            let _ = write!(
                body,
                "<article class=\"answer\">\n{}</article>\n",
                markdown::to_html(interview)
            );
            if full {
                let _ = write!(
                    body,
                    "<article class=\"answer engineering\" id=\"engineering\">\n\
                     <p class=\"divider\">The engineering part</p>\n{}</article>\n",
                    markdown::to_html(engineering)
                );
            } else if !engineering.trim().is_empty() {
                let _ = writeln!(
                    body,
                    "<p><a href=\"/question/{}/full#engineering\">Read the full answer</a>: the \
                     code map, benchmarks and how it was built.</p>",
                    q.number
                );
            }
        }
        None => body
            .push_str("<p class=\"dim\">answer planned: no topic answers this question yet.</p>\n"),
    }
    let also: Vec<String> = catalogue
        .see_also(q.number)
        .map(|t| {
            let first = t.questions.first().copied().unwrap_or(0);
            format!("<a href=\"/question/{first}\">{}</a>", escape(&t.id))
        })
        .collect();
    if !also.is_empty() {
        let _ = writeln!(
            body,
            "<p class=\"see-also\">See also: {}</p>",
            also.join(", ")
        );
    }
    Ok(layout(&Page {
        title: &title,
        body,
        ..Page::default()
    }))
}

/// The links at the top of an answer: the demo, the exercise, the full answer.
fn actions(topic: &Topic, number: u8, full: bool, has_engineering: bool) -> String {
    let id = escape(&topic.id);
    let mut links = Vec::new();
    if topic.demo.is_some() {
        links.push(format!(
            "<a class=\"button\" href=\"/demo/{id}\">Run the demo</a>"
        ));
    }
    if topic.exercise.is_some() {
        links.push(format!(
            "<a class=\"button\" href=\"/exercise/{id}\">The exercise</a>"
        ));
    }
    if has_engineering {
        links.push(if full {
            format!("<a class=\"button\" href=\"/question/{number}\">Interview part only</a>")
        } else {
            format!("<a class=\"button\" href=\"/question/{number}/full\">Full answer</a>")
        });
    }
    format!(
        "<nav class=\"actions\" aria-label=\"this topic\">{}</nav>\n",
        links.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    #[test]
    fn the_catalogue_lists_every_question_by_section() {
        let root = workspace();
        let html = catalogue_html(&root, &Catalogue::load(&root));
        for q in &QUESTIONS {
            assert!(
                html.contains(&format!("href=\"/question/{}\"", q.number)),
                "{}",
                q.number
            );
            assert!(html.contains(&escape(q.text)), "{}", q.text);
        }
        for section in SECTIONS {
            assert!(
                html.contains(&format!("<h2>{}</h2>", escape(section))),
                "{section}"
            );
        }
    }

    #[test]
    fn a_question_page_shows_the_interview_part_and_links_the_rest() {
        let root = workspace();
        let catalogue = Catalogue::load(&root);
        let topic = catalogue.primary(11).expect("question 11 has an answer");
        let html = question_html(&root, &catalogue, "11", false).unwrap();
        assert!(html.contains("The 30-second answer"), "the interview part");
        assert!(
            !html.contains("class=\"answer engineering\""),
            "not the engineering part"
        );
        assert!(html.contains("href=\"/question/11/full\""));
        assert!(html.contains(&format!("href=\"/demo/{}\"", topic.id)));
        let full = question_html(&root, &catalogue, "11", true).unwrap();
        assert!(full.contains("class=\"answer engineering\""));
        assert!(full.len() > html.len());
        for bad in ["0", "30", "abc", "-1", "<script>"] {
            let err = question_html(&root, &catalogue, bad, false)
                .unwrap_err()
                .to_string();
            assert!(!err.is_empty(), "{bad}");
        }
    }
}
