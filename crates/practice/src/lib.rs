//! Practising answers the way an interview asks them, offline.
//!
//! Reading answers is not practising them. This crate holds the logic behind
//! `cargo lab drill` and `cargo lab plan` (lab is only their interface, in the terminal
//! and in the browser):
//!
//! - [`card`]: what a drill asks about a question, taken from its topic's answer: the
//!   key points, the follow-ups (split into points), the red flags, the evidence;
//! - [`session`]: one drill as a sequence of steps (ask against a clock, reveal and mark
//!   each point, follow-ups, red flags, evidence) ending in a scored [`Outcome`];
//! - [`schedule`]: when to ask again, by FSRS (the `rs-fsrs` crate), from the grade the
//!   score earns;
//! - [`journal`]: every drill and each question's schedule, and the queue of what is due;
//! - [`plan`]: a week-by-week study plan from the learner's state, and progress
//!   against it;
//! - [`store`]: the versioned, atomically written JSON files all of this lives in, which
//!   are never overwritten when they cannot be read.

pub mod card;
pub mod journal;
pub mod plan;
pub mod schedule;
pub mod session;
pub mod store;

pub use card::{Card, FollowUp};
pub use journal::{Attempt, Journal, Reason, Record};
pub use plan::{Plan, QuestionInfo, Status, Task};
pub use schedule::{Grade, Memory};
pub use session::{Outcome, Session, Step, WrongStep};
pub use store::{SaveError, Store};
