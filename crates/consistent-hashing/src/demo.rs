//! The demo: measurements that back the answers to questions 12 and 13, every claim on
//! counted work or simulated time.
//!
//! 1. Adding a 5th node moves about 20% of the keys with a ring, jump hash, rendezvous
//!    hashing and Maglev, and about 80% with hash-mod-n (counted keys, exact under a
//!    seed).
//! 2. The ring's load spread (busiest node over the mean) falls as virtual nodes grow
//!    from 1 to 1,000 per node; jump, rendezvous and Maglev balance without them
//!    (counted keys).
//! 3. The work per lookup at 10 and 1,000 nodes, counted ([`crate::cost`]): rendezvous
//!    hashes every node, so its work grows 100-fold; the ring (one hash, its slice index,
//!    a binary search of about one point) and Maglev (one hash, one slot) stay flat.
//!    The time per lookup is shown beside the counts.
//! 4. A simulation of requests with random, skewed service times behind each load
//!    balancer: p50 and p99 latency. Power of two choices beats random, least
//!    connections beats round robin, and weighted round robin beats round robin when
//!    the backends differ in speed (a seeded virtual clock: exact under a seed).
//!
//! No claim rests on the wall clock; the lookup table's times are for reading.

use std::collections::HashMap;
use std::hint::black_box;

use rand::RngExt;

use evidence::format::{count, nanos, percent, times};
use evidence::measure::best_ns_per_op;
use evidence::workload::rng;
use evidence::{Bars, Claim, DemoConfig, Report, Table};

use crate::balance::{
    Balancer, HashAffinity, LeastConnections, PowerOfTwoChoices, Random, RoundRobin, Simulation,
    WeightedRoundRobin,
};
use crate::cost::{LookupCost, jump_hash_cost};
use crate::hash::stable_hash;
use crate::{HashRing, Maglev, Rendezvous, jump_hash};

/// Claim 1's bounds: the consistent schemes must move between 15% and 25% of the keys
/// (ideal: 20%), hash-mod-n between 75% and 85% (ideal: 80%).
const CONSISTENT_MOVE: (f64, f64) = (0.15, 0.25);
const MOD_N_MOVE: (f64, f64) = (0.75, 0.85);
/// Virtual nodes per node in claims 1 and 3.
const VNODES: usize = 100;
/// Claim 2: the spread at 1 vnode must exceed the first, at 1,000 stay under the second.
const SPREAD_AT_ONE: f64 = 1.5;
const SPREAD_AT_THOUSAND: f64 = 1.1;
/// Claim 3: from 10 to 1,000 nodes rendezvous's work per lookup must grow at least this
/// much (it scores every node: (1,000 + 1) / (10 + 1) = 91x the hashes), the ring's
/// and Maglev's at most this much (O(1): Maglev's is constant, the ring's depends on
/// how many points share a slice of its index, about one at both sizes).
const RENDEZVOUS_WORK_GROWTH: f64 = 50.0;
const FLAT_WORK_GROWTH: f64 = 1.5;

/// Runs the demo; `config.size` is the number of keys placed (and a fifth of it the
/// number of requests simulated). The manifest's `min-size` keeps it at 20,000 or more:
/// fewer keys make the counted fractions too noisy for the bounds.
///
/// # Example
///
/// ```no_run
/// let report = consistent_hashing::demo::run(&evidence::DemoConfig { seed: 1, size: 100_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let size = config.size;
    let mut report = Report::new(
        "consistent-hashing",
        format!(
            "Consistent hashing and load balancing: {} keys, seed {}",
            count(size as u64),
            config.seed
        ),
    );
    let mut r = rng(config.seed);
    let keys: Vec<u64> = (0..size).map(|_| r.random()).collect();
    moved_on_a_fifth_node(&keys, &mut report);
    spread_against_vnodes(&keys, &mut report);
    lookup_cost(&keys, &mut report);
    balancers(config.seed, size / 5, &mut report);
    report
}

/// Node names as a deployment would have them.
fn names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("cache-{i}")).collect()
}

