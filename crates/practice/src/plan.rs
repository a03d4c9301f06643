//! A week-by-week study plan from where the learner is.
//!
//! The shape follows the usual preparation advice: focused blocks, fundamentals and
//! coding first; then databases, APIs and security, concurrency and reliability; system
//! design after the building blocks it uses; delivery, operations and the behavioural
//! story last; and the final weeks for mock interviews (timed drills across sections,
//! out loud, ideally with a partner) and for re-drilling what scored lowest.
//!
//! Work is sized in hours from the learner's state: a question never drilled gets a
//! study session (read the answer, run the demo, drill it), one drilled below
//! [`PASS`] a re-drill, an unsolved exercise its exercise; solved exercises and
//! questions already drilled well cost nothing beyond the spaced reviews, which get a
//! fixed budget every week. The work is spread evenly over the study weeks, in block
//! order; when it does not fit the hours given, the plan says how many hours a week it
//! needs instead of silently dropping anything.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::journal::Journal;

/// The drill score at which a question counts as known.
pub const PASS: f64 = 0.7;

/// Hours a week kept for the spaced-repetition reviews the scheduler brings back.
pub const REVIEW_HOURS: f64 = 0.5;

/// The blocks, in teaching order, as lists of the catalogue's section indexes (0-6).
const BLOCKS: [(&str, &[usize]); 6] = [
    ("fundamentals and algorithms", &[0, 1]),
    ("databases and storage", &[3]),
    ("APIs and security", &[4]),
    ("concurrency, reliability and testing", &[5]),
    ("system design", &[2]),
    ("delivery, operations and the incident story", &[6]),
];

/// What the planner needs to know about one question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionInfo {
    /// Its number (1-29).
    pub number: u8,
    /// Its section's index (0-6).
    pub section: usize,
    /// The topic answering it.
    pub topic: String,
    /// Whether that topic is code (a longer exercise) rather than design or behavioural.
    pub code: bool,
    /// `Some(solved)` when the topic has an exercise.
    pub exercise: Option<bool>,
    /// Whether the topic has a demo to run.
    pub demo: bool,
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Task {
    /// Read the answer, run the demo, drill the question.
    Study {
        /// The question.
        question: u8,
        /// The topic whose demo to run, when it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        demo: Option<String>,
    },
    /// Drill again a question that scored below [`PASS`].
    Redrill {
        /// The question.
        question: u8,
    },
    /// Solve a topic's exercise.
    Exercise {
        /// The topic.
        topic: String,
    },
    /// A mock interview: `questions` questions across sections against the clock.
    Mock {
        /// How many questions.
        questions: u32,
    },
}

impl Task {
    /// One line saying what to do, with the command.
    pub fn describe(&self) -> String {
        match self {
            Task::Study { question, demo } => match demo {
                Some(topic) => format!(
                    "study question {question}: `cargo lab show {question}`, `cargo lab demo {topic}`, then `cargo lab drill --question {question}`"
                ),
                None => format!(
                    "study question {question}: `cargo lab show {question}`, then `cargo lab drill --question {question}`"
                ),
            },
            Task::Redrill { question } => {
                format!("re-drill question {question}: `cargo lab drill --question {question}`")
            }
            Task::Exercise { topic } => {
                format!("solve the {topic} exercise: `cargo lab watch {topic}`")
            }
            Task::Mock { questions } => format!(
                "mock interview, {questions} questions across sections out loud: `cargo lab drill --count {questions}`"
            ),
        }
    }
}

/// A task with its estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// What to do.
    pub task: Task,
    /// Estimated hours.
    pub hours: f64,
}

/// One week of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// 1-based.
    pub number: usize,
    /// Its first day.
    pub starts: NaiveDate,
    /// The blocks it works on, or "mock interviews".
    pub focus: String,
    /// The tasks, in order.
    pub items: Vec<Item>,
    /// The tasks' hours plus the review budget.
    pub hours: f64,
}

/// A study plan, saved so `plan` can show progress against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// When it was made: drills after this count towards it.
    pub created: DateTime<Utc>,
    /// Hours a week it was made for.
    pub hours_per_week: f64,
    /// The weeks.
    pub weeks: Vec<Week>,
    /// Hours a week the work needs when it does not fit `hours_per_week`.
    pub needs_hours_per_week: Option<f64>,
}

