//! The demo: measurements that back the answers to questions 12 and 13.
//!
//! 1. Adding a 5th node moves about 20% of the keys with a ring, jump hash, rendezvous
//!    hashing and Maglev, and about 80% with hash-mod-n (counted, exact under a seed).
//! 2. The ring's load spread (busiest node over the mean) falls as virtual nodes grow
//!    from 1 to 1,000 per node; jump, rendezvous and Maglev balance without them.
//! 3. Lookup cost per algorithm at 10 and 1,000 nodes: rendezvous grows with n, the
//!    others barely (timed, compared within one run, wide margins).
//! 4. A simulation of requests with random, skewed service times behind each load
//!    balancer: p50 and p99 latency. Power of two choices beats random, least
//!    connections beats round robin, and weighted round robin beats round robin when
//!    the backends differ in speed (simulated time: exact under a seed).

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
/// Claim 3: from 10 to 1,000 nodes rendezvous must slow down at least this much (it
/// does 100x the work), the ring and Maglev at most this much.
const RENDEZVOUS_GROWTH: f64 = 10.0;
const FLAT_GROWTH: f64 = 5.0;
/// Fewer keys than this make the counted fractions too noisy for the bounds.
const MIN_KEYS: usize = 20_000;

/// Runs the demo; `config.size` is the number of keys placed (and a fifth of it the
/// number of requests simulated).
///
/// # Example
///
/// ```no_run
/// let report = consistent_hashing::demo::run(&evidence::DemoConfig { seed: 1, size: 100_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let size = config.size.max(MIN_KEYS);
    let mut report = Report::new(
        "consistent-hashing",
        format!(
            "Consistent hashing and load balancing: {} keys, seed {}",
            count(size as u64),
            config.seed
        ),
    );
    report.note_raised_size(
        config.size,
        size,
        "fewer keys make the counted fractions too noisy",
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

/// Claim 3: nanoseconds per lookup at 10 and 1,000 nodes.
fn lookup_cost(keys: &[u64], report: &mut Report) {
    let sample = &keys[..keys.len().min(100_000)];
    let few = &sample[..sample.len().min(5_000)];
    let mut table = Table::new(
        "lookup cost per key",
        ["algorithm", "10 nodes", "1,000 nodes", "growth"],
    );
    let mut growth = HashMap::new();
    let time = |keys: &[u64], lookup: &dyn Fn(u64) -> usize| {
        best_ns_per_op(3, || {
            for &k in keys {
                black_box(lookup(k));
            }
            keys.len()
        })
    };
    let mut measure = |name: &'static str, ns: [f64; 2]| {
        table.push([
            name.to_string(),
            nanos(ns[0]),
            nanos(ns[1]),
            times(ns[1] / ns[0]),
        ]);
        growth.insert(name, ns[1] / ns[0]);
    };
    let sizes = [10usize, 1_000];
    // Maglev needs M > 100 n: 65,537 slots for 10 nodes, 131,071 for 1,000.
    let tables = [65_537usize, 131_071];
    let ring_ns = sizes.map(|n| {
        let mut ring = HashRing::new(VNODES);
        ring.extend(0..n as u32);
        time(sample, &|k| *ring.get(&k).expect("nodes") as usize)
    });
    measure("ring, 100 vnodes", ring_ns);
    let jump_ns = sizes.map(|n| time(sample, &|k| jump_hash(stable_hash(&k), n as u32) as usize));
    measure("jump hash", jump_ns);
    let maglev_ns = [0, 1].map(|i| {
        let mut m = Maglev::with_table_size(tables[i]).expect("both sizes are prime");
        m.extend(0..sizes[i] as u32);
        time(sample, &|k| *m.get(&k).expect("nodes") as usize)
    });
    measure("Maglev", maglev_ns);
    let rendezvous_ns = sizes.map(|n| {
        let mut r = Rendezvous::new();
        (0..n as u32).for_each(|i| r.add(i));
        time(few, &|k| *r.get(&k).expect("nodes") as usize)
    });
    measure("rendezvous", rendezvous_ns);
    measure(
        "hash mod n",
        sizes.map(|n| time(sample, &|k| (stable_hash(&k) % n as u64) as usize)),
    );
    report.tables.push(table);
    let g = |name| growth[name];
    report.claims.push(Claim::new(
        format!(
            "from 10 to 1,000 nodes, rendezvous lookups slow down at least {} (O(n)), the \
             ring's and Maglev's at most {} (O(log n) and O(1))",
            times(RENDEZVOUS_GROWTH),
            times(FLAT_GROWTH)
        ),
        format!(
            "rendezvous {}, ring {}, Maglev {}, jump {}",
            times(g("rendezvous")),
            times(g("ring, 100 vnodes")),
            times(g("Maglev")),
            times(g("jump hash"))
        ),
        g("rendezvous") >= RENDEZVOUS_GROWTH
            && g("ring, 100 vnodes") <= FLAT_GROWTH
            && g("Maglev") <= FLAT_GROWTH,
    ));
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