/// Claim 1: keys moved when a 5th node joins 4.
fn moved_on_a_fifth_node(keys: &[u64], report: &mut Report) {
    let nodes = names(5);
    let (four, five) = (&nodes[..4], &nodes[..]);
    let mut table = Table::new(
        "adding a 5th node to 4",
        [
            "algorithm",
            "keys moved",
            "moved",
            "moved between old nodes",
        ],
    );
    let mut consistent_ok = true;
    let mut measured = Vec::new();
    let mut row = |name: &str, before: &dyn Fn(u64) -> usize, after: &dyn Fn(u64) -> usize| {
        let (mut moved, mut between_old) = (0u64, 0u64);
        for &k in keys {
            let (a, b) = (before(k), after(k));
            if a != b {
                moved += 1;
                if b != 4 {
                    between_old += 1;
                }
            }
        }
        let fraction = moved as f64 / keys.len() as f64;
        table.push([
            name.to_string(),
            count(moved),
            percent(fraction),
            count(between_old),
        ]);
        measured.push(format!("{name} {}", percent(fraction)));
        fraction
    };
    let index = |nodes: &[String], name: &String| {
        nodes
            .iter()
            .position(|n| n == name)
            .expect("a placement returns its own nodes")
    };

    let mod_n = row("hash mod n", &|k| (stable_hash(&k) % 4) as usize, &|k| {
        (stable_hash(&k) % 5) as usize
    });
    let ring = |nodes: &[String]| {
        let mut r = HashRing::new(VNODES);
        nodes.iter().for_each(|n| r.add(n.clone()));
        r
    };
    let (r4, r5) = (ring(four), ring(five));
    let fractions = [
        row(
            &format!("ring, {VNODES} vnodes"),
            &|k| index(five, r4.get(&k).expect("nodes")),
            &|k| index(five, r5.get(&k).expect("nodes")),
        ),
        row(
            "jump hash",
            &|k| jump_hash(stable_hash(&k), 4) as usize,
            &|k| jump_hash(stable_hash(&k), 5) as usize,
        ),
        {
            let rendezvous = |nodes: &[String]| {
                let mut r = Rendezvous::new();
                nodes.iter().for_each(|n| r.add(n.clone()));
                r
            };
            let (h4, h5) = (rendezvous(four), rendezvous(five));
            row(
                "rendezvous",
                &|k| index(five, h4.get(&k).expect("nodes")),
                &|k| index(five, h5.get(&k).expect("nodes")),
            )
        },
        {
            let maglev = |nodes: &[String]| {
                let mut m = Maglev::new();
                nodes.iter().for_each(|n| m.add(n.clone()));
                m
            };
            let (m4, m5) = (maglev(four), maglev(five));
            row(
                "Maglev, 65,537 slots",
                &|k| index(five, m4.get(&k).expect("nodes")),
                &|k| index(five, m5.get(&k).expect("nodes")),
            )
        },
    ];
    for f in fractions {
        consistent_ok &= (CONSISTENT_MOVE.0..=CONSISTENT_MOVE.1).contains(&f);
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        format!(
            "adding a 5th node moves {}-{} of the keys with a ring, jump hash, rendezvous and \
             Maglev (ideal 20%), and {}-{} with hash mod n (ideal 80%)",
            percent(CONSISTENT_MOVE.0),
            percent(CONSISTENT_MOVE.1),
            percent(MOD_N_MOVE.0),
            percent(MOD_N_MOVE.1)
        ),
        measured.join("; "),
        consistent_ok && (MOD_N_MOVE.0..=MOD_N_MOVE.1).contains(&mod_n),
    ));
    report.notes.push(
        "Ring, jump and rendezvous move keys only onto the new node (0 between old nodes); \
         Maglev rebuilds its table and moves a few keys between old nodes too, the price \
         of its near-perfect balance."
            .to_string(),
    );
}

/// The busiest node's keys over the mean, for `owner` over `keys` and `nodes` nodes.
fn spread(keys: &[u64], nodes: usize, owner: impl Fn(u64) -> usize) -> f64 {
    let mut load = vec![0u64; nodes];
    for &k in keys {
        load[owner(k)] += 1;
    }
    let max = *load.iter().max().expect("nodes exist");
    max as f64 * nodes as f64 / keys.len() as f64
}

