//! The demo: every claim of the answer on counted work (calls, memo hits, bytes
//! allocated, comparisons), with times shown beside them and one timed claim.
//!
//! 1. **Overlap.** The naive Fibonacci recursion makes exactly 2·F(n + 1) − 1 calls
//!    for n + 1 distinct arguments; with a memo it makes 2n − 1; the table makes none
//!    and allocates nothing.
//! 2. **Memo hits.** What a memo answers shows how much the subproblems overlap:
//!    Fibonacci and edit distance hit it on every repeated state; merge sort's
//!    subproblems are all distinct, so a memo would never hit (divide and conquer,
//!    not DP).
//! 3. **Greedy against DP.** Coins 1, 3 and 4 for 6: greedy 3 coins, DP 2; greedy is
//!    never worse for the canonical 1, 5, 10, 25.
//! 4. **Space.** The full edit-distance table against two rows: bytes allocated,
//!    counted by the binary's counting allocator, grow as nm against min(n, m), with
//!    the same answer; the bit-parallel version beside them, and its time (the one
//!    timed claim).
//! 5. **LIS.** The O(n log n) method against the O(n²) DP: comparisons counted
//!    through keys whose `Ord` counts, and their growth fitted.

use std::collections::HashSet;
use std::hint::black_box;

use rand::RngExt;
use testkit::alloc::measure as allocated;
use testkit::counted::{Counted, count as counted};

use evidence::format::{count, nanos, percent};
use evidence::measure::{best_ns_per_op, fitted_exponent};
use evidence::workload::rng;
use evidence::{Claim, DemoConfig, Report, Table};

use crate::{
    coin_change, edit_distance, edit_distance_table, edit_distance_two_rows, fib_memo,
    fib_memo_stats, fib_naive, fib_table, greedy_coin_change,
    longest_increasing_subsequence_by_ord, longest_increasing_subsequence_quadratic,
};

/// The largest n the naive Fibonacci recursion runs for: 2·F(31) − 1 = 2,692,537 calls.
pub const FIB_N: u32 = 30;
/// The largest n of the memoised and tabulated Fibonacci checks (F(93) is the last to
/// fit a u64).
const FIB_MEMO_N: u32 = 93;
/// The longer string of the memoised edit-distance recursion at most: its depth is
/// n + m, and its memo (n + 1)(m + 1) cells.
const MEMO_EDIT_MAX: usize = 400;
/// Amounts swept to compare greedy change with DP.
const SWEEP: u32 = 1_000;
/// The letters of the demo's strings (a DNA-like alphabet: many matches, many edits).
const LETTERS: [char; 4] = ['a', 'c', 'g', 't'];
/// The timed claim: the bit-parallel edit distance takes at most this fraction of the
/// two-row DP's time (the bench measured 0.01 to 0.05).
const BIT_PARALLEL_BOUND: f64 = 0.5;

/// Runs the demo; `config.size` is the length of the longer edit-distance string and
/// of the longest LIS input.
///
/// # Panics
///
/// When the binary (or test) has no counting allocator: the byte counts would all be 0
/// (see [`testkit::alloc::measure`]).
///
/// # Example
///
/// ```no_run
/// let report = dynamic_programming::demo::run(&evidence::DemoConfig { seed: 1, size: 200 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let n = config.size.max(16);
    let seed = config.seed;
    let mut report = Report::new(
        "dynamic-programming",
        format!(
            "Dynamic programming, subproblems counted: strings of {} chars, sequences of {} \
             elements, seed {seed}",
            count(n as u64),
            count(n as u64)
        ),
    );
    fibonacci(&mut report);
    memo_hits(&mut report, n, seed);
    coins(&mut report);
    space(&mut report, n, seed);
    lis(&mut report, n, seed);
    report
}

/// F(n) by the recurrence, for the claims' expected counts.
fn fib(n: u32) -> u64 {
    (0..n)
        .fold((0u64, 1u64), |(a, b), _| (b, a.wrapping_add(b)))
        .0
}

