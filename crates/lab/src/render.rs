//! Turns reports and markdown into terminal text. The only place that renders.

use std::fmt::Write as _;
use std::io::IsTerminal;

use evidence::{Bars, Report, Table};

/// Whether to emit ANSI colours: only to a terminal, and never under `NO_COLOR`.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    color: bool,
}

impl Style {
    /// Colours when standard output is a terminal and `NO_COLOR` is unset or empty.
    pub fn detect() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: !no_color && std::io::stdout().is_terminal(),
        }
    }

    /// Whether output is coloured (so compiler diagnostics keep their colours too).
    pub fn colored(self) -> bool {
        self.color
    }

    /// Plain text, for tests and pipes.
    #[cfg(test)]
    pub fn plain() -> Self {
        Style { color: false }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Bold text.
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Italic text.
    pub fn italic(self, text: &str) -> String {
        self.paint("3", text)
    }

    /// Underlined text.
    pub fn underline(self, text: &str) -> String {
        self.paint("4", text)
    }

    /// Inline code: cyan.
    pub fn code(self, text: &str) -> String {
        self.paint("36", text)
    }

    /// Dimmed text, for secondary information.
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    /// Green text, for success.
    pub fn good(self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Red text, for failure.
    pub fn bad(self, text: &str) -> String {
        self.paint("31", text)
    }

    /// Yellow text, for things not done yet.
    pub fn pending(self, text: &str) -> String {
        self.paint("33", text)
    }
}

/// Width of the longest bar in a chart, in terminal cells.
const BAR_WIDTH: usize = 40;

/// The whole report: title, tables, charts, claims with verdicts, notes.
pub fn report(report: &Report, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", style.bold(&report.title));
    // A chart titled like a table is drawn right below it; other charts come after
    // all the tables.
    for t in &report.tables {
        out.push_str(&table(t, style));
        out.push('\n');
        for b in report.bars.iter().filter(|b| b.title == t.title) {
            out.push_str(&chart_body(
                b,
                &style.dim(&format!("  ({})", b.unit)),
                false,
            ));
            out.push('\n');
        }
    }
    let titles: Vec<&str> = report.tables.iter().map(|t| t.title.as_str()).collect();
    for b in report
        .bars
        .iter()
        .filter(|b| !titles.contains(&b.title.as_str()))
    {
        out.push_str(&bars(b, style));
        out.push('\n');
    }
    let _ = writeln!(out, "{}", style.bold("claims"));
    for claim in &report.claims {
        let mark = if claim.holds {
            style.good("✓ holds")
        } else {
            style.bad("✗ FAILS")
        };
        let _ = writeln!(out, "  {mark}  {}", claim.statement);
        let basis = claim.basis();
        let measured = if basis.is_empty() {
            format!("measured: {}", claim.measured)
        } else {
            format!("measured: {} ({basis})", claim.measured)
        };
        let _ = writeln!(out, "           {}", style.dim(&measured));
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out, "\n{}", style.bold("notes"));
        for note in &report.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    out
}

/// A table with aligned columns: numbers (cells starting with a digit) right-aligned,
/// text left-aligned; the first column is always text.
pub fn table(table: &Table, style: Style) -> String {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = table.columns.iter().map(|c| width(c)).collect();
    for row in &table.rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let numeric: Vec<bool> = (0..widths.len())
        .map(|c| {
            c > 0
                && table.rows.iter().all(|row| {
                    row[c].is_empty() || row[c].starts_with(|ch: char| ch.is_ascii_digit())
                })
        })
        .collect();
    let line = |cells: &[String]| {
        let mut text = String::from(" ");
        for (c, (cell, &w)) in cells.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w - width(cell));
            let gap = if c == 0 { " " } else { "  " };
            if numeric[c] {
                let _ = write!(text, "{gap}{pad}{cell}");
            } else {
                let _ = write!(text, "{gap}{cell}{pad}");
            }
        }
        text.trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&table.title));
    let _ = writeln!(out, "{}", style.dim(&line(&table.columns)));
    for row in &table.rows {
        let _ = writeln!(out, "{}", line(row));
    }
    out
}

/// A horizontal bar chart scaled to its largest value, eighth-cell precise.
pub fn bars(chart: &Bars, style: Style) -> String {
    let heading = format!(
        "{} {}",
        style.bold(&chart.title),
        style.dim(&format!("({})", chart.unit))
    );
    chart_body(chart, &heading, true)
}

