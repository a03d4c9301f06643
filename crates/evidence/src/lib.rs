//! The shared vocabulary of interview-lab.
//!
//! Every concept crate describes itself as a [`Topic`] and proves its answer with a demo
//! that returns a [`Report`]: measurements laid out as [`Table`]s and [`Bars`], and the
//! answer's [`Claim`]s, each with what was measured and whether it holds. Demos only
//! build reports; the `lab` CLI is the one place that renders them (as text or JSON).
//!
//! Shared plumbing that demos and benchmarks need lives here once, so no concept crate
//! grows its own copy: seeded random workloads ([`workload`]), a timing helper
//! ([`measure`]) and a watchdog for concurrency tests ([`watchdog`]).
//!
//! # Layout
//!
//! - this file: [`Topic`], [`Demo`], [`DemoConfig`], [`Report`], [`Claim`], [`Table`], [`Bars`];
//! - [`workload`]: seeded RNGs and a Zipf key distribution;
//! - [`measure`]: the one timing loop demos use when a claim is about time, and the
//!   growth fit (cost ∝ n^b) for claims about scaling;
//! - [`format`](mod@format): how numbers are written in reports (percentages, counts, durations);
//! - [`property`]: the proptest runner and comparison the conformance suites share;
//! - [`watchdog`]: runs concurrent work under a time limit, so a deadlock fails a test.
//!
//! # Example
//!
//! ```
//! use evidence::{Claim, Report, Table};
//!
//! let mut report = Report::new("lru-cache", "hit ratio on a skewed workload");
//! report.tables.push(Table::new("hit ratio", ["policy", "hits"]).row(["LRU", "61.2%"]));
//! report.claims.push(Claim::new("LRU beats FIFO", "61.2% vs 55.0%", 61.2 > 55.0));
//! assert!(report.all_hold());
//! ```

#![forbid(unsafe_code)]

pub mod format;
pub mod measure;
pub mod property;
pub mod watchdog;
pub mod workload;

use serde::{Deserialize, Serialize};

/// One runnable concept: the questions it answers, its answer, its demo and where its
/// exercise and benchmark live.
///
/// Each concept crate exposes a `topic()` function returning this; `lab` gathers them
/// into its catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Topic {
    /// The short name used on the command line, e.g. `lru-cache`; also the crate's
    /// directory under `crates/` and the exercise's under `exercises/`.
    pub id: &'static str,
    /// The numbers (1 to 29) of the seed questions this topic answers.
    pub questions: &'static [u8],
    /// A one-line title, e.g. "LRU cache".
    pub title: &'static str,
    /// The answer as markdown: the crate's README.
    pub answer: &'static str,
    /// The demo that backs the answer's claims.
    pub demo: Demo,
    /// The exercise's directory relative to the workspace root, e.g. `exercises/lru-cache`.
    pub exercise_dir: &'static str,
    /// The conformance cases' test names in teaching order (basics first), so `lab check`
    /// can list results, and name the first failure, in the order a learner should
    /// tackle them.
    pub cases: &'static [&'static str],
    /// The criterion bench target in the `benches` package, e.g. `lru_cache`.
    pub bench: &'static str,
}

impl Topic {
    /// The crate's directory relative to the workspace root, e.g. `crates/lru-cache`.
    pub fn crate_dir(&self) -> String {
        format!("crates/{}", self.id)
    }

    /// The exercise's cargo package name, e.g. `lru-cache-exercise`.
    pub fn exercise_package(&self) -> String {
        format!("{}-exercise", self.id)
    }
}

/// A topic's demo: the function that measures, and the sizes it is run at.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Demo {
    /// Measures and checks the claims. Must be deterministic in everything but wall-clock
    /// timings for a given [`DemoConfig`].
    #[serde(skip)]
    pub run: fn(&DemoConfig) -> Report,
    /// The size `cargo lab demo` uses when `--size` is not given.
    pub default_size: usize,
    /// A size at which every claim still holds but the demo finishes well under a second;
    /// used by tests and `cargo lab verify`.
    pub small_size: usize,
    /// What `--size` controls, in a few words (e.g. "requests in the workload").
    pub size_means: &'static str,
}

