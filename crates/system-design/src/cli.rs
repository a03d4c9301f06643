//! The estimate command: `cargo lab estimate` runs the `system-design-estimate` binary,
//! which is [`run`] on its arguments.
//!
//! `lab` links no topic, so the command lives here, beside the estimator, and `lab`
//! passes its flags on to this binary. One flag per [`Workload`] field, named after it
//! (`--daily-active-users`), plus the two inputs of [`servers_needed`]; any flag left
//! out takes its [`DEFAULTS`] value, and the output says which ones did. Every figure is
//! printed with its unit and as a power of ten, then the assumptions behind it.

use std::fmt;

use serde_json::json;

use crate::{Estimate, EstimateError, HOT_FRACTION, SECONDS_PER_DAY, Workload};
use crate::{estimate, servers_needed};

/// What the command was asked: a workload, the two server inputs, and the format.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The workload to estimate.
    pub workload: Workload,
    /// Requests a second one server sustains at its latency target.
    pub rps_per_server: f64,
    /// The fraction of each server's capacity kept free, in [0, 1).
    pub headroom: f64,
    /// Prints one JSON object instead of text.
    pub json: bool,
    /// The flags that were not given and took their default, in flag order.
    pub defaulted: Vec<&'static str>,
}

/// The values of flags left out: the issue's round example, 10 million daily users
/// making 10 requests each, with the common assumptions of the answer (peak 3x, 3
/// replicas, 30% headroom).
pub const DEFAULTS: Defaults = Defaults {
    workload: Workload {
        daily_active_users: 10_000_000,
        requests_per_user_per_day: 10.0,
        read_write_ratio: 10.0,
        peak_to_average: 3.0,
        object_bytes: 1_000,
        retention_days: 365,
        replication: 3,
    },
    rps_per_server: 1_000.0,
    headroom: 0.3,
};

/// The values [`DEFAULTS`] holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Defaults {
    /// The workload.
    pub workload: Workload,
    /// Requests a second per server.
    pub rps_per_server: f64,
    /// Capacity kept free.
    pub headroom: f64,
}

/// The command's flags, each with the field it sets and what it means.
pub const FLAGS: [(&str, &str); 10] = [
    ("--daily-active-users", "distinct users on an average day"),
    (
        "--requests-per-user-per-day",
        "requests each user makes a day",
    ),
    (
        "--read-write-ratio",
        "reads per write (100: 100 reads for each write)",
    ),
    ("--peak-to-average", "peak rate ÷ average rate, at least 1"),
    (
        "--object-bytes",
        "bytes each write stores and each read returns",
    ),
    ("--retention-days", "days each object is kept"),
    ("--replication", "copies of each object"),
    ("--rps-per-server", "requests a second one server sustains"),
    ("--headroom", "fraction of each server kept free, in [0, 1)"),
    ("--json", "print one JSON object instead of text"),
];

