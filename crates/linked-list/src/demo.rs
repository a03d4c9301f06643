//! The demo: measurements that back the answer's claims, every one of them counted
//! (no claim rests on time, and the report is the same on every run).
//!
//! 1. A picture of slow and fast on a 7-node list: slow ends on the middle (rounds
//!    counted).
//! 2. Links followed to find the middle of an n-node list: slow/fast and
//!    count-then-walk both follow about 1.5n links; slow/fast does it in one loop
//!    (successor calls counted).
//! 3. Memory: Floyd keeps two cursors whatever the size, the hash-set walk remembers
//!    every node (nodes counted by the oracle; the bytes a hash set of them allocates,
//!    as the table itself reports them, shown beside).
//! 4. Successor calls of Floyd and Brent on ρ-shaped lists of different shapes, both
//!    checked against the hash-set oracle (successor calls counted).

use evidence::format::{count, times};
use evidence::{Bars, Claim, DemoConfig, Report, Table};

use crate::cycle::{Cycle, brent, floyd, naive::with_hash_set, rho};
use crate::two_pointers::{Middle, middle_by, middle_two_pass_by};

/// Runs the demo; `config.size` is the number of nodes of the largest list (the
/// manifest's `min-size`, [`MIN_NODES`], keeps the shapes from degenerating).
/// Everything is counted, so the report is the same on every run; the seed is unused
/// (the inputs are shapes, not samples).
///
/// # Example
///
/// ```
/// let report = linked_list::demo::run(&evidence::DemoConfig { seed: 1, size: 1_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let n = config.size;
    let mut report = Report::new(
        "linked-list",
        format!("Two pointers on lists of up to {} nodes", count(n as u64)),
    );
    picture(&mut report);
    links_followed(n, &mut report);
    memory(n, &mut report);
    floyd_and_brent(n, &mut report);
    report
}

/// The smallest list size the demo accepts (the manifest's `min-size`), and the first
/// size of the tables that grow by factors of 10.
pub const MIN_NODES: usize = 1_000;

/// Claim 1: slow and fast, step by step, on 1 -> 2 -> ... -> 7.
fn picture(report: &mut Report) {
    const NODES: usize = 7;
    let next = |i: usize| (i + 1 < NODES).then_some(i + 1);
    let mut table = Table::new(
        "slow (S) and fast (F) on a 7-node list; each round slow moves 1, fast 2",
        ["round", "list", "slow at", "fast at"],
    );
    let mut round = 0;
    let middle = middle_by(Some(0), Middle::Second, next, |slow, fast| {
        let cells: Vec<String> = (0..NODES)
            .map(|i| match (i == slow, Some(i) == fast) {
                (true, true) => format!("{}SF", i + 1),
                (true, false) => format!("{}S", i + 1),
                (false, true) => format!("{}F", i + 1),
                (false, false) => format!("{}", i + 1),
            })
            .collect();
        table.push([
            round.to_string(),
            cells.join(" -> "),
            (slow + 1).to_string(),
            fast.map_or("end".to_string(), |f| (f + 1).to_string()),
        ]);
        round += 1;
    });
    let middle = middle.map(|m| m + 1);
    let rounds = round - 1;
    report.tables.push(table);
    report.claims.push(Claim::new(
        "when fast reaches the last node of a 7-node list, slow is on the middle, node 4",
        format!(
            "after {rounds} rounds slow is on node {}",
            middle.unwrap_or(0)
        ),
        middle == Some(4) && rounds == 3,
    ));
}