/// A plan's state against the learner's progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// The week `now` falls in (1-based; 0 before the plan starts, past the end after).
    pub current_week: usize,
    /// Per week, per item: done or not.
    pub done: Vec<Vec<bool>>,
    /// Items done of all items.
    pub items_done: usize,
    /// All items.
    pub items: usize,
    /// Items of the weeks before the current one that are not done.
    pub behind: usize,
}

fn hours_for(task: &Task, info: Option<&QuestionInfo>) -> f64 {
    match task {
        Task::Study { .. } => match info {
            Some(q) if q.demo => 1.0,
            _ => 0.75,
        },
        Task::Redrill { .. } => 0.5,
        Task::Exercise { .. } => match info {
            Some(q) if q.code => 2.0,
            _ => 1.0,
        },
        Task::Mock { .. } => 1.0,
    }
}

/// The study work for `questions` given `journal`, in block order: per question, a study
/// or re-drill if needed, then its topic's exercise if unsolved (once per topic).
pub fn work(questions: &[QuestionInfo], journal: &Journal) -> Vec<Item> {
    let mut items = Vec::new();
    let mut exercises_seen: Vec<&str> = Vec::new();
    for (_, sections) in BLOCKS {
        let mut block: Vec<&QuestionInfo> = questions
            .iter()
            .filter(|q| sections.contains(&q.section))
            .collect();
        block.sort_by_key(|q| q.number);
        for q in block {
            let task = match journal.last(q.number) {
                None => Some(Task::Study {
                    question: q.number,
                    demo: q.demo.then(|| q.topic.clone()),
                }),
                Some(a) if a.score() < PASS => Some(Task::Redrill { question: q.number }),
                Some(_) => None,
            };
            if let Some(task) = task {
                let hours = hours_for(&task, Some(q));
                items.push(Item { task, hours });
            }
            if q.exercise == Some(false) && !exercises_seen.contains(&q.topic.as_str()) {
                exercises_seen.push(&q.topic);
                let task = Task::Exercise {
                    topic: q.topic.clone(),
                };
                let hours = hours_for(&task, Some(q));
                items.push(Item { task, hours });
            }
        }
    }
    items
}

fn block_of(task: &Task, questions: &[QuestionInfo]) -> Option<&'static str> {
    let section = match task {
        Task::Study { question, .. } | Task::Redrill { question } => {
            questions.iter().find(|q| q.number == *question)?.section
        }
        Task::Exercise { topic } => questions.iter().find(|q| &q.topic == topic)?.section,
        Task::Mock { .. } => return None,
    };
    BLOCKS
        .iter()
        .find(|(_, s)| s.contains(&section))
        .map(|(name, _)| *name)
}

