//! The system-design demo: the answer's worked examples computed by the estimator, and
//! the latency numbers designs rest on, measured on this machine.
//!
//! Claims, counted first:
//!
//! 1. 10 million daily users making 10 requests each is about 1,160 requests a second;
//! 2. the URL shortener needs 7 base62 characters (5 years of links outnumber 62^6);
//! 3. its average egress fits a 1 Gbit/s link and its peak does not;
//! 4. the news feed's fan-out writes more timeline entries at peak than it serves feeds;
//! 5. the chat's heartbeats outnumber its messages at peak;
//! 6. both pointer chases are one cycle through every cache line, in random order
//!    (counted by walking them), so each load waits for the one before;
//!
//! then timed, each re-measured before it fails ([`Claim::timed`]), on this run's
//! numbers: 7. L1 < main memory; 8. main memory < loopback round trip; 9. loopback round
//! trip < fsync; 10. reading 1 MiB from memory < reading 1 MiB from disk.
//!
//! `--size` is the main-memory chase in MiB (default 256, up to 1,024, or as much as
//! half the available memory allows).

use std::collections::BTreeMap;

use evidence::format::{count, nanos, percent, times};
use evidence::{Claim, DemoConfig, Report, Table};

use crate::cli::{bits, bytes};
use crate::examples::{
    CHAT, CHAT_CONNECTED_AT_PEAK, CHAT_CONNECTIONS_PER_GATEWAY, CHAT_HEARTBEAT_SECS,
    FEED_FOLLOWERS, HEADROOM, NEWS_FEED, SHORTENER_RPS_PER_SERVER, URL_SHORTENER,
};
use crate::latency::{self, Chase, Disk, L1_BYTES, Loopback, MIB, Op};
use crate::{Estimate, Workload, estimate, servers_needed};

/// Loads timed per round of a pointer chase.
const CHASE_STEPS: usize = 1 << 20;

/// Runs the demo: `config.size` MiB of main-memory chase, shuffled by `config.seed`.
pub fn run(config: &DemoConfig) -> Report {
    let mut report = Report::new(
        "system-design",
        "Estimates for the worked examples, and latency numbers measured here",
    );
    worked_examples(&mut report);
    let (mib, capped) = fitting_mib(config.size);
    if let Some(available) = capped {
        report.notes.push(format!(
            "asked for {} MiB of main-memory chase; {} MiB are available, so it covers {mib} MiB",
            config.size, available
        ));
    }
    let l1 = Chase::new(L1_BYTES, config.seed);
    let memory = Chase::new(mib * MIB, config.seed ^ 0x9e37_79b9_7f4a_7c15);
    chase_claim(&mut report, &l1, &memory);
    latencies(&mut report, &l1, &memory, config.seed);
    report
}

/// The estimate of a worked example, which is valid by construction of its constants.
fn worked(workload: &Workload) -> Estimate {
    estimate(workload).expect("the worked examples are valid workloads")
}

