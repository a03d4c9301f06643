//! The demo: every sentence of the answer, measured. Counted first (comparisons,
//! hashes, allocations, bytes, stack bytes), time beside.
//!
//! 1. **Growth, fitted.** Comparisons of binary search, a linear scan, merge sort and an
//!    all-pairs duplicate check, counted at sizes from 1,000 to the demo's size (×2 each
//!    step), fitted to a class by [`crate::fit::classify`]. All pairs stops at
//!    [`ALL_PAIRS_MAX`]: at a million it would be 500 billion comparisons.
//! 2. **Amortised O(1).** A `Vec::push` loop of n elements, counted by the allocator:
//!    about log₂ n allocations, fewer than 2n elements copied in all.
//! 3. **Time for space.** Duplicates by sorting in place (0 bytes, about n log₂ n
//!    comparisons) against a hash set (O(n) bytes, n hashes).
//! 4. **The stack is space.** Recursive and iterative depth-first search on a chain as
//!    deep as the demo's size: the recursive one's stack grows with depth (it runs on a
//!    thread given a big enough stack), the iterative one's does not.
//! 5. **Constants.** The same O(n) scan on a `Vec` and on a `LinkedList`: equal counts,
//!    different times (the one timed claim, re-measured before it fails).

use std::collections::LinkedList;
use std::hint::black_box;
use std::time::Instant;

use rand::RngExt;
use rand::seq::SliceRandom;

use evidence::format::{count as thousands, nanos, times};
use evidence::measure::best_ns_per_op;
use evidence::workload::rng;
use evidence::{Claim, DemoConfig, Report, Table};

use crate::algorithms::{
    first_at_least, has_duplicate, has_duplicate_all_pairs, has_duplicate_sorting, linear_search,
    merge_sort,
};
use crate::alloc::{AllocStats, measure};
use crate::counted::{Counted, count};
use crate::dfs;
use crate::fit::{Class, Fit, classify, errors};

/// The smallest size of the growth series; each next size is [`STEP`] times larger,
/// up to the demo's size.
pub const FIRST_SIZE: usize = 1_000;
/// The factor between consecutive sizes of the growth series.
pub const STEP: usize = 2;
/// The largest size the all-pairs check runs at: n(n − 1)/2 = 32 million comparisons
/// at 8,000.
pub const ALL_PAIRS_MAX: usize = 8_000;
/// Binary searches per size, averaged.
const SEARCHES: usize = 1_000;
/// Linear scans per size, averaged.
const SCANS: usize = 16;
/// Depth of the short chain the recursive search's frame size is measured on.
const PROBE_DEPTH: usize = 1_000;
/// The stack `std::thread` gives a spawned thread by default (its documentation).
const DEFAULT_THREAD_STACK: usize = 2 << 20;
/// The timed claim: a scan of a `LinkedList` takes at least this many times a `Vec`'s.
const LIST_SLOWER_AT_LEAST: f64 = 1.5;

/// The sizes of the growth series for a demo of size `max`: 1,000, 2,000, 4,000, ...
/// below `max`, then `max`.
///
/// ```
/// assert_eq!(complexity::demo::sizes(8_000), [1_000, 2_000, 4_000, 8_000]);
/// assert_eq!(complexity::demo::sizes(5_000), [1_000, 2_000, 4_000, 5_000]);
/// ```
pub fn sizes(max: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut n = FIRST_SIZE;
    while n < max {
        sizes.push(n);
        n *= STEP;
    }
    sizes.push(max);
    sizes
}