/// Time of one call of `f`, the best of a few rounds (for the tables, not the claims).
fn time_one<R>(rounds: usize, mut f: impl FnMut() -> R) -> f64 {
    best_ns_per_op(rounds, || {
        black_box(f());
        1
    })
}

/// Claim 1: calls of the three Fibonacci versions.
fn fibonacci(report: &mut Report) {
    let mut table = Table::new(
        "Fibonacci: calls made (counted) and time (best of 3)",
        [
            "n",
            "F(n)",
            "naive calls",
            "2·F(n+1) − 1",
            "memo calls",
            "table calls",
            "naive time",
            "memo time",
            "table time",
        ],
    );
    let mut naive_ok = true;
    let mut first_wrong = None;
    for n in 0..=FIB_N {
        let (value, calls) = fib_naive(n);
        let expected = 2 * fib(n + 1) - 1;
        if value != fib(n) || calls != expected {
            naive_ok = false;
            first_wrong.get_or_insert(format!("n = {n}: {calls} calls, expected {expected}"));
        }
        if n % 10 == 0 {
            let (_, memo_calls) = fib_memo(n);
            table.push([
                n.to_string(),
                count(value),
                count(calls),
                count(expected),
                count(memo_calls),
                "0".to_string(),
                nanos(time_one(3, || fib_naive(n))),
                nanos(time_one(3, || fib_memo(n))),
                nanos(time_one(3, || fib_table(n))),
            ]);
        }
    }
    report.tables.push(table);
    let (_, top) = fib_naive(FIB_N);
    report.claims.push(Claim::new(
        format!(
            "the naive recursion makes exactly 2·F(n+1) − 1 calls, about 1.618^n, for only \
             n + 1 distinct arguments (n = 0 to {FIB_N})"
        ),
        first_wrong.unwrap_or_else(|| {
            format!(
                "every n matches; n = {FIB_N}: {} calls for {} distinct arguments",
                count(top),
                FIB_N + 1
            )
        }),
        naive_ok,
    ));

    let memo_wrong = (1..=FIB_MEMO_N).find(|&n| {
        let (value, calls) = fib_memo(n);
        value != fib(n) || calls != 2 * u64::from(n) - 1
    });
    let (_, memo_top) = fib_memo(FIB_MEMO_N);
    report.claims.push(Claim::new(
        format!("with a memo the same recursion makes 2n − 1 calls (n = 1 to {FIB_MEMO_N})"),
        match memo_wrong {
            None => format!(
                "every n matches; n = {FIB_MEMO_N}: {} calls",
                count(memo_top)
            ),
            Some(n) => format!("n = {n}: {} calls, expected {}", fib_memo(n).1, 2 * n - 1),
        },
        memo_wrong.is_none(),
    ));

    let (value, bytes) = allocated(|| fib_table(FIB_MEMO_N));
    let (_, memo_bytes) = allocated(|| fib_memo(FIB_MEMO_N));
    report.claims.push(Claim::new(
        "the bottom-up table makes no calls and, keeping only the last two values, \
         allocates nothing; the memo allocates one slot per state",
        format!(
            "F({FIB_MEMO_N}) = {}: table {} bytes; memo {} bytes ({} states of 16 bytes)",
            count(value),
            bytes.bytes,
            count(memo_bytes.bytes),
            FIB_MEMO_N + 1
        ),
        value == fib(FIB_MEMO_N)
            && bytes.bytes == 0
            && memo_bytes.bytes == u64::from(FIB_MEMO_N + 1) * 16,
    ));
}

/// A random string of `len` letters from [`LETTERS`].
fn letters(len: usize, rng: &mut impl RngExt) -> Vec<char> {
    (0..len)
        .map(|_| LETTERS[rng.random_range(0..LETTERS.len())])
        .collect()
}

/// Calls, memo hits and states of a computation.
#[derive(Debug, Default)]
struct Memo {
    calls: u64,
    hits: u64,
    states: u64,
}

