//! The shared vocabulary of interview-lab.
//!
//! Every topic declares itself in `crates/<id>/topic.toml` ([`manifest`]) and proves its
//! answer with a demo: a binary that prints a [`Report`] as JSON. A report holds the
//! measurements, laid out as [`Table`]s and [`Bars`], and the answer's [`Claim`]s, each
//! with what was measured and whether it holds. Demos only build reports; the `lab` CLI
//! is the one place that renders them (as text or JSON), and it runs every demo as a
//! child process, so it links no topic.
//!
//! Claims come in two kinds. A *counted* claim ([`Claim::new`]) rests on work counted
//! exactly (comparisons, probes, keys moved, bytes): it is repeatable under a seed and
//! is what tests assert. A *timed* claim ([`Claim::timed`]) rests on the wall clock: it
//! is re-measured up to [`TIMED_ATTEMPTS`] times before it is reported as failing, and
//! says so, because a busy machine slows one measurement, not three.
//!
//! Shared plumbing that demos and benchmarks need lives here once, so no topic grows its
//! own copy: seeded random workloads ([`workload`]), the timing loop ([`measure`]), the
//! demo binary's `main` and the tests every demo has ([`demo`]).
//!
//! # Layout
//!
//! - this file: [`DemoConfig`], [`Report`], [`Claim`], [`Table`], [`Bars`];
//! - [`manifest`]: the topic manifest, `topic.toml`;
//! - [`answer`]: the answer layout every `README.md` follows, parsed and checked;
//! - [`demo`]: the demo binary's `main`, and the helper that asserts a demo's counted
//!   claims over several seeds ([`demo_main!`], [`demo_tests!`]);
//! - [`workload`]: seeded RNGs and a Zipf key distribution;
//! - [`measure`]: the one timing loop demos use when a claim is about time, and the
//!   growth fit (cost ∝ n^b) for claims about scaling;
//! - [`format`](mod@format): how numbers are written in reports (percentages, counts, durations).
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

pub mod answer;
pub mod demo;
pub mod format;
pub mod manifest;
pub mod measure;
pub mod workload;

use serde::{Deserialize, Serialize};

/// How a demo run was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoConfig {
    /// Seed for every random choice the demo makes: same seed, same workload.
    pub seed: u64,
    /// The problem size; what it means is the manifest's
    /// [`size-means`](manifest::DemoSpec::size_means).
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

    /// The claims that rest on counted work: exact under a seed, and what tests assert.
    pub fn counted_claims(&self) -> impl Iterator<Item = &Claim> {
        self.claims.iter().filter(|c| !c.timed)
    }
}

/// How many times a timed claim is measured before it is reported as failing.
pub const TIMED_ATTEMPTS: u32 = 3;

/// One statement from the answer, checked against a measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// What the answer says, e.g. "LRU's hit ratio beats FIFO's on a Zipf workload".
    pub statement: String,
    /// What was measured, with numbers, e.g. "cache 1%: LRU 41.2%, FIFO 35.9%".
    pub measured: String,
    /// Whether the measurement backs the statement.
    pub holds: bool,
    /// Whether the claim rests on the wall clock. A counted claim (false) is exact and
    /// repeatable under a seed; a timed one is re-measured before it fails.
    #[serde(default)]
    pub timed: bool,
    /// How many measurements a timed claim took (1 for a counted claim): the first that
    /// held, or [`TIMED_ATTEMPTS`] when none did.
    #[serde(default = "one")]
    pub attempts: u32,
}

fn one() -> u32 {
    1
}

impl Claim {
    /// A claim on counted work (comparisons, probes, bytes, keys moved, requests), with
    /// its measurement and verdict. The measurement must not contain times: tests check
    /// that a counted claim reads the same on every run with the same seed.
    pub fn new(statement: impl Into<String>, measured: impl Into<String>, holds: bool) -> Self {
        Claim {
            statement: statement.into(),
            measured: measured.into(),
            holds,
            timed: false,
            attempts: 1,
        }
    }