/// Claims 1-5 and the table of the worked examples' estimates.
fn worked_examples(report: &mut Report) {
    let mut table = Table::new(
        "The worked examples, estimated by system_design::estimate (cargo lab estimate)",
        [
            "example",
            "avg req/s",
            "peak req/s",
            "reads/s",
            "writes/s",
            "storage",
            "egress",
            "hot cache",
        ],
    );
    for (name, w) in [
        ("URL shortener", URL_SHORTENER),
        ("news feed", NEWS_FEED),
        ("chat", CHAT),
    ] {
        let e = worked(&w);
        table.push([
            name.to_string(),
            count(e.avg_rps.round() as u64),
            count(e.peak_rps.round() as u64),
            count(e.read_rps.round() as u64),
            count(e.write_rps.round() as u64),
            bytes(e.storage_bytes as f64),
            format!("{}/s", bytes(e.egress_bytes_per_sec)),
            bytes(e.hot_cache_bytes as f64),
        ]);
    }
    report.tables.push(table);

    // 1. The answer's opening example.
    let ten_million = worked(&Workload {
        daily_active_users: 10_000_000,
        requests_per_user_per_day: 10.0,
        ..URL_SHORTENER
    });
    report.claims.push(Claim::new(
        "10 million daily users making 10 requests each is about 1,160 requests a second \
         on average (÷ 86,400, not ÷ 10^5)",
        format!("{:.1} requests/s", ten_million.avg_rps),
        (ten_million.avg_rps / 1_160.0 - 1.0).abs() < 0.01,
    ));

    // 2. Short codes: every link of the retention period needs its own.
    let shortener = worked(&URL_SHORTENER);
    let links = shortener.write_rps * crate::SECONDS_PER_DAY * URL_SHORTENER.retention_days as f64;
    let six = 62f64.powi(6);
    let seven = 62f64.powi(7);
    report.claims.push(Claim::new(
        "the URL shortener needs 7 base62 characters: 5 years of links outnumber 62^6 codes \
         and fill a small part of 62^7",
        format!(
            "{:.2e} links; 62^6 = {six:.2e}, 62^7 = {seven:.2e} ({} used)",
            links,
            percent(links / seven)
        ),
        links > six && links <= seven / 2.0,
    ));

    // 3. Bytes against bits.
    let gigabit = 1e9;
    let average_bits = shortener.egress_bytes_per_sec * 8.0;
    let peak_bits = average_bits * URL_SHORTENER.peak_to_average;
    let servers = servers_needed(shortener.peak_rps, SHORTENER_RPS_PER_SERVER, HEADROOM)
        .expect("valid capacity inputs");
    report.claims.push(Claim::new(
        "the shortener's redirects fit a 1 Gbit/s link on average but not at the 3x peak \
         (egress is in bytes: × 8 for the link)",
        format!(
            "{}/s = {} average, {} at peak; {servers} servers at {} redirects/s with 30% free",
            bytes(shortener.egress_bytes_per_sec),
            bits(average_bits),
            bits(peak_bits),
            count(SHORTENER_RPS_PER_SERVER as u64)
        ),
        average_bits < gigabit && peak_bits > gigabit,
    ));

    // 4. Fan-out on write.
    let feed = worked(&NEWS_FEED);
    let inserts_at_peak = feed.write_rps * NEWS_FEED.peak_to_average * FEED_FOLLOWERS;
    let feeds_at_peak = feed.read_rps * NEWS_FEED.peak_to_average;
    report.claims.push(Claim::new(
        "the news feed's fan-out (each post into 200 timelines) writes more timeline \
         entries at peak than the feed serves reads",
        format!(
            "{} posts/s at peak × 200 = {} inserts/s, against {} feed reads/s ({})",
            count((feed.write_rps * NEWS_FEED.peak_to_average).round() as u64),
            count(inserts_at_peak.round() as u64),
            count(feeds_at_peak.round() as u64),
            times(inserts_at_peak / feeds_at_peak)
        ),
        inserts_at_peak > feeds_at_peak,
    ));

    // 5. The connection tier.
    let chat = worked(&CHAT);
    let connected = CHAT.daily_active_users as f64 * CHAT_CONNECTED_AT_PEAK;
    let heartbeats = connected / CHAT_HEARTBEAT_SECS;
    let messages_at_peak = chat.write_rps * CHAT.peak_to_average;
    let gateways = servers_needed(connected, CHAT_CONNECTIONS_PER_GATEWAY, HEADROOM)
        .expect("valid capacity inputs");
    report.claims.push(Claim::new(
        "the chat's heartbeats (10 million connections, one every 30 s) outnumber its \
         messages at peak: the connection tier, not the message rate, sizes it",
        format!(
            "{} heartbeats/s against {} messages/s at peak; {gateways} gateways of {} \
             connections with 30% free",
            count(heartbeats.round() as u64),
            count(messages_at_peak.round() as u64),
            count(CHAT_CONNECTIONS_PER_GATEWAY as u64)
        ),
        heartbeats > messages_at_peak,
    ));
}

