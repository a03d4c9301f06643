//! The topic manifest: how a topic declares itself, in data.
//!
//! Every topic is a directory `crates/<id>/` holding `topic.toml`. `lab` finds topics by
//! scanning for these files and never links a topic's code, so adding a topic adds
//! directories and changes no line of `lab`. The manifest says what the topic is (its
//! kind), which questions it answers, and which capabilities it has; `cargo lab verify`
//! checks exactly what it declares.
//!
//! ```toml
//! id = "lru-cache"
//! title = "LRU cache: a cache strategy for a read-heavy API"
//! kind = "code"                 # code, design or behavioral
//! questions = [11]              # this topic is the primary answer of these
//! see-also = [1]                # its evidence helps with these too
//!
//! [demo]                        # `cargo lab demo lru-cache`: the crate's binary
//! size-means = "requests in the Zipf workload"
//! default-size = 1_000_000
//! small-size = 100_000          # tests and `verify` run the demo at this size
//! min-size = 20_000             # smaller is raised to this, with a notice
//! max-size = 50_000_000         # larger is refused
//! mine = true                   # `demo --mine` runs it on the learner's code
//!
//! [exercise]                    # exercises/lru-cache, package lru-cache-exercise
//! cases = ["starts_empty", "get_returns_what_put_stored"]   # teaching order
//!
//! [bench]                       # benches/benches/lru_cache.rs
//! target = "lru_cache"
//! anchors = ["lru"]             # criterion functions beside `reference`
//! mine = true                   # `bench --mine` measures the learner's code
//! about = "..."                 # what the groups compare, printed under the ratios
//!
//! [without]                     # a capability left out, and why
//! # bench = "no production crate stands beside an estimator"
//! ```
//!
//! ```
//! let manifest = evidence::manifest::Manifest::parse(
//!     "id = \"system-design\"\ntitle = \"System design\"\nkind = \"design\"\nquestions = [10]\n",
//! )
//! .unwrap();
//! assert_eq!(manifest.kind, evidence::manifest::Kind::Design);
//! assert!(manifest.demo.is_none() && manifest.exercise.is_none() && manifest.bench.is_none());
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file name of a topic's manifest, inside `crates/<id>/`.
pub const FILE: &str = "topic.toml";

/// A topic as `topic.toml` declares it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Manifest {
    /// The short name used on the command line, e.g. `lru-cache`; also the directory
    /// under `crates/` and, when there is one, under `exercises/`.
    pub id: String,
    /// A one-line title, e.g. "LRU cache: a cache strategy for a read-heavy API".
    pub title: String,
    /// What shape the answer takes.
    pub kind: Kind,
    /// The questions (1 to 29) this topic is the primary answer of.
    pub questions: Vec<u8>,
    /// Questions whose answers this topic's evidence also supports.
    #[serde(default)]
    pub see_also: Vec<u8>,
    /// The demo, if the topic has one.
    pub demo: Option<DemoSpec>,
    /// The exercise, if the topic has one.
    pub exercise: Option<ExerciseSpec>,
    /// The criterion bench, if the topic has one.
    pub bench: Option<BenchSpec>,
    /// Capabilities the topic leaves out, each with the reason (`bench = "..."`).
    #[serde(default)]
    pub without: BTreeMap<String, String>,
}

/// What shape a topic's answer takes; `verify` has rules per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A concept with a reference implementation (a hash map, an LRU cache).
    Code,
    /// An open question answered with models and measurements (SQL vs NoSQL).
    Design,
    /// An answer the learner tells about themselves (the incident story).
    Behavioral,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Code => "code",
            Kind::Design => "design",
            Kind::Behavioral => "behavioral",
        })
    }
}

/// A topic's demo: the topic crate's binary, which prints a [`Report`](crate::Report)
/// as JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DemoSpec {
    /// What `--size` controls, in a few words (e.g. "requests in the workload").
    pub size_means: String,
    /// The size `cargo lab demo` uses when `--size` is not given.
    pub default_size: u64,
    /// A size at which every claim still holds and the demo finishes in about a second;
    /// tests and `cargo lab verify` use it.
    pub small_size: u64,
    /// The smallest size the claims are meaningful at; a smaller `--size` is raised to
    /// it with a notice.
    #[serde(default = "one")]
    pub min_size: u64,
    /// The largest size allowed; a larger `--size` is refused (it would exhaust memory
    /// or take hours).
    pub max_size: u64,
    /// Whether `demo --mine` can run the demo on the learner's exercise.
    #[serde(default)]
    pub mine: bool,
}

fn one() -> u64 {
    1
}

/// A topic's exercise: `exercises/<id>/`, package `<id>-exercise`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExerciseSpec {
    /// The conformance cases' test names in teaching order (basics first): `check`
    /// lists results and names the first failure in this order, and `verify` checks that
    /// the exercise runs exactly these cases.
    pub cases: Vec<String>,
}