/// The edit distance by the recursion with a memo over (i, j): the distance between
/// the first i chars of `a` and the first j of `b`.
fn memo_edit(a: &[char], b: &[char]) -> (usize, Memo) {
    fn go(
        a: &[char],
        b: &[char],
        i: usize,
        j: usize,
        memo: &mut [Option<usize>],
        stats: &mut Memo,
    ) -> usize {
        stats.calls += 1;
        let at = i * (b.len() + 1) + j;
        if let Some(d) = memo[at] {
            stats.hits += 1;
            return d;
        }
        let d = if i == 0 {
            j
        } else if j == 0 {
            i
        } else {
            let delete = go(a, b, i - 1, j, memo, stats) + 1;
            let insert = go(a, b, i, j - 1, memo, stats) + 1;
            let diagonal = go(a, b, i - 1, j - 1, memo, stats) + usize::from(a[i - 1] != b[j - 1]);
            delete.min(insert).min(diagonal)
        };
        memo[at] = Some(d);
        stats.states += 1;
        d
    }
    let mut memo = vec![None; (a.len() + 1) * (b.len() + 1)];
    let mut stats = Memo::default();
    let d = go(a, b, a.len(), b.len(), &mut memo, &mut stats);
    (d, stats)
}

/// Top-down merge sort that records every subproblem (a range `lo..hi`) it is asked
/// to solve: calls, and how many of them a memo keyed by the range would have
/// answered.
fn merge_sort_subproblems(xs: &mut [i64]) -> Memo {
    fn go(xs: &mut [i64], lo: usize, seen: &mut HashSet<(usize, usize)>, stats: &mut Memo) {
        stats.calls += 1;
        if seen.insert((lo, lo + xs.len())) {
            stats.states += 1;
        } else {
            stats.hits += 1;
        }
        if xs.len() < 2 {
            return;
        }
        let mid = xs.len() / 2;
        let (left, right) = xs.split_at_mut(mid);
        go(left, lo, seen, stats);
        go(right, lo + mid, seen, stats);
        let mut merged = Vec::with_capacity(xs.len());
        let (mut i, mut j) = (0, mid);
        while i < mid && j < xs.len() {
            if xs[j] < xs[i] {
                merged.push(xs[j]);
                j += 1;
            } else {
                merged.push(xs[i]);
                i += 1;
            }
        }
        merged.extend_from_slice(&xs[i..mid]);
        merged.extend_from_slice(&xs[j..]);
        xs.copy_from_slice(&merged);
    }
    let mut stats = Memo::default();
    go(xs, 0, &mut HashSet::new(), &mut stats);
    stats
}