/// Claim 6: the chases are what the latency numbers assume.
fn chase_claim(report: &mut Report, l1: &Chase, memory: &Chase) {
    let small = l1.walk();
    let big = memory.walk();
    let same_page = big.same_page as f64 / big.steps as f64;
    report.claims.push(Claim::new(
        "each pointer chase is one cycle through every cache line of its buffer in random \
         order, so every load waits for the one before and few land near the last",
        format!(
            "L1: {} of {} lines in the cycle; memory: {} of {} lines, {} steps ({}) in the \
             same 4 KiB page, {} to the adjacent line",
            count(small.steps),
            count(small.lines),
            count(big.steps),
            count(big.lines),
            count(big.same_page),
            percent(same_page),
            count(big.adjacent)
        ),
        small.steps == small.lines && big.steps == big.lines && same_page < 0.01,
    ));
}

/// Claims 7-10 and the latency table: timed, so measured only when the timings run
/// (tests skip them), and re-measured before a claim fails.
fn latencies(report: &mut Report, l1: &Chase, memory: &Chase, seed: u64) {
    let mut lab = Lab {
        l1,
        memory,
        seed,
        disk: None,
        loopback: None,
        measured: BTreeMap::new(),
        problems: Vec::new(),
    };
    let orderings = [
        (
            Op::L1,
            Op::Memory,
            "an L1-resident read is faster than a main-memory reference",
        ),
        (
            Op::Memory,
            Op::Loopback,
            "a main-memory reference is faster than a loopback TCP round trip",
        ),
        (
            Op::Loopback,
            Op::Fsync4Kib,
            "a loopback TCP round trip is faster than an fsync of a 4 KiB write",
        ),
        (
            Op::Read1MibMemory,
            Op::Disk1Mib,
            "reading 1 MiB from memory is faster than reading 1 MiB from a file on disk",
        ),
    ];
    for (fast, slow, statement) in orderings {
        let mut attempt = 0;
        let claim = Claim::timed(statement, || {
            attempt += 1;
            if attempt == 1 && lab.measured.is_empty() {
                lab.measure_all();
            } else if attempt > 1 {
                lab.measure(fast);
                lab.measure(slow);
            }
            let a = lab.measured.get(&fast).copied().unwrap_or(f64::NAN);
            let b = lab.measured.get(&slow).copied().unwrap_or(f64::NAN);
            (
                format!(
                    "{}: {}, {}: {} ({})",
                    fast.label(),
                    nanos(a),
                    slow.label(),
                    nanos(b),
                    times(b / a)
                ),
                a < b,
            )
        });
        report.claims.push(claim);
    }
    if lab.measured.is_empty() {
        return;
    }
    let mut table = Table::new(
        "Latency on this machine (best of 3 rounds) beside the 2012 figures of \"Latency \
         numbers every programmer should know\"",
        ["operation", "measured here", "2012 figure", "the 2012 line"],
    );
    for op in Op::ALL {
        let here = lab
            .measured
            .get(&op)
            .map_or_else(|| "not measured".to_string(), |&ns| nanos(ns));
        let (quoted, line) = op
            .quoted_2012()
            .map_or(("-".to_string(), "-"), |(ns, line)| (nanos(ns), line));
        table.push([op.label().to_string(), here, quoted, line.to_string()]);
    }
    report.tables.push(table);
    if let Some(disk) = &lab.disk {
        report.notes.push(format!(
            "disk: a 32 MiB file in {}; {}",
            disk.place,
            if disk.direct {
                "reads use O_DIRECT, bypassing the page cache (a virtual disk's host may \
                 still cache them)"
            } else {
                "O_DIRECT was refused, so the page cache may serve the reads: the disk \
                 figures are then memory speeds"
            }
        ));
    }
    if memory.bytes() < 64 * MIB {
        report.notes.push(format!(
            "the main-memory chase covers {} MiB, which a large last-level cache may hold: \
             run the default size (256) for a main-memory figure",
            memory.bytes() / MIB
        ));
    }
    report.notes.push(
        "the loopback round trip crosses the kernel's TCP stack twice but no network: a \
         round trip between machines in one datacenter adds the wire and switches (the \
         2012 line, 500 µs; well-run networks now do tens of µs)"
            .to_string(),
    );
    report.notes.extend(lab.problems);
}