/// A topic's criterion bench: `benches/benches/<target>.rs`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BenchSpec {
    /// The bench target's name, which also prefixes every group it writes.
    pub target: String,
    /// The criterion function names beside `reference`: the crates it is compared with.
    pub anchors: Vec<String>,
    /// Whether `bench --mine` can measure the learner's exercise on the same workload.
    #[serde(default)]
    pub mine: bool,
    /// What the bench's groups compare, in a sentence `lab bench` prints under its table
    /// (for example what a group named `defaults` means).
    #[serde(default)]
    pub about: Option<String>,
}

/// A manifest that cannot be read or does not make sense.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestError {
    /// The file, when the manifest came from one.
    pub path: Option<PathBuf>,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {}", path.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ManifestError {}

impl Manifest {
    /// Parses and checks a manifest's text.
    ///
    /// # Errors
    ///
    /// TOML that does not parse, unknown or missing fields (the message names the field
    /// and line), and values that contradict each other (see [`Manifest::problems`]).
    pub fn parse(text: &str) -> Result<Manifest, ManifestError> {
        let manifest: Manifest = toml::from_str(text).map_err(|e| ManifestError {
            path: None,
            message: one_line(&e),
        })?;
        match manifest.problems().first() {
            None => Ok(manifest),
            Some(problem) => Err(ManifestError {
                path: None,
                message: problem.clone(),
            }),
        }
    }

    /// Reads and checks `topic.toml` in `topic_dir`.
    ///
    /// # Errors
    ///
    /// The file cannot be read, or [`Manifest::parse`] refuses it; the error names the file.
    pub fn load(topic_dir: &Path) -> Result<Manifest, ManifestError> {
        let path = topic_dir.join(FILE);
        let with_path = |message: String| ManifestError {
            path: Some(path.clone()),
            message,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| with_path(e.to_string()))?;
        let manifest = Manifest::parse(&text).map_err(|e| with_path(e.message))?;
        let dir_name = topic_dir.file_name().and_then(|n| n.to_str());
        if dir_name != Some(manifest.id.as_str()) {
            return Err(with_path(format!(
                "id '{}' differs from the directory name '{}'",
                manifest.id,
                dir_name.unwrap_or("?")
            )));
        }
        Ok(manifest)
    }

    /// Everything that contradicts itself in the manifest, one sentence each; empty when
    /// it is sound. (Questions are checked against the catalogue by `lab`, which owns it.)
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let is_id = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !is_id(&self.id) {
            problems.push(format!(
                "id '{}' must be lowercase letters, digits and hyphens",
                self.id
            ));
        }
        if self.title.trim().is_empty() {
            problems.push("the title is empty".to_string());
        }
        if self.questions.is_empty() {
            problems.push(
                "questions is empty: a topic is the primary answer of at least one question"
                    .to_string(),
            );
        }
        if let Some(n) = self.see_also.iter().find(|n| self.questions.contains(n)) {
            problems.push(format!(
                "question {n} is both a primary question and a see-also"
            ));
        }
        if let Some(demo) = &self.demo {
            let sizes = [
                ("min-size", demo.min_size),
                ("small-size", demo.small_size),
                ("default-size", demo.default_size),
                ("max-size", demo.max_size),
            ];
            if demo.min_size == 0 {
                problems.push("demo.min-size must be at least 1".to_string());
            }
            for pair in sizes.windows(2) {
                if pair[0].1 > pair[1].1 {
                    problems.push(format!(
                        "demo.{} ({}) is larger than demo.{} ({})",
                        pair[0].0, pair[0].1, pair[1].0, pair[1].1
                    ));
                }
            }
        }
        if let Some(exercise) = &self.exercise {
            if exercise.cases.is_empty() {
                problems.push("exercise.cases is empty".to_string());
            }
            let mut seen = std::collections::BTreeSet::new();
            for case in &exercise.cases {
                if !seen.insert(case) {
                    problems.push(format!("exercise.cases lists '{case}' twice"));
                }
            }
        }
        if let Some(bench) = &self.bench
            && (bench.target.is_empty() || bench.target.contains('-'))
        {
            problems.push(format!(
                "bench.target '{}' must be a bench target name (snake_case)",
                bench.target
            ));
        }
        for capability in self.without.keys() {
            let declared = match capability.as_str() {
                "demo" => self.demo.is_some(),
                "exercise" => self.exercise.is_some(),
                "bench" => self.bench.is_some(),
                other => {
                    problems.push(format!(
                        "without.{other}: the capabilities are demo, exercise and bench"
                    ));
                    false
                }
            };
            if declared {
                problems.push(format!(
                    "the topic has a [{capability}] and also says it is without one"
                ));
            }
        }
        problems
    }

    /// The topic's exercise package, e.g. `lru-cache-exercise`.
    pub fn exercise_package(&self) -> String {
        format!("{}-exercise", self.id)
    }

    /// The package that runs the demo and bench on the learner's code, e.g.
    /// `lru-cache-mine` (in `crates/<id>/mine/`).
    pub fn mine_package(&self) -> String {
        format!("{}-mine", self.id)
    }

    /// The topic's directory relative to the workspace root, e.g. `crates/lru-cache`.
    pub fn crate_dir(&self) -> String {
        format!("crates/{}", self.id)
    }

    /// The exercise's directory relative to the workspace root, e.g. `exercises/lru-cache`.
    pub fn exercise_dir(&self) -> String {
        format!("exercises/{}", self.id)
    }

    /// Whether the demo runs on the learner's code (`demo --mine`).
    pub fn demo_mine(&self) -> bool {
        self.demo.as_ref().is_some_and(|d| d.mine)
    }

    /// Whether the bench measures the learner's code (`bench --mine`).
    pub fn bench_mine(&self) -> bool {
        self.bench.as_ref().is_some_and(|b| b.mine)
    }
}

