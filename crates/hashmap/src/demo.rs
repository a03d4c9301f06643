//! The demo: measurements that back the answer's claims, every one on counted work.
//!
//! 1. Lookups do the same work from 1k to 1M entries: keys compared and groups of
//!    control bytes read per successful lookup, counted for every entry of the table
//!    ([`HashMap::probe_stats`]), stay near one at every size. Over the same sizes
//!    binary search over a sorted `Vec` makes log2(n) to log2(n) + 2 comparisons, and a
//!    linear scan about n/2 (both counted exactly over the same random lookups). The
//!    time per lookup is shown beside the counts, best of several rounds, with its
//!    fitted growth (cost ∝ n^b): the memory hierarchy makes it creep up even where the
//!    work does not.
//! 2. A constant hasher (what a hash-flooding attacker aims for) turns every lookup
//!    into a scan: exactly (n + 1) / 2 keys compared on average, so 4x the keys is 4x
//!    the comparisons per lookup. The time, against SipHash, is in the table.
//! 3. At load factors 0.5, 0.75 and 0.875 most entries are found in the first group of
//!    control bytes, and the 7-bit tags keep key comparisons near one per lookup
//!    (counted).
//! 4. The everyday use: counting words with the entry API, checked against a BTreeMap
//!    (counted; the time of both is a note).
//!
//! No claim rests on the wall clock; the tables' and notes' times are for reading.

use std::collections::BTreeMap;
use std::hash::{BuildHasherDefault, DefaultHasher};
use std::hint::black_box;

use rand::RngExt;
use rand::seq::SliceRandom;

use evidence::format::{count, nanos, percent, times};
use evidence::measure::{best_ns_per_op, fitted_exponent};
use evidence::workload::{Zipf, rng};
use evidence::{Bars, Claim, DemoConfig, Report, Table};

use crate::hashers::{Constant, Identity};
use crate::{HashMap, MAX_LOAD_FACTOR, ProbeStats};

/// The smallest table of claim 1; the others are the decades above it, below the
/// configured size, then the configured size itself.
const SMALLEST: usize = 1_000;
/// Lookups per timed round for the hash map and binary search, and the random lookups
/// whose binary-search comparisons are counted.
const LOOKUPS: usize = 20_000;
/// Key comparisons per timed round of the linear scan (it gets fewer lookups).
const SCAN_BUDGET: usize = 4_000_000;
/// Key comparisons the counted linear scans may make at each size, beyond the minimum
/// number of lookups below.
const SCAN_COUNT_BUDGET: usize = 200_000_000;
/// Counted linear-scan lookups at every size, however large: the mean position of 200
/// random keys lies within 0.02n of n/2 (one standard deviation), so the claim's band
/// of 0.35n to 0.65n is over seven deviations wide on either side.
const SCAN_COUNT_MIN: usize = 200;
const ROUNDS: usize = 5;
/// Claim 1: the mean number of keys a successful lookup compares, at every size: the
/// match itself, plus a tag that matched by chance (1 in 128 per full bucket probed).
const MEAN_PROBE_BOUND: f64 = 1.05;
/// Claim 1: the mean number of groups of 8 control bytes a successful lookup reads, at
/// every size. Growth keeps the load at or below 7/8, where the mean is about 1.2.
const MEAN_GROUPS_BOUND: f64 = 1.3;
/// Claim 1: a linear scan's comparisons per lookup, as a fraction of n, at every size
/// (a random present key sits on average halfway along).
const SCAN_SHARE: (f64, f64) = (0.35, 0.65);
/// Claim 2: sizes of the all-colliding table (kept small: every lookup is a scan).
const COLLIDING_SIZES: [usize; 2] = [1_000, 4_000];
/// Claim 2: 4x the keys must make each lookup compare at least this many times more
/// keys (O(n): 4x).
const COLLIDING_GROWTH_BOUND: f64 = 3.5;
/// Claim 3: buckets in each table (2^17), and the load factors compared.
const PROBE_BUCKETS: usize = 1 << 17;
const LOAD_FACTORS: [f64; 3] = [0.5, 0.75, 0.875];
/// Claim 3: at the maximum load, at least this share of entries is found in the first
/// group of control bytes, and lookups compare at most this many keys on average.
const FIRST_GROUP_AT_MAX_LOAD: f64 = 0.8;
const MAX_COMPARISONS: f64 = 1.05;
/// Claim 4: words of generated text (at most), vocabulary size and Zipf exponent.
const MAX_WORDS: usize = 500_000;
const VOCABULARY: usize = 20_000;
const TOP_WORDS: usize = 5;

