//! One question drilled the way an interview asks it, as a sequence of steps.
//!
//! The terminal drill (`cargo lab drill`) and the browser drill both walk the same
//! [`Session`]: ask the question against a clock, reveal the key points one at a time
//! while the learner marks each covered or missed, ask one or two follow-ups the same way,
//! show the red flags (and ask whether any was said), show the evidence, and produce an
//! [`Outcome`] with the score and the grade the scheduler needs. The session only
//! accepts the input its current step expects, so a stale browser form or a key pressed
//! twice cannot skip or double-count a step.

use serde::Serialize;

use crate::card::Card;
use crate::schedule::Grade;

/// What the learner is being asked to do now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Answer the question out loud (or type notes) within `seconds`; then
    /// [`Session::answered`].
    Ask {
        /// The question.
        question: String,
        /// The time limit.
        seconds: u32,
    },
    /// A point of the strong answer, revealed: [`Session::mark`] it covered or missed.
    Point {
        /// `None` for the question's key points, `Some(i)` for the i-th follow-up asked.
        follow_up: Option<usize>,
        /// Which point, counting from 1.
        number: usize,
        /// How many points this part has.
        of: usize,
        /// The point.
        text: String,
    },
    /// A follow-up question, against its own, shorter clock; then [`Session::answered`].
    FollowUp {
        /// Which follow-up, counting from 1.
        number: usize,
        /// How many follow-ups this drill asks.
        of: usize,
        /// The follow-up question.
        question: String,
        /// The time limit.
        seconds: u32,
    },
    /// What sinks a candidate: [`Session::red_flags`] says whether any was said.
    RedFlags {
        /// The red flags.
        flags: Vec<String>,
    },
    /// Where the evidence is; [`Session::done_reading`] finishes.
    Evidence {
        /// Commands that show the answer, the demo and the exercise.
        links: Vec<String>,
    },
    /// Finished: [`Session::outcome`] has the result.
    Done,
}

/// An input the current step does not take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrongStep {
    /// What was sent.
    pub sent: &'static str,
    /// What the current step expects.
    pub expected: &'static str,
}

impl std::fmt::Display for WrongStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "this step takes {}, not {}", self.expected, self.sent)
    }
}

impl std::error::Error for WrongStep {}

/// The result of a finished drill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The question's number.
    pub number: u8,
    /// Points covered: key points and follow-up points together.
    pub covered: u32,
    /// Points revealed in all.
    pub total: u32,
    /// Key points covered, of the key points.
    pub key_points: (u32, u32),
    /// Seconds the main answer took.
    pub seconds: u32,
    /// The main answer's limit.
    pub limit: u32,
    /// Whether any answer (main or follow-up) ran past its limit.
    pub overtime: bool,
    /// Whether the learner said a red flag.
    pub red_flag: bool,
    /// The grade for the scheduler.
    pub grade: Grade,
    /// The learner's notes, main answer first, then each follow-up's.
    pub notes: Vec<String>,
    /// The follow-up questions asked.
    pub follow_ups: Vec<String>,
}

impl Outcome {
    /// Covered points as a fraction (0 when nothing was revealed).
    pub fn score(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            f64::from(self.covered) / f64::from(self.total)
        }
    }
}

/// A drill of one card in progress.
#[derive(Debug, Clone)]
pub struct Session {
    number: u8,
    steps: Vec<Step>,
    at: usize,
    marks: Vec<(bool, bool)>,
    seconds: u32,
    limit: u32,
    overtime: bool,
    red_flag: bool,
    notes: Vec<String>,
    follow_ups: Vec<String>,
}

impl Session {
    /// A drill of `card` with `limit` seconds for the main answer (follow-ups get half,
    /// at least 30), asking the follow-ups for its `attempt`-th drill (see
    /// [`Card::follow_ups_for`]), `follow_ups` of them.
    pub fn new(card: &Card, limit: u32, attempt: usize, follow_ups: usize) -> Session {
        let mut steps = vec![Step::Ask {
            question: card.question.clone(),
            seconds: limit,
        }];
        let of = card.key_points.len();
        for (i, text) in card.key_points.iter().enumerate() {
            steps.push(Step::Point {
                follow_up: None,
                number: i + 1,
                of,
                text: text.clone(),
            });
        }
        let asked = card.follow_ups_for(attempt, follow_ups);
        let follow_limit = (limit / 2).max(30);
        for (f, follow) in asked.iter().enumerate() {
            steps.push(Step::FollowUp {
                number: f + 1,
                of: asked.len(),
                question: follow.question.clone(),
                seconds: follow_limit,
            });
            for (i, text) in follow.points.iter().enumerate() {
                steps.push(Step::Point {
                    follow_up: Some(f),
                    number: i + 1,
                    of: follow.points.len(),
                    text: text.clone(),
                });
            }
        }
        if !card.red_flags.is_empty() {
            steps.push(Step::RedFlags {
                flags: card.red_flags.clone(),
            });
        }
        steps.push(Step::Evidence {
            links: card.links.clone(),
        });
        steps.push(Step::Done);
        Session {
            number: card.number,
            steps,
            at: 0,
            marks: Vec::new(),
            seconds: 0,
            limit,
            overtime: false,
            red_flag: false,
            notes: Vec::new(),
            follow_ups: asked.iter().map(|f| f.question.clone()).collect(),
        }
    }

