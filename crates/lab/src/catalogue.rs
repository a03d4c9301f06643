//! The 29 seed questions, by section, and the topics that back them.
//!
//! The question texts are quoted from `shared/seed-questions.md`; which topic answers
//! which question is declared by the topics themselves ([`evidence::Topic::questions`]),
//! so the catalogue can never claim a demo or exercise that no crate provides.

use evidence::Topic;

use crate::LabError;

/// One seed question.
#[derive(Debug, Clone, Copy)]
pub struct Question {
    /// 1 to 29, as in the seed list.
    pub number: u8,
    /// Index into [`SECTIONS`].
    pub section: usize,
    /// The question as the seed list asks it.
    pub text: &'static str,
}

/// The seven sections, in order.
pub const SECTIONS: [&str; 7] = [
    "Technical Fundamentals",
    "Algorithms & Data Structures",
    "System Design & Architecture",
    "Databases & Storage",
    "APIs, Networking & Security",
    "Concurrency, Reliability & Testing",
    "DevOps, Monitoring & Career Questions",
];

const fn q(number: u8, section: usize, text: &'static str) -> Question {
    Question {
        number,
        section,
        text,
    }
}

/// All 29 questions, numbered as in the seed list.
pub const QUESTIONS: [Question; 29] = [
    q(1, 0, "What is a hashmap and when would you use one?"),
    q(2, 0, "Explain time and space complexity."),
    q(
        3,
        0,
        "What is the difference between synchronous and asynchronous processing?",
    ),
    q(
        4,
        0,
        "How does garbage collection work in managed languages?",
    ),
    q(5, 0, "Explain idempotency and why it matters in APIs."),
    q(6, 1, "How do you find the middle of a linked list?"),
    q(
        7,
        1,
        "What is dynamic programming and when should you use it?",
    ),
    q(8, 1, "How do you detect a cycle in a graph?"),
    q(9, 1, "Why choose a balanced tree over an unbalanced tree?"),
    q(
        10,
        2,
        "What is the first step when asked to design a scalable system?",
    ),
    q(
        11,
        2,
        "How do you design a cache strategy for a read-heavy API?",
    ),
    q(12, 2, "Explain load balancing and common algorithms."),
    q(13, 2, "What is consistent hashing and why use it?"),
    q(14, 3, "Compare SQL and NoSQL databases."),
    q(15, 3, "What are ACID properties?"),
    q(
        16,
        3,
        "Explain eventual consistency and when it's acceptable.",
    ),
    q(17, 3, "How do indexes improve query performance?"),
    q(18, 4, "What is REST and how does it differ from RPC?"),
    q(19, 4, "How do you secure an API?"),
    q(20, 4, "What are CORS and CSRF protections?"),
    q(
        21,
        4,
        "Explain HTTP status codes commonly used in backend APIs.",
    ),
    q(22, 5, "How do you prevent race conditions?"),
    q(23, 5, "What is a deadlock and how do you mitigate it?"),
    q(24, 5, "How do you design systems for fault tolerance?"),
    q(25, 5, "What testing strategies should backends include?"),
    q(
        26,
        6,
        "Why is observability important and what are its components?",
    ),
    q(
        27,
        6,
        "What is CI/CD and why is it critical for backend teams?",
    ),
    q(
        28,
        6,
        "How do you prioritize technical debt vs. feature work?",
    ),
    q(
        29,
        6,
        "Tell me a time you resolved a production incident. (Behavioral)",
    ),
];

/// Every topic, in the order `list` and `check` walk them.
pub fn topics() -> Vec<Topic> {
    vec![
        hashmap::topic(),
        retry::topic(),
        linked_list::topic(),
        graph_cycles::topic(),
        lru_cache::topic(),
        consistent_hashing::topic(),
        lock_ordering::topic(),
    ]
}

/// The question with this number.
pub fn question(number: u8) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.number == number)
}

