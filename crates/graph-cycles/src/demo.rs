//! The demo: measurements that back the answer's claims, every one on counted work (no
//! claim rests on time, and the claims read the same on every run with the same seed).
//!
//! 1. A package-dependency graph with a cycle: the cycle is named, and once the bad
//!    dependency is dropped, a valid install order comes out (the cycle and the order are
//!    checked edge by edge).
//! 2. The three DFS colours step by step on a small graph: an edge to a black node is not
//!    a cycle, an edge to a grey one is (the search's events, recorded).
//! 3. O(V + E): the search looks at every edge once and enters every node once, on
//!    random DAGs from 10k edges up (the search's events, counted). The time per
//!    node + edge is shown beside the counts, not claimed: it grows with the memory
//!    hierarchy, not with the work.
//! 4. A chain of a million nodes closed into a ring is searched without recursion (the
//!    cycle's length).

use std::hint::black_box;

use evidence::format::{count, nanos, times};
use evidence::measure::best_ns_per_op;
use evidence::{Bars, Claim, DemoConfig, Report, Table};
use graph_cycles_contract::cases::{directed_cycle_problem, order_problem};

use crate::generate::random_dag;
use crate::{DfsEvent, DiGraph};

/// Average out-degree of the random graphs in claim 3.
const EDGES_PER_NODE: usize = 5;
/// The smallest edge count measured, and the manifest's `min-size`.
pub const MIN_EDGES: usize = 10_000;

/// Runs the demo; `config.size` is the number of edges of the largest graph timed (at
/// least [`MIN_EDGES`], which the manifest's `min-size` ensures).
///
/// # Example
///
/// ```
/// let report = graph_cycles::demo::run(&evidence::DemoConfig { seed: 1, size: 10_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let size = config.size;
    let mut report = Report::new(
        "graph-cycles",
        format!(
            "Cycle detection: dependency graphs, DFS colours, and graphs of up to {} edges",
            count(size as u64)
        ),
    );
    packages(&mut report);
    colours(&mut report);
    linear_time(config.seed, size, &mut report);
    deep_chain(&mut report);
    report
}

/// Claim 1: a dependency cycle among packages, and the install order without it.
fn packages(report: &mut Report) {
    const NAMES: [&str; 6] = ["web", "api", "auth", "db", "cache", "log"];
    let id = |name: &str| {
        NAMES
            .iter()
            .position(|&n| n == name)
            .expect("a known package")
    };
    // "a depends on b" is the edge a -> b.
    let depends = [
        ("web", "api"),
        ("web", "cache"),
        ("api", "auth"),
        ("api", "cache"),
        ("auth", "db"),
        ("auth", "log"),
        ("db", "log"),
        ("cache", "log"),
        ("db", "api"),
    ];
    let edges: Vec<(usize, usize)> = depends.iter().map(|&(a, b)| (id(a), id(b))).collect();
    let graph = DiGraph::from_edges(NAMES.len(), &edges).expect("known packages");
    let cycle = graph.find_cycle().unwrap_or_default();
    let named: Vec<&str> = cycle
        .iter()
        .chain(cycle.first())
        .map(|&i| NAMES[i])
        .collect();
    let cycle_is_real = !cycle.is_empty() && directed_cycle_problem(&edges, &cycle).is_none();

    // Drop the dependency that closes the cycle, and install dependencies first: the
    // reverse of a topological order of "depends on" edges.
    let fixed: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&e| e != (id("db"), id("api")))
        .collect();
    let order = DiGraph::from_edges(NAMES.len(), &fixed)
        .expect("known packages")
        .topological_order()
        .unwrap_or_default();
    let install: Vec<usize> = order.iter().rev().copied().collect();
    let reversed: Vec<(usize, usize)> = fixed.iter().map(|&(a, b)| (b, a)).collect();
    let order_is_valid = order_problem(NAMES.len(), &reversed, &install).is_none();

    let mut table = Table::new(
        "package dependencies (a -> b: a depends on b)",
        ["package", "depends on"],
    );
    for name in NAMES {
        let deps: Vec<&str> = depends
            .iter()
            .filter(|d| d.0 == name)
            .map(|d| d.1)
            .collect();
        table.push([name.to_string(), deps.join(", ")]);
    }
    report.tables.push(table);
    let install_names: Vec<&str> = install.iter().map(|&i| NAMES[i]).collect();
    report.claims.push(Claim::new(
        "the search names the dependency cycle, and without it an install order exists \
         that puts every package after its dependencies",
        format!(
            "cycle: {}; after dropping db -> api, install order: {}",
            named.join(" -> "),
            install_names.join(", ")
        ),
        cycle_is_real && named.len() == 4 && order_is_valid,
    ));
}