/// How a demo run was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoConfig {
    /// Seed for every random choice the demo makes: same seed, same workload.
    pub seed: u64,
    /// The problem size; what it means is the topic's [`Demo::size_means`].
    pub size: usize,
}

impl DemoConfig {
    /// The seed `cargo lab demo` uses when `--seed` is not given.
    pub const DEFAULT_SEED: u64 = 42;
}

/// What a demo measured and what that proves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The topic id the report belongs to.
    pub topic: String,
    /// A one-line title for the whole run.
    pub title: String,
    /// Measurements as tables, shown in order.
    pub tables: Vec<Table>,
    /// Measurements as bar charts. A chart with the same title as a table is shown right
    /// below that table; the others after all the tables.
    pub bars: Vec<Bars>,
    /// The answer's claims with their verdicts.
    pub claims: Vec<Claim>,
    /// Short explanations of what the numbers mean (hardware effects, caveats).
    pub notes: Vec<String>,
}

impl Report {
    /// An empty report for `topic`.
    pub fn new(topic: impl Into<String>, title: impl Into<String>) -> Self {
        Report {
            topic: topic.into(),
            title: title.into(),
            tables: Vec::new(),
            bars: Vec::new(),
            claims: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Notes that `--size asked` was raised to `used`, and `why`, when the demo had to
    /// raise it to a minimum; adds nothing when they are equal.
    ///
    /// ```
    /// let mut report = evidence::Report::new("t", "title");
    /// report.note_raised_size(500, 500, "unused");
    /// assert!(report.notes.is_empty());
    /// report.note_raised_size(10, 20_000, "smaller inputs are noise");
    /// assert_eq!(report.notes, ["--size 10 was raised to 20,000: smaller inputs are noise"]);
    /// ```
    pub fn note_raised_size(&mut self, asked: usize, used: usize, why: &str) {
        if asked != used {
            self.notes.push(format!(
                "--size {} was raised to {}: {why}",
                format::count(asked as u64),
                format::count(used as u64)
            ));
        }
    }

    /// True when the report makes at least one claim and every claim holds.
    ///
    /// A report without claims proves nothing, so it does not count as holding.
    pub fn all_hold(&self) -> bool {
        !self.claims.is_empty() && self.claims.iter().all(|c| c.holds)
    }

    /// The claims that do not hold.
    pub fn failed_claims(&self) -> impl Iterator<Item = &Claim> {
        self.claims.iter().filter(|c| !c.holds)
    }

    /// For tests: panics unless the report has claims and every one holds, listing each
    /// failed claim with its measurement.
    ///
    /// # Panics
    ///
    /// If [`all_hold`](Self::all_hold) is false; `context` (e.g. "seed 3") starts the
    /// message.
    pub fn assert_all_hold(&self, context: &str) {
        let failed: Vec<String> = self
            .failed_claims()
            .map(|c| format!("{} (measured: {})", c.statement, c.measured))
            .collect();
        assert!(
            !self.claims.is_empty(),
            "{context}: the {} demo makes no claims",
            self.topic
        );
        assert!(
            failed.is_empty(),
            "{context}: claims that fail: {failed:#?}"
        );
    }
}

/// One statement from the answer, checked against a measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// What the answer says, e.g. "LRU's hit ratio beats FIFO's on a Zipf workload".
    pub statement: String,
    /// What was measured, with numbers, e.g. "cache 1%: LRU 41.2%, FIFO 35.9%".
    pub measured: String,
    /// Whether the measurement backs the statement.
    pub holds: bool,
}

impl Claim {
    /// A claim with its measurement and verdict.
    pub fn new(statement: impl Into<String>, measured: impl Into<String>, holds: bool) -> Self {
        Claim {
            statement: statement.into(),
            measured: measured.into(),
            holds,
        }
    }
}

/// A table of measurements; every row has one cell per column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Shown above the table.
    pub title: String,
    /// Column headers.
    pub columns: Vec<String>,
    /// Cells, already formatted.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these column headers.
    pub fn new<I, S>(title: impl Into<String>, columns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Table {
            title: title.into(),
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row and returns the table, for building tables in one expression.
    ///
    /// # Panics
    ///
    /// Panics if the row's length differs from the number of columns: that is a bug in
    /// the demo, not something a user can cause.
    pub fn row<I, S>(mut self, cells: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.push(cells);
        self
    }

    /// Appends a row.
    ///
    /// # Panics
    ///
    /// Panics if the row's length differs from the number of columns.
    pub fn push<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let row: Vec<String> = cells.into_iter().map(Into::into).collect();
        assert_eq!(
            row.len(),
            self.columns.len(),
            "table '{}' has {} columns but a row has {} cells",
            self.title,
            self.columns.len(),
            row.len()
        );
        self.rows.push(row);
    }
}

/// A bar chart: groups of labelled bars sharing one scale and unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bars {
    /// Shown above the chart.
    pub title: String,
    /// The unit of every value, e.g. "% hits" or "ns/op".
    pub unit: String,
    /// The groups, in order; a chart without groups of its own uses one group with an
    /// empty label.
    pub groups: Vec<BarGroup>,
}