/// The keys of the duplicate benchmark (`benches/benches/complexity.rs`) and of the
/// demo's third part: `n` distinct `u64`s in random order (a permutation of `0..n`
/// spread by an odd multiplier), so the search for a duplicate must look at all of them.
///
/// ```
/// let keys = complexity::demo::distinct_keys(1_000, 7);
/// assert!(!complexity::algorithms::has_duplicate(&keys));
/// assert_eq!(keys.len(), 1_000);
/// ```
pub fn distinct_keys(n: usize, seed: u64) -> Vec<u64> {
    let mut keys: Vec<u64> = (0..n as u64)
        .map(|k| k.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect();
    keys.shuffle(&mut rng(seed));
    keys
}

/// Runs the demo; `config.size` is the largest n.
///
/// # Panics
///
/// When the counting allocator is not the `#[global_allocator]` (the demo binary and
/// the crate's test suite install it).
///
/// # Example
///
/// ```no_run
/// let report = complexity::demo::run(&evidence::DemoConfig { seed: 1, size: 8_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    // Three sizes at least: a class fit needs them.
    let n = config.size.max(FIRST_SIZE * STEP * STEP);
    let seed = config.seed;
    let mut report = Report::new(
        "complexity",
        format!(
            "Time and space complexity, measured: sizes 1,000 to {}, seed {seed}",
            thousands(n as u64)
        ),
    );
    growth(&mut report, &sizes(n), seed);
    pushes(&mut report, &sizes(n));
    duplicates(&mut report, n, seed);
    depth(&mut report, n);
    constants(&mut report, n, seed);
    report
}

/// One algorithm's series: (n, counted comparisons, nanoseconds) per size.
struct Series {
    name: &'static str,
    expected: Class,
    points: Vec<(usize, f64, f64)>,
}

impl Series {
    fn fit(&self) -> Fit {
        classify(&self.cost_points())
    }

    fn cost_points(&self) -> Vec<(f64, f64)> {
        self.points.iter().map(|&(n, c, _)| (n as f64, c)).collect()
    }

    fn at(&self, n: usize) -> Option<(f64, f64)> {
        self.points
            .iter()
            .find(|p| p.0 == n)
            .map(|&(_, c, t)| (c, t))
    }
}