/// Claim 2: the three colours, event by event, on a small graph.
fn colours(report: &mut Report) {
    // 0 -> 1 -> 2, 0 -> 3 -> 2 (2 is black by then: no cycle), 3 -> 4 -> 3 (a cycle).
    let edges = [(0, 1), (1, 2), (0, 3), (3, 2), (3, 4), (4, 3)];
    let graph = DiGraph::from_edges(5, &edges).expect("nodes 0 to 4");
    let mut colour = ['W'; 5];
    let mut table = Table::new(
        "three-colour DFS on 0->1, 1->2, 0->3, 3->2, 3->4, 4->3 (W white, G grey: on the path, B black: done)",
        ["step", "event", "0 1 2 3 4"],
    );
    let mut edge_to_black = false;
    let mut edge_to_grey = None;
    let mut step = 0;
    let cycle = graph.find_cycle_with(|event| {
        let text = match event {
            DfsEvent::Discover(u) => {
                colour[u] = 'G';
                format!("enter {u}")
            }
            DfsEvent::Finish(u) => {
                colour[u] = 'B';
                format!("finish {u}")
            }
            DfsEvent::Examine(u, v) => {
                let verdict = match colour[v] {
                    'W' => "white: go deeper",
                    'G' => "GREY: a cycle",
                    _ => "black: already done, no cycle",
                };
                edge_to_black |= (u, v) == (3, 2) && colour[v] == 'B';
                if colour[v] == 'G' {
                    edge_to_grey = Some((u, v));
                }
                format!("edge {u} -> {v}: {verdict}")
            }
        };
        step += 1;
        let colours: Vec<String> = colour.iter().map(char::to_string).collect();
        table.push([step.to_string(), text, colours.join(" ")]);
    });
    report.tables.push(table);
    report.claims.push(Claim::new(
        "an edge to a black (finished) node is not a cycle; an edge to a grey node, one on \
         the current path, is, and the path from it is the cycle",
        format!(
            "3 -> 2 found 2 black: {}; grey edge {}; cycle {:?}",
            if edge_to_black {
                "no cycle"
            } else {
                "not seen"
            },
            edge_to_grey.map_or("none".to_string(), |(u, v)| format!("{u} -> {v}")),
            cycle
        ),
        edge_to_black && edge_to_grey == Some((4, 3)) && cycle == Some(vec![3, 4]),
    ));
}

/// Claim 3: work of the search on random DAGs from 10k edges to `largest`, counted; the
/// time is shown beside it.
fn linear_time(seed: u64, largest: usize, report: &mut Report) {
    let mut table = Table::new(
        format!(
            "find_cycle on random DAGs (out-degree {EDGES_PER_NODE}; no cycle, so everything is searched)"
        ),
        [
            "edges",
            "nodes",
            "edges looked at",
            "nodes entered",
            "time",
            "per node + edge",
        ],
    );
    let mut bars = Bars::new("find_cycle time per node + edge", "ns");
    let mut counted_exactly = true;
    let mut per_element = Vec::new();
    let sizes: Vec<usize> = std::iter::successors(Some(MIN_EDGES), |&e| Some(e * 10))
        .take_while(|&e| e < largest)
        .chain([largest])
        .collect();
    for &e in &sizes {
        let n = e / EDGES_PER_NODE;
        let edges = random_dag(n, e, seed ^ e as u64);
        let graph = DiGraph::from_edges(n, &edges).expect("nodes in range");
        drop(edges);
        let (mut examined, mut entered) = (0usize, 0usize);
        let found = graph.find_cycle_with(|event| match event {
            DfsEvent::Examine(..) => examined += 1,
            DfsEvent::Discover(_) => entered += 1,
            DfsEvent::Finish(_) => {}
        });
        counted_exactly &= found.is_none() && examined == e && entered == n;
        let ns = best_ns_per_op(3, || {
            black_box(graph.find_cycle());
            n + e
        });
        per_element.push(ns);
        table.push([
            count(e as u64),
            count(n as u64),
            count(examined as u64),
            count(entered as u64),
            nanos(ns * (n + e) as f64),
            nanos(ns),
        ]);
        bars = bars.group("", [(format!("{} edges", count(e as u64)), ns)]);
    }
    report.tables.push(table);
    report.bars.push(bars);
    report.claims.push(Claim::new(
        "the search looks at every edge once and enters every node once: O(V + E)",
        format!(
            "edges looked at = E and nodes entered = V at all {} sizes, from {} to {} edges",
            sizes.len(),
            count(MIN_EDGES as u64),
            count(largest as u64)
        ),
        counted_exactly,
    ));
    report.notes.push(format!(
        "O(V + E) counts steps, not nanoseconds: the steps per node + edge stay the same at \
         every size (counted above), but the time per node + edge grows {} from {} to {} \
         edges, because a large graph's arrays no longer fit in the CPU caches and random \
         edges jump around memory.",
        times(per_element.last().expect("sizes") / per_element[0]),
        count(MIN_EDGES as u64),
        count(largest as u64)
    ));
}

/// Claim 4: a million-node ring, found without recursion.
fn deep_chain(report: &mut Report) {
    const N: usize = 1_000_000;
    let edges: Vec<(usize, usize)> = (0..N).map(|i| (i, (i + 1) % N)).collect();
    let ring = DiGraph::from_edges(N, &edges).expect("nodes in range");
    let cycle = ring.find_cycle();
    let length = cycle.as_ref().map_or(0, Vec::len);
    report.claims.push(Claim::new(
        "an explicit stack handles a path a million nodes deep, where a recursive search \
         would overflow the thread's stack",
        format!(
            "a ring of {} nodes: cycle of {} nodes found",
            count(N as u64),
            count(length as u64)
        ),
        length == N,
    ));
    report.notes.push(
        "A recursive DFS keeps one stack frame per node on the path: a million frames of \
         about 100 bytes is 100 MB, against a default thread stack of 2 to 8 MB."
            .to_string(),
    );
}