/// A TOML error on one line: "unknown field `foo`, expected ... at line 3".
fn one_line(error: &toml::de::Error) -> String {
    let message = error.message().trim().replace('\n', " ");
    match error.span() {
        Some(span) => format!("{message} (at byte {})", span.start),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
id = "lru-cache"
title = "LRU cache"
kind = "code"
questions = [11]
see-also = [1]

[demo]
size-means = "requests"
default-size = 1_000_000
small-size = 100_000
min-size = 20_000
max-size = 50_000_000
mine = true

[exercise]
cases = ["starts_empty", "evicts"]

[bench]
target = "lru_cache"
anchors = ["lru"]
"#;

    fn problem(text: &str) -> String {
        Manifest::parse(text)
            .expect_err("the manifest should be refused")
            .message
    }

    #[test]
    fn a_full_manifest_parses_with_its_defaults() {
        let m = Manifest::parse(FULL).unwrap();
        assert_eq!(m.id, "lru-cache");
        assert_eq!(m.kind, Kind::Code);
        assert_eq!(
            (m.questions.as_slice(), m.see_also.as_slice()),
            (&[11][..], &[1][..])
        );
        let demo = m.demo.as_ref().unwrap();
        assert_eq!(
            (demo.min_size, demo.max_size, demo.mine),
            (20_000, 50_000_000, true)
        );
        assert_eq!(
            m.exercise.as_ref().unwrap().cases,
            ["starts_empty", "evicts"]
        );
        let bench = m.bench.as_ref().unwrap();
        assert!(!bench.mine, "mine defaults to false");
        assert!(m.demo_mine() && !m.bench_mine());
        assert_eq!(m.exercise_package(), "lru-cache-exercise");
        assert_eq!(m.mine_package(), "lru-cache-mine");
    }

    #[test]
    fn unknown_fields_are_refused_by_name() {
        let text = FULL.replace("kind = \"code\"", "kind = \"code\"\ncolour = \"blue\"");
        assert!(
            problem(&text).contains("unknown field `colour`"),
            "{}",
            problem(&text)
        );
    }

    #[test]
    fn an_unknown_kind_is_refused() {
        let text = FULL.replace("\"code\"", "\"poem\"");
        assert!(problem(&text).contains("poem"), "{}", problem(&text));
    }

    #[test]
    fn sizes_must_be_in_order() {
        let text = FULL.replace("small-size = 100_000", "small-size = 90_000_000");
        assert_eq!(
            problem(&text),
            "demo.small-size (90000000) is larger than demo.default-size (1000000)"
        );
        let text = FULL.replace("min-size = 20_000", "min-size = 0");
        assert_eq!(problem(&text), "demo.min-size must be at least 1");
    }

    #[test]
    fn a_topic_answers_at_least_one_question_and_no_case_twice() {
        let text = FULL.replace("questions = [11]", "questions = []");
        assert!(problem(&text).starts_with("questions is empty"));
        let text = FULL.replace("\"evicts\"]", "\"starts_empty\"]");
        assert_eq!(problem(&text), "exercise.cases lists 'starts_empty' twice");
        let text = FULL.replace("see-also = [1]", "see-also = [11]");
        assert_eq!(
            problem(&text),
            "question 11 is both a primary question and a see-also"
        );
    }

    #[test]
    fn without_names_a_real_capability_the_topic_lacks() {
        let text = format!("{FULL}\n[without]\nbench = \"none\"\n");
        assert_eq!(
            problem(&text),
            "the topic has a [bench] and also says it is without one"
        );
        let text = format!("{FULL}\n[without]\nvideo = \"none\"\n");
        assert!(problem(&text).starts_with("without.video"));
    }

    #[test]
    fn ids_are_kebab_case_and_bench_targets_snake_case() {
        let text = FULL.replace("id = \"lru-cache\"", "id = \"LRU cache\"");
        assert!(problem(&text).starts_with("id 'LRU cache'"));
        let text = FULL.replace("target = \"lru_cache\"", "target = \"lru-cache\"");
        assert!(problem(&text).starts_with("bench.target 'lru-cache'"));
    }

    #[test]
    fn load_checks_the_id_against_the_directory() {
        let dir = std::env::temp_dir().join(format!("manifest-test-{}", std::process::id()));
        let topic = dir.join("not-lru");
        std::fs::create_dir_all(&topic).unwrap();
        std::fs::write(topic.join(FILE), FULL).unwrap();
        let err = Manifest::load(&topic).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("id 'lru-cache' differs from the directory name 'not-lru'"),
            "{err}"
        );
        let missing = Manifest::load(&dir.join("absent")).unwrap_err();
        assert!(missing.to_string().contains("topic.toml"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