/// The most lines a chart takes, so it stays on a screen: longer charts draw their
/// series side by side, one line per group, and then stop at this many groups.
const CHART_LINES: usize = 24;

/// The chart's bars under `heading`; `values` prints each bar's value after it (a chart
/// right below the table it illustrates leaves them out: the table has them exactly).
fn chart_body(chart: &Bars, heading: &str, values: bool) -> String {
    let max = chart.max_value();
    let integral = chart
        .groups
        .iter()
        .flat_map(|g| g.bars.iter())
        .all(|&(_, v)| v.fract() == 0.0);
    let show = |v: f64| -> String {
        if !values {
            String::new()
        } else if integral {
            evidence::format::count(v as u64)
        } else {
            significant(v)
        }
    };
    let series = chart.groups.iter().map(|g| g.bars.len()).max().unwrap_or(0);
    let tall = chart.groups.iter().map(|g| g.bars.len() + 1).sum::<usize>() > CHART_LINES;
    let mut out = String::new();
    let _ = writeln!(out, "{heading}");
    if tall && (2..=3).contains(&series) {
        // Side by side: a legend naming the series once, then one line per group.
        let width = BAR_WIDTH / series;
        let label_width = chart
            .groups
            .iter()
            .map(|g| g.label.chars().count())
            .max()
            .unwrap_or(0);
        let value_width = chart
            .groups
            .iter()
            .flat_map(|g| g.bars.iter().map(|&(_, v)| show(v).chars().count()))
            .max()
            .unwrap_or(0);
        let names: Vec<&str> = chart.groups[0]
            .bars
            .iter()
            .map(|(l, _)| l.as_str())
            .collect();
        let mut legend = format!("  {}", " ".repeat(label_width));
        for name in &names {
            let cell = width + 1 + value_width + 2;
            let _ = write!(legend, " {name:<cell$}");
        }
        let _ = writeln!(out, "{}", legend.trim_end());
        for group in chart.groups.iter().take(CHART_LINES) {
            let pad = " ".repeat(label_width - group.label.chars().count());
            let mut line = format!("  {}{pad}", group.label);
            for &(_, value) in &group.bars {
                let _ = write!(
                    line,
                    " {} {:>value_width$}  ",
                    bar_of(value, max, width),
                    show(value)
                );
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        if chart.groups.len() > CHART_LINES {
            let _ = writeln!(
                out,
                "  ... {} more rows (`--json` has them all)",
                chart.groups.len() - CHART_LINES
            );
        }
        return out;
    }
    let label_width = chart
        .groups
        .iter()
        .flat_map(|g| g.bars.iter().map(|(l, _)| l.chars().count()))
        .max()
        .unwrap_or(0);
    let mut lines = 0;
    for group in &chart.groups {
        if lines >= CHART_LINES {
            let _ = writeln!(out, "  ... more rows left out (`--json` has them all)");
            break;
        }
        if !group.label.is_empty() {
            let _ = writeln!(out, "  {}", group.label);
            lines += 1;
        }
        for (label, value) in &group.bars {
            let pad = " ".repeat(label_width - label.chars().count());
            let line = format!("    {label}{pad} {} {}", bar(*value, max), show(*value));
            let _ = writeln!(out, "{}", line.trim_end());
            lines += 1;
        }
    }
    out
}

/// A value with three significant digits, thousands separated: `0.1234` → `0.123`,
/// `25.2475` → `25.2`, `1234.5` → `1,235`.
fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = v.abs().log10().floor() as i32;
    if digits >= 2 {
        return evidence::format::count(v.round() as u64);
    }
    let decimals = (2 - digits).max(0) as usize;
    format!("{v:.decimals$}")
}

/// A bar of `value / max * BAR_WIDTH` cells, using the eighth blocks for the remainder.
fn bar(value: f64, max: f64) -> String {
    bar_of(value, max, BAR_WIDTH)
}

/// A bar of `value / max * width` cells, eighth-cell precise, padded to `width`.
fn bar_of(value: f64, max: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if max.is_nan() || max <= 0.0 || !value.is_finite() || value <= 0.0 {
        return " ".repeat(width);
    }
    let eighths = ((value / max).min(1.0) * (width * 8) as f64).round() as usize;
    let mut text = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        text.push(EIGHTHS[eighths % 8]);
    }
    let used = text.chars().count();
    text.push_str(&" ".repeat(width - used));
    text
}