/// Claim 2: memo hit ratios, Fibonacci and edit distance against merge sort.
fn memo_hits(report: &mut Report, n: usize, seed: u64) {
    let mut rng = rng(seed);
    let (_, fib_stats) = fib_memo_stats(FIB_N);
    let (naive_value, naive_calls) = fib_naive(FIB_N);
    let long = n.min(MEMO_EDIT_MAX);
    let a = letters(long, &mut rng);
    let b = letters(long / 2, &mut rng);
    let (memo_d, edit) = memo_edit(&a, &b);
    let mut xs: Vec<i64> = (0..n)
        .map(|_| rng.random_range(-1_000_000..1_000_000))
        .collect();
    let mut sorted = xs.clone();
    sorted.sort_unstable();
    let merge = merge_sort_subproblems(&mut xs);

    let mut table = Table::new(
        "Memoisation: calls, distinct states and memo hits (counted)",
        [
            "problem",
            "calls",
            "distinct states",
            "memo hits",
            "hit ratio",
        ],
    );
    let row = |name: String, m: &Memo| {
        [
            name,
            count(m.calls),
            count(m.states),
            count(m.hits),
            percent(m.hits as f64 / m.calls as f64),
        ]
    };
    table.push(row(
        format!("Fibonacci, n = {FIB_N}"),
        &Memo {
            calls: fib_stats.calls,
            hits: fib_stats.hits,
            states: fib_stats.states,
        },
    ));
    table.push([
        format!("Fibonacci, n = {FIB_N}, without a memo"),
        count(naive_calls),
        count(u64::from(FIB_N) + 1),
        format!("({} repeats)", count(naive_calls - u64::from(FIB_N) - 1)),
        percent(1.0 - f64::from(FIB_N + 1) / naive_calls as f64),
    ]);
    table.push(row(
        format!("edit distance, {} × {} chars", a.len(), b.len()),
        &edit,
    ));
    table.push(row(
        format!("merge sort, {} elements", count(n as u64)),
        &merge,
    ));
    report.tables.push(table);

    let fib_n = u64::from(FIB_N);
    let cells = ((a.len() + 1) * (b.len() + 1)) as u64;
    report.claims.push(Claim::new(
        "the subproblems overlap, and a memo answers every repeat: Fibonacci's n + 1 \
         states are asked for 2n − 1 times (hits n − 2); edit distance's (n+1)(m+1) \
         cells about 3 times each (hits about 2/3)",
        format!(
            "Fibonacci({FIB_N}): {} states, {} calls, {} hits ({}), against {} calls \
             without the memo; edit distance {} × {}: {} cells, {} calls, {} hits ({})",
            fib_stats.states,
            fib_stats.calls,
            fib_stats.hits,
            percent(fib_stats.hit_ratio()),
            count(naive_calls),
            a.len(),
            b.len(),
            count(edit.states),
            count(edit.calls),
            count(edit.hits),
            percent(edit.hits as f64 / edit.calls as f64)
        ),
        fib_stats.states == fib_n + 1
            && fib_stats.hits == fib_n - 2
            && naive_value == fib(FIB_N)
            && edit.states == cells
            && memo_d == edit_distance_two_rows(&a, &b)
            && (0.6..0.7).contains(&(edit.hits as f64 / edit.calls as f64)),
    ));
    report.claims.push(Claim::new(
        "memoisation does not help where subproblems do not overlap: merge sort's \
         2n − 1 subproblems are all distinct ranges, so a memo would never hit (divide \
         and conquer, not DP)",
        format!(
            "{} elements: {} calls, {} distinct ranges, {} memo hits",
            count(n as u64),
            count(merge.calls),
            count(merge.states),
            merge.hits
        ),
        merge.hits == 0 && merge.calls == 2 * n as u64 - 1 && xs == sorted,
    ));
}

/// Claim 3: greedy change against DP.
fn coins(report: &mut Report) {
    let mut table = Table::new(
        format!("Coin change: greedy (largest coin first) against DP, amounts 1 to {SWEEP}"),
        [
            "coins",
            "6 by greedy",
            "6 by DP",
            "amounts greedy gets wrong",
            "worst excess",
        ],
    );
    let mut results = Vec::new();
    for coins in [&[1, 3, 4][..], &[1, 5, 10, 25][..]] {
        let mut wrong = 0u32;
        let mut worst = 0u32;
        for amount in 1..=SWEEP {
            let (g, d) = (
                greedy_coin_change(coins, amount),
                coin_change(coins, amount),
            );
            if g != d {
                wrong += 1;
                worst = worst.max(g.unwrap_or(u32::MAX).saturating_sub(d.unwrap_or(0)));
            }
        }
        let six = (greedy_coin_change(coins, 6), coin_change(coins, 6));
        table.push([
            format!("{coins:?}"),
            six.0.map_or("none".into(), |c| c.to_string()),
            six.1.map_or("none".into(), |c| c.to_string()),
            count(u64::from(wrong)),
            worst.to_string(),
        ]);
        results.push((six, wrong));
    }
    report.tables.push(table);
    let ((greedy6, dp6), wrong134) = results[0];
    let (_, wrong_us) = results[1];
    report.claims.push(Claim::new(
        "greedy change fails where DP does not: coins 1, 3 and 4 for 6 take 3 coins \
         greedily (4 + 1 + 1) and 2 by DP (3 + 3); for the canonical 1, 5, 10, 25 greedy \
         is always optimal",
        format!(
            "6 with 1, 3, 4: greedy {}, DP {}; amounts 1 to {SWEEP} greedy gets wrong: {} \
             with 1, 3, 4, {wrong_us} with 1, 5, 10, 25",
            greedy6.unwrap_or(0),
            dp6.unwrap_or(0),
            wrong134
        ),
        greedy6 == Some(3) && dp6 == Some(2) && wrong134 > 0 && wrong_us == 0,
    ));
}