/// The hasher of the demo's tables in claim 1: SipHash with fixed keys, so the tables'
/// layout, and with it every count, repeats under a seed (std's default `RandomState`
/// draws new keys for every map). It hashes exactly as fast as the default.
pub type FixedHasher = BuildHasherDefault<DefaultHasher>;

/// `n` distinct random u64 keys from `seed`, in random order: the demo's and the
/// benchmark's key sets.
///
/// ```
/// let keys = hashmap::demo::random_keys(1_000, 7);
/// assert_eq!(keys.len(), 1_000);
/// assert_eq!(keys, hashmap::demo::random_keys(1_000, 7));
/// ```
pub fn random_keys(n: usize, seed: u64) -> Vec<u64> {
    let mut r = rng(seed);
    let mut keys: Vec<u64> = (0..n + n / 64 + 8).map(|_| r.random()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.truncate(n);
    assert_eq!(keys.len(), n, "random 64-bit keys are distinct");
    keys.shuffle(&mut r);
    keys
}

/// The keys of the benchmark (`benches/benches/hashmap.rs`) and of the exercise's own
/// bench (`cargo lab bench hashmap --mine`), built once here so both measure the same.
#[derive(Debug, Clone)]
pub struct BenchInputs {
    /// The keys inserted, in insertion order.
    pub keys: Vec<u64>,
    /// The same keys shuffled: the lookup-hit queries.
    pub hits: Vec<u64>,
    /// Up to 100,000 keys that are not in `keys`: the lookup-miss queries.
    pub misses: Vec<u64>,
}

/// The benchmark inputs for a table of `size` entries.
///
/// ```
/// let inputs = hashmap::demo::bench_inputs(1_000);
/// assert_eq!(inputs.keys.len(), 1_000);
/// assert!(inputs.misses.iter().all(|k| !inputs.keys.contains(k)));
/// ```
pub fn bench_inputs(size: usize) -> BenchInputs {
    let keys = random_keys(size, 1);
    let mut hits = keys.clone();
    hits.shuffle(&mut rng(2));
    let present: std::collections::HashSet<u64> = keys.iter().copied().collect();
    let misses = random_keys(size.min(100_000), 3)
        .into_iter()
        .filter(|k| !present.contains(k))
        .collect();
    BenchInputs { keys, hits, misses }
}

/// Runs the demo; `config.size` is the largest table in claim 1 (the manifest's
/// `min-size` keeps it at 100k or more).
///
/// # Example
///
/// ```no_run
/// let report = hashmap::demo::run(&evidence::DemoConfig { seed: 1, size: 100_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let size = config.size;
    let mut report = Report::new(
        "hashmap",
        format!(
            "Hash map: lookups in tables of up to {} entries, seed {}",
            count(size as u64),
            config.seed
        ),
    );
    flat_lookups(config.seed, size, &mut report);
    constant_hasher(config.seed, &mut report);
    probe_lengths(config.seed, &mut report);
    word_count(config.seed, size, &mut report);
    report
}

/// Claim 1's table sizes: 1k, then every decade below `size`, then `size` (the manifest's
/// `min-size` keeps it at 100k or more, so there are always at least three).
fn sizes(size: usize) -> Vec<usize> {
    let mut sizes: Vec<usize> = std::iter::successors(Some(SMALLEST), |n| n.checked_mul(10))
        .take_while(|&n| n < size)
        .collect();
    sizes.push(size);
    sizes
}