    /// The current step.
    pub fn step(&self) -> &Step {
        &self.steps[self.at]
    }

    /// Steps done and steps in all (for a progress indicator).
    pub fn position(&self) -> (usize, usize) {
        (self.at, self.steps.len() - 1)
    }

    fn expect(&self, sent: &'static str) -> Result<(), WrongStep> {
        let expected = match self.step() {
            Step::Ask { .. } | Step::FollowUp { .. } => "an answer",
            Step::Point { .. } => "a mark",
            Step::RedFlags { .. } => "a red-flag answer",
            Step::Evidence { .. } => "next",
            Step::Done => "nothing",
        };
        if expected == sent {
            Ok(())
        } else {
            Err(WrongStep { sent, expected })
        }
    }

    /// The question (or follow-up) was answered after `seconds`, with these notes.
    ///
    /// # Errors
    ///
    /// The current step is not a question.
    pub fn answered(&mut self, seconds: u32, notes: &str) -> Result<(), WrongStep> {
        self.expect("an answer")?;
        let limit = match self.step() {
            Step::Ask { seconds, .. } | Step::FollowUp { seconds, .. } => *seconds,
            _ => unreachable!("checked by expect"),
        };
        if matches!(self.step(), Step::Ask { .. }) {
            self.seconds = seconds;
        }
        self.overtime |= seconds > limit;
        self.notes.push(notes.trim().to_string());
        self.at += 1;
        Ok(())
    }

    /// The revealed point was covered (or missed).
    ///
    /// # Errors
    ///
    /// The current step is not a point.
    pub fn mark(&mut self, covered: bool) -> Result<(), WrongStep> {
        self.expect("a mark")?;
        let main = matches!(
            self.step(),
            Step::Point {
                follow_up: None,
                ..
            }
        );
        self.marks.push((main, covered));
        self.at += 1;
        Ok(())
    }

    /// Whether the learner said any of the red flags.
    ///
    /// # Errors
    ///
    /// The current step is not the red flags.
    pub fn red_flags(&mut self, said_one: bool) -> Result<(), WrongStep> {
        self.expect("a red-flag answer")?;
        self.red_flag = said_one;
        self.at += 1;
        Ok(())
    }

    /// Moves past the evidence.
    ///
    /// # Errors
    ///
    /// The current step is not the evidence.
    pub fn done_reading(&mut self) -> Result<(), WrongStep> {
        self.expect("next")?;
        self.at += 1;
        Ok(())
    }