/// The topic that answers question `number`, if one does.
pub fn topic_for(number: u8) -> Option<Topic> {
    topics().into_iter().find(|t| t.questions.contains(&number))
}

/// What `show` was asked about.
pub enum Target {
    /// A question by number, and the topic that answers it, if any.
    Question(&'static Question, Option<Topic>),
    /// A topic by id.
    Topic(Topic),
}

/// Parses a topic id or a question number.
///
/// # Errors
///
/// An out-of-range number or an unknown topic, with the closest topic suggested.
pub fn target(text: &str) -> Result<Target, LabError> {
    if let Ok(number) = text.parse::<u64>() {
        return u8::try_from(number)
            .ok()
            .and_then(question)
            .map(|q| Target::Question(q, topic_for(q.number)))
            .ok_or_else(|| {
                LabError::usage(format!(
                    "there is no question {number}; the questions are numbered 1 to {}",
                    QUESTIONS.len()
                ))
            });
    }
    topic(text).map(Target::Topic)
}

/// The topic with this id.
///
/// # Errors
///
/// An unknown id, with the closest topic suggested (`did you mean 'lru-cache'?`).
pub fn topic(id: &str) -> Result<Topic, LabError> {
    let all = topics();
    if let Some(found) = all.iter().find(|t| t.id == id) {
        return Ok(*found);
    }
    let closest = all
        .iter()
        .map(|t| (edit_distance(id, t.id), t.id))
        .min()
        .filter(|&(distance, candidate)| distance <= (candidate.len() / 3).max(2));
    let hint = match closest {
        Some((_, candidate)) => format!("did you mean '{candidate}'?"),
        None => format!(
            "the topics are: {}",
            all.iter().map(|t| t.id).collect::<Vec<_>>().join(", ")
        ),
    };
    Err(LabError::usage(format!("unknown topic '{id}'; {hint}")))
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_numbered_one_to_twenty_nine_in_order() {
        for (i, q) in QUESTIONS.iter().enumerate() {
            assert_eq!(usize::from(q.number), i + 1);
            assert!(q.section < SECTIONS.len());
        }
        // Sections never go backwards, as in the seed list.
        assert!(QUESTIONS.windows(2).all(|w| w[0].section <= w[1].section));
    }

    #[test]
    fn every_topic_answers_real_questions_and_no_question_has_two_topics() {
        let mut seen = std::collections::HashSet::new();
        for topic in topics() {
            assert!(
                !topic.questions.is_empty(),
                "{} answers no question",
                topic.id
            );
            for &n in topic.questions {
                assert!(question(n).is_some(), "{} names question {n}", topic.id);
                assert!(seen.insert(n), "question {n} is claimed twice");
            }
        }
    }

    #[test]
    fn questions_six_and_eleven_are_backed() {
        assert_eq!(topic_for(6).map(|t| t.id), Some("linked-list"));
        assert_eq!(topic_for(8).map(|t| t.id), Some("graph-cycles"));
        assert_eq!(topic_for(11).map(|t| t.id), Some("lru-cache"));
        assert!(topic_for(2).is_none());
    }

    #[test]
    fn a_typo_gets_the_closest_topic() {
        let err = topic("lru-cahce").expect_err("a typo is an error");
        assert_eq!(
            err.to_string(),
            "unknown topic 'lru-cahce'; did you mean 'lru-cache'?"
        );
        let err = topic("zzz").expect_err("unknown");
        assert!(
            err.to_string().contains(
                "the topics are: hashmap, retry, linked-list, graph-cycles, lru-cache, consistent-hashing, lock-ordering"
            ),
            "{err}"
        );
    }

    #[test]
    fn numbers_outside_the_list_are_refused() {
        for bad in ["0", "30", "300", "99999999999"] {
            assert!(target(bad).is_err(), "{bad}");
        }
        assert!(matches!(target("11"), Ok(Target::Question(q, Some(_))) if q.number == 11));
        assert!(matches!(target("3"), Ok(Target::Question(_, None))));
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("lru-cahce", "lru-cache"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
