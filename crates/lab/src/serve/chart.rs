//! SVG charts of a demo's report, drawn on the server by hand.
//!
//! Two kinds, both plain SVG elements inside the page (no JavaScript, no charting
//! library, nothing fetched):
//!
//! - [`bars`]: a report's [`Bars`], one horizontal bar per value, grouped;
//! - [`growth`]: a table whose first column is a size (`n`, `capacity`, `entries`, ...)
//!   and whose other columns hold numbers becomes a line chart on log-log axes, one line
//!   per column, with the power law `cost ∝ n^b` fitted by least squares on the logs
//!   drawn dashed beside it and its exponent in the legend: the growth curve an answer
//!   about complexity talks about. Columns with different units (counts, times,
//!   percentages) get a chart each; times are converted to nanoseconds first.
//!
//! A hand-written chart was chosen over a plotting crate (plotters) because these two
//! shapes are all the reports need, and a crate would bring a font stack and more build
//! time than the rest of `serve`. Every label is escaped.

use std::fmt::Write as _;

use evidence::{Bars, Table};

use super::html::escape;

/// Series colours: distinguishable, and dark enough to read on white (contrast ≥ 4.5:1
/// for the text drawn in them).
const PALETTE: [&str; 6] = [
    "#1f5fa8", "#b3401f", "#2d7a36", "#7a3f9a", "#8a6100", "#1f7f86",
];

/// Width of the SVG coordinate system; it scales to the page's width.
const WIDTH: f64 = 640.0;

/// One line of a growth chart: the column's name, and its value at each size (`None`
/// where the cell is not a number, such as "(too slow)").
type Series = (String, Vec<Option<f64>>);

/// A horizontal bar chart of `chart`, with each bar's value written beside it.
pub fn bars(chart: &Bars) -> String {
    const ROW: f64 = 22.0;
    const LABEL: f64 = 190.0;
    let max = chart.max_value().max(f64::MIN_POSITIVE);
    let rows: usize = chart
        .groups
        .iter()
        .map(|g| g.bars.len() + usize::from(!g.label.is_empty()))
        .sum();
    let height = ROW * rows as f64 + 8.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<figure class=\"chart\"><svg role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title>{title}</title>",
        title = escape(&format!("{} ({})", chart.title, chart.unit))
    );
    let mut y = 4.0;
    let span = WIDTH - LABEL - 80.0;
    for group in &chart.groups {
        if !group.label.is_empty() {
            let _ = write!(
                svg,
                "<text x=\"0\" y=\"{:.1}\" class=\"group\">{}</text>",
                y + 15.0,
                escape(&group.label)
            );
            y += ROW;
        }
        for (i, (label, value)) in group.bars.iter().enumerate() {
            let w = (value / max * span).max(1.0);
            let colour = PALETTE[i % PALETTE.len()];
            let _ = write!(
                svg,
                "<text x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>\
                 <rect x=\"{LABEL}\" y=\"{ry:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{colour}\"/>\
                 <text x=\"{vx:.1}\" y=\"{ty:.1}\">{value}</text>",
                lx = LABEL - 6.0,
                ty = y + 15.0,
                label = escape(label),
                ry = y + 3.0,
                h = ROW - 6.0,
                vx = LABEL + w + 6.0,
                value = escape(&short(*value)),
            );
            y += ROW;
        }
    }
    let _ = write!(
        svg,
        "</svg><figcaption>{} <span class=\"unit\">({})</span></figcaption></figure>",
        escape(&chart.title),
        escape(&chart.unit)
    );
    svg
}