/// What the timed claims measure with, set up at the first measurement.
struct Lab<'a> {
    l1: &'a Chase,
    memory: &'a Chase,
    seed: u64,
    disk: Option<Disk>,
    loopback: Option<Loopback>,
    /// The latest measurement of each operation, in nanoseconds.
    measured: BTreeMap<Op, f64>,
    /// What could not be set up, for the notes.
    problems: Vec<String>,
}

impl Lab<'_> {
    fn measure_all(&mut self) {
        for op in Op::ALL {
            self.measure(op);
        }
    }

    /// Measures `op` (again), recording its nanoseconds.
    fn measure(&mut self, op: Op) {
        let ns = match op {
            Op::L1 => Some(self.l1.ns_per_load(CHASE_STEPS)),
            Op::Memory => Some(self.memory.ns_per_load(CHASE_STEPS)),
            Op::Mutex => Some(latency::mutex_ns()),
            Op::HashLookup => Some(latency::hash_lookup_ns(self.seed)),
            Op::Copy1Mib => Some(latency::copy_mib_ns()),
            Op::Read1MibMemory => Some(self.memory.ns_per_mib_read()),
            Op::Disk4KibRandom => self.disk_figure(op, Disk::random_4kib_ns),
            Op::Disk1Mib => self.disk_figure(op, Disk::read_mib_ns),
            Op::Fsync4Kib => self.disk_figure(op, Disk::fsync_ns),
            Op::Loopback => self.loopback().map(Loopback::round_trip_ns),
            Op::ProcessStart => Some(latency::process_start_ns()),
        };
        if let Some(ns) = ns {
            self.measured.insert(op, ns);
        }
    }

    /// A disk measurement, or `None` and a note when the disk cannot be set up or an
    /// I/O call fails (a failed read would time as a fast one).
    fn disk_figure(
        &mut self,
        op: Op,
        measure: fn(&mut Disk) -> std::io::Result<f64>,
    ) -> Option<f64> {
        match measure(self.disk()?) {
            Ok(ns) => Some(ns),
            Err(e) => {
                self.problems.push(format!(
                    "{} not measured: an I/O call failed: {e}",
                    op.label()
                ));
                None
            }
        }
    }

    /// The disk files, created at the first call; `None` (and a note) if they cannot be.
    fn disk(&mut self) -> Option<&mut Disk> {
        if self.disk.is_none() {
            match Disk::new(self.seed) {
                Ok(disk) => self.disk = Some(disk),
                Err(e) => self.problems.push(format!("no disk measurement: {e}")),
            }
        }
        self.disk.as_mut()
    }

    /// The echo server and its client, started at the first call.
    fn loopback(&mut self) -> Option<&mut Loopback> {
        if self.loopback.is_none() {
            match Loopback::start() {
                Ok(l) => self.loopback = Some(l),
                Err(e) => self.problems.push(format!("no loopback measurement: {e}")),
            }
        }
        self.loopback.as_mut()
    }
}

/// The chase size in MiB: `asked`, unless more than half the available memory (per
/// `/proc/meminfo`); then half of it, and how much was available.
fn fitting_mib(asked: usize) -> (usize, Option<usize>) {
    let available = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("MemAvailable:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<usize>().ok())
        })
        .map(|kib| kib / 1_024);
    match available {
        Some(mib) if asked > mib / 2 => ((mib / 2).max(1), Some(mib)),
        _ => (asked, None),
    }
}
