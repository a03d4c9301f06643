//! When to ask a question again: FSRS, through the `rs-fsrs` crate.
//!
//! FSRS (the Free Spaced Repetition Scheduler, the algorithm Anki ships) keeps two
//! numbers per card: *stability*, the days until the chance of recall falls to 90%, and
//! *difficulty*, 1 to 10. Each review's grade updates both and sets the next due date
//! so that recall is expected to be about 90% then: a question answered well comes back
//! in days, then weeks; one answered badly comes back the same day.
//!
//! The drill grades an answer from what it covered ([`Grade::from_drill`]); this module
//! stores the memory state in its own serializable form ([`Memory`]), so the state file's
//! schema is the project's and not a library's.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Rating, State};
use serde::{Deserialize, Serialize};

/// How well a question was answered, in FSRS's four grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// Forgot it: most key points missed. Asked again today.
    Again,
    /// Recalled with serious gaps.
    Hard,
    /// Recalled with small gaps, or everything but over time.
    Good,
    /// Everything, in time, with no red flag.
    Easy,
}

impl Grade {
    /// The grade a drill earns: `covered` of `total` points recalled, whether the
    /// answer ran over its time, and whether the learner said a red flag.
    ///
    /// Below 40% covered is [`Grade::Again`], below 70% [`Grade::Hard`]; all points in
    /// time with no red flag is [`Grade::Easy`], anything else [`Grade::Good`]. A red flag
    /// caps the grade at Hard, running over time at Good.
    pub fn from_drill(covered: u32, total: u32, overtime: bool, red_flag: bool) -> Grade {
        let fraction = if total == 0 {
            0.0
        } else {
            f64::from(covered.min(total)) / f64::from(total)
        };
        let mut grade = if fraction < 0.4 {
            Grade::Again
        } else if fraction < 0.7 {
            Grade::Hard
        } else if covered >= total {
            Grade::Easy
        } else {
            Grade::Good
        };
        if overtime {
            grade = grade.min(Grade::Good);
        }
        if red_flag {
            grade = grade.min(Grade::Hard);
        }
        grade
    }

    fn rating(self) -> Rating {
        match self {
            Grade::Again => Rating::Again,
            Grade::Hard => Rating::Hard,
            Grade::Good => Rating::Good,
            Grade::Easy => Rating::Easy,
        }
    }

    /// The grade's name, lower case.
    pub fn name(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }
}

/// Where a card is in FSRS's life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Never reviewed.
    New,
    /// Reviewed once or twice, on short steps.
    Learning,
    /// On the long-term schedule.
    Review,
    /// Forgotten after reaching review, back on short steps.
    Relearning,
}

/// One question's memory state, as the state file keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// When it is next due.
    pub due: DateTime<Utc>,
    /// Days until recall is expected to fall to 90%.
    pub stability: f64,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// Days between the last two reviews.
    pub elapsed_days: i64,
    /// Days from the last review to `due`.
    pub scheduled_days: i64,
    /// Reviews so far.
    pub reps: i32,
    /// Times it was forgotten after reaching review.
    pub lapses: i32,
    /// Where it is in the life cycle.
    pub phase: Phase,
    /// The last review, if any.
    pub last_review: Option<DateTime<Utc>>,
}

impl Memory {
    /// A question never reviewed: due now.
    pub fn new(now: DateTime<Utc>) -> Memory {
        Memory::from_card(&Card::new(), now, None)
    }

    fn from_card(card: &Card, due: DateTime<Utc>, last: Option<DateTime<Utc>>) -> Memory {
        Memory {
            due,
            stability: card.stability,
            difficulty: card.difficulty,
            elapsed_days: card.elapsed_days,
            scheduled_days: card.scheduled_days,
            reps: card.reps,
            lapses: card.lapses,
            phase: match card.state {
                State::New => Phase::New,
                State::Learning => Phase::Learning,
                State::Review => Phase::Review,
                State::Relearning => Phase::Relearning,
            },
            last_review: last,
        }
    }

    fn card(&self) -> Card {
        let mut card = Card::new();
        card.due = self.due;
        card.stability = self.stability;
        card.difficulty = self.difficulty;
        card.elapsed_days = self.elapsed_days;
        card.scheduled_days = self.scheduled_days;
        card.reps = self.reps;
        card.lapses = self.lapses;
        card.state = match self.phase {
            Phase::New => State::New,
            Phase::Learning => State::Learning,
            Phase::Review => State::Review,
            Phase::Relearning => State::Relearning,
        };
        if let Some(last) = self.last_review {
            card.last_review = last;
        }
        card
    }