/// A mistake on the command line, or a workload the estimator refuses: one line.
#[derive(Debug, Clone, PartialEq)]
pub struct CliError(String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CliError {}

/// Parses `args`, estimates, and returns what to print.
///
/// # Errors
///
/// An unknown flag, a flag without its value, a value that is not a number, or a
/// workload [`estimate`] or [`servers_needed`] refuses (the message names the flag).
///
/// # Example
///
/// ```
/// let args = ["--daily-active-users", "1e6", "--json"].map(String::from);
/// let out = system_design::cli::run(&args).unwrap();
/// let json: serde_json::Value = serde_json::from_str(&out).unwrap();
/// assert_eq!(json["workload"]["daily_active_users"], 1_000_000);
///
/// let bad = ["--headroom", "1"].map(String::from);
/// let err = system_design::cli::run(&bad).unwrap_err().to_string();
/// assert!(err.starts_with("headroom is 1: it must be in [0, 1)"), "{err}");
/// ```
pub fn run(args: &[String]) -> Result<String, CliError> {
    let request = parse(args)?;
    let estimate = estimate(&request.workload).map_err(refused)?;
    let servers = servers_needed(estimate.peak_rps, request.rps_per_server, request.headroom)
        .map_err(refused)?;
    Ok(if request.json {
        to_json(&request, &estimate, servers)
    } else {
        to_text(&request, &estimate, servers)
    })
}

/// Reads `--flag value` pairs and `--json`; flags left out take [`DEFAULTS`].
///
/// # Errors
///
/// An unknown flag, a missing value, a value that is not a number of the flag's kind.
pub fn parse(args: &[String]) -> Result<Request, CliError> {
    let mut request = Request {
        workload: DEFAULTS.workload,
        rps_per_server: DEFAULTS.rps_per_server,
        headroom: DEFAULTS.headroom,
        json: false,
        defaulted: Vec::new(),
    };
    let mut given: Vec<&str> = Vec::new();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        if flag == "--json" {
            request.json = true;
            continue;
        }
        let Some(&(name, _)) = FLAGS.iter().find(|(f, _)| f == flag) else {
            return Err(CliError(format!(
                "unknown flag '{flag}'; the flags are {}",
                FLAGS.map(|(f, _)| f).join(", ")
            )));
        };
        let value = rest
            .next()
            .ok_or_else(|| CliError(format!("{name} needs a value")))?;
        let w = &mut request.workload;
        match name {
            "--daily-active-users" => w.daily_active_users = whole(name, value)?,
            "--requests-per-user-per-day" => w.requests_per_user_per_day = real(name, value)?,
            "--read-write-ratio" => w.read_write_ratio = real(name, value)?,
            "--peak-to-average" => w.peak_to_average = real(name, value)?,
            "--object-bytes" => w.object_bytes = whole(name, value)?,
            "--retention-days" => w.retention_days = whole(name, value)?,
            "--replication" => {
                let copies = whole(name, value)?;
                w.replication = u32::try_from(copies).map_err(|_| {
                    CliError(format!(
                        "{name} {value} is too large: at most {} copies",
                        u32::MAX
                    ))
                })?;
            }
            "--rps-per-server" => request.rps_per_server = real(name, value)?,
            _ => request.headroom = real(name, value)?,
        }
        given.push(name);
    }
    request.defaulted = FLAGS
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| *f != "--json" && !given.contains(f))
        .collect();
    Ok(request)
}

/// A refused workload, with the flag that sets the input it names.
fn refused(error: EstimateError) -> CliError {
    let input = match error {
        EstimateError::NoUsers => Some("daily_active_users"),
        EstimateError::NotFinite { input, .. } | EstimateError::OutOfRange { input, .. } => {
            Some(input)
        }
        EstimateError::TooLarge { .. } => None,
    };
    match input {
        // `peak_rps` is computed, not given: name the flags it comes from.
        Some("peak_rps") => CliError(format!(
            "{error} (from --daily-active-users, --requests-per-user-per-day and \
             --peak-to-average)"
        )),
        Some(field) => CliError(format!("{error} (--{})", field.replace('_', "-"))),
        None => CliError(error.to_string()),
    }
}

/// A whole number: digits (with `_` or `,` between groups allowed) or a power-of-ten
/// form such as `1e8` that is a whole number.
fn whole(flag: &str, text: &str) -> Result<u64, CliError> {
    let digits: String = text.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    if let Ok(n) = digits.parse::<u64>() {
        return Ok(n);
    }
    let bad = || {
        CliError(format!(
            "{flag} takes a whole number from 0 to {} (such as 250000, 250_000 or 2.5e5), \
             not '{text}'",
            u64::MAX
        ))
    };
    let float: f64 = digits.parse().map_err(|_| bad())?;
    // 2^64 itself does not fit; below it, a float with no fraction is a whole number
    // (1e8 parses exactly).
    if float >= 0.0 && float.fract() == 0.0 && float < 18_446_744_073_709_551_616.0 {
        Ok(float as u64)
    } else {
        Err(bad())
    }
}

/// A number, as Rust reads an `f64` (`0.3`, `1e5`, and also `NaN` and `inf`, which the
/// estimator then refuses with a message naming the input).
fn real(flag: &str, text: &str) -> Result<f64, CliError> {
    let digits: String = text.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    digits.parse().map_err(|_| {
        CliError(format!(
            "{flag} takes a number such as 3, 0.3 or 1e5, not '{text}'"
        ))
    })
}