/// Claim 4: the full table against two rows, in bytes allocated.
fn space(report: &mut Report, n: usize, seed: u64) {
    let mut rng = rng(seed ^ 0xED17);
    let mut table = Table::new(
        "Edit distance memory: bytes allocated (counted) and time (best of 3), strings \
         of n and n/2 chars",
        [
            "n",
            "distance",
            "full table bytes",
            "two rows bytes",
            "bit-parallel bytes",
            "full table time",
            "two rows time",
            "bit-parallel time",
        ],
    );
    let mut table_points = Vec::new();
    let mut rows_points = Vec::new();
    let mut exact = true;
    let mut same = true;
    let mut last = (0, 0, 0, 0);
    let mut largest = (Vec::new(), Vec::new());
    for len in [n / 8, n / 4, n / 2, n] {
        let a = letters(len, &mut rng);
        let b = letters(len / 2, &mut rng);
        let (full, full_bytes) = allocated(|| edit_distance_table(&a, &b));
        let (rows, rows_bytes) = allocated(|| edit_distance_two_rows(&a, &b));
        let (sa, sb): (String, String) = (a.iter().collect(), b.iter().collect());
        let (bits, bits_bytes) = allocated(|| edit_distance(&sa, &sb));
        let cells = (a.len() + 1) * (b.len() + 1);
        exact &= full_bytes.bytes == (cells * 4) as u64
            && rows_bytes.bytes == (2 * (b.len() + 1) * 8) as u64;
        same &= full == rows && rows == bits;
        table_points.push((len, full_bytes.bytes as f64));
        rows_points.push((len, rows_bytes.bytes as f64));
        table.push([
            count(len as u64),
            count(full as u64),
            count(full_bytes.bytes),
            count(rows_bytes.bytes),
            count(bits_bytes.bytes),
            nanos(time_one(3, || edit_distance_table(&a, &b))),
            nanos(time_one(3, || edit_distance_two_rows(&a, &b))),
            nanos(time_one(3, || edit_distance(&sa, &sb))),
        ]);
        last = (len, full_bytes.bytes, rows_bytes.bytes, full);
        largest = (a, b);
    }
    report.tables.push(table);
    let table_growth = fitted_exponent(&table_points);
    let rows_growth = fitted_exponent(&rows_points);
    let (len, full_bytes, rows_bytes, distance) = last;
    report.claims.push(Claim::new(
        "the full edit-distance table allocates (n+1)(m+1) cells, O(nm); two rows \
         allocate 2(min(n, m) + 1), O(min(n, m)); the answer is the same",
        format!(
            "{} × {} chars: distance {} both ways (and bit-parallel); table {} bytes, two \
             rows {} bytes ({}x less); growth with n fitted: table n^{table_growth:.2}, \
             rows n^{rows_growth:.2}",
            count(len as u64),
            count(len as u64 / 2),
            count(distance as u64),
            count(full_bytes),
            count(rows_bytes),
            count(full_bytes / rows_bytes.max(1))
        ),
        exact && same && (1.9..2.1).contains(&table_growth) && (0.9..1.1).contains(&rows_growth),
    ));

    let (a, b) = largest;
    let (sa, sb): (String, String) = (a.iter().collect(), b.iter().collect());
    report.claims.push(Claim::timed(
        format!(
            "can you beat O(nm)? by a word: the bit-parallel algorithm (64 cells per \
             handful of word operations) takes at most {BIT_PARALLEL_BOUND}x the two-row \
             DP's time at {} × {} chars",
            count(a.len() as u64),
            count(b.len() as u64)
        ),
        || {
            let rows = time_one(5, || edit_distance_two_rows(&a, &b));
            let bits = time_one(5, || edit_distance(&sa, &sb));
            let ratio = bits / rows;
            (
                format!(
                    "two rows {}, bit-parallel {}: {:.3}x",
                    nanos(rows),
                    nanos(bits),
                    ratio
                ),
                ratio <= BIT_PARALLEL_BOUND,
            )
        },
    ));
}