/// Part 1: comparisons of four algorithms at every size, fitted to a class.
fn growth(report: &mut Report, sizes: &[usize], seed: u64) {
    let mut search = Series {
        name: "binary search (per search)",
        expected: Class::Logarithmic,
        points: Vec::new(),
    };
    let mut scan = Series {
        name: "linear scan (per search)",
        expected: Class::Linear,
        points: Vec::new(),
    };
    let mut sort = Series {
        name: "merge sort",
        expected: Class::Linearithmic,
        points: Vec::new(),
    };
    let mut pairs = Series {
        name: "duplicates, all pairs",
        expected: Class::Quadratic,
        points: Vec::new(),
    };
    let mut r = rng(seed);
    for &n in sizes {
        // 0, 2, 4, ...: half the searched values fall between elements.
        let sorted: Vec<Counted<u64>> = (0..n as u64).map(|k| Counted::new(2 * k)).collect();
        let targets: Vec<Counted<u64>> = (0..SEARCHES)
            .map(|_| Counted::new(r.random_range(0..2 * n as u64)))
            .collect();
        let (ops, ns) = timed(|| {
            count(|| {
                for t in &targets {
                    black_box(first_at_least(&sorted, t));
                }
            })
            .1
        });
        search.points.push((
            n,
            ops.comparisons as f64 / SEARCHES as f64,
            ns / SEARCHES as f64,
        ));

        // Present keys at evenly spread positions, so the mean is about n/2 at every size
        // (random positions would make a noisy mean of only a few scans).
        let present: Vec<Counted<u64>> = (0..SCANS)
            .map(|i| Counted::new(2 * ((2 * i + 1) * n / (2 * SCANS)) as u64))
            .collect();
        let (ops, ns) = timed(|| {
            count(|| {
                for t in &present {
                    black_box(linear_search(&sorted, t));
                }
            })
            .1
        });
        scan.points
            .push((n, ops.comparisons as f64 / SCANS as f64, ns / SCANS as f64));

        let mut shuffled = sorted.clone();
        shuffled.shuffle(&mut r);
        let (ops, ns) = timed(|| count(|| merge_sort(&mut shuffled)).1);
        assert!(
            shuffled.windows(2).all(|w| w[0].get() < w[1].get()),
            "merge sort sorted"
        );
        sort.points.push((n, ops.comparisons as f64, ns));

        if n <= ALL_PAIRS_MAX {
            let (ops, ns) = timed(|| count(|| black_box(has_duplicate_all_pairs(&shuffled))).1);
            pairs.points.push((n, ops.comparisons as f64, ns));
        }
    }

    let mut table = Table::new(
        "Comparisons counted at each size (time beside, in parentheses)",
        [
            "n",
            "binary search",
            "linear scan",
            "merge sort",
            "n⌈log₂ n⌉",
            "all pairs",
        ],
    );
    for &n in sizes {
        let cell = |s: &Series| match s.at(n) {
            Some((c, t)) if c < 100.0 => format!("{c:.1} ({})", nanos(t)),
            Some((c, t)) => format!("{} ({})", thousands(c.round() as u64), nanos(t)),
            None => format!("not run above {}", thousands(ALL_PAIRS_MAX as u64)),
        };
        table.push([
            thousands(n as u64),
            cell(&search),
            cell(&scan),
            cell(&sort),
            thousands(merge_bound(n)),
            cell(&pairs),
        ]);
    }
    report.tables.push(table);

    let mut fits = Table::new(
        "Fitted classes (least squares on relative error; ties go to the slower class)",
        [
            "algorithm",
            "expected",
            "fitted",
            "exponent",
            "error",
            "runner-up",
        ],
    );
    for s in [&search, &scan, &sort, &pairs] {
        let fit = s.fit();
        let mut errs = errors(&s.cost_points());
        errs.sort_by(|a, b| a.1.total_cmp(&b.1));
        let own = errs.iter().find(|e| e.0 == fit.class).map_or(0.0, |e| e.1);
        let runner = errs
            .iter()
            .find(|e| e.0 != fit.class)
            .map_or("none".to_string(), |e| {
                format!("{} ({:.1}%)", e.0, 100.0 * e.1)
            });
        fits.push([
            s.name.to_string(),
            s.expected.to_string(),
            fit.class.to_string(),
            format!("{:.2}", fit.exponent),
            format!("{:.2}%", 100.0 * own),
            runner,
        ]);
    }
    report.tables.push(fits);

    let span = |s: &Series| {
        let (first, last) = (s.points[0], s.points[s.points.len() - 1]);
        format!(
            "{} at n = {} to {} at n = {}",
            if first.1 < 100.0 {
                format!("{:.1}", first.1)
            } else {
                thousands(first.1 as u64)
            },
            thousands(first.0 as u64),
            if last.1 < 100.0 {
                format!("{:.1}", last.1)
            } else {
                thousands(last.1 as u64)
            },
            thousands(last.0 as u64),
        )
    };
    for (s, statement) in [
        (
            &search,
            "binary search makes Θ(log n) comparisons: the counts fit O(log n)",
        ),
        (
            &scan,
            "a linear scan makes Θ(n) comparisons: the counts fit O(n)",
        ),
    ] {
        let fit = s.fit();
        report.claims.push(Claim::new(
            statement,
            format!("fitted {fit}; {} per search", span(s)),
            fit.class == s.expected,
        ));
    }
    let fit = sort.fit();
    let within = sort
        .points
        .iter()
        .all(|&(n, c, _)| c <= merge_bound(n) as f64);
    report.claims.push(Claim::new(
        "merge sort makes Θ(n log n) comparisons, at most n⌈log₂ n⌉: the counts fit \
         O(n log n) and stay under the bound at every size",
        format!(
            "fitted {fit}; {}; bound at the largest: {}",
            span(&sort),
            thousands(merge_bound(sort.points[sort.points.len() - 1].0))
        ),
        fit.class == Class::Linearithmic && within,
    ));
    let fit = pairs.fit();
    let exact = pairs
        .points
        .iter()
        .all(|&(n, c, _)| c as u64 == (n * (n - 1) / 2) as u64);
    report.claims.push(Claim::new(
        "checking all pairs for a duplicate makes n(n − 1)/2 comparisons when there is \
         none: the counts fit O(n²)",
        format!("fitted {fit}; {}", span(&pairs)),
        fit.class == Class::Quadratic && exact,
    ));
}