/// Claim 2: max/mean load on 10 nodes against virtual nodes per node.
fn spread_against_vnodes(keys: &[u64], report: &mut Report) {
    const NODES: usize = 10;
    let nodes = names(NODES);
    let position: HashMap<&String, usize> = nodes.iter().enumerate().map(|(i, n)| (n, i)).collect();
    let mut bars = Bars::new(
        format!("load spread on {NODES} nodes: the busiest node's keys over the mean"),
        "max / mean",
    );
    let mut table = Table::new(
        format!("load spread on {NODES} nodes (max / mean)"),
        ["algorithm", "max / mean"],
    );
    let mut ring_spreads = Vec::new();
    for vnodes in [1, 10, 100, 1_000] {
        let mut ring = HashRing::new(vnodes);
        nodes.iter().for_each(|n| ring.add(n.clone()));
        let s = spread(keys, NODES, |k| position[ring.get(&k).expect("nodes")]);
        ring_spreads.push((vnodes, s));
        let label = format!(
            "ring, {} vnode{}",
            count(vnodes as u64),
            if vnodes == 1 { "" } else { "s" }
        );
        bars = bars.group(label.clone(), [("max / mean", s)]);
        table.push([label, format!("{s:.3}")]);
    }
    let mut rendezvous = Rendezvous::new();
    let mut maglev = Maglev::new();
    for n in &nodes {
        rendezvous.add(n.clone());
        maglev.add(n.clone());
    }
    for (name, s) in [
        (
            "jump hash",
            spread(keys, NODES, |k| {
                jump_hash(stable_hash(&k), NODES as u32) as usize
            }),
        ),
        (
            "rendezvous",
            spread(keys, NODES, |k| {
                position[rendezvous.get(&k).expect("nodes")]
            }),
        ),
        (
            "Maglev",
            spread(keys, NODES, |k| position[maglev.get(&k).expect("nodes")]),
        ),
    ] {
        bars = bars.group(name, [("max / mean", s)]);
        table.push([name.to_string(), format!("{s:.3}")]);
    }
    report.bars.push(bars);
    report.tables.push(table);
    let falling = ring_spreads.windows(2).all(|w| w[1].1 < w[0].1);
    let (first, last) = (ring_spreads[0].1, ring_spreads[3].1);
    report.claims.push(Claim::new(
        format!(
            "the ring's load spread (max / mean) falls as virtual nodes grow: above {SPREAD_AT_ONE} \
             with 1 per node, below {SPREAD_AT_THOUSAND} with 1,000"
        ),
        ring_spreads
            .iter()
            .map(|(v, s)| format!("{}: {s:.3}", count(*v as u64)))
            .collect::<Vec<_>>()
            .join(", "),
        falling && first > SPREAD_AT_ONE && last < SPREAD_AT_THOUSAND,
    ));
}