/// Makes a plan of `weeks` weeks (1 to 52) at `hours_per_week` (1 to 80) starting `now`.
/// The last week is for mock interviews, the last two from five weeks up; a one-week
/// plan ends with one mock.
///
/// # Panics
///
/// `weeks` or `hours_per_week` out of range (the CLI checks them first).
pub fn make(
    questions: &[QuestionInfo],
    journal: &Journal,
    weeks: usize,
    hours_per_week: f64,
    now: DateTime<Utc>,
) -> Plan {
    assert!((1..=52).contains(&weeks), "weeks must be 1 to 52");
    assert!(
        (1.0..=80.0).contains(&hours_per_week),
        "hours per week must be 1 to 80"
    );
    let mock_weeks = match weeks {
        1 => 0,
        2..=4 => 1,
        _ => 2,
    };
    let study_weeks = weeks - mock_weeks;
    let items = work(questions, journal);
    let capacity = (hours_per_week - REVIEW_HOURS).max(0.5);
    let total: f64 = items.iter().map(|i| i.hours).sum();
    let one_week_mock = if weeks == 1 { 1.0 } else { 0.0 };
    let needed = (total + one_week_mock) / study_weeks as f64 + REVIEW_HOURS;
    // An even share of the work per study week: when it does not fit the hours given,
    // every week runs long by the same amount rather than the last taking the rest.
    let target = (total / study_weeks as f64).max(0.5);
    let start = now.date_naive();
    let mut plan_weeks: Vec<Week> = (0..weeks)
        .map(|w| Week {
            number: w + 1,
            starts: start + Duration::days(7 * w as i64),
            focus: String::new(),
            items: Vec::new(),
            hours: 0.0,
        })
        .collect();
    let mut week = 0;
    let mut used = 0.0;
    for item in items {
        // Move on when this item would take the week past its share (by more than half
        // the item), unless the week is empty or it is the last study week.
        if week + 1 < study_weeks && used > 0.0 && used + item.hours / 2.0 > target {
            week += 1;
            used = 0.0;
        }
        used += item.hours;
        plan_weeks[week].items.push(item);
    }
    let mock_sessions = (capacity.floor() as u32).clamp(1, 4);
    for week in &mut plan_weeks[study_weeks..] {
        for _ in 0..mock_sessions {
            week.items.push(Item {
                task: Task::Mock { questions: 5 },
                hours: 1.0,
            });
        }
    }
    if weeks == 1 {
        plan_weeks[0].items.push(Item {
            task: Task::Mock { questions: 5 },
            hours: 1.0,
        });
    }
    for w in &mut plan_weeks {
        let mut focus: Vec<&str> = Vec::new();
        for item in &w.items {
            let name = block_of(&item.task, questions).unwrap_or("mock interviews");
            if !focus.contains(&name) {
                focus.push(name);
            }
        }
        w.focus = if focus.is_empty() {
            "reviews and catching up".to_string()
        } else {
            focus.join("; ")
        };
        w.hours = w.items.iter().map(|i| i.hours).sum::<f64>() + REVIEW_HOURS;
    }
    Plan {
        created: now,
        hours_per_week,
        weeks: plan_weeks,
        needs_hours_per_week: (needed > hours_per_week + 1e-9).then(|| (needed * 2.0).ceil() / 2.0),
    }
}