/// n⌈log₂ n⌉, the merge sort bound.
fn merge_bound(n: usize) -> u64 {
    n as u64 * u64::from(n.next_power_of_two().trailing_zeros())
}

/// Part 2: a push loop's allocations, counted by the allocator.
fn pushes(report: &mut Report, sizes: &[usize]) {
    let mut table = Table::new(
        "n pushes onto an empty Vec<u64>, counted by the allocator (time per push beside)",
        [
            "n",
            "allocations",
            "log₂ n",
            "elements copied",
            "copied / n",
            "with_capacity(n)",
            "time per push",
        ],
    );
    let mut holds = true;
    let mut worst = String::new();
    for &n in sizes {
        let start = Instant::now();
        let (v, stats) = measure(|| {
            let mut v: Vec<u64> = Vec::new();
            for i in 0..n as u64 {
                v.push(black_box(i));
            }
            v
        });
        let per_push = start.elapsed().as_nanos() as f64 / n as f64;
        let element = size_of::<u64>() as u64;
        // Every allocation but the last held elements that the next one copied: the
        // bytes of all blocks requested, less the final block, are the bytes copied.
        let copied = (stats.bytes - v.capacity() as u64 * element) / element;
        let (_, reserved) = measure(|| {
            let mut v: Vec<u64> = Vec::with_capacity(n);
            v.extend(0..n as u64);
            v
        });
        let log2 = (n as f64).log2();
        let ok = (stats.allocations as f64) <= log2 + 1.0
            && (stats.allocations as f64) >= log2 - 3.0
            && copied < 2 * n as u64
            && reserved.allocations == 1;
        holds &= ok;
        table.push([
            thousands(n as u64),
            thousands(stats.allocations),
            format!("{log2:.1}"),
            thousands(copied),
            format!("{:.2}", copied as f64 / n as f64),
            format!("{} allocation", reserved.allocations),
            nanos(per_push),
        ]);
        worst = format!(
            "{} pushes: {} allocations (log₂ n = {log2:.1}), {} elements copied ({:.2} n); \
             with_capacity: {} allocation",
            thousands(n as u64),
            stats.allocations,
            thousands(copied),
            copied as f64 / n as f64,
            reserved.allocations
        );
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "pushing n elements makes about log₂ n allocations and copies fewer than 2n \
         elements in all: O(1) amortised per push (counted by the allocator, at every size)",
        worst,
        holds,
    ));
}

/// Part 3: duplicates by sorting against a hash set, bytes and operations counted.
fn duplicates(report: &mut Report, n: usize, seed: u64) {
    let keys = distinct_keys(n, seed);
    let counted: Vec<Counted<u64>> = keys.iter().copied().map(Counted::new).collect();

    let mut sorting = counted.clone();
    let ((found_sorting, sort_ops), sort_mem) =
        measure(|| count(|| has_duplicate_sorting(&mut sorting)));
    let ((found_hashing, hash_ops), hash_mem) = measure(|| count(|| has_duplicate(&counted)));
    assert!(!found_sorting && !found_hashing, "the keys are distinct");

    let mut plain = keys.clone();
    let sort_ns = once(|| has_duplicate_sorting(&mut plain));
    let hash_ns = once(|| has_duplicate(&keys));

    let mut table = Table::new(
        format!(
            "Does a list of {} distinct u64 ids contain a duplicate? (worst case: no)",
            thousands(n as u64)
        ),
        [
            "method",
            "comparisons",
            "hashes",
            "allocations",
            "peak extra bytes",
            "time (plain u64)",
        ],
    );
    for (name, ops, mem, ns) in [
        ("sort in place + neighbours", sort_ops, sort_mem, sort_ns),
        ("hash set", hash_ops, hash_mem, hash_ns),
    ] {
        table.push([
            name.to_string(),
            thousands(ops.comparisons),
            thousands(ops.hashes),
            thousands(mem.allocations),
            thousands(mem.peak),
            nanos(ns),
        ]);
    }
    report.tables.push(table);
    let nlogn = n as f64 * (n as f64).log2();
    report.claims.push(Claim::new(
        "finding duplicates by sorting in place needs no extra memory and about n log₂ n \
         comparisons; a hash set needs one hash per element and O(n) bytes",
        format!(
            "{} ids: sorting {} bytes, {} comparisons ({:.2} n log₂ n); hash set {} hashes, \
             {} bytes at peak ({:.1} per id)",
            thousands(n as u64),
            thousands(sort_mem.peak),
            thousands(sort_ops.comparisons),
            sort_ops.comparisons as f64 / nlogn,
            thousands(hash_ops.hashes),
            thousands(hash_mem.peak),
            hash_mem.peak as f64 / n as f64
        ),
        sort_mem == AllocStats::default()
            && (sort_ops.comparisons as f64) <= 2.0 * nlogn
            && sort_ops.comparisons >= n as u64
            && sort_ops.hashes == 0
            && hash_ops.hashes == n as u64
            && hash_mem.peak >= (n * size_of::<&u64>()) as u64,
    ));
}

