//! The demo: counted measurements behind the answer's claims, every one from the
//! seeded simulation of [`crate::sim`] or from the CRDTs themselves.
//!
//! 1. **Stale reads against quorum sizes.** Leaderless, N = 3, no failures: reads that
//!    return an older version than a write acknowledged before the read began, for
//!    R = W = 1 and for R + W > N.
//! 2. **Replication lag.** A single leader replicating asynchronously, reads from
//!    followers: stale reads as the replication delay grows.
//! 3. **Session guarantees.** Each operation through one replica: read-your-writes and
//!    monotonic-read violations with random routing against sticky routing.
//! 4. **Conflicts.** Concurrent adds to shopping carts: items lost by last-writer-wins
//!    against siblings kept by version vectors.
//! 5. **Convergence after a partition.** Ticks from the heal until all replicas agree,
//!    against the anti-entropy interval, and without anti-entropy.
//! 6. **Merkle trees.** Bytes a Merkle-tree sync sends against a full sync, for 1% of
//!    the keys diverged.
//! 7. **CRDT counters.** Totals after every state was delivered twice in a shuffled
//!    order, against a last-writer-wins integer counter.

use std::collections::BTreeMap;
use std::time::Instant;

use rand::RngExt;
use rand::seq::SliceRandom;

use evidence::format::{count, nanos, percent};
use evidence::workload::rng;
use evidence::{Claim, DemoConfig, Report, Table};

use crate::kv::{Replica, Version};
use crate::merkle;
use crate::sim::{self, NetConfig, Policy, Workload};
use crate::{GCounter, LwwRegister, PnCounter};

/// Replicas in the key-value scenarios (the Dynamo paper's common N).
const N: u32 = 3;
/// Client sessions, each with one operation in flight.
const CLIENTS: u32 = 16;
/// Keys the clients share: few, so reads often follow writes of the same key.
const KEYS: u64 = 8;
/// The anti-entropy intervals compared, in ticks.
const INTERVALS: [u64; 3] = [10, 50, 200];
/// The fraction of keys that differ in the Merkle comparison.
const DIVERGENCE: f64 = 0.01;
/// Keys per Merkle leaf.
const PER_LEAF: usize = 8;
/// The Merkle sync must send at most this fraction of a full sync's bytes.
const MERKLE_BOUND: f64 = 0.2;

/// Runs every measurement at `config.size` operations per scenario.
pub fn run(config: &DemoConfig) -> Report {
    let ops = config.size as u64;
    let seed = config.seed;
    let mut report = Report::new(
        "replication",
        format!(
            "Eventual consistency: {} operations per scenario, {N} replicas, seed {seed}",
            count(ops)
        ),
    );
    // Wall time per measurement, shown beside the counts (never part of a claim).
    let mut times = Vec::new();
    let mut timed = |name: &str, f: &mut dyn FnMut(&mut Report)| {
        let start = Instant::now();
        f(&mut report);
        times.push(format!(
            "{name} {}",
            nanos(start.elapsed().as_nanos() as f64)
        ));
    };
    timed("quorums", &mut |r| quorums(r, ops, seed));
    timed("lag", &mut |r| lag(r, ops, seed));
    timed("sessions", &mut |r| sessions(r, ops, seed));
    timed("conflicts", &mut |r| conflicts(r, ops, seed));
    timed("partition", &mut |r| partition(r, ops, seed));
    timed("merkle", &mut |r| merkle_sync(r, config.size, seed));
    timed("counters", &mut |r| counters(r, ops, seed));
    report.notes.push(format!(
        "Wall time of each measurement on this machine: {}.",
        times.join(", ")
    ));
    report.notes.push(
        "Ticks are simulated time: a message takes 1 to max-delay ticks, chosen by the \
         seeded generator, so every number here is exact and repeats under the same seed."
            .to_string(),
    );
    report
}

fn workload(ops: u64, max_delay: u64) -> Workload {
    Workload {
        replicas: N,
        clients: CLIENTS,
        keys: KEYS,
        operations: ops,
        write_fraction: 0.5,
        net: NetConfig::reliable(max_delay),
    }
}