/// A bar of `width` cells, the first `done / total` of them filled: `███████░░░`.
pub fn progress_bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done.min(total) * width).checked_div(total).unwrap_or(0);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use evidence::Claim;

    #[test]
    fn progress_bars_fill_in_proportion() {
        assert_eq!(progress_bar(0, 4, 4), "░░░░");
        assert_eq!(progress_bar(3, 4, 4), "███░");
        assert_eq!(progress_bar(4, 4, 4), "████");
        assert_eq!(progress_bar(0, 0, 3), "░░░", "nothing to do yet");
        assert_eq!(progress_bar(9, 4, 4), "████", "clamped");
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        assert_eq!(bar(10.0, 10.0).trim_end().chars().count(), BAR_WIDTH);
        assert_eq!(bar(5.0, 10.0).trim_end(), "█".repeat(BAR_WIDTH / 2));
        assert_eq!(bar(0.0, 10.0).trim(), "");
        assert_eq!(bar(1.0, 0.0).trim(), "", "an all-zero chart draws nothing");
        // One eighth of a cell at the smallest visible size.
        assert_eq!(bar(1.0, 320.0).trim_end(), "▏");
    }

    #[test]
    fn counts_print_as_counts_and_other_values_with_three_digits() {
        let counts = Bars::new("c", "calls").group("", [("a", 4000.0), ("b", 938.0)]);
        let text = bars(&counts, Style::plain());
        assert!(
            text.contains(" 4,000") && !text.contains("4000.0"),
            "{text}"
        );
        assert_eq!(significant(25.247_500_000_000_002), "25.2");
        assert_eq!(significant(0.123_4), "0.123");
        assert_eq!(significant(1_234.5), "1,235");
    }

    #[test]
    fn a_long_chart_draws_its_series_side_by_side_within_a_screen() {
        let mut chart = Bars::new("per slice", "calls");
        for i in 0..40 {
            chart = chart.group(format!("{i} ms"), [("none", i as f64), ("full", 1.0)]);
        }
        let text = bars(&chart, Style::plain());
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines.len() <= CHART_LINES + 3,
            "{} lines:\n{text}",
            lines.len()
        );
        assert!(
            lines[1].contains("none") && lines[1].contains("full"),
            "a legend: {text}"
        );
        assert!(lines[2].starts_with("  0 ms"), "one line per group: {text}");
        assert!(text.contains("16 more rows"), "{text}");
    }

    #[test]
    fn a_chart_under_its_table_does_not_repeat_the_values() {
        let mut r = Report::new("t", "title");
        r.tables
            .push(Table::new("hits", ["policy", "hits"]).row(["LRU", "61.2%"]));
        r.bars
            .push(Bars::new("hits", "% hits").group("", [("LRU", 61.2)]));
        r.claims.push(Claim::new("c", "m", true));
        let text = report(&r, Style::plain());
        assert_eq!(text.matches("61.2").count(), 1, "only the table's: {text}");
    }

    #[test]
    fn text_columns_align_left_and_numbers_right() {
        let t = Table::new("t", ["package", "depends on", "size"])
            .row(["web", "api, cache", "12 kB"])
            .row(["log", "", "3 kB"]);
        let text = table(&t, Style::plain());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], "  web      api, cache  12 kB");
        assert_eq!(lines[3], "  log                   3 kB");
    }

    #[test]
    fn tables_align_columns() {
        let t = Table::new("t", ["name", "value"])
            .row(["a", "1"])
            .row(["longer", "100"]);
        let text = table(&t, Style::plain());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "  name    value");
        assert_eq!(lines[2], "  a           1");
        assert_eq!(lines[3], "  longer    100");
    }

    #[test]
    fn claims_show_their_verdict_and_measurement() {
        let mut r = Report::new("t", "title");
        r.claims.push(Claim::new("it is fast", "3 ns", true));
        r.claims.push(Claim::new("it is small", "9 GB", false));
        let text = report(&r, Style::plain());
        assert!(text.contains("✓ holds  it is fast"), "{text}");
        assert!(text.contains("✗ FAILS  it is small"), "{text}");
        assert!(text.contains("measured: 9 GB"), "{text}");
    }

    #[test]
    fn a_timed_claim_says_how_often_it_was_measured() {
        let mut r = Report::new("t", "title");
        let mut runs = 0;
        r.claims.push(Claim::timed("it is quick", || {
            runs += 1;
            (format!("{runs} ms"), runs == 2)
        }));
        let text = report(&r, Style::plain());
        assert!(
            text.contains("measured: 2 ms (a timing, held on measurement 2 of up to 3)"),
            "{text}"
        );
    }
}