/// Part 4: the recursive search's stack against the iterative one's heap.
fn depth(report: &mut Report, n: usize) {
    let shallow_n = n / 16;
    let per_frame = dfs::recursive(&dfs::chain(PROBE_DEPTH), 0)
        .stack_bytes
        .div_ceil(PROBE_DEPTH - 1);
    // Twice the measured need, and a megabyte for everything else on the thread.
    let stack_size = |depth: usize| 2 * per_frame * depth + (1 << 20);
    let recursive = |depth: usize| {
        let graph = dfs::chain(depth);
        std::thread::Builder::new()
            .name("deep recursion".to_string())
            .stack_size(stack_size(depth))
            .spawn(move || dfs::recursive(&graph, 0))
            .expect("spawn a thread for the recursive search")
            .join()
            .expect("the recursive search finished")
    };
    let iterative = |depth: usize| {
        let graph = dfs::chain(depth);
        measure(|| dfs::iterative(&graph, 0))
    };
    let (deep, shallow) = (recursive(n), recursive(shallow_n));
    let ((deep_it, deep_heap), (shallow_it, shallow_heap)) = (iterative(n), iterative(shallow_n));
    assert!(
        deep.visited == n && deep_it.visited == n && shallow_it.visited == shallow_n,
        "every node of the chain is visited"
    );

    let mut table = Table::new(
        "Depth-first search along a chain: call stack against heap",
        [
            "search",
            "depth",
            "call stack bytes",
            "per level",
            "extra heap bytes (peak)",
        ],
    );
    for (name, depth, t, heap) in [
        ("recursive", shallow_n, shallow, None),
        ("recursive", n, deep, None),
        ("iterative", shallow_n, shallow_it, Some(shallow_heap)),
        ("iterative", n, deep_it, Some(deep_heap)),
    ] {
        table.push([
            name.to_string(),
            thousands(depth as u64),
            thousands(t.stack_bytes as u64),
            format!("{:.1}", t.stack_bytes as f64 / depth as f64),
            heap.map_or("visited flags only (not measured)".to_string(), |h| {
                thousands(h.peak)
            }),
        ]);
    }
    report.tables.push(table);

    let ratio = deep.stack_bytes as f64 / shallow.stack_bytes.max(1) as f64;
    let depth_ratio = n as f64 / shallow_n as f64;
    report.claims.push(Claim::new(
        "recursion costs stack in proportion to depth: O(depth) space that no allocator \
         sees",
        format!(
            "{} levels: {} bytes of stack ({:.0} a level); {} levels: {} bytes ({ratio:.1}x \
             for {depth_ratio:.0}x the depth)",
            thousands(n as u64),
            thousands(deep.stack_bytes as u64),
            deep.stack_bytes as f64 / n as f64,
            thousands(shallow_n as u64),
            thousands(shallow.stack_bytes as u64),
        ),
        (ratio - depth_ratio).abs() <= 0.1 * depth_ratio,
    ));
    report.claims.push(Claim::new(
        "an explicit stack keeps the call stack flat and moves the space to the heap: \
         O(n) visited flags",
        format!(
            "{} levels: {} bytes of call stack, {} heap bytes at peak; {} levels: {} bytes \
             of call stack, {} heap bytes",
            thousands(n as u64),
            thousands(deep_it.stack_bytes as u64),
            thousands(deep_heap.peak),
            thousands(shallow_n as u64),
            thousands(shallow_it.stack_bytes as u64),
            thousands(shallow_heap.peak),
        ),
        deep_it.stack_bytes == shallow_it.stack_bytes
            && deep_heap.peak >= n as u64
            && deep_heap.peak >= 8 * shallow_heap.peak,
    ));
    report.notes.push(format!(
        "The recursive search needed {} bytes of stack at {} levels. A spawned thread gets \
         2 MiB by default ({} levels of this search); this demo ran it on a thread with a \
         {} MB stack. The iterative search's visited flags are one byte per node.",
        thousands(deep.stack_bytes as u64),
        thousands(n as u64),
        thousands((DEFAULT_THREAD_STACK / per_frame.max(1)) as u64),
        stack_size(n) >> 20
    ));
}