/// Claim 1: stale reads for each (R, W).
fn quorums(report: &mut Report, ops: u64, seed: u64) {
    let mut table = Table::new(
        "Leaderless, N = 3, delays 1-20 ticks, no failures: stale reads by quorum size",
        [
            "R",
            "W",
            "R + W > N",
            "reads",
            "stale",
            "stale %",
            "repairs",
            "messages",
            "bytes",
        ],
    );
    let w = workload(ops, 20);
    let mut loose = None;
    let mut strict_stale = 0;
    let mut strict_reads = 0;
    for (r, wq) in [(1, 1), (1, 2), (2, 2), (1, 3), (3, 1)] {
        let s = sim::quorum(&w, r, wq, seed);
        let strict = r + wq > N;
        table.push([
            r.to_string(),
            wq.to_string(),
            if strict { "yes" } else { "no" }.to_string(),
            count(s.reads),
            count(s.stale_reads),
            percent(ratio(s.stale_reads, s.reads)),
            count(s.repairs),
            count(s.net.sent),
            count(s.net.bytes),
        ]);
        if (r, wq) == (1, 1) {
            loose = Some(s);
        }
        if strict {
            strict_stale += s.stale_reads;
            strict_reads += s.reads;
        }
    }
    report.tables.push(table);
    let loose = loose.expect("the (1, 1) row ran");
    report.claims.push(Claim::new(
        "with R = W = 1 a read can miss a write that was already acknowledged",
        format!(
            "R = W = 1: {} of {} reads stale ({})",
            count(loose.stale_reads),
            count(loose.reads),
            percent(ratio(loose.stale_reads, loose.reads))
        ),
        loose.stale_reads > 0,
    ));
    report.claims.push(Claim::new(
        "with strict quorums (R + W > N) and no failures, no read is stale: every read set \
         overlaps every acknowledged write set",
        format!(
            "R + W > N: {} stale of {} reads over three configurations",
            count(strict_stale),
            count(strict_reads)
        ),
        strict_stale == 0 && strict_reads > 0,
    ));
}

/// Claim 2: follower reads go stale as replication lags.
fn lag(report: &mut Report, ops: u64, seed: u64) {
    let mut table = Table::new(
        "Single leader, asynchronous followers, reads from a follower",
        ["max delay (ticks)", "reads", "stale", "stale %"],
    );
    let mut fractions = Vec::new();
    for delay in [5, 20, 80] {
        let s = sim::leader(&workload(ops, delay), seed);
        fractions.push((delay, ratio(s.stale_reads, s.reads)));
        table.push([
            delay.to_string(),
            count(s.reads),
            count(s.stale_reads),
            percent(ratio(s.stale_reads, s.reads)),
        ]);
    }
    report.tables.push(table);
    let rising = fractions.windows(2).all(|w| w[0].1 < w[1].1);
    report.claims.push(Claim::new(
        "reads from asynchronous followers are stale more often as replication lag grows",
        fractions
            .iter()
            .map(|(d, f)| format!("delay ≤ {d}: {}", percent(*f)))
            .collect::<Vec<_>>()
            .join(", "),
        rising && fractions[0].1 > 0.0,
    ));
}

/// Claim 3: session guarantees with random and sticky routing.
fn sessions(report: &mut Report, ops: u64, seed: u64) {
    let mut table = Table::new(
        "Each operation through one replica (W = R = 1, async replication, delays 1-50), \
         2 keys, 20% writes: a user refreshing the same pages",
        [
            "routing",
            "reads",
            "read-your-writes violations",
            "monotonic-read violations",
        ],
    );
    let w = Workload {
        keys: 2,
        write_fraction: 0.2,
        ..workload(ops, 50)
    };
    let random = sim::sessions(&w, false, seed);
    let sticky = sim::sessions(&w, true, seed);
    for (name, s) in [("random", random), ("sticky", sticky)] {
        table.push([
            name.to_string(),
            count(s.reads),
            count(s.read_your_writes_violations),
            count(s.monotonic_read_violations),
        ]);
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "random routing breaks read-your-writes and monotonic reads",
        format!(
            "random: {} read-your-writes and {} monotonic-read violations in {} reads",
            count(random.read_your_writes_violations),
            count(random.monotonic_read_violations),
            count(random.reads)
        ),
        random.read_your_writes_violations > 0 && random.monotonic_read_violations > 0,
    ));
    report.claims.push(Claim::new(
        "sticky sessions (each client always on its own replica) keep both guarantees",
        format!(
            "sticky: {} and {} in {} reads",
            count(sticky.read_your_writes_violations),
            count(sticky.monotonic_read_violations),
            count(sticky.reads)
        ),
        sticky.read_your_writes_violations == 0
            && sticky.monotonic_read_violations == 0
            && sticky.reads > 0,
    ));
}

