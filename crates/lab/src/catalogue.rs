//! The 29 seed questions, by section, and the topics that back them.
//!
//! The question texts are quoted from `shared/seed-questions.md`. The topics are found at
//! run time by scanning `crates/*/topic.toml` ([`Catalogue::load`]): which topic answers
//! which question is declared by the topics themselves, `lab` links none of them, and
//! adding a topic changes no line here.

use std::fs;
use std::path::{Path, PathBuf};

use evidence::manifest::{self, Manifest};

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

/// Every topic in the workspace, found by scanning `crates/*/topic.toml`, and the
/// manifests that could not be read.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// The topics, in teaching order: by the first question each is the primary answer of.
    pub topics: Vec<Topic>,
    /// Manifests that failed to parse or contradict the catalogue, as one-line errors
    /// naming the file. Those topics are left out; every other one works.
    pub broken: Vec<String>,
}

impl Catalogue {
    /// Scans `root/crates/*/topic.toml`. Never fails: a broken manifest is recorded in
    /// [`Catalogue::broken`] and skipped, so one bad topic cannot stop `lab`.
    pub fn load(root: &Path) -> Catalogue {
        let mut catalogue = Catalogue::default();
        let Ok(entries) = fs::read_dir(root.join("crates")) else {
            return catalogue;
        };
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join(manifest::FILE).is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            let relative = |e: &dyn std::fmt::Display| {
                e.to_string().replace(&format!("{}/", root.display()), "")
            };
            match Manifest::load(&dir) {
                Ok(topic) => match catalogue_problem(&topic, &catalogue.topics) {
                    None => catalogue.topics.push(topic),
                    Some(problem) => catalogue.broken.push(format!(
                        "crates/{}/{}: {problem}",
                        topic.id,
                        manifest::FILE
                    )),
                },
                Err(e) => catalogue.broken.push(relative(&e)),
            }
        }
        catalogue
            .topics
            .sort_by_key(|t| (first_question(t), t.id.clone()));
        catalogue
    }

    /// The topic with this id.
    ///
    /// # Errors
    ///
    /// An unknown id, with the closest topic suggested (`did you mean 'lru-cache'?`), or
    /// the reason its manifest was refused.
    pub fn topic(&self, id: &str) -> Result<&Topic, LabError> {
        if let Some(found) = self.topics.iter().find(|t| t.id == id) {
            return Ok(found);
        }
        if let Some(why) = self
            .broken
            .iter()
            .find(|b| b.starts_with(&format!("crates/{id}/")))
        {
            return Err(LabError::usage(format!("topic '{id}' is broken: {why}")));
        }
        let closest = self
            .topics
            .iter()
            .map(|t| (edit_distance(id, &t.id), t.id.as_str()))
            .min()
            .filter(|&(distance, candidate)| distance <= (candidate.len() / 3).max(2));
        let hint = match closest {
            Some((_, candidate)) => format!("did you mean '{candidate}'?"),
            None => format!(
                "the topics are: {}",
                self.topics
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Err(LabError::usage(format!("unknown topic '{id}'; {hint}")))
    }

    /// The topic that is the primary answer of question `number`, if one is.
    pub fn primary(&self, number: u8) -> Option<&Topic> {
        self.topics.iter().find(|t| t.questions.contains(&number))
    }

    /// The topics whose evidence also supports question `number`.
    pub fn see_also(&self, number: u8) -> impl Iterator<Item = &Topic> {
        self.topics
            .iter()
            .filter(move |t| t.see_also.contains(&number))
    }

    /// The topics that have an exercise, in teaching order.
    pub fn exercises(&self) -> impl Iterator<Item = &Topic> {
        self.topics.iter().filter(|t| t.exercise.is_some())
    }

    /// The topic with an exercise that `id` names.
    ///
    /// # Errors
    ///
    /// As [`Catalogue::topic`], or the topic has no exercise (naming those that do).
    pub fn exercise(&self, id: &str) -> Result<&Topic, LabError> {
        let topic = self.topic(id)?;
        if topic.exercise.is_some() {
            return Ok(topic);
        }
        Err(LabError::usage(format!(
            "{id} has no exercise (its answer is {}); the exercises are: {}",
            topic.kind,
            self.exercises()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }

    /// Parses a topic id or a question number for `show`.
    ///
    /// # Errors
    ///
    /// An out-of-range number or an unknown topic, with the closest topic suggested.
    pub fn target(&self, text: &str) -> Result<Target<'_>, LabError> {
        if let Ok(number) = text.parse::<u64>() {
            return u8::try_from(number)
                .ok()
                .and_then(question)
                .map(|q| Target::Question(q, self.primary(q.number)))
                .ok_or_else(|| {
                    LabError::usage(format!(
                        "there is no question {number}; the questions are numbered 1 to {}",
                        QUESTIONS.len()
                    ))
                });
        }
        self.topic(text).map(Target::Topic)
    }
}

/// A topic is a manifest: `lab` knows topics only as data.
pub type Topic = Manifest;

/// The question that orders a topic in the catalogue: the first it is the primary
/// answer of.
pub fn first_question(topic: &Topic) -> u8 {
    topic.questions.iter().copied().min().unwrap_or(u8::MAX)
}

/// Why a well-formed manifest does not fit the catalogue: a question that does not
/// exist, or one already answered by another topic.
fn catalogue_problem(topic: &Topic, earlier: &[Topic]) -> Option<String> {
    for &n in topic.questions.iter().chain(&topic.see_also) {
        if question(n).is_none() {
            return Some(format!(
                "question {n} does not exist; the questions are numbered 1 to {}",
                QUESTIONS.len()
            ));
        }
    }
    for &n in &topic.questions {
        if let Some(other) = earlier.iter().find(|t| t.questions.contains(&n)) {
            return Some(format!(
                "question {n} already has a primary answer, topic '{}'; list it under see-also",
                other.id
            ));
        }
    }
    None
}

/// The question with this number.
pub fn question(number: u8) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.number == number)
}

/// What `show` was asked about.
pub enum Target<'a> {
    /// A question by number, and the topic that is its primary answer, if any.
    Question(&'static Question, Option<&'a Topic>),
    /// A topic by id.
    Topic(&'a Topic),
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

    /// A scratch workspace with the given `crates/<id>/topic.toml` files.
    fn workspace(topics: &[(&str, &str)]) -> PathBuf {
        let root = std::env::temp_dir().join(format!(
            "lab-catalogue-{}-{}",
            std::process::id(),
            topics
                .iter()
                .map(|(id, _)| *id)
                .collect::<Vec<_>>()
                .join("-")
        ));
        let _ = fs::remove_dir_all(&root);
        for (id, text) in topics {
            let dir = root.join("crates").join(id);
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join(manifest::FILE), text).unwrap();
        }
        fs::create_dir_all(root.join("crates/evidence")).unwrap();
        root
    }

    fn manifest(id: &str, kind: &str, questions: &str) -> String {
        format!("id = \"{id}\"\ntitle = \"{id}\"\nkind = \"{kind}\"\nquestions = {questions}\n")
    }

    #[test]
    fn topics_are_found_by_scanning_and_ordered_by_their_first_question() {
        let root = workspace(&[
            ("zeta", &manifest("zeta", "design", "[3]")),
            ("alpha", &manifest("alpha", "code", "[12, 13]")),
            ("mid", &manifest("mid", "behavioral", "[7]")),
        ]);
        let catalogue = Catalogue::load(&root);
        let ids: Vec<&str> = catalogue.topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["zeta", "mid", "alpha"]);
        assert!(catalogue.broken.is_empty(), "{:?}", catalogue.broken);
        assert_eq!(catalogue.primary(13).map(|t| t.id.as_str()), Some("alpha"));
        assert!(catalogue.primary(1).is_none());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_broken_manifest_is_reported_and_the_rest_still_load() {
        let root = workspace(&[
            ("good", &manifest("good", "code", "[1]")),
            ("bad", "id = \"bad\"\nkind = 3\n"),
            ("twice", &manifest("twice", "design", "[1]")),
            ("far", &manifest("far", "design", "[30]")),
        ]);
        let catalogue = Catalogue::load(&root);
        let ids: Vec<&str> = catalogue.topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["good"]);
        assert_eq!(catalogue.broken.len(), 3, "{:?}", catalogue.broken);
        assert!(
            catalogue
                .broken
                .iter()
                .any(|b| b.starts_with("crates/bad/topic.toml: ")),
            "{:?}",
            catalogue.broken
        );
        assert!(catalogue.broken.iter().any(|b| b.contains(
            "question 1 already has a primary answer, topic 'good'; list it under see-also"
        )));
        assert!(
            catalogue
                .broken
                .iter()
                .any(|b| b.contains("question 30 does not exist"))
        );
        let err = catalogue.topic("bad").unwrap_err().to_string();
        assert!(
            err.starts_with("topic 'bad' is broken: crates/bad/topic.toml"),
            "{err}"
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_typo_gets_the_closest_topic_and_a_stranger_the_list() {
        let root = workspace(&[
            ("lru-cache", &manifest("lru-cache", "code", "[11]")),
            ("hashmap", &manifest("hashmap", "code", "[1]")),
        ]);
        let catalogue = Catalogue::load(&root);
        let err = catalogue.topic("lru-cahce").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown topic 'lru-cahce'; did you mean 'lru-cache'?"
        );
        let err = catalogue.topic("zzz").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown topic 'zzz'; the topics are: hashmap, lru-cache"
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn numbers_outside_the_list_are_refused() {
        let catalogue = Catalogue::default();
        for bad in ["0", "30", "300", "99999999999"] {
            assert!(catalogue.target(bad).is_err(), "{bad}");
        }
        assert!(matches!(catalogue.target("11"), Ok(Target::Question(q, None)) if q.number == 11));
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("lru-cahce", "lru-cache"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