/// Bars shown together under one label (e.g. one cache size, one bar per policy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BarGroup {
    /// The group's label; may be empty.
    pub label: String,
    /// `(label, value)` pairs; values must be finite and non-negative.
    pub bars: Vec<(String, f64)>,
}

impl Bars {
    /// An empty chart.
    pub fn new(title: impl Into<String>, unit: impl Into<String>) -> Self {
        Bars {
            title: title.into(),
            unit: unit.into(),
            groups: Vec::new(),
        }
    }

    /// Appends a group of bars and returns the chart.
    pub fn group<I, S>(mut self, label: impl Into<String>, bars: I) -> Self
    where
        I: IntoIterator<Item = (S, f64)>,
        S: Into<String>,
    {
        self.groups.push(BarGroup {
            label: label.into(),
            bars: bars.into_iter().map(|(l, v)| (l.into(), v)).collect(),
        });
        self
    }

    /// The largest value in the chart (0 when empty), which sets the scale.
    pub fn max_value(&self) -> f64 {
        self.groups
            .iter()
            .flat_map(|g| g.bars.iter().map(|&(_, v)| v))
            .fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_without_claims_does_not_hold() {
        let report = Report::new("t", "nothing measured");
        assert!(!report.all_hold());
    }

    #[test]
    fn one_failed_claim_fails_the_report() {
        let mut report = Report::new("t", "two claims");
        report.claims.push(Claim::new("a", "1", true));
        report.claims.push(Claim::new("b", "2", false));
        assert!(!report.all_hold());
        let failed: Vec<_> = report
            .failed_claims()
            .map(|c| c.statement.as_str())
            .collect();
        assert_eq!(failed, ["b"]);
    }

    #[test]
    #[should_panic(expected = "has 2 columns but a row has 1 cells")]
    fn a_short_row_is_a_bug() {
        let _ = Table::new("t", ["a", "b"]).row(["only one"]);
    }

    #[test]
    fn claims_serialize_with_the_documented_field_names() {
        let claim = Claim::new("s", "m", true);
        let json = serde_json::to_value(&claim).unwrap();
        assert_eq!(json["statement"], "s");
        assert_eq!(json["measured"], "m");
        assert_eq!(json["holds"], true);
    }

    #[test]
    fn the_chart_scale_is_its_largest_value() {
        let bars = Bars::new("b", "%")
            .group("x", [("a", 1.5), ("b", 3.0)])
            .group("y", [("a", 2.0)]);
        assert_eq!(bars.max_value(), 3.0);
    }
}