/// Claim 5: LIS comparisons, O(n²) against O(n log n).
fn lis(report: &mut Report, n: usize, seed: u64) {
    let mut rng = rng(seed ^ 0x115);
    let mut table = Table::new(
        "Longest increasing subsequence: comparisons (counted) and time (best of 3)",
        [
            "n",
            "length",
            "O(n²) DP comparisons",
            "n(n−1)/2",
            "tails + binary search",
            "per n·log2 n",
            "O(n²) time",
            "O(n log n) time",
        ],
    );
    let mut slow_points = Vec::new();
    let mut fast_points = Vec::new();
    let mut agree = true;
    let mut exact = true;
    for len in [n / 8, n / 4, n / 2, n] {
        let xs: Vec<Counted<i64>> = (0..len)
            .map(|_| Counted::new(rng.random_range(0..len as i64 * 4)))
            .collect();
        let (slow, slow_ops) = counted(|| longest_increasing_subsequence_quadratic(&xs));
        let (fast, fast_ops) = counted(|| longest_increasing_subsequence_by_ord(&xs));
        agree &= slow.len() == fast.len() && fast.windows(2).all(|w| w[0].get() < w[1].get());
        let pairs = (len * (len - 1) / 2) as u64;
        exact &= slow_ops.comparisons == pairs;
        slow_points.push((len, slow_ops.comparisons as f64));
        fast_points.push((len, fast_ops.comparisons as f64));
        let plain: Vec<i64> = xs.iter().map(|x| *x.get()).collect();
        table.push([
            count(len as u64),
            count(fast.len() as u64),
            count(slow_ops.comparisons),
            count(pairs),
            count(fast_ops.comparisons),
            format!(
                "{:.2}",
                fast_ops.comparisons as f64 / (len as f64 * (len as f64).log2())
            ),
            nanos(time_one(3, || {
                longest_increasing_subsequence_quadratic(&plain)
            })),
            nanos(time_one(3, || {
                longest_increasing_subsequence_by_ord(&plain)
            })),
        ]);
    }
    report.tables.push(table);
    let slow_growth = fitted_exponent(&slow_points);
    let fast_growth = fitted_exponent(&fast_points);
    report.claims.push(Claim::new(
        "the longest increasing subsequence takes n(n−1)/2 comparisons by the O(n²) DP \
         and O(n log n) with tails and binary search, for the same length",
        format!(
            "{} elements: {} against {} comparisons; growth fitted from n/8 to n: n^{slow_growth:.2} \
             against n^{fast_growth:.2}",
            count(n as u64),
            count(slow_points.last().map_or(0.0, |p| p.1) as u64),
            count(fast_points.last().map_or(0.0, |p| p.1) as u64)
        ),
        agree && exact && (1.95..2.05).contains(&slow_growth) && (0.9..1.3).contains(&fast_growth),
    ));
}

/// The string lengths of the benchmark (`benches/benches/dynamic_programming.rs`).
pub const BENCH_LENGTHS: [usize; 3] = [16, 128, 1_024];

/// The benchmark's pair of strings for `len`: `len` random lowercase letters, and a copy
/// with about one char in eight substituted, inserted or deleted (a fixed seed, so the
/// reference, strsim and a learner's `--mine` bench see the same strings).
///
/// ```
/// let (a, b) = dynamic_programming::demo::bench_pair(128);
/// assert_eq!(a.len(), 128);
/// let d = dynamic_programming::edit_distance(&a, &b);
/// assert!(d > 0 && d < 40, "{d}");
/// ```
pub fn bench_pair(len: usize) -> (String, String) {
    let mut rng = rng(len as u64);
    let a: Vec<char> = (0..len)
        .map(|_| char::from(b'a' + rng.random_range(0..26u8)))
        .collect();
    let mut b = Vec::with_capacity(len + len / 8);
    for &c in &a {
        match rng.random_range(0..24u8) {
            0 => b.push(char::from(b'a' + rng.random_range(0..26u8))),
            1 => b.extend([c, char::from(b'a' + rng.random_range(0..26u8))]),
            2 => {}
            _ => b.push(c),
        }
    }
    (a.into_iter().collect(), b.into_iter().collect())
}