/// Claim 2: links followed by slow/fast, count-then-walk, and copying into a Vec.
fn links_followed(largest: usize, report: &mut Report) {
    let mut table = Table::new(
        "links followed to find the middle (every call of next counts)",
        [
            "nodes",
            "slow/fast (1 loop)",
            "count-then-walk (2 loops)",
            "copy to a Vec",
        ],
    );
    let mut holds = true;
    let mut measured = Vec::new();
    for n in sizes(largest) {
        let mut calls = 0usize;
        let next = |i: usize| (i + 1 < n).then_some(i + 1);
        let fast_slow = middle_by(
            Some(0),
            Middle::Second,
            |i| {
                calls += 1;
                next(i)
            },
            |_, _| {},
        );
        let fast_slow_calls = calls;
        calls = 0;
        let two_pass = middle_two_pass_by(Some(0), |i| {
            calls += 1;
            next(i)
        });
        let two_pass_calls = calls;
        // Copying into a Vec follows each link once, then indexes; it needs n slots.
        let vec_calls = n - 1;
        holds &= fast_slow == Some(n / 2) && two_pass == Some(n / 2);
        let expected = 1.5 * n as f64;
        for c in [fast_slow_calls, two_pass_calls] {
            holds &= (c as f64 - expected).abs() <= 2.0;
        }
        table.push([
            count(n as u64),
            count(fast_slow_calls as u64),
            count(two_pass_calls as u64),
            format!("{} + {} slots", count(vec_calls as u64), count(n as u64)),
        ]);
        measured.push(format!(
            "{} nodes: {} vs {}",
            count(n as u64),
            count(fast_slow_calls as u64),
            count(two_pass_calls as u64)
        ));
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "slow/fast finds the middle in one loop; it follows the same ~1.5n links as \
         count-then-walk (fast n, slow n/2), and both find the same node",
        measured.join("; "),
        holds,
    ));
    report.notes.push(
        "The two-pointer walk does not follow fewer links than counting first: fast covers \
         the list and slow covers half of it again. What it saves is the second loop and \
         the need to know the length, and the same pattern detects cycles, where counting \
         never ends."
            .to_string(),
    );
}

/// Claim 3: memory of Floyd against the hash-set walk on ρ-shaped lists: the nodes each
/// holds, counted, and the bytes beside.
fn memory(largest: usize, report: &mut Report) {
    // Floyd's whole state is the tortoise and the hare.
    const FLOYD_NODES: usize = 2;
    let floyd_bytes = std::mem::size_of::<[usize; FLOYD_NODES]>();
    let mut table = Table::new(
        "memory to find the cycle of a ρ-shaped list (tail n/2, cycle n/2)",
        [
            "nodes",
            "Floyd holds",
            "hash-set walk remembers",
            "its hash set",
            "bytes per node",
        ],
    );
    let mut bars = Bars::new("memory to find the cycle", "KiB");
    let mut remembered_at = Vec::new();
    let mut agree = true;
    let mut remembers_all = true;
    for n in sizes(largest) {
        let next = rho(n / 2, n - n / 2);
        let f = |i: usize| next[i];
        let found = floyd(0, f);
        let (oracle, remembered) = with_hash_set(0, f);
        agree &= same_cycle(found, oracle);
        remembers_all &= remembered == n;
        let bytes = hash_set_bytes(remembered);
        table.push([
            count(n as u64),
            format!("{FLOYD_NODES} nodes, {floyd_bytes} B"),
            format!("{} nodes", count(remembered as u64)),
            format!("{} B", count(bytes as u64)),
            format!("{:.1}", bytes as f64 / n as f64),
        ]);
        bars = bars.group(
            format!("{} nodes", count(n as u64)),
            [
                ("Floyd", floyd_bytes as f64 / 1024.0),
                ("hash set", bytes as f64 / 1024.0),
            ],
        );
        remembered_at.push((n, remembered, bytes));
    }
    let (small_n, small, small_bytes) = remembered_at[0];
    let (large_n, large, large_bytes) = *remembered_at.last().expect("at least one size");
    let growth = large as f64 / small as f64;
    let size_growth = large_n as f64 / small_n as f64;
    report.tables.push(table);
    report.bars.push(bars);
    // What the claim checks: Floyd's answers (against the oracle's) and the nodes the
    // hash-set walk remembered. Floyd's two cursors are its code, not a measurement: the
    // contract's memory case (`cycles_need_no_extra_memory`) measures that it allocates
    // nothing. The walk's growth is not checked apart: it remembers every node at every
    // size, so its memory grows exactly as fast as the list.
    report.claims.push(Claim::new(
        "the hash-set walk remembers every node it visits, so its memory grows with n, \
         while Floyd, holding two cursors at every size, finds the same cycle",
        format!(
            "Floyd holds {FLOYD_NODES} nodes ({floyd_bytes} bytes) at every size; the hash-set \
             walk remembers {} nodes at {} -> {} at {} ({} for {} the nodes), a table of {} B \
             -> {} B; both find the same cycle",
            count(small as u64),
            count(small_n as u64),
            count(large as u64),
            count(large_n as u64),
            times(growth),
            times(size_growth),
            count(small_bytes as u64),
            count(large_bytes as u64),
        ),
        agree && remembers_all,
    ));
}