    /// The state after a review graded `grade` at `now`, with FSRS's default parameters
    /// (90% desired retention, short-term steps on, no fuzz: the same grades on the same
    /// dates always give the same schedule).
    pub fn review(&self, grade: Grade, now: DateTime<Utc>) -> Memory {
        let next = FSRS::default().next(self.card(), now, grade.rating());
        Memory::from_card(&next.card, next.card.due, Some(now))
    }

    /// Whether it is due at `now`.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.due <= now
    }

    /// The estimated chance of recalling it at `now` (1.0 for a new card).
    pub fn retrievability(&self, now: DateTime<Utc>) -> f64 {
        if self.phase == Phase::New {
            return 1.0;
        }
        self.card().get_retrievability(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    /// The published FSRS scheduler example (the one the reference implementations in
    /// several languages share): default parameters, a new card reviewed from
    /// 2022-11-29 12:30 UTC with Good ×6, Again ×2, Good ×5, each review on the due
    /// date, gives these scheduled intervals in days.
    #[test]
    fn the_published_interval_sequence_comes_out_through_memory() {
        let grades = [
            Grade::Good,
            Grade::Good,
            Grade::Good,
            Grade::Good,
            Grade::Good,
            Grade::Good,
            Grade::Again,
            Grade::Again,
            Grade::Good,
            Grade::Good,
            Grade::Good,
            Grade::Good,
            Grade::Good,
        ];
        let mut now = at(2022, 11, 29, 12, 30);
        let mut memory = Memory::new(now);
        let mut intervals = Vec::new();
        for grade in grades {
            // Through JSON each time: the stored form must lose nothing FSRS needs.
            let text = serde_json::to_string(&memory).unwrap();
            memory = serde_json::from_str::<Memory>(&text)
                .unwrap()
                .review(grade, now);
            intervals.push(memory.scheduled_days);
            now = memory.due;
        }
        assert_eq!(intervals, [0, 4, 15, 48, 136, 351, 0, 0, 7, 13, 24, 43, 77]);
        assert_eq!(memory.lapses, 1, "forgotten once after reaching review");
        assert_eq!(memory.reps, 13);
    }

    #[test]
    fn a_forgotten_question_is_due_sooner_than_a_remembered_one() {
        let now = at(2026, 12, 1, 9, 0);
        let first = Memory::new(now).review(Grade::Good, now);
        let later = first.due;
        let again = first.review(Grade::Again, later);
        let hard = first.review(Grade::Hard, later);
        let good = first.review(Grade::Good, later);
        let easy = first.review(Grade::Easy, later);
        assert!(again.due < hard.due && hard.due <= good.due && good.due < easy.due);
        assert!(
            again.due - later < chrono::Duration::hours(1),
            "again: same day"
        );
        assert!(easy.stability > good.stability && good.stability > again.stability);
    }

    #[test]
    fn new_is_due_at_once_and_fully_retrievable() {
        let now = at(2026, 12, 1, 9, 0);
        let m = Memory::new(now);
        assert!(m.is_due(now));
        assert_eq!(m.phase, Phase::New);
        assert_eq!(m.retrievability(now), 1.0);
        let reviewed = m.review(Grade::Easy, now);
        assert!(!reviewed.is_due(now));
        assert_eq!(reviewed.last_review, Some(now));
        assert!(reviewed.retrievability(reviewed.due) < 1.0);
    }

    #[test]
    fn grades_follow_coverage_time_and_red_flags() {
        use Grade::*;
        let cases = [
            ((0, 6, false, false), Again),
            ((2, 6, false, false), Again), // 33%
            ((3, 6, false, false), Hard),  // 50%
            ((5, 7, false, false), Good),  // 71%
            ((6, 6, false, false), Easy),
            ((6, 6, true, false), Good),
            ((6, 6, false, true), Hard),
            ((2, 6, true, true), Again),
            ((0, 0, false, false), Again),
            ((9, 6, false, false), Easy), // clamped
        ];
        for ((covered, total, over, flag), want) in cases {
            assert_eq!(
                Grade::from_drill(covered, total, over, flag),
                want,
                "{covered}/{total} overtime={over} red_flag={flag}"
            );
        }
    }
}