/// Claim 1: hash map vs binary search vs linear scan, from 1k entries up to `size`: the
/// work per lookup counted, the time per lookup measured beside it.
fn flat_lookups(seed: u64, size: usize, report: &mut Report) {
    let sizes = sizes(size);
    let mut table = Table::new(
        "work and time of one successful lookup as the table grows (times: best of 5 rounds)",
        [
            "entries",
            "HashMap keys compared",
            "HashMap groups read",
            "HashMap time",
            "binary search comparisons",
            "binary search time",
            "linear scan comparisons",
            "linear scan time",
        ],
    );
    let (mut hash_ns, mut bsearch_ns, mut scan_ns) = (Vec::new(), Vec::new(), Vec::new());
    let (mut probes, mut groups) = (Vec::new(), Vec::new());
    let (mut bsearch_cmp, mut scan_cmp) = (Vec::new(), Vec::new());
    for &n in &sizes {
        let keys = random_keys(n, seed ^ n as u64);
        let map: HashMap<u64, u64, FixedHasher> = keys.iter().map(|&k| (k, k)).collect();
        let mut sorted: Vec<(u64, u64)> = keys.iter().map(|&k| (k, k)).collect();
        sorted.sort_unstable();
        let unsorted: Vec<(u64, u64)> = keys.iter().map(|&k| (k, k)).collect();
        let mut r = rng(seed ^ 0x51);
        let queries: Vec<u64> = (0..LOOKUPS).map(|_| keys[r.random_range(0..n)]).collect();

        // The work, counted: every entry's lookup cost in the hash map, and the
        // comparisons of binary search and of a linear scan over the random queries.
        let stats = map.probe_stats();
        let probe = ProbeStats::mean(&stats.comparisons);
        let group = ProbeStats::mean(&stats.groups);
        let mut comparisons = 0usize;
        for q in &queries {
            let _ = sorted.binary_search_by(|e| {
                comparisons += 1;
                e.0.cmp(q)
            });
        }
        let bsearch = comparisons as f64 / queries.len() as f64;
        let scan_counted = (SCAN_COUNT_BUDGET / n).clamp(SCAN_COUNT_MIN, LOOKUPS);
        let position: usize = queries[..scan_counted]
            .iter()
            .map(|q| unsorted.iter().position(|e| e.0 == *q).map_or(n, |p| p + 1))
            .sum();
        let scan = position as f64 / scan_counted as f64;

        // The time, for the table only.
        let scan_timed = (SCAN_BUDGET / n).clamp(20, LOOKUPS);
        let h = best_ns_per_op(ROUNDS, || {
            for q in &queries {
                black_box(map.get(q));
            }
            queries.len()
        });
        let b = best_ns_per_op(ROUNDS, || {
            for q in &queries {
                black_box(sorted.binary_search_by_key(q, |e| e.0).ok());
            }
            queries.len()
        });
        let s = best_ns_per_op(ROUNDS, || {
            for q in &queries[..scan_timed] {
                black_box(unsorted.iter().position(|e| e.0 == *q));
            }
            scan_timed
        });

        table.push([
            count(n as u64),
            format!("{probe:.3}"),
            format!("{group:.3}"),
            nanos(h),
            format!("{bsearch:.1}"),
            nanos(b),
            count(scan.round() as u64),
            nanos(s),
        ]);
        hash_ns.push((n, h));
        bsearch_ns.push((n, b));
        scan_ns.push((n, s));
        probes.push((n, probe));
        groups.push((n, group));
        bsearch_cmp.push((n, bsearch));
        scan_cmp.push((n, scan));
    }
    let fit = |points: &[(usize, f64)]| format!("n^{:.2}", fitted_exponent(points));
    table.push([
        "fitted growth".to_string(),
        fit(&probes),
        fit(&groups),
        fit(&hash_ns),
        fit(&bsearch_cmp),
        fit(&bsearch_ns),
        fit(&scan_cmp),
        fit(&scan_ns),
    ]);
    report.tables.push(table);
    report.bars.push(
        Bars::new("keys compared per successful lookup", "keys").group(
            "",
            probes
                .iter()
                .map(|(n, c)| (format!("HashMap, {} entries", count(*n as u64)), *c))
                .chain(
                    bsearch_cmp
                        .iter()
                        .map(|(n, c)| (format!("binary search, {}", count(*n as u64)), *c)),
                ),
        ),
    );

    let list = |v: &[(usize, f64)], digits: usize| {
        v.iter()
            .map(|p| format!("{:.*}", digits, p.1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let worst = |v: &[(usize, f64)]| v.iter().map(|p| p.1).fold(0.0, f64::max);
    let largest = count(sizes[sizes.len() - 1] as u64);
    report.claims.push(Claim::new(
        format!(
            "hash map lookups do the same work from 1k to {largest} entries (O(1)): at most \
             {MEAN_PROBE_BOUND} keys compared and {MEAN_GROUPS_BOUND} groups of 8 control bytes \
             read per successful lookup, on average, at every size"
        ),
        format!(
            "keys compared {} (worst {:.3}); groups read {} (worst {:.3})",
            list(&probes, 3),
            worst(&probes),
            list(&groups, 3),
            worst(&groups)
        ),
        worst(&probes) <= MEAN_PROBE_BOUND && worst(&groups) <= MEAN_GROUPS_BOUND,
    ));
    let log_fits = bsearch_cmp
        .iter()
        .all(|&(n, c)| (0.0..=2.0).contains(&(c - (n as f64).log2())));
    report.claims.push(Claim::new(
        "binary search over a sorted Vec grows like log n: log2(n) to log2(n) + 2 \
         comparisons per lookup at every size",
        format!(
            "comparisons {} for log2(n) {}",
            list(&bsearch_cmp, 1),
            bsearch_cmp
                .iter()
                .map(|c| format!("{:.1}", (c.0 as f64).log2()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        log_fits,
    ));
    let shares: Vec<(usize, f64)> = scan_cmp.iter().map(|&(n, c)| (n, c / n as f64)).collect();
    let (low, high) = SCAN_SHARE;
    report.claims.push(Claim::new(
        format!(
            "a linear scan grows like n: about n/2 comparisons per lookup ({low}n to {high}n at \
             every size)"
        ),
        format!(
            "comparisons {} ({} of n)",
            scan_cmp
                .iter()
                .map(|c| count(c.1.round() as u64))
                .collect::<Vec<_>>()
                .join(", "),
            list(&shares, 2)
        ),
        shares.iter().all(|&(_, f)| (low..=high).contains(&f)),
    ));
    let last = |v: &[(usize, f64)]| v[v.len() - 1].1;
    report.notes.push(format!(
        "Why the hash map's time still creeps up ({} -> {}, fitted {}) while its work stays \
         flat: 1k entries fit in the L1 cache, {largest} do not, so the one or two slots a \
         lookup reads come from further away. Binary search pays that on every one of its \
         log2(n) steps: at {largest} entries it takes {} the hash map's time.",
        nanos(hash_ns[0].1),
        nanos(last(&hash_ns)),
        fit(&hash_ns),
        times(last(&bsearch_ns) / last(&hash_ns))
    ));
}

/// Claim 2: every key in one bucket makes every lookup a scan.
fn constant_hasher(seed: u64, report: &mut Report) {
    let mut table = Table::new(
        "a hasher that maps every key to the same bucket (hash flooding)",
        [
            "entries",
            "keys compared, constant hash",
            "lookup, constant hash",
            "lookup, SipHash",
            "slowdown",
        ],
    );
    let mut exact = true;
    let mut measured = Vec::new();
    let mut compared = Vec::new();
    for n in COLLIDING_SIZES {
        let keys = random_keys(n, seed ^ 0xC0);
        let flooded: HashMap<u64, u64, Constant> = keys.iter().map(|&k| (k, k)).collect();
        let healthy: HashMap<u64, u64> = keys.iter().map(|&k| (k, k)).collect();
        let probe = ProbeStats::mean(&flooded.probe_stats().comparisons);
        let expected = (n as f64 + 1.0) / 2.0;
        exact &= (probe - expected).abs() < 1e-9;
        // The time, for the table: a random sample, since keys inserted early sit early
        // in the one long run.
        let mut r = rng(seed ^ n as u64);
        let lookups: Vec<u64> = (0..500).map(|_| keys[r.random_range(0..n)]).collect();
        let slow = best_ns_per_op(3, || {
            for q in &lookups {
                black_box(flooded.get(q));
            }
            lookups.len()
        });
        let fast = best_ns_per_op(3, || {
            for q in &lookups {
                black_box(healthy.get(q));
            }
            lookups.len()
        });
        table.push([
            count(n as u64),
            format!("{probe:.1}"),
            nanos(slow),
            nanos(fast),
            times(slow / fast),
        ]);
        measured.push(format!(
            "{} keys: {probe:.1} keys compared",
            count(n as u64)
        ));
        compared.push(probe);
    }
    let growth = compared[1] / compared[0];
    report.tables.push(table);
    report.claims.push(Claim::new(
        format!(
            "with a constant hasher every lookup scans: (n + 1)/2 keys compared on average, so \
             4x the keys makes each lookup compare at least {COLLIDING_GROWTH_BOUND}x as many \
             (O(n))"
        ),
        format!(
            "{}; {} the keys compared per lookup",
            measured.join(", "),
            times(growth)
        ),
        exact && growth >= COLLIDING_GROWTH_BOUND,
    ));
    report.notes.push(
        "An attacker who can predict the hash function can send keys that all collide, and \
         a server spends O(n) per request: hash flooding. std's default RandomState is SipHash \
         keyed with a random seed per map, so the attacker cannot predict it. A fast unkeyed \
         hasher (FxHash, foldhash's fixed state) is safe only when the keys do not come from \
         outside."
            .to_string(),
    );
}

/// Claim 3: the probe-length distribution at three load factors.
fn probe_lengths(seed: u64, report: &mut Report) {
    const SHOWN: [(&str, usize, usize); 4] = [
        ("1 group", 1, 1),
        ("2 groups", 2, 2),
        ("3 groups", 3, 3),
        ("4+ groups", 4, usize::MAX),
    ];
    let mut table = Table::new(
        format!(
            "the cost of finding each entry, table of {} buckets",
            count(PROBE_BUCKETS as u64)
        ),
        [
            "load factor",
            "entries",
            "found in the 1st group",
            "groups read, mean",
            "longest",
            "keys compared, mean",
        ],
    );
    let mut bars = Bars::new(
        "groups of 8 control bytes read to find an entry",
        "% of entries",
    );
    let mut holds = true;
    let mut measured = Vec::new();
    let capacity = PROBE_BUCKETS / 8 * 7;
    let mut previous = 0.0;
    for alpha in LOAD_FACTORS {
        let entries = (PROBE_BUCKETS as f64 * alpha) as usize;
        // Random keys hashed by the identity: reproducible under the seed, and exactly
        // as uniform as a strong hash of arbitrary keys.
        let mut map: HashMap<u64, (), Identity> =
            HashMap::with_capacity_and_hasher(capacity, Identity::default());
        for k in random_keys(entries, seed ^ entries as u64) {
            map.insert(k, ());
        }
        assert_eq!(map.buckets(), PROBE_BUCKETS, "the table was sized up front");
        let stats = map.probe_stats();
        let groups = ProbeStats::mean(&stats.groups);
        let comparisons = ProbeStats::mean(&stats.comparisons);
        let first = stats.groups[0] as f64 / entries as f64;
        holds &= groups >= previous && comparisons <= MAX_COMPARISONS;
        previous = groups;
        if alpha == MAX_LOAD_FACTOR {
            holds &= first >= FIRST_GROUP_AT_MAX_LOAD;
        }
        table.push([
            format!("{alpha}"),
            count(entries as u64),
            percent(first),
            format!("{groups:.2}"),
            stats.groups.len().to_string(),
            format!("{comparisons:.3}"),
        ]);
        measured.push(format!(
            "load {alpha}: {} in the first group, {groups:.2} groups, {comparisons:.3} keys",
            percent(first)
        ));
        bars = bars.group(
            format!("load {alpha}"),
            SHOWN.iter().map(|&(label, lo, hi)| {
                let n: usize = stats
                    .groups
                    .iter()
                    .enumerate()
                    .filter(|(g, _)| (lo..=hi).contains(&(g + 1)))
                    .map(|(_, c)| c)
                    .sum();
                (label.to_string(), 100.0 * n as f64 / entries as f64)
            }),
        );
    }
    report.tables.push(table);
    report.bars.push(bars);
    report.claims.push(Claim::new(
        format!(
            "probing cost grows with the load factor but stays small: even at the maximum \
             load (0.875) at least {} of entries are found in the first group of 8, and \
             lookups compare at most {MAX_COMPARISONS} keys on average (7-bit tags rule out \
             the rest)",
            percent(FIRST_GROUP_AT_MAX_LOAD)
        ),
        measured.join("; "),
        holds,
    ));
}

/// A pronounceable made-up word for vocabulary rank `rank`.
fn word(rank: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "gu", "ba", "fe", "zo", "hi", "vu",
        "ye",
    ];
    let mut n = rank + 1;
    let mut w = String::new();
    while n > 0 {
        w.push_str(SYLLABLES[n % 16]);
        n /= 16;
    }
    w
}

/// Claim 4: a word count with the entry API.
fn word_count(seed: u64, size: usize, report: &mut Report) {
    let words = size.min(MAX_WORDS);
    let vocabulary: Vec<String> = (0..VOCABULARY).map(word).collect();
    let zipf = Zipf::new(VOCABULARY, 1.0);
    let mut r = rng(seed ^ 0x30D);
    let text: Vec<&str> = (0..words)
        .map(|_| vocabulary[zipf.sample(&mut r)].as_str())
        .collect();

    let mut counts: HashMap<&str, usize> = HashMap::new();
    let hash_ns = best_ns_per_op(3, || {
        counts = HashMap::new();
        for w in &text {
            *counts.entry(w).or_insert(0) += 1;
        }
        text.len()
    });
    let mut tree: BTreeMap<&str, usize> = BTreeMap::new();
    let tree_ns = best_ns_per_op(3, || {
        tree = BTreeMap::new();
        for w in &text {
            *tree.entry(w).or_insert(0) += 1;
        }
        text.len()
    });
    let agree = counts.len() == tree.len() && tree.iter().all(|(w, c)| counts.get(w) == Some(c));
    let mut top: Vec<(&str, usize)> = counts.iter().map(|(w, c)| (*w, *c)).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    top.truncate(TOP_WORDS);
    let ranks_in_order = top
        .iter()
        .enumerate()
        .all(|(rank, (w, _))| *w == vocabulary[rank]);

    let mut table = Table::new(
        format!(
            "word count over {} words of Zipf(1.0) text, {} distinct words",
            count(words as u64),
            count(counts.len() as u64)
        ),
        ["word", "vocabulary rank", "count", "share"],
    );
    for (w, c) in &top {
        let rank = vocabulary.iter().position(|v| v == w).map_or(0, |p| p + 1);
        table.push([
            w.to_string(),
            rank.to_string(),
            count(*c as u64),
            percent(*c as f64 / words as f64),
        ]);
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "counting words with the entry API (one lookup per word) gives exactly the BTreeMap's \
         counts, and the most frequent words are the top Zipf ranks in order",
        format!(
            "{} distinct words, counts {}; top {TOP_WORDS} {}",
            count(counts.len() as u64),
            if agree { "identical" } else { "DIFFER" },
            if ranks_in_order {
                "are ranks 1-5 in order"
            } else {
                "are NOT ranks 1-5 in order"
            }
        ),
        agree && ranks_in_order,
    ));
    report.notes.push(format!(
        "Word count timing: HashMap {} per word, BTreeMap {} per word ({}). The BTreeMap \
         gives the words in sorted order for free; the HashMap does not.",
        nanos(hash_ns),
        nanos(tree_ns),
        times(tree_ns / hash_ns)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_words_are_distinct() {
        let mut words: Vec<String> = (0..VOCABULARY).map(word).collect();
        words.sort();
        words.dedup();
        assert_eq!(words.len(), VOCABULARY);
    }
}