/// Claim 4: LWW loses concurrent adds, version vectors keep them as siblings.
fn conflicts(report: &mut Report, ops: u64, seed: u64) {
    let mut table = Table::new(
        "Concurrent adds to 4 shopping carts through 3 replicas (read, add, write back)",
        [
            "policy",
            "items added",
            "items lost",
            "most siblings",
            "writes that merged siblings",
            "converged",
            "bytes",
        ],
    );
    let adds = (ops / 10).max(50);
    let net = NetConfig::reliable(10);
    let lww = sim::conflicts(Policy::LastWriterWins, N, 4, adds, net, seed);
    let vv = sim::conflicts(Policy::VersionVectors, N, 4, adds, net, seed);
    for (name, s) in [("last writer wins", lww), ("version vectors", vv)] {
        table.push([
            name.to_string(),
            count(s.added),
            count(s.lost),
            count(s.max_siblings),
            count(s.sibling_merges),
            if s.converged { "yes" } else { "no" }.to_string(),
            count(s.net.bytes),
        ]);
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "last-writer-wins silently loses acknowledged writes under concurrent updates",
        format!(
            "{} of {} added items lost ({})",
            count(lww.lost),
            count(lww.added),
            percent(ratio(lww.lost, lww.added))
        ),
        lww.lost > 0 && lww.converged,
    ));
    report.claims.push(Claim::new(
        "version vectors detect the concurrent writes and keep them as siblings: nothing \
         is lost",
        format!(
            "{} lost of {}; up to {} siblings; {} writes merged siblings",
            count(vv.lost),
            count(vv.added),
            count(vv.max_siblings),
            count(vv.sibling_merges)
        ),
        vv.lost == 0 && vv.max_siblings > 1 && vv.converged,
    ));
}