/// Line charts of `table` if it is a growth table (see the module doc), one per unit;
/// empty if it is not one.
pub fn growth(table: &Table) -> String {
    let Some(xs) = sizes(table) else {
        return String::new();
    };
    // Column index, name, unit kind, values (None where a cell is not a number).
    let mut by_unit: Vec<(&'static str, Vec<Series>)> = Vec::new();
    for (c, name) in table.columns.iter().enumerate().skip(1) {
        let cells: Vec<Option<(f64, &'static str)>> = table
            .rows
            .iter()
            .map(|row| row.get(c).and_then(|cell| number(cell)))
            .collect();
        let Some(unit) = cells.iter().flatten().map(|&(_, u)| u).next() else {
            continue;
        };
        let values: Vec<Option<f64>> = cells
            .iter()
            .map(|cell| cell.filter(|&(_, u)| u == unit).map(|(v, _)| v))
            .collect();
        if values.iter().flatten().filter(|v| **v > 0.0).count() < 2 {
            continue;
        }
        match by_unit.iter_mut().find(|(u, _)| *u == unit) {
            Some((_, series)) => series.push((name.clone(), values)),
            None => by_unit.push((unit, vec![(name.clone(), values)])),
        }
    }
    by_unit
        .into_iter()
        .map(|(unit, series)| line_chart(&table.title, &table.columns[0], unit, &xs, &series))
        .collect()
}

/// The first column's sizes, if the table is a growth table: a size-like header, at
/// least three rows, every first cell a positive number, increasing.
fn sizes(table: &Table) -> Option<Vec<f64>> {
    const SIZE_WORDS: [&str; 14] = [
        "n", "size", "capacity", "entries", "keys", "nodes", "items", "elements", "rows", "length",
        "vertices", "edges", "requests", "count",
    ];
    let header = table.columns.first()?.to_lowercase();
    let size_like = header
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| SIZE_WORDS.contains(&word));
    if !size_like || table.rows.len() < 3 {
        return None;
    }
    let xs: Vec<f64> = table
        .rows
        .iter()
        .map(|row| row.first().and_then(|c| number(c)).map(|(v, _)| v))
        .collect::<Option<_>>()?;
    let increasing = xs.windows(2).all(|w| w[0] < w[1]) && xs[0] > 0.0;
    increasing.then_some(xs)
}

/// A cell's number and unit kind: `"1,257"` is (1257, count); `"59.2 ns"` and
/// `"11.85 µs"` are times in nanoseconds; `"61.2%"` is a percentage. A parenthesised
/// remark after the number (`"12.3 (4.5 ns)"`) is ignored; anything else is not a
/// number.
fn number(cell: &str) -> Option<(f64, &'static str)> {
    let text = cell.split(" (").next()?.trim();
    let end = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map_or(text.len(), |(i, _)| i);
    let (digits, unit) = text.split_at(end);
    if !digits.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = digits.replace(',', "").parse().ok()?;
    let (scale, kind) = match unit.trim() {
        "" | "x" => (1.0, "count"),
        "%" => (1.0, "%"),
        "ns" => (1.0, "ns"),
        "µs" | "us" => (1e3, "ns"),
        "ms" => (1e6, "ns"),
        "s" => (1e9, "ns"),
        _ => return None,
    };
    Some((value * scale, kind))
}

/// One log-log line chart: a polyline and dots per series, its fitted power law dashed.
fn line_chart(title: &str, x_name: &str, unit: &str, xs: &[f64], series: &[Series]) -> String {
    const HEIGHT: f64 = 300.0;
    const LEFT: f64 = 70.0;
    const RIGHT: f64 = 20.0;
    const TOP: f64 = 14.0;
    const BOTTOM: f64 = 40.0;
    let positive = |v: &f64| *v > 0.0;
    let ys: Vec<f64> = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten().copied())
        .filter(positive)
        .collect();
    let (y_lo, y_hi) = ys
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &y| (lo.min(y), hi.max(y)));
    // Log axes, padded to whole powers of ten so the gridlines are round numbers.
    let (ly_lo, ly_hi) = (
        y_lo.log10().floor(),
        y_hi.log10().ceil().max(y_lo.log10().floor() + 1.0),
    );
    let (lx_lo, lx_hi) = (xs[0].log10(), xs[xs.len() - 1].log10());
    let px = |x: f64| LEFT + (x.log10() - lx_lo) / (lx_hi - lx_lo) * (WIDTH - LEFT - RIGHT);
    let py = |y: f64| TOP + (ly_hi - y.log10()) / (ly_hi - ly_lo) * (HEIGHT - TOP - BOTTOM);
    let unit_label = match unit {
        "ns" => "time (ns)",
        "%" => "percent",
        _ => "count",
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<figure class=\"chart growth\"><svg role=\"img\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape(&format!("{title}: {unit_label} against {x_name}, log-log"))
    );
    // Gridlines and tick labels: each power of ten on y, each measured size on x.
    let mut p = ly_lo;
    while p <= ly_hi + 1e-9 {
        let y = py(10f64.powf(p));
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{x2}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>",
            x2 = WIDTH - RIGHT,
            tx = LEFT - 6.0,
            ty = y + 4.0,
            label = escape(&short(10f64.powf(p)))
        );
        p += 1.0;
    }
    for &x in xs {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            px(x),
            HEIGHT - BOTTOM + 16.0,
            escape(&short(x))
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"axis\">{} (log scale)</text>",
        LEFT + (WIDTH - LEFT - RIGHT) / 2.0,
        HEIGHT - 6.0,
        escape(x_name)
    );
    let mut legend = String::new();
    for (i, (name, values)) in series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let points: Vec<(f64, f64)> = xs
            .iter()
            .zip(values)
            .filter_map(|(&x, v)| v.filter(positive).map(|y| (x, y)))
            .collect();
        let path: Vec<String> = points
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
            .collect();
        let _ = write!(
            svg,
            "<polyline class=\"series\" points=\"{}\" stroke=\"{colour}\"/>",
            path.join(" ")
        );
        for &(x, y) in &points {
            let _ = write!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{colour}\"/>",
                px(x),
                py(y)
            );
        }
        let fit = fit_power_law(&points);
        if let Some((a, b)) = fit {
            let (x0, x1) = (points[0].0, points[points.len() - 1].0);
            let _ = write!(
                svg,
                "<line class=\"fit\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\"/>",
                px(x0),
                py(a * x0.powf(b)),
                px(x1),
                py(a * x1.powf(b))
            );
        }
        let _ = write!(
            legend,
            "<li><span class=\"swatch c{}\"></span>{}{}</li>",
            i % PALETTE.len(),
            escape(name),
            fit.map(|(_, b)| {
                // No "-0.00": a flat line's exponent rounds to zero either way.
                let b = if b.abs() < 0.005 { 0.0 } else { b };
                format!(" <span class=\"fit-label\">fitted ∝ n<sup>{b:.2}</sup></span>")
            })
            .unwrap_or_default()
        );
    }
    let _ = write!(
        svg,
        "</svg><figcaption>{} <span class=\"unit\">({unit_label}, log-log; dashed: fitted power law)</span>\
         <ul class=\"legend\">{legend}</ul></figcaption></figure>",
        escape(title)
    );
    svg
}