/// Claim 3: the work per lookup at 10 and 1,000 nodes, counted, with the time beside.
fn lookup_cost(keys: &[u64], report: &mut Report) {
    let sample = &keys[..keys.len().min(100_000)];
    // Rendezvous does 1,000 scores per lookup at 1,000 nodes: fewer keys suffice.
    let few = &sample[..sample.len().min(5_000)];
    let sizes = [10usize, 1_000];
    // Maglev needs M > 100 n: 65,537 slots for 10 nodes, 131,071 for 1,000.
    let tables = [65_537usize, 131_071];
    let mut table = Table::new(
        "work and time per lookup (work: hashes + comparisons + slots read, counted; \
         time: best of 3 rounds)",
        [
            "algorithm",
            "nodes",
            "hashes",
            "comparisons",
            "slots read",
            "work",
            "time",
        ],
    );
    let mut work: HashMap<&str, [f64; 2]> = HashMap::new();
    let mut measure = |name: &'static str,
                       i: usize,
                       keys: &[u64],
                       cost: &dyn Fn(u64) -> LookupCost,
                       lookup: &dyn Fn(u64) -> usize| {
        let mut total = LookupCost::default();
        for &k in keys {
            total += cost(k);
        }
        let n = keys.len() as f64;
        let per = |x: u64| x as f64 / n;
        let ns = best_ns_per_op(3, || {
            for &k in keys {
                black_box(lookup(k));
            }
            keys.len()
        });
        table.push([
            name.to_string(),
            count(sizes[i] as u64),
            per_lookup(per(total.hashes)),
            per_lookup(per(total.comparisons)),
            per_lookup(per(total.reads)),
            per_lookup(per(total.total())),
            nanos(ns),
        ]);
        work.entry(name).or_insert([0.0; 2])[i] = per(total.total());
    };
    for (i, &n) in sizes.iter().enumerate() {
        let mut ring = HashRing::new(VNODES);
        ring.extend(0..n as u32);
        measure(
            "ring, 100 vnodes",
            i,
            sample,
            &|k| ring.lookup_cost(&k),
            &|k| *ring.get(&k).expect("nodes") as usize,
        );
        measure(
            "jump hash",
            i,
            sample,
            &|k| {
                let mut cost = jump_hash_cost(stable_hash(&k), n as u32);
                cost.hashes += 1; // the key's own hash
                cost
            },
            &|k| jump_hash(stable_hash(&k), n as u32) as usize,
        );
        let mut maglev = Maglev::with_table_size(tables[i]).expect("both sizes are prime");
        maglev.extend(0..n as u32);
        measure("Maglev", i, sample, &|k| maglev.lookup_cost(&k), &|k| {
            *maglev.get(&k).expect("nodes") as usize
        });
        let mut rendezvous = Rendezvous::new();
        (0..n as u32).for_each(|node| rendezvous.add(node));
        measure(
            "rendezvous",
            i,
            few,
            &|k| rendezvous.lookup_cost(&k),
            &|k| *rendezvous.get(&k).expect("nodes") as usize,
        );
        measure(
            "hash mod n",
            i,
            sample,
            &|_| LookupCost {
                hashes: 1,
                ..LookupCost::default()
            },
            &|k| (stable_hash(&k) % n as u64) as usize,
        );
    }
    // Rows by algorithm, 10 nodes then 1,000.
    table.rows.sort_by_key(|row| {
        [
            "rendezvous",
            "ring, 100 vnodes",
            "jump hash",
            "Maglev",
            "hash mod n",
        ]
        .iter()
        .position(|name| *name == row[0])
    });
    report.tables.push(table);
    let growth = |name: &str| work[name][1] / work[name][0];
    let describe = |name: &str, label: &str| {
        format!(
            "{label} {} -> {} ({})",
            per_lookup(work[name][0]),
            per_lookup(work[name][1]),
            times(growth(name))
        )
    };
    report.claims.push(Claim::new(
        format!(
            "from 10 to 1,000 nodes, a rendezvous lookup's work grows at least {} (O(n): it \
             hashes every node), the ring's and Maglev's at most {} (O(1): one hash, then a \
             binary search of about one point in the ring's slice index, or one read of \
             Maglev's table)",
            times(RENDEZVOUS_WORK_GROWTH),
            times(FLAT_WORK_GROWTH)
        ),
        format!(
            "hashes + comparisons + slots read per lookup, 10 -> 1,000 nodes: {}, {}, {}; \
             {}",
            describe("rendezvous", "rendezvous"),
            describe("ring, 100 vnodes", "ring"),
            describe("Maglev", "Maglev"),
            describe("jump hash", "jump hash")
        ),
        growth("rendezvous") >= RENDEZVOUS_WORK_GROWTH
            && growth("ring, 100 vnodes") <= FLAT_WORK_GROWTH
            && growth("Maglev") <= FLAT_WORK_GROWTH,
    ));
    report.notes.push(
        "Jump hash needs no memory at all and does about ln(n) + 1 jumps per lookup: its \
         work grows with the log of the node count, slowly enough not to matter. The ring \
         reads its slice index (the top bits of the key's hash pick about one point), so its \
         work does not grow with the nodes either; without that index it would binary-search \
         all v·n points, log2(v·n) comparisons."
            .to_string(),
    );
}

/// A mean count per lookup: one decimal below 1,000, thousands separators above.
fn per_lookup(mean: f64) -> String {
    if mean < 1_000.0 {
        format!("{mean:.1}")
    } else {
        count(mean.round() as u64)
    }
}