/// The bytes a hash set holding `nodes` nodes has allocated, as the table itself reports
/// them: what the hash-set walk's set takes at its largest. A walk over a ρ-shaped list
/// from node 0 inserts the nodes 0, 1, 2, ... one at a time, and so does this.
fn hash_set_bytes(nodes: usize) -> usize {
    let mut set: hashbrown::HashSet<usize, std::hash::RandomState> =
        hashbrown::HashSet::with_hasher(std::hash::RandomState::new());
    for node in 0..nodes {
        set.insert(node);
    }
    set.allocation_size()
}

/// Claim 4: successor calls of Floyd and Brent on shapes with long tails and long cycles.
fn floyd_and_brent(n: usize, report: &mut Report) {
    let shapes = [
        ("all cycle", 0, n),
        ("long tail, self-loop", n - 1, 1),
        ("half and half", n / 2, n - n / 2),
        ("long tail, short cycle", n - n / 100, n / 100),
        ("short tail, long cycle", n / 100, n - n / 100),
    ];
    let mut table = Table::new(
        format!(
            "successor calls to find the cycle's start and length ({} nodes)",
            count(n as u64)
        ),
        [
            "shape",
            "tail μ",
            "cycle λ",
            "Floyd",
            "Brent",
            "Brent / Floyd",
        ],
    );
    let mut bars = Bars::new("successor calls (per node)", "calls / n");
    let (mut floyd_total, mut brent_total) = (0usize, 0usize);
    let mut agree = true;
    let mut brent_wins = 0;
    for (name, tail, length) in shapes {
        let next = rho(tail, length);
        let f = |i: usize| next[i];
        let (fl, br) = (floyd(0, f), brent(0, f));
        let (oracle, _) = with_hash_set(0, f);
        agree &= same_cycle(fl, oracle) && same_cycle(br, oracle);
        let (fs, bs) = (fl.map_or(0, |c| c.steps), br.map_or(0, |c| c.steps));
        floyd_total += fs;
        brent_total += bs;
        brent_wins += usize::from(bs < fs);
        table.push([
            name.to_string(),
            count(tail as u64),
            count(length as u64),
            count(fs as u64),
            count(bs as u64),
            format!("{:.2}", bs as f64 / fs as f64),
        ]);
        bars = bars.group(
            name,
            [
                ("Floyd", fs as f64 / n as f64),
                ("Brent", bs as f64 / n as f64),
            ],
        );
    }
    report.tables.push(table);
    report.bars.push(bars);
    report.claims.push(Claim::new(
        "Brent's algorithm calls the successor fewer times than Floyd's on every shape \
         (long tails, long cycles, self-loops), and both agree with the hash-set oracle",
        format!(
            "Floyd {} calls, Brent {} ({:.0}% fewer; fewer on {brent_wins} of {} shapes)",
            count(floyd_total as u64),
            count(brent_total as u64),
            100.0 * (1.0 - brent_total as f64 / floyd_total as f64),
            shapes.len()
        ),
        agree && brent_wins == shapes.len(),
    ));
    report.notes.push(
        "Both are O(μ + λ) time and O(1) memory. Brent wins when the successor is \
         expensive (a hash, a random-number generator step), since it evaluates it less \
         often; Floyd is simpler to write correctly and finds the start with the same \
         meeting-point argument that interviewers ask you to prove."
            .to_string(),
    );
}

/// List sizes from 1,000 up to `largest`, by factors of 10.
fn sizes(largest: usize) -> Vec<usize> {
    let mut sizes: Vec<usize> = std::iter::successors(Some(MIN_NODES), |&s| Some(s * 10))
        .take_while(|&s| s < largest)
        .collect();
    sizes.push(largest);
    sizes
}

fn same_cycle(found: Option<Cycle<usize>>, oracle: Option<Cycle<usize>>) -> bool {
    found.map(|c| (c.start, c.length, c.tail)) == oracle.map(|c| (c.start, c.length, c.tail))
}