/// Least squares on (log x, log y): `y ≈ a · x^b`, from at least two points.
fn fit_power_law(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let logs: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x.ln(), y.ln())).collect();
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    if sxx == 0.0 {
        return None;
    }
    let b = sxy / sxx;
    Some(((mean_y - b * mean_x).exp(), b))
}

/// A value for a label: at most four significant digits, with k/M/G for large ones.
fn short(value: f64) -> String {
    let (scaled, suffix) = match value.abs() {
        v if v >= 1e9 => (value / 1e9, "G"),
        v if v >= 1e6 => (value / 1e6, "M"),
        v if v >= 1e4 => (value / 1e3, "k"),
        _ => (value, ""),
    };
    let text = if scaled.fract() == 0.0 || scaled.abs() >= 100.0 {
        format!("{scaled:.0}")
    } else if scaled.abs() >= 10.0 {
        format!("{scaled:.1}")
    } else {
        format!("{scaled:.2}")
    };
    format!("{text}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn growth_table() -> Table {
        Table::new("work as n grows", ["n", "linear", "constant", "time"])
            .row(["1,000", "1,000", "2.1", "59.2 ns"])
            .row(["10,000", "10,000", "2.1", "1.20 µs"])
            .row(["100,000", "100,000", "2.2", "(too slow)"])
    }

    #[test]
    fn a_growth_table_becomes_one_log_log_chart_per_unit_with_fitted_exponents() {
        let svg = growth(&growth_table());
        assert_eq!(svg.matches("<svg").count(), 2, "counts and times: {svg}");
        assert!(svg.contains("fitted ∝ n<sup>1.00</sup>"), "linear: {svg}");
        assert!(svg.contains("fitted ∝ n<sup>0.01</sup>"), "constant: {svg}");
        assert_eq!(svg.matches("<polyline").count(), 3);
    }

    #[test]
    fn tables_that_are_not_growth_tables_draw_nothing() {
        let by_name = Table::new("policies", ["policy", "hits"])
            .row(["LRU", "61%"])
            .row(["FIFO", "55%"])
            .row(["random", "50%"]);
        assert_eq!(growth(&by_name), "");
        let decreasing = Table::new("t", ["n", "v"])
            .row(["3", "1"])
            .row(["2", "1"])
            .row(["1", "1"]);
        assert_eq!(growth(&decreasing), "");
    }

    #[test]
    fn numbers_are_read_with_their_units() {
        assert_eq!(number("1,257"), Some((1257.0, "count")));
        assert_eq!(number("11.85 µs"), Some((11850.0, "ns")));
        assert_eq!(number("61.2%"), Some((61.2, "%")));
        assert_eq!(number("12.5 (4.1 ns)"), Some((12.5, "count")));
        assert_eq!(number("(too slow)"), None);
        assert_eq!(number("0.5% of keys"), None);
    }

    #[test]
    fn chart_labels_are_escaped() {
        let chart = Bars::new("<script>t</script>", "<script>u</script>")
            .group("<script>g</script>", [("<script>b</script>", 1.0)]);
        let svg = bars(&chart);
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;b&lt;/script&gt;"));
        let mut table = growth_table();
        table.title = "<script>t</script>".into();
        table.columns[1] = "<script>c</script>".into();
        let svg = growth(&table);
        assert!(!svg.contains("<script>"), "{svg}");
    }
}