impl Plan {
    /// How far the learner is at `now`: an exercise task is done when `solved(topic)`; a
    /// study task when the question was drilled since the plan was made; a re-drill when
    /// a drill since then scored at least [`PASS`]; the n-th mock of a week when at least
    /// 5 × n questions were drilled during that week.
    pub fn status(
        &self,
        journal: &Journal,
        solved: impl Fn(&str) -> bool,
        now: DateTime<Utc>,
    ) -> Status {
        let since = |q: u8| {
            journal
                .questions
                .get(&q)
                .map(|r| {
                    r.attempts
                        .iter()
                        .filter(|a| a.at >= self.created)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        let start = self.created.date_naive();
        let days = (now.date_naive() - start).num_days();
        let current_week = if days < 0 { 0 } else { days as usize / 7 + 1 };
        let mut done = Vec::new();
        for week in &self.weeks {
            let from = week.starts;
            let to = from + Duration::days(7);
            let drilled_in_week = journal
                .questions
                .values()
                .flat_map(|r| &r.attempts)
                .filter(|a| a.at >= self.created)
                .filter(|a| {
                    let d = a.at.date_naive();
                    d >= from && d < to
                })
                .count();
            let mut mocks = 0;
            let flags = week
                .items
                .iter()
                .map(|item| match &item.task {
                    Task::Study { question, .. } => !since(*question).is_empty(),
                    Task::Redrill { question } => {
                        since(*question).iter().any(|a| a.score() >= PASS)
                    }
                    Task::Exercise { topic } => solved(topic),
                    Task::Mock { questions } => {
                        mocks += 1;
                        drilled_in_week >= (*questions as usize) * mocks
                    }
                })
                .collect::<Vec<_>>();
            done.push(flags);
        }
        let items: usize = done.iter().map(Vec::len).sum();
        let items_done = done.iter().flatten().filter(|d| **d).count();
        let behind = done
            .iter()
            .take(current_week.saturating_sub(1).min(done.len()))
            .flatten()
            .filter(|d| !**d)
            .count();
        Status {
            current_week,
            done,
            items_done,
            items,
            behind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Grade;
    use crate::session::Outcome;
    use chrono::TimeZone;

    /// A catalogue like the real one: 29 questions over 7 sections, a topic each, code
    /// topics with exercises.
    fn catalogue() -> Vec<QuestionInfo> {
        let sections = [
            0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6,
        ];
        sections
            .iter()
            .enumerate()
            .map(|(i, &section)| QuestionInfo {
                number: i as u8 + 1,
                section,
                topic: format!("t{}", i + 1),
                code: section != 6,
                exercise: Some(false),
                demo: true,
            })
            .collect()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
    }

    fn drilled(journal: &mut Journal, q: u8, covered: u32, at: DateTime<Utc>) {
        journal.record(
            &Outcome {
                number: q,
                covered,
                total: 10,
                key_points: (covered, 10),
                seconds: 100,
                limit: 120,
                overtime: false,
                red_flag: false,
                grade: Grade::from_drill(covered, 10, false, false),
                notes: vec![],
                follow_ups: vec![],
            },
            at,
        );
    }

    fn tasks(week: &Week) -> Vec<&Task> {
        week.items.iter().map(|i| &i.task).collect()
    }

    #[test]
    fn a_fresh_six_week_plan_goes_fundamentals_first_design_late_mocks_last() {
        let plan = make(&catalogue(), &Journal::default(), 6, 10.0, now());
        assert_eq!(plan.weeks.len(), 6);
        assert_eq!(plan.weeks[0].starts, now().date_naive());
        assert_eq!(
            plan.weeks[5].starts,
            now().date_naive() + Duration::days(35)
        );
        assert!(
            plan.weeks[0].focus.starts_with("fundamentals"),
            "{}",
            plan.weeks[0].focus
        );
        assert_eq!(
            tasks(&plan.weeks[0])[0],
            &Task::Study {
                question: 1,
                demo: Some("t1".into())
            }
        );
        // Every question is studied and every exercise appears exactly once.
        let all: Vec<&Task> = plan.weeks.iter().flat_map(tasks).collect();
        for q in 1..=29u8 {
            assert_eq!(
                all.iter()
                    .filter(|t| matches!(t, Task::Study { question, .. } if *question == q))
                    .count(),
                1,
                "q{q}"
            );
            let topic = format!("t{q}");
            assert_eq!(
                all.iter()
                    .filter(|t| matches!(t, Task::Exercise { topic: x } if *x == topic))
                    .count(),
                1
            );
        }
        // System design (questions 10-13) comes after databases and APIs (14-21).
        let week_of = |q: u8| {
            plan.weeks
                .iter()
                .position(|w| {
                    w.items
                        .iter()
                        .any(|i| matches!(&i.task, Task::Study { question, .. } if *question == q))
                })
                .unwrap()
        };
        assert!(week_of(10) >= week_of(21));
        assert!(week_of(1) <= week_of(14));
        // The last two weeks are mocks only.
        for w in &plan.weeks[4..] {
            assert!(
                w.items.iter().all(|i| matches!(i.task, Task::Mock { .. })),
                "week {}",
                w.number
            );
            assert_eq!(w.focus, "mock interviews");
        }
        // 29 studies (all with demos: 1 h) + 29 exercises (25 code: 2 h, 4 not: 1 h) =
        // 83 h over 4 study weeks: 21.25 h a week of work, more than 10: the plan says
        // how much it needs.
        let work: f64 = plan.weeks[..4]
            .iter()
            .flat_map(|w| &w.items)
            .map(|i| i.hours)
            .sum();
        assert_eq!(work, 83.0);
        assert_eq!(plan.needs_hours_per_week, Some(21.5));
    }

    #[test]
    fn weeks_are_numbered_from_one_and_tasks_say_what_to_run() {
        let plan = make(&catalogue(), &Journal::default(), 3, 8.0, now());
        let numbers: Vec<usize> = plan.weeks.iter().map(|w| w.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(
            Task::Study {
                question: 11,
                demo: Some("lru-cache".into())
            }
            .describe(),
            "study question 11: `cargo lab show 11`, `cargo lab demo lru-cache`, then `cargo lab drill --question 11`"
        );
        assert_eq!(
            Task::Study {
                question: 29,
                demo: None
            }
            .describe(),
            "study question 29: `cargo lab show 29`, then `cargo lab drill --question 29`"
        );
        assert_eq!(
            Task::Redrill { question: 4 }.describe(),
            "re-drill question 4: `cargo lab drill --question 4`"
        );
        assert_eq!(
            Task::Exercise {
                topic: "retry".into()
            }
            .describe(),
            "solve the retry exercise: `cargo lab watch retry`"
        );
        assert!(
            Task::Mock { questions: 5 }
                .describe()
                .contains("`cargo lab drill --count 5`")
        );
    }

    #[test]
    fn hours_follow_the_kind_of_work() {
        let mut questions = catalogue();
        questions[0].demo = false;
        questions[0].code = false;
        let items = work(&questions[..2], &Journal::default());
        let hours: Vec<f64> = items.iter().map(|i| i.hours).collect();
        // no demo: 0.75; not code: 1 h exercise; then a demo (1 h) and a code exercise (2 h)
        assert_eq!(hours, [0.75, 1.0, 1.0, 2.0]);
    }

    #[test]
    fn a_drill_at_exactly_the_pass_mark_needs_no_redrill() {
        let mut journal = Journal::default();
        drilled(&mut journal, 1, 7, now());
        let items = work(&catalogue()[..1], &journal);
        assert!(
            items
                .iter()
                .all(|i| !matches!(i.task, Task::Redrill { .. }))
        );
    }

    #[test]
    fn the_focus_names_the_block_of_each_task() {
        let mut questions = catalogue();
        for q in &mut questions {
            q.exercise = None;
        }
        questions[13].exercise = Some(false); // question 14, databases
        let mut journal = Journal::default();
        for q in 1..=29 {
            drilled(&mut journal, q, 9, now() - Duration::days(1));
        }
        let plan = make(&questions, &journal, 2, 8.0, now());
        assert_eq!(plan.weeks[0].items.len(), 1);
        assert_eq!(plan.weeks[0].focus, "databases and storage");
        assert_eq!(plan.weeks[1].focus, "mock interviews");
        // A re-drill is placed by its question's section too.
        questions[13].exercise = None;
        drilled(&mut journal, 20, 1, now() - Duration::hours(1));
        let plan = make(&questions, &journal, 2, 8.0, now());
        assert_eq!(plan.weeks[0].items[0].task, Task::Redrill { question: 20 });
        assert_eq!(plan.weeks[0].focus, "APIs and security");
    }

    #[test]
    fn a_week_fills_to_its_share_and_ties_stay() {
        // 30 one-hour studies over 4 study weeks: a share of 7.5 h. At 7 h the next item
        // would end at 8 h, half an hour past: exactly half the item, so it stays.
        let mut questions: Vec<QuestionInfo> = (1..=30u8)
            .map(|n| QuestionInfo {
                number: n,
                section: 0,
                topic: format!("t{n}"),
                code: true,
                exercise: None,
                demo: true,
            })
            .collect();
        let plan = make(&questions, &Journal::default(), 6, 40.0, now());
        let sizes: Vec<usize> = plan.weeks[..4].iter().map(|w| w.items.len()).collect();
        assert_eq!(sizes, [8, 8, 8, 6]);
        // Exactly the hours given: 30 h over 4 weeks plus the reviews is 8 h a week.
        let exact = make(&questions, &Journal::default(), 6, 8.0, now());
        assert_eq!(exact.needs_hours_per_week, None);
        let short = make(&questions, &Journal::default(), 6, 7.5, now());
        assert_eq!(short.needs_hours_per_week, Some(8.0));
        // One item bigger than the share: the first week takes it, not left empty.
        questions.truncate(1);
        questions[0].exercise = Some(false);
        let mut journal = Journal::default();
        drilled(&mut journal, 1, 10, now() - Duration::days(1));
        let plan = make(&questions, &journal, 6, 40.0, now());
        assert_eq!(plan.weeks[0].items.len(), 1);
        assert_eq!(plan.weeks[0].items[0].hours, 2.0);
    }

    #[test]
    fn mock_sessions_fit_the_hours() {
        let plan = make(&catalogue(), &Journal::default(), 3, 3.0, now());
        // 3 h a week less the reviews: 2.5 h, two one-hour mocks.
        assert_eq!(plan.weeks[2].items.len(), 2);
        let plan = make(&catalogue(), &Journal::default(), 3, 20.0, now());
        assert_eq!(plan.weeks[2].items.len(), 4, "at most four");
    }

    #[test]
    fn study_weeks_are_balanced_when_the_work_fits() {
        let mut questions = catalogue();
        for q in &mut questions {
            q.exercise = Some(true);
        }
        // 29 h of studies over 4 study weeks at 10 h: about 7.25 h each.
        let plan = make(&questions, &Journal::default(), 6, 10.0, now());
        assert_eq!(plan.needs_hours_per_week, None);
        for w in &plan.weeks[..4] {
            let h = w.hours - REVIEW_HOURS;
            assert!((6.0..=8.5).contains(&h), "week {} has {h} h", w.number);
        }
    }

    #[test]
    fn known_questions_and_solved_exercises_drop_out_and_weak_ones_are_redrilled() {
        let mut questions = catalogue();
        questions[0].exercise = Some(true);
        let mut journal = Journal::default();
        drilled(&mut journal, 1, 9, now() - Duration::days(3));
        drilled(&mut journal, 2, 3, now() - Duration::days(3));
        let items = work(&questions, &journal);
        let t: Vec<&Task> = items.iter().map(|i| &i.task).collect();
        assert_eq!(t[0], &Task::Redrill { question: 2 });
        assert_eq!(t[1], &Task::Exercise { topic: "t2".into() });
        assert!(
            !t.iter()
                .any(|t| matches!(t, Task::Study { question: 1, .. }))
        );
        assert!(!t.contains(&&Task::Exercise { topic: "t1".into() }));
    }

    #[test]
    fn short_plans_still_end_with_a_mock() {
        let one = make(&catalogue(), &Journal::default(), 1, 5.0, now());
        assert!(matches!(
            one.weeks[0].items.last().unwrap().task,
            Task::Mock { .. }
        ));
        let three = make(&catalogue(), &Journal::default(), 3, 5.0, now());
        assert!(
            three.weeks[2]
                .items
                .iter()
                .all(|i| matches!(i.task, Task::Mock { .. }))
        );
        assert!(
            three.weeks[1]
                .items
                .iter()
                .any(|i| !matches!(i.task, Task::Mock { .. }))
        );
    }

    #[test]
    fn status_counts_drills_since_the_plan_and_solved_exercises() {
        let mut questions = catalogue();
        for q in &mut questions {
            q.exercise = None;
        }
        let mut journal = Journal::default();
        drilled(&mut journal, 3, 2, now() - Duration::days(1)); // before: re-drill
        let plan = make(&questions, &journal, 6, 10.0, now());
        assert!(
            plan.weeks[0]
                .items
                .iter()
                .any(|i| i.task == Task::Redrill { question: 3 })
        );
        let status = plan.status(&journal, |_| false, now());
        assert_eq!((status.current_week, status.items_done), (1, 0));
        drilled(&mut journal, 1, 5, now() + Duration::hours(1));
        drilled(&mut journal, 3, 5, now() + Duration::hours(2)); // still below 70%
        let status = plan.status(&journal, |_| false, now() + Duration::days(8));
        assert_eq!(status.current_week, 2);
        assert!(status.done[0][0], "study 1 done");
        let redrill = plan.weeks[0]
            .items
            .iter()
            .position(|i| i.task == Task::Redrill { question: 3 })
            .unwrap();
        assert!(!status.done[0][redrill], "50% is not a pass");
        drilled(&mut journal, 3, 8, now() + Duration::hours(3));
        let status = plan.status(&journal, |_| false, now() + Duration::days(8));
        assert!(status.done[0][redrill]);
        assert_eq!(status.items_done, 2);
        let week1 = plan.weeks[0].items.len();
        let week2 = plan.weeks[1].items.len();
        let _ = week2;
        assert_eq!(
            status.behind,
            week1 - 2,
            "week 1's undone items; week 2 is under way"
        );
        // Mocks: 5 drills in the first mock week complete the first mock.
        let mock_week = &plan.weeks[4];
        let at = chrono::DateTime::<Utc>::from_naive_utc_and_offset(
            mock_week.starts.and_hms_opt(10, 0, 0).unwrap(),
            Utc,
        );
        for q in 20..25 {
            drilled(&mut journal, q, 9, at);
        }
        let status = plan.status(&journal, |_| false, at);
        assert_eq!(status.current_week, 5);
        assert!(status.done[4][0]);
        assert!(!status.done[4][1], "the second mock needs ten drills");
        // Drills on the first day of week 6 count for week 6, not week 5.
        let next = at + Duration::days(7);
        for q in 1..=6 {
            drilled(&mut journal, q, 9, next);
        }
        let status = plan.status(&journal, |_| false, next);
        assert!(!status.done[4][1], "week 6's drills are not week 5's");
        assert!(status.done[5][0]);
    }
}