    /// The result, once the session is [`Step::Done`].
    pub fn outcome(&self) -> Option<Outcome> {
        if self.step() != &Step::Done {
            return None;
        }
        let count = |filter: &dyn Fn(&(bool, bool)) -> bool| {
            u32::try_from(self.marks.iter().filter(|m| filter(m)).count()).unwrap_or(u32::MAX)
        };
        let covered = count(&|m| m.1);
        let total = count(&|_| true);
        let grade = Grade::from_drill(covered, total, self.overtime, self.red_flag);
        Some(Outcome {
            number: self.number,
            covered,
            total,
            key_points: (count(&|m| m.0 && m.1), count(&|m| m.0)),
            seconds: self.seconds,
            limit: self.limit,
            overtime: self.overtime,
            red_flag: self.red_flag,
            grade,
            notes: self.notes.clone(),
            follow_ups: self.follow_ups.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::FollowUp;

    fn card() -> Card {
        Card {
            number: 11,
            question: "How do you design a cache?".into(),
            section: "System Design".into(),
            topic: "lru-cache".into(),
            key_points: vec!["k1".into(), "k2".into(), "k3".into()],
            follow_ups: vec![
                FollowUp {
                    question: "f0?".into(),
                    points: vec!["a.".into(), "b.".into()],
                },
                FollowUp {
                    question: "f1?".into(),
                    points: vec!["c.".into()],
                },
                FollowUp {
                    question: "f2?".into(),
                    points: vec!["d.".into()],
                },
            ],
            red_flags: vec!["r".into()],
            links: vec!["cargo lab demo lru-cache".into()],
        }
    }

    #[test]
    fn a_drill_walks_question_points_follow_ups_flags_and_evidence() {
        let mut s = Session::new(&card(), 120, 0, 2);
        assert_eq!(
            s.step(),
            &Step::Ask {
                question: "How do you design a cache?".into(),
                seconds: 120
            }
        );
        assert!(s.outcome().is_none());
        let wrong = s.mark(true).unwrap_err();
        assert_eq!(
            wrong,
            WrongStep {
                sent: "a mark",
                expected: "an answer"
            }
        );
        assert_eq!(wrong.to_string(), "this step takes an answer, not a mark");
        s.answered(95, " LRU, TTL ").unwrap();
        for covered in [true, false, true] {
            assert!(matches!(
                s.step(),
                Step::Point {
                    follow_up: None,
                    of: 3,
                    ..
                }
            ));
            s.mark(covered).unwrap();
        }
        assert!(matches!(
            s.step(),
            Step::FollowUp {
                number: 1,
                of: 2,
                seconds: 60,
                ..
            }
        ));
        s.answered(70, "").unwrap(); // over the follow-up's 60 s
        s.mark(true).unwrap();
        s.mark(true).unwrap();
        assert!(
            matches!(s.step(), Step::FollowUp { number: 2, question, .. } if question == "f1?")
        );
        s.answered(10, "c").unwrap();
        s.mark(false).unwrap();
        assert!(matches!(s.step(), Step::RedFlags { .. }));
        assert!(s.done_reading().is_err());
        s.red_flags(false).unwrap();
        assert!(matches!(s.step(), Step::Evidence { links } if links.len() == 1));
        s.done_reading().unwrap();
        assert_eq!(s.step(), &Step::Done);
        let o = s.outcome().unwrap();
        assert_eq!((o.covered, o.total), (4, 6));
        assert_eq!(o.key_points, (2, 3));
        assert_eq!(o.seconds, 95);
        assert!(o.overtime, "a follow-up ran over");
        assert_eq!(o.grade, Grade::Hard); // 67%
        assert_eq!(o.notes, ["LRU, TTL", "", "c"]);
        assert_eq!(o.follow_ups, ["f0?", "f1?"]);
        assert!((o.score() - 4.0 / 6.0).abs() < 1e-9);
        assert!(s.answered(1, "").is_err(), "nothing after done");
    }

    #[test]
    fn everything_covered_in_time_is_easy_and_a_red_flag_caps_it() {
        let run = |flag: bool| {
            let mut s = Session::new(&card(), 60, 1, 1);
            s.answered(30, "").unwrap();
            while matches!(s.step(), Step::Point { .. } | Step::FollowUp { .. }) {
                if matches!(s.step(), Step::FollowUp { .. }) {
                    s.answered(20, "").unwrap();
                } else {
                    s.mark(true).unwrap();
                }
            }
            s.red_flags(flag).unwrap();
            s.done_reading().unwrap();
            s.outcome().unwrap()
        };
        let clean = run(false);
        assert_eq!(clean.grade, Grade::Easy);
        assert_eq!(
            clean.follow_ups,
            ["f1?"],
            "attempt 1 with one follow-up asks the second"
        );
        assert_eq!(run(true).grade, Grade::Hard);
    }

    #[test]
    fn answering_at_exactly_the_limit_is_in_time() {
        let mut c = card();
        c.follow_ups.clear();
        c.key_points.clear();
        let mut s = Session::new(&c, 90, 0, 2);
        s.answered(90, "").unwrap();
        s.red_flags(false).unwrap();
        s.done_reading().unwrap();
        assert!(!s.outcome().unwrap().overtime);
    }

    #[test]
    fn a_card_without_follow_ups_or_flags_still_finishes() {
        let mut c = card();
        c.follow_ups.clear();
        c.red_flags.clear();
        c.key_points.clear();
        let mut s = Session::new(&c, 120, 0, 2);
        s.answered(200, "").unwrap();
        assert!(matches!(s.step(), Step::Evidence { .. }));
        s.done_reading().unwrap();
        let o = s.outcome().unwrap();
        assert_eq!((o.covered, o.total), (0, 0));
        assert_eq!(o.grade, Grade::Again);
        assert!(o.overtime);
        assert_eq!(s.position(), (2, 2));
    }
}