/// Claim 5: time to converge after a partition against the anti-entropy interval.
fn partition(report: &mut Report, ops: u64, seed: u64) {
    let mut table = Table::new(
        "Replica 0 cut off while writes arrive, then healed; Merkle anti-entropy between one \
         pair at each interval (1% of messages also dropped)",
        [
            "interval (ticks)",
            "divergent keys at heal",
            "ticks to converge",
            "exchanges",
            "bytes",
        ],
    );
    let writes = (ops / 4).max(100);
    let keys = (ops / 2).max(200);
    let horizon = 20 * INTERVALS[INTERVALS.len() - 1];
    let mut times = Vec::new();
    for interval in INTERVALS.map(Some).into_iter().chain([None]) {
        let s = sim::heal(writes, keys, interval, horizon, 0.01, seed);
        table.push([
            interval.map_or("none".to_string(), |i| i.to_string()),
            count(s.divergent_keys),
            s.ticks_to_converge
                .map_or(format!("not within {horizon}"), |t| t.to_string()),
            count(s.rounds),
            count(s.sync_bytes),
        ]);
        times.push((interval, s.ticks_to_converge, s.divergent_keys));
    }
    report.tables.push(table);
    let timed: Vec<(u64, Option<u64>)> = times
        .iter()
        .filter_map(|&(i, t, _)| i.map(|i| (i, t)))
        .collect();
    let all_converge = timed.iter().all(|(_, t)| t.is_some());
    let growing = timed.windows(2).all(|w| w[0].1 < w[1].1);
    report.claims.push(Claim::new(
        "after a partition heals, replicas converge through anti-entropy, in time \
         proportional to its interval",
        timed
            .iter()
            .map(|(i, t)| {
                format!(
                    "every {i}: {}",
                    t.map_or("never".to_string(), |t| format!("{t} ticks"))
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
        all_converge && growing,
    ));
    let (_, never, divergent) = times[times.len() - 1];
    report.claims.push(Claim::new(
        "without anti-entropy (or reads to repair them), keys written during the partition \
         stay divergent",
        format!(
            "{} divergent keys; {}",
            count(divergent),
            never.map_or(
                format!("still divergent {horizon} ticks later"),
                |t| format!("converged after {t} ticks")
            )
        ),
        divergent > 0 && never.is_none(),
    ));
}

/// Claim 6: Merkle-tree sync against full sync at 1% divergence.
fn merkle_sync(report: &mut Report, size: usize, seed: u64) {
    let keys = size.max(1_000) as u64;
    let mut g = rng(seed ^ 0x6d65_726b);
    let mut a = Replica::new(0, 2);
    for k in 0..keys {
        a.apply(
            k,
            Version {
                timestamp: 1,
                writer: 0,
                value: g.random(),
            },
        );
    }
    let mut b = a.clone();
    let mut order: Vec<u64> = (0..keys).collect();
    order.shuffle(&mut g);
    let diverged = ((keys as f64 * DIVERGENCE) as usize).max(1);
    for (i, &k) in order[..diverged].iter().enumerate() {
        let newer = Version {
            timestamp: 2,
            writer: 1,
            value: g.random(),
        };
        // Half the differences on each side.
        if i % 2 == 0 {
            a.apply(k, newer);
        } else {
            b.apply(k, newer);
        }
    }
    let depth = merkle::depth_for(keys as usize, PER_LEAF);
    let (mut fa, mut fb) = (a.clone(), b.clone());
    let full = merkle::full_sync(&mut fa, &mut fb);
    let tree = merkle::sync(&mut a, &mut b, depth);
    let mut table = Table::new(
        format!(
            "Syncing two replicas of {} keys, {} of them different ({}), Merkle tree of {} leaves",
            count(keys),
            count(diverged as u64),
            percent(DIVERGENCE),
            count(1 << depth)
        ),
        [
            "method",
            "hashes compared",
            "leaves differing",
            "entries sent",
            "entries applied",
            "bytes",
        ],
    );
    for (name, s) in [("full sync", full), ("merkle tree", tree)] {
        table.push([
            name.to_string(),
            count(s.nodes_compared as u64),
            count(s.leaves_differing as u64),
            count(s.entries_sent as u64),
            count(s.entries_applied as u64),
            count(s.bytes as u64),
        ]);
    }
    report.tables.push(table);
    let share = tree.bytes as f64 / full.bytes as f64;
    let same = a.store() == b.store() && a.store() == fa.store() && fb.store() == fa.store();
    report.claims.push(Claim::new(
        format!(
            "with 1% of keys diverged, a Merkle-tree sync sends a small fraction (under {}) \
             of the bytes of a full sync, and repairs the same keys",
            percent(MERKLE_BOUND)
        ),
        format!(
            "{} against {} bytes ({}); {} entries repaired by both; stores equal: {}",
            count(tree.bytes as u64),
            count(full.bytes as u64),
            percent(share),
            count(tree.entries_applied as u64),
            if same { "yes" } else { "no" }
        ),
        share <= MERKLE_BOUND && same && tree.entries_applied == full.entries_applied,
    ));
}

/// Claim 7: CRDT counters reach the true totals after any delivery order; a
/// last-writer-wins counter does not.
fn counters(report: &mut Report, ops: u64, seed: u64) {
    const REPLICAS: u32 = 5;
    let mut g = rng(seed ^ 0x6372_6474);
    let mut gs: Vec<GCounter> = (0..REPLICAS).map(GCounter::new).collect();
    let mut ps: Vec<PnCounter> = (0..REPLICAS).map(PnCounter::new).collect();
    let mut lww: Vec<LwwRegister<i64>> = (0..REPLICAS).map(LwwRegister::new).collect();
    let mut sent_g = Vec::new();
    let mut sent_p = Vec::new();
    let mut sent_l = Vec::new();
    let (mut up, mut total) = (0u64, 0i64);
    let updates = (ops / 4).max(100);
    for t in 0..updates {
        let r = g.random_range(0..REPLICAS as usize);
        let by = g.random_range(1..=5u64);
        let down = g.random_bool(0.3);
        gs[r].increment(by);
        up += by;
        if down {
            ps[r].decrement(by);
            total -= by as i64;
        } else {
            ps[r].increment(by);
            total += by as i64;
        }
        // A last-writer-wins "counter": read the local value, add, write it back.
        let local = lww[r].get().copied().unwrap_or(0);
        lww[r].set(local + if down { -(by as i64) } else { by as i64 }, t);
        sent_g.push(gs[r].clone());
        sent_p.push(ps[r].clone());
        sent_l.push(lww[r].clone());
        // Now and then a replica hears from another, as gossip would.
        if g.random_bool(0.2) {
            let from = g.random_range(0..REPLICAS as usize);
            let (gc, pc, lc) = (gs[from].clone(), ps[from].clone(), lww[from].clone());
            gs[r].merge(&gc);
            ps[r].merge(&pc);
            lww[r].merge(&lc);
        }
    }
    // Every state sent, twice, in a different random order for each replica.
    let mut merges = 0u64;
    for r in 0..REPLICAS as usize {
        let mut order: Vec<usize> = (0..sent_g.len()).chain(0..sent_g.len()).collect();
        order.shuffle(&mut g);
        for i in order {
            gs[r].merge(&sent_g[i]);
            ps[r].merge(&sent_p[i]);
            lww[r].merge(&sent_l[i]);
            merges += 1;
        }
    }
    let g_values: Vec<u64> = gs.iter().map(GCounter::value).collect();
    let p_values: Vec<i64> = ps.iter().map(PnCounter::value).collect();
    let l_values: Vec<i64> = lww.iter().map(|l| l.get().copied().unwrap_or(0)).collect();
    let mut table = Table::new(
        format!(
            "{} updates on {REPLICAS} replicas, then every state sent delivered twice in a \
             shuffled order ({} merges per counter)",
            count(updates),
            count(merges)
        ),
        [
            "counter",
            "true total",
            "replica values",
            "all equal",
            "exact",
        ],
    );
    let distinct = |v: Vec<String>| {
        let set: BTreeMap<String, ()> = v.into_iter().map(|x| (x, ())).collect();
        set.into_keys().collect::<Vec<_>>().join(", ")
    };
    let rows = [
        (
            "G-counter (increments only)",
            up.to_string(),
            g_values.iter().map(u64::to_string).collect::<Vec<_>>(),
            g_values.iter().all(|&v| v == up),
        ),
        (
            "PN-counter",
            total.to_string(),
            p_values.iter().map(i64::to_string).collect(),
            p_values.iter().all(|&v| v == total),
        ),
        (
            "last-writer-wins integer",
            total.to_string(),
            l_values.iter().map(i64::to_string).collect(),
            l_values.iter().all(|&v| v == total),
        ),
    ];
    for (name, truth, values, exact) in &rows {
        let equal = values.windows(2).all(|w| w[0] == w[1]);
        table.push([
            name.to_string(),
            truth.clone(),
            distinct(values.clone()),
            if equal { "yes" } else { "no" }.to_string(),
            if *exact { "yes" } else { "no" }.to_string(),
        ]);
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "CRDT counters equal the true totals on every replica after arbitrary reordering \
         and duplication",
        format!(
            "G-counter {} on all {REPLICAS} (true {up}); PN-counter {} on all (true {total})",
            g_values[0], p_values[0]
        ),
        rows[0].3 && rows[1].3,
    ));
    report.claims.push(Claim::new(
        "a last-writer-wins counter converges to a wrong total: concurrent increments are lost",
        format!("converged on {} against a true {total}", l_values[0]),
        !rows[2].3 && l_values.windows(2).all(|w| w[0] == w[1]),
    ));
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The bench's workload, shared with `cargo lab bench replication --mine` so the
/// learner's CRDTs merge exactly the states the reference and `crdts` merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchInputs {
    /// For each of `n` replicas, its count as one G-counter heard it and the larger
    /// count the other heard: `(x, x + y)`.
    pub counts: Vec<(u64, u64)>,
    /// For each of the two OR-set replicas, after both held `0..n`: the elements it
    /// removed and the new elements (from `n..2n`) it inserted, 1% of `n` each.
    pub changes: [(Vec<u64>, Vec<u64>); 2],
}

/// The inputs of the size-`n` bench groups, the same for every run.
pub fn bench_inputs(n: u64) -> BenchInputs {
    let mut g = rng(n);
    let counts = (0..n)
        .map(|_| {
            let (x, y) = (g.random_range(1..1_000u64), g.random_range(1..1_000u64));
            (x, x + y)
        })
        .collect();
    let changes = (n / 100).max(1);
    let mut side = || {
        let removed = (0..changes).map(|_| g.random_range(0..n)).collect();
        let inserted = (0..changes).map(|_| n + g.random_range(0..n)).collect();
        (removed, inserted)
    };
    let first = side();
    let second = side();
    BenchInputs {
        counts,
        changes: [first, second],
    }
}
