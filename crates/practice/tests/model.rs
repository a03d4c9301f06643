//! Model-based tests: random drills, journals and catalogues against naive oracles.

use chrono::{DateTime, Duration, TimeZone, Utc};
use practice::plan::{self, QuestionInfo, Task};
use practice::{Card, FollowUp, Grade, Journal, Outcome, Reason, Session, Step};
use proptest::prelude::*;

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn card(key_points: usize, follow_ups: &[usize], flags: usize) -> Card {
    Card {
        number: 7,
        question: "q".into(),
        section: "s".into(),
        topic: "t".into(),
        key_points: (0..key_points).map(|i| format!("k{i}")).collect(),
        follow_ups: follow_ups
            .iter()
            .enumerate()
            .map(|(f, &n)| FollowUp {
                question: format!("f{f}"),
                points: (0..n).map(|i| format!("p{i}.")).collect(),
            })
            .collect(),
        red_flags: (0..flags).map(|i| format!("r{i}")).collect(),
        links: vec!["cargo lab show 7".into()],
    }
}

proptest! {
    /// Whatever the card's shape and the learner's answers, the outcome counts exactly
    /// the marks given, and the grade is the one the marks, times and flag earn.
    #[test]
    fn a_session_counts_every_mark_once(
        key_points in 0usize..8,
        follow_ups in proptest::collection::vec(0usize..5, 0..5),
        flags in 0usize..3,
        attempt in 0usize..10,
        asked in 0usize..3,
        limit in 30u32..300,
        inputs in proptest::collection::vec((any::<bool>(), 0u32..400), 64),
        said_flag in any::<bool>(),
    ) {
        let card = card(key_points, &follow_ups, flags);
        let mut session = Session::new(&card, limit, attempt, asked);
        let (mut covered, mut total, mut over) = (0u32, 0u32, false);
        let mut main_seconds = None;
        let mut inputs = inputs.into_iter();
        loop {
            let (flag, seconds) = inputs.next().unwrap_or((false, 1));
            match session.step().clone() {
                Step::Ask { seconds: l, .. } | Step::FollowUp { seconds: l, .. } => {
                    main_seconds.get_or_insert(seconds);
                    over |= seconds > l;
                    prop_assert!(session.mark(true).is_err());
                    session.answered(seconds, "notes").unwrap();
                }
                Step::Point { .. } => {
                    total += 1;
                    covered += u32::from(flag);
                    prop_assert!(session.done_reading().is_err());
                    session.mark(flag).unwrap();
                }
                Step::RedFlags { .. } => session.red_flags(said_flag).unwrap(),
                Step::Evidence { .. } => session.done_reading().unwrap(),
                Step::Done => break,
            }
        }
        let o = session.outcome().unwrap();
        let asked_follow_ups = asked.min(follow_ups.len());
        let asked_points: usize = card
            .follow_ups_for(attempt, asked)
            .iter()
            .map(|f| f.points.len())
            .sum();
        prop_assert_eq!(o.total as usize, key_points + asked_points);
        prop_assert_eq!((o.covered, o.total), (covered, total));
        prop_assert_eq!(o.overtime, over);
        prop_assert_eq!(o.seconds, main_seconds.unwrap());
        prop_assert_eq!(o.follow_ups.len(), asked_follow_ups);
        prop_assert_eq!(o.red_flag, said_flag && flags > 0);
        prop_assert_eq!(o.grade, Grade::from_drill(covered, total, over, said_flag && flags > 0));
    }

    /// The queue against a naive oracle: due ones by due date, then new ones in the
    /// given order, then (only when asked) the rest by due date; never more than `count`.
    #[test]
    fn the_queue_matches_a_naive_oracle(
        history in proptest::collection::vec((1u8..30, 0u32..7, 0i64..20), 0..40),
        candidates in proptest::collection::btree_set(1u8..30, 0..29),
        look_ahead_days in 0i64..30,
        count in 0usize..35,
        ahead in any::<bool>(),
    ) {
        let mut journal = Journal::default();
        for (q, covered, day) in history {
            let at = base() + Duration::days(day);
            let o = Outcome {
                number: q, covered, total: 6, key_points: (covered, 6), seconds: 60,
                limit: 120, overtime: false, red_flag: false,
                grade: Grade::from_drill(covered, 6, false, false),
                notes: vec![], follow_ups: vec![],
            };
            journal.record(&o, at);
        }
        let order: Vec<u8> = candidates.into_iter().rev().collect();
        let now = base() + Duration::days(look_ahead_days);
        let got = journal.queue(&order, now, count, ahead);

        let mut due: Vec<(DateTime<Utc>, u8)> = Vec::new();
        let mut later: Vec<(DateTime<Utc>, u8)> = Vec::new();
        let mut new = Vec::new();
        for &q in &order {
            match journal.next_review(q) {
                None => new.push(q),
                Some(d) if d <= now => due.push((d, q)),
                Some(d) => later.push((d, q)),
            }
        }
        due.sort();
        later.sort();
        let mut want: Vec<(u8, Reason)> = due.iter().map(|&(_, q)| (q, Reason::Due)).collect();
        want.extend(new.iter().map(|&q| (q, Reason::New)));
        if ahead {
            want.extend(later.iter().map(|&(_, q)| (q, Reason::Ahead)));
        }
        want.truncate(count);
        prop_assert_eq!(got, want);
    }

    /// Any plan: every piece of work appears once, in order, in the study weeks; mock
    /// weeks hold only mocks; week hours add up; and the plan says it does not fit
    /// exactly when the work needs more hours than given.
    #[test]
    fn a_plan_schedules_all_the_work_once(
        states in proptest::collection::vec((0usize..7, any::<bool>(), proptest::option::of(any::<bool>()), proptest::option::of(0u32..11)), 1..30),
        weeks in 1usize..12,
        hours in 1u32..40,
    ) {
        let mut journal = Journal::default();
        let questions: Vec<QuestionInfo> = states
            .iter()
            .enumerate()
            .map(|(i, &(section, code, exercise, score))| {
                let number = i as u8 + 1;
                if let Some(covered) = score {
                    journal.record(&Outcome {
                        number, covered, total: 10, key_points: (covered, 10), seconds: 60,
                        limit: 120, overtime: false, red_flag: false,
                        grade: Grade::from_drill(covered, 10, false, false),
                        notes: vec![], follow_ups: vec![],
                    }, base() - Duration::days(2));
                }
                QuestionInfo { number, section, topic: format!("t{number}"), code, exercise, demo: code }
            })
            .collect();
        let work = plan::work(&questions, &journal);
        let made = plan::make(&questions, &journal, weeks, f64::from(hours), base());
        prop_assert_eq!(made.weeks.len(), weeks);
        let mock_weeks = match weeks { 1 => 0, 2..=4 => 1, _ => 2 };
        let scheduled: Vec<_> = made.weeks[..weeks - mock_weeks]
            .iter()
            .flat_map(|w| w.items.iter())
            .filter(|i| !matches!(i.task, Task::Mock { .. }))
            .cloned()
            .collect();
        prop_assert_eq!(&scheduled, &work);
        // Study weeks before the last stay within an even share plus half their last
        // item (or hold a single item).
        let study = weeks - mock_weeks;
        let share = (work.iter().map(|i| i.hours).sum::<f64>() / study as f64).max(0.5);
        for w in &made.weeks[..study.saturating_sub(1)] {
            let h: f64 = w.items.iter().map(|i| i.hours).sum();
            let last = w.items.last().map_or(0.0, |i| i.hours);
            prop_assert!(
                w.items.len() <= 1 || h - last / 2.0 <= share + 1e-9,
                "week {} has {} h, share {}", w.number, h, share
            );
        }
        for w in &made.weeks[weeks - mock_weeks..] {
            prop_assert!(w.items.iter().all(|i| matches!(i.task, Task::Mock { .. })), "mock week {} holds other work", w.number);
            prop_assert!(!w.items.is_empty());
        }
        for w in &made.weeks {
            let sum: f64 = w.items.iter().map(|i| i.hours).sum::<f64>() + plan::REVIEW_HOURS;
            prop_assert!((w.hours - sum).abs() < 1e-9);
        }
        let total: f64 = work.iter().map(|i| i.hours).sum::<f64>() + if weeks == 1 { 1.0 } else { 0.0 };
        let needed = total / (weeks - mock_weeks) as f64 + plan::REVIEW_HOURS;
        prop_assert_eq!(made.needs_hours_per_week.is_some(), needed > f64::from(hours) + 1e-9);
        if let Some(n) = made.needs_hours_per_week {
            prop_assert!(n >= needed && n < needed + 0.5 + 1e-9);
        }
    }
}