/// Claim 4: latency behind each load balancer, in simulated time.
fn balancers(seed: u64, requests: usize, report: &mut Report) {
    const BACKENDS: usize = 10;
    let skewed = Simulation {
        backends: BACKENDS,
        speeds: Vec::new(),
        requests,
        utilisation: 0.85,
        slow_fraction: 0.05,
        fast_ms: 1.0,
        slow_ms: 40.0,
        keys: 10_000,
        seed,
    };
    let mut table = Table::new(
        format!(
            "{} requests on {BACKENDS} equal backends at 85% load; 5% of requests are slow \
             (40 ms mean against 1 ms)",
            count(requests as u64)
        ),
        ["balancer", "p50", "p99", "mean", "longest queue"],
    );
    let mut all: Vec<Box<dyn Balancer>> = vec![
        Box::new(Random::new(seed)),
        Box::new(RoundRobin::new()),
        Box::new(HashAffinity::new(BACKENDS, VNODES)),
        Box::new(PowerOfTwoChoices::new(seed)),
        Box::new(LeastConnections::new()),
    ];
    let results: HashMap<String, _> = all
        .iter_mut()
        .map(|b| {
            let l = skewed.run(b.as_mut());
            table.push(latency_row(&l));
            (l.balancer.clone(), l)
        })
        .collect();
    report.tables.push(table);
    let p99 = |name: &str| results[name].p99_ms;
    report.claims.push(Claim::new(
        "with skewed service times, power of two choices has a lower p99 than random, and \
         least connections a lower p99 than round robin",
        format!(
            "p99: power of two choices {:.1} ms vs random {:.1} ms; least connections {:.1} ms \
             vs round robin {:.1} ms",
            p99("power of two choices"),
            p99("random"),
            p99("least connections"),
            p99("round robin")
        ),
        p99("power of two choices") < p99("random")
            && p99("least connections") < p99("round robin"),
    ));

    // Backends of unequal speed: two are twice as fast.
    let speeds: Vec<f64> = (0..BACKENDS)
        .map(|b| if b < 2 { 2.0 } else { 1.0 })
        .collect();
    let weights: Vec<u32> = speeds.iter().map(|&s| s as u32).collect();
    let uneven = Simulation {
        speeds,
        utilisation: 0.8,
        slow_fraction: 0.0,
        ..skewed
    };
    let mut table = Table::new(
        format!(
            "{} requests on {BACKENDS} backends, two of them twice as fast, at 80% load",
            count(requests as u64)
        ),
        ["balancer", "p50", "p99", "mean", "longest queue"],
    );
    let rr = uneven.run(&mut RoundRobin::new());
    let wrr = uneven.run(&mut WeightedRoundRobin::new(&weights));
    let lc = uneven.run(&mut LeastConnections::new());
    for l in [&rr, &wrr, &lc] {
        table.push(latency_row(l));
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "when backends differ in speed, weighted round robin (weights 2:1) has a lower p99 \
         than round robin, which overloads the slow backends",
        format!(
            "p99: weighted round robin {:.1} ms vs round robin {:.1} ms (least connections \
             {:.1} ms, without being told the speeds)",
            wrr.p99_ms, rr.p99_ms, lc.p99_ms
        ),
        wrr.p99_ms < rr.p99_ms,
    ));
    report.notes.push(
        "Latencies are simulated time (FIFO queues, exponential service times): exact and \
         repeatable under --seed, whatever the machine is doing."
            .to_string(),
    );
}

fn latency_row(l: &crate::balance::Latency) -> [String; 5] {
    [
        l.balancer.clone(),
        format!("{:.1} ms", l.p50_ms),
        format!("{:.1} ms", l.p99_ms),
        format!("{:.1} ms", l.mean_ms),
        count(u64::from(l.max_in_flight)),
    ]
}

/// The keys the criterion bench and the exercise's bench look up: 4,096 random `u64`s
/// from a fixed seed, so both benches measure the same lookups.
pub fn bench_keys() -> Vec<u64> {
    let mut r = rng(7);
    (0..4_096).map(|_| r.random()).collect()
}
