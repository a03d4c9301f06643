//! What the learner has practised: every drill's result and each question's review
//! schedule, kept in `.lab/practice.json` (a [`Store`](crate::store::Store) of schema
//! [`SCHEMA`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::schedule::{Grade, Memory};
use crate::session::Outcome;

/// The schema of `.lab/practice.json` this build writes and reads up to.
pub const SCHEMA: u32 = 1;

/// The file's name inside the lab directory.
pub const FILE: &str = "practice.json";

/// Every question's drills and schedule, and the study plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// Per question number.
    #[serde(default)]
    pub questions: BTreeMap<u8, Record>,
    /// The study plan `cargo lab plan` made, if any.
    #[serde(default)]
    pub plan: Option<Plan>,
}

/// One question's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// When it is due again, and FSRS's state.
    pub memory: Memory,
    /// Every drill, oldest first.
    pub attempts: Vec<Attempt>,
}

/// One drill of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// When it finished.
    pub at: DateTime<Utc>,
    /// Points covered (key points and follow-up points).
    pub covered: u32,
    /// Points revealed.
    pub total: u32,
    /// Seconds the main answer took.
    pub seconds: u32,
    /// Its limit.
    pub limit: u32,
    /// Whether an answer ran over.
    pub overtime: bool,
    /// Whether a red flag was said.
    pub red_flag: bool,
    /// The grade given to the scheduler.
    pub grade: Grade,
    /// The follow-ups asked.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// The learner's notes.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Attempt {
    /// Covered points as a fraction.
    pub fn score(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            f64::from(self.covered) / f64::from(self.total)
        }
    }
}

/// Why a question is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Its review is due.
    Due,
    /// Never drilled.
    New,
    /// Asked for by a filter although not due yet.
    Ahead,
}

impl Journal {
    /// Records a finished drill at `now` and reschedules the question; returns its record.
    pub fn record(&mut self, outcome: &Outcome, now: DateTime<Utc>) -> &Record {
        let record = self
            .questions
            .entry(outcome.number)
            .or_insert_with(|| Record {
                memory: Memory::new(now),
                attempts: Vec::new(),
            });
        record.memory = record.memory.review(outcome.grade, now);
        record.attempts.push(Attempt {
            at: now,
            covered: outcome.covered,
            total: outcome.total,
            seconds: outcome.seconds,
            limit: outcome.limit,
            overtime: outcome.overtime,
            red_flag: outcome.red_flag,
            grade: outcome.grade,
            follow_ups: outcome.follow_ups.clone(),
            notes: outcome.notes.clone(),
        });
        record
    }

    /// The last drill of question `number`.
    pub fn last(&self, number: u8) -> Option<&Attempt> {
        self.questions.get(&number)?.attempts.last()
    }

    /// How many times question `number` was drilled.
    pub fn attempts(&self, number: u8) -> usize {
        self.questions.get(&number).map_or(0, |r| r.attempts.len())
    }

    /// When question `number` is next due, if it was ever drilled.
    pub fn next_review(&self, number: u8) -> Option<DateTime<Utc>> {
        Some(self.questions.get(&number)?.memory.due)
    }

    /// What to drill from `candidates` (question numbers in teaching order) at `now`, at
    /// most `count`: due reviews first, most overdue first; then questions never drilled,
    /// in teaching order; then, only if `ahead`, the rest, soonest due first.
    pub fn queue(
        &self,
        candidates: &[u8],
        now: DateTime<Utc>,
        count: usize,
        ahead: bool,
    ) -> Vec<(u8, Reason)> {
        let mut due: Vec<(DateTime<Utc>, u8)> = Vec::new();
        let mut new = Vec::new();
        let mut later: Vec<(DateTime<Utc>, u8)> = Vec::new();
        for &n in candidates {
            match self.questions.get(&n) {
                None => new.push(n),
                Some(r) if r.memory.is_due(now) => due.push((r.memory.due, n)),
                Some(r) => later.push((r.memory.due, n)),
            }
        }
        due.sort();
        later.sort();
        let mut queue: Vec<(u8, Reason)> = due.into_iter().map(|(_, n)| (n, Reason::Due)).collect();
        queue.extend(new.into_iter().map(|n| (n, Reason::New)));
        if ahead {
            queue.extend(later.into_iter().map(|(_, n)| (n, Reason::Ahead)));
        }
        queue.truncate(count);
        queue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn outcome(number: u8, covered: u32, total: u32) -> Outcome {
        Outcome {
            number,
            covered,
            total,
            key_points: (covered, total),
            seconds: 100,
            limit: 120,
            overtime: false,
            red_flag: false,
            grade: Grade::from_drill(covered, total, false, false),
            notes: vec!["n".into()],
            follow_ups: vec!["f?".into()],
        }
    }

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, d, 9, 0, 0).unwrap()
    }

    #[test]
    fn recording_reschedules_and_keeps_every_attempt() {
        let mut j = Journal::default();
        assert_eq!(j.attempts(11), 0);
        assert!(j.last(11).is_none());
        let due = j.record(&outcome(11, 6, 6), day(1)).memory.due;
        assert!(due > day(1));
        j.record(&outcome(11, 1, 6), due);
        assert_eq!(j.attempts(11), 2);
        let last = j.last(11).unwrap();
        assert_eq!(last.grade, Grade::Again);
        assert!((last.score() - 1.0 / 6.0).abs() < 1e-9);
        assert!(j.next_review(11).unwrap() < due + chrono::Duration::days(1));
        let text = serde_json::to_string(&j).unwrap();
        assert_eq!(serde_json::from_str::<Journal>(&text).unwrap(), j);
    }

    #[test]
    fn the_queue_puts_due_reviews_first_then_new_in_teaching_order() {
        let mut j = Journal::default();
        // 5 forgotten (due again within minutes), 3 known well (due in days).
        j.record(&outcome(3, 6, 6), day(1));
        j.record(&outcome(5, 0, 6), day(1));
        j.record(&outcome(2, 0, 6), day(1));
        let order = [1, 2, 3, 4, 5, 6];
        let next_day = day(2);
        assert_eq!(
            j.queue(&order, next_day, 10, false),
            [
                (2, Reason::Due),
                (5, Reason::Due),
                (1, Reason::New),
                (4, Reason::New),
                (6, Reason::New)
            ]
        );
        assert_eq!(j.queue(&order, next_day, 2, false).len(), 2);
        let with_ahead = j.queue(&order, next_day, 10, true);
        assert_eq!(with_ahead.last(), Some(&(3, Reason::Ahead)));
        assert!(j.queue(&[], next_day, 10, true).is_empty());
    }
}