/// Part 5: one O(n) scan on a `Vec` and on a `LinkedList`.
fn constants(report: &mut Report, n: usize, seed: u64) {
    let keys = distinct_keys(n, seed);
    let vec: Vec<Counted<u64>> = keys.iter().copied().map(Counted::new).collect();
    let list: LinkedList<Counted<u64>> = vec.iter().copied().collect();
    // Keys are k times an odd constant (mod 2^64) for k < n; 1 would need k to be the
    // constant's inverse, far above any n the demo allows.
    let absent = Counted::new(1);
    let (_, vec_ops) = count(|| linear_search(&vec, &absent));
    let (_, list_ops) = count(|| list.iter().position(|x| *x == absent));
    report.claims.push(Claim::new(
        "a scan of a Vec and of a linked list is the same O(n) algorithm: the same count \
         of comparisons",
        format!(
            "absent key, {} elements: Vec {} comparisons, LinkedList {}",
            thousands(n as u64),
            thousands(vec_ops.comparisons),
            thousands(list_ops.comparisons)
        ),
        vec_ops == list_ops && vec_ops.comparisons == n as u64,
    ));
    drop((vec, list));

    let plain_vec = keys;
    let plain_list: LinkedList<u64> = plain_vec.iter().copied().collect();
    report.claims.push(Claim::timed(
        format!(
            "the constants differ: the list's scan takes at least {LIST_SLOWER_AT_LEAST}x \
             the Vec's (a pointer to chase per node, against contiguous memory)"
        ),
        || {
            let vec_ns = best_ns_per_op(3, || {
                black_box(linear_search(black_box(&plain_vec), &1));
                n
            });
            let list_ns = best_ns_per_op(3, || {
                black_box(black_box(&plain_list).iter().position(|&x| x == 1));
                n
            });
            let ratio = list_ns / vec_ns;
            (
                format!(
                    "per element: Vec {}, LinkedList {} ({})",
                    nanos(vec_ns),
                    nanos(list_ns),
                    times(ratio)
                ),
                ratio >= LIST_SLOWER_AT_LEAST,
            )
        },
    ));
}

/// Runs `f` once and returns its result with the nanoseconds it took.
fn timed<R>(f: impl FnOnce() -> R) -> (R, f64) {
    let start = Instant::now();
    let result = f();
    (result, start.elapsed().as_nanos() as f64)
}

/// The nanoseconds one call of `f` takes.
fn once<R>(f: impl FnOnce() -> R) -> f64 {
    let start = Instant::now();
    black_box(f());
    start.elapsed().as_nanos() as f64
}