/// The assumptions behind the figures, as the output states them.
pub fn assumptions(request: &Request) -> Vec<String> {
    let w = &request.workload;
    let mut out = vec![
        format!(
            "a day is {} s; rates are averages over it, and the peak is {} times the average \
             (--peak-to-average)",
            count(SECONDS_PER_DAY),
            plain(w.peak_to_average)
        ),
        format!(
            "every request is a read or a write, {} reads to 1 write (--read-write-ratio)",
            plain(w.read_write_ratio)
        ),
        format!(
            "each write stores {} on each of {} replicas for {} days; nothing is deleted \
             early, compressed or deduplicated",
            bytes(w.object_bytes as f64),
            w.replication,
            count(w.retention_days as f64)
        ),
        format!(
            "each read returns {}; egress is in bytes a second (× 8 for the bits a second \
             links are rated in)",
            bytes(w.object_bytes as f64)
        ),
        format!(
            "the hot cache holds {}% of one day's reads (the 80/20 rule): an upper bound, \
             since hot objects repeat",
            plain(HOT_FRACTION * 100.0)
        ),
        format!(
            "one server sustains {} requests a second (replace with a load test) and keeps \
             {}% of it free",
            count(request.rps_per_server),
            plain(request.headroom * 100.0)
        ),
        "units are decimal: 1 KB = 10^3 B, 1 TB = 10^12 B; figures are rounded for \
         reading, the JSON keeps them whole"
            .to_string(),
    ];
    if !request.defaulted.is_empty() {
        out.push(format!(
            "not given, so taken from the defaults: {}",
            request
                .defaulted
                .iter()
                .map(|f| format!("{f} {}", default_value(f)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

fn default_value(flag: &str) -> String {
    let w = &DEFAULTS.workload;
    match flag {
        "--daily-active-users" => w.daily_active_users.to_string(),
        "--requests-per-user-per-day" => plain(w.requests_per_user_per_day),
        "--read-write-ratio" => plain(w.read_write_ratio),
        "--peak-to-average" => plain(w.peak_to_average),
        "--object-bytes" => w.object_bytes.to_string(),
        "--retention-days" => w.retention_days.to_string(),
        "--replication" => w.replication.to_string(),
        "--rps-per-server" => plain(DEFAULTS.rps_per_server),
        _ => plain(DEFAULTS.headroom),
    }
}

/// The text report: each figure with its unit, as a power of ten, and how it was
/// computed; then the assumptions.
fn to_text(request: &Request, e: &Estimate, servers: u64) -> String {
    let w = &request.workload;
    let r = w.read_write_ratio;
    let object = bytes(w.object_bytes as f64);
    let lines = [
        format!(
            "Estimate: {} daily active users × {} requests a day",
            count(w.daily_active_users as f64),
            plain(w.requests_per_user_per_day)
        ),
        String::new(),
        "traffic".into(),
        row(
            "average",
            format!("{} req/s", rate(e.avg_rps)),
            ten(e.avg_rps),
            "users × requests / 86,400 s".into(),
        ),
        row(
            "peak",
            format!("{} req/s", rate(e.peak_rps)),
            ten(e.peak_rps),
            format!("average × {}", plain(w.peak_to_average)),
        ),
        row(
            "reads",
            format!("{} req/s", rate(e.read_rps)),
            ten(e.read_rps),
            format!("average × {}/{}", plain(r), plain(r + 1.0)),
        ),
        row(
            "writes",
            format!("{} req/s", rate(e.write_rps)),
            ten(e.write_rps),
            format!("average × 1/{}", plain(r + 1.0)),
        ),
        "data".into(),
        row(
            "storage",
            bytes(e.storage_bytes as f64),
            format!("{} B", ten(e.storage_bytes as f64)),
            format!(
                "writes/s × 86,400 s × {object} × {} days × {} replicas",
                count(w.retention_days as f64),
                w.replication
            ),
        ),
        row(
            "egress",
            format!("{}/s", bytes(e.egress_bytes_per_sec)),
            format!("{} B/s", ten(e.egress_bytes_per_sec)),
            format!(
                "reads/s × {object} = {}",
                bits(e.egress_bytes_per_sec * 8.0)
            ),
        ),
        row(
            "hot cache",
            bytes(e.hot_cache_bytes as f64),
            format!("{} B", ten(e.hot_cache_bytes as f64)),
            format!(
                "{}% of a day's reads × {object}",
                plain(HOT_FRACTION * 100.0)
            ),
        ),
        "servers".into(),
        row(
            "needed",
            count(servers as f64),
            ten(servers as f64),
            format!(
                "⌈peak / ({} req/s × (1 − {}))⌉",
                count(request.rps_per_server),
                plain(request.headroom)
            ),
        ),
        String::new(),
        "assumptions".into(),
    ];
    let mut out = lines.join("\n");
    for a in assumptions(request) {
        out.push_str("\n  - ");
        out.push_str(&a);
    }
    out
}

/// One figure of the text report: name, value with unit, power of ten, how it was
/// computed.
fn row(name: &str, value: String, power: String, how: String) -> String {
    format!("  {name:<11}{value:>16}   {power:<18}  {how}")
}

/// The JSON report: the inputs, the figures unrounded, the server count, the
/// assumptions and the flags that took their defaults.
fn to_json(request: &Request, e: &Estimate, servers: u64) -> String {
    let w = &request.workload;
    json!({
        "workload": {
            "daily_active_users": w.daily_active_users,
            "requests_per_user_per_day": w.requests_per_user_per_day,
            "read_write_ratio": w.read_write_ratio,
            "peak_to_average": w.peak_to_average,
            "object_bytes": w.object_bytes,
            "retention_days": w.retention_days,
            "replication": w.replication,
        },
        "estimate": {
            "avg_rps": e.avg_rps,
            "peak_rps": e.peak_rps,
            "read_rps": e.read_rps,
            "write_rps": e.write_rps,
            "storage_bytes": e.storage_bytes,
            "egress_bytes_per_sec": e.egress_bytes_per_sec,
            "egress_bits_per_sec": e.egress_bytes_per_sec * 8.0,
            "hot_cache_bytes": e.hot_cache_bytes,
        },
        "servers": {
            "rps_per_server": request.rps_per_server,
            "headroom": request.headroom,
            "servers_needed": servers,
        },
        "assumptions": assumptions(request),
        "defaults_used": request.defaulted,
    })
    .to_string()
}

/// A number with thousands separators, rounded to a whole: `116898.1` → `116,898`.
fn count(x: f64) -> String {
    let whole = x.round();
    if whole >= 1e19 {
        return ten(x);
    }
    evidence::format::count(whole as u64)
}

/// A rate: whole with separators from 100 up, else three significant digits.
fn rate(x: f64) -> String {
    if x >= 100.0 {
        count(x)
    } else {
        format!("{:.3}", x)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// A float as written by hand: `3`, `0.3`, `101`, `20`.
fn plain(x: f64) -> String {
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `x` as a power of ten with three significant digits: `1.17 × 10^5`.
pub fn ten(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    let exponent = x.abs().log10().floor();
    let mut mantissa = x / 10f64.powf(exponent);
    let mut exponent = exponent as i32;
    // 9.996 rounds to "10.0": carry it into the exponent.
    if (mantissa * 100.0).round() >= 1_000.0 {
        mantissa /= 10.0;
        exponent += 1;
    }
    format!("{mantissa:.2} × 10^{exponent}")
}

/// Bytes in decimal units: `273.75 TB`, `57.9 MB`, `500 B`.
pub fn bytes(x: f64) -> String {
    scaled(x, "B")
}

/// Bits a second in decimal units: `463 Mbit/s`.
pub fn bits(x: f64) -> String {
    format!("{}/s", scaled(x, "bit"))
}

/// `x` in the largest decimal unit that keeps it at least 1, three significant digits.
fn scaled(x: f64, unit: &str) -> String {
    const PREFIXES: [&str; 7] = ["", "k", "M", "G", "T", "P", "E"];
    let mut value = x;
    let mut prefix = 0;
    while value >= 1_000.0 && prefix + 1 < PREFIXES.len() {
        value /= 1_000.0;
        prefix += 1;
    }
    let digits = if value >= 100.0 || value.fract() == 0.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    let prefix = match (PREFIXES[prefix], unit) {
        ("k", "B") => "K",
        (p, _) => p,
    };
    format!("{value:.digits$} {prefix}{unit}")
}