    /// A claim about time. `measure` takes a fresh measurement and returns what it
    /// measured and whether the claim holds; it runs up to [`TIMED_ATTEMPTS`] times,
    /// stopping at the first that holds, because on a shared machine a neighbour can
    /// slow one measurement but rarely three in a row. The claim keeps the last
    /// measurement and how many it took.
    ///
    /// ```
    /// let mut runs = 0;
    /// let claim = evidence::Claim::timed("the second try is fast", || {
    ///     runs += 1;
    ///     (format!("run {runs}"), runs >= 2)
    /// });
    /// assert!(claim.holds && claim.timed);
    /// assert_eq!((claim.attempts, claim.measured.as_str()), (2, "run 2"));
    /// ```
    ///
    /// Inside [`demo::counted_only`] the measurement is not taken: the claim reads "not
    /// measured" with zero attempts (tests assert counted claims only, and skip the time
    /// the timings would cost).
    pub fn timed(
        statement: impl Into<String>,
        mut measure: impl FnMut() -> (String, bool),
    ) -> Self {
        if demo::timings_skipped() {
            return Claim {
                statement: statement.into(),
                measured: "not measured: this run checks counted claims only".to_string(),
                holds: true,
                timed: true,
                attempts: 0,
            };
        }
        let mut attempts = 0;
        loop {
            attempts += 1;
            let (measured, holds) = measure();
            if holds || attempts == TIMED_ATTEMPTS {
                return Claim {
                    statement: statement.into(),
                    measured,
                    holds,
                    timed: true,
                    attempts,
                };
            }
        }
    }

    /// How the measurement was taken, for a reader: empty for a counted claim; for a
    /// timed one, "a timing, held on the first measurement" and the like.
    pub fn basis(&self) -> String {
        if !self.timed {
            return String::new();
        }
        match (self.holds, self.attempts) {
            (_, 0) => "a timing, not measured in this run".to_string(),
            (true, 1) => "a timing, held on the first measurement".to_string(),
            (true, n) => format!("a timing, held on measurement {n} of up to {TIMED_ATTEMPTS}"),
            (false, n) => format!("a timing, failed all {n} measurements"),
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
        assert_eq!(json["timed"], false);
        assert_eq!(json["attempts"], 1);
    }

    #[test]
    fn a_timed_claim_is_measured_until_it_holds_at_most_three_times() {
        let mut runs = 0;
        let failing = Claim::timed("never", || {
            runs += 1;
            (format!("try {runs}"), false)
        });
        assert_eq!(
            runs, TIMED_ATTEMPTS,
            "a failing timing is measured three times"
        );
        assert!(!failing.holds && failing.timed);
        assert_eq!(failing.measured, "try 3", "the last measurement is kept");
        assert_eq!(failing.basis(), "a timing, failed all 3 measurements");

        let first = Claim::timed("at once", || ("fast".to_string(), true));
        assert_eq!(first.attempts, 1);
        assert_eq!(first.basis(), "a timing, held on the first measurement");
        assert_eq!(Claim::new("c", "counted", true).basis(), "");
    }

    #[test]
    fn counted_only_skips_timings_on_its_thread_until_it_returns_or_panics() {
        let mut runs = 0;
        let skipped = demo::counted_only(|| {
            Claim::timed("skipped", || {
                runs += 1;
                ("ran".to_string(), true)
            })
        });
        assert_eq!(runs, 0, "inside counted_only the measurement is not taken");
        assert_eq!((skipped.attempts, skipped.timed), (0, true));
        assert_eq!(skipped.basis(), "a timing, not measured in this run");

        let panicked = std::panic::catch_unwind(|| demo::counted_only(|| panic!("inside")));
        assert!(panicked.is_err());
        let after = Claim::timed("measured again", || {
            runs += 1;
            ("ran".to_string(), true)
        });
        assert_eq!(
            (runs, after.attempts),
            (1, 1),
            "after counted_only returns (here by panicking), timings are taken again"
        );
        let nested = demo::counted_only(|| {
            demo::counted_only(|| ());
            Claim::timed("still skipped", || {
                unreachable!("an inner call must not switch timings back on")
            })
        });
        assert_eq!(nested.attempts, 0);
    }

    #[test]
    fn counted_claims_leave_out_the_timed_ones() {
        let mut report = Report::new("t", "mixed");
        report.claims.push(Claim::new("counted", "3 probes", true));
        report
            .claims
            .push(Claim::timed("timed", || ("9 ns".into(), false)));
        let counted: Vec<_> = report
            .counted_claims()
            .map(|c| c.statement.as_str())
            .collect();
        assert_eq!(counted, ["counted"]);
        assert!(!report.all_hold(), "a failed timing still fails the report");
    }

    #[test]
    fn old_reports_without_the_timing_fields_read_as_counted() {
        let claim: Claim =
            serde_json::from_str(r#"{"statement":"s","measured":"m","holds":true}"#).unwrap();
        assert!(!claim.timed);
        assert_eq!(claim.attempts, 1);
    }

    #[test]
    fn the_chart_scale_is_its_largest_value() {
        let bars = Bars::new("b", "%")
            .group("x", [("a", 1.5), ("b", 3.0)])
            .group("y", [("a", 2.0)]);
        assert_eq!(bars.max_value(), 3.0);
    }
}
