//! The demo: measurements that back the answer's claims, every one on counted work.
//!
//! 1. On a Zipf-skewed workload, LRU's hit ratio beats FIFO's and random eviction's at
//!    every cache size (counted hits: exact and repeatable under a seed).
//! 2. `get`/`put` do the same work (hashes and key comparisons, counted through
//!    [`Counted`] keys) as the capacity grows from 1k to 1M entries, while a list-scan
//!    LRU's work grows with its capacity. The time per operation is shown beside the
//!    counts, with what the memory hierarchy adds to it.
//! 3. Cache-aside in front of a slow store absorbs most reads, and sharding the cache
//!    for concurrency costs almost no hit ratio (counted store reads).

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, DefaultHasher};
use std::hint::black_box;
use std::num::NonZeroUsize;

use rand::RngExt;

use evidence::format::{count, nanos, percent, times};
use evidence::measure::best_ns_per_op;
use evidence::workload::{Zipf, rng};
use evidence::{Bars, Claim, DemoConfig, Report, Table};
use testkit::counted::{Counted, count as count_work};

use crate::naive::NaiveLru;
use crate::policies::{FifoCache, RandomCache};
use crate::{Cache, LruCache, ShardedLruCache};

/// Distinct keys in the hit-ratio and cache-aside workloads, at most: with fewer
/// requests the key space shrinks (to a tenth of the requests), so that every cache
/// size fills up and evicts, which is what the policies differ in.
const MAX_UNIVERSE: usize = 100_000;
/// Zipf exponent of the workloads; 0.9 is typical of web object popularity.
const ZIPF_EXPONENT: f64 = 0.9;
/// Cache sizes compared in claim 1, as fractions of the key universe.
const CACHE_FRACTIONS: [f64; 4] = [0.005, 0.01, 0.05, 0.10];
/// Claim 2: the work (hashes + key comparisons) per operation at 1M entries stays below
/// this multiple of the work at 1k. O(1) predicts 1x; a hash table's probe lengths
/// depend on its load factor, not its size.
const FLAT_WORK_BOUND: f64 = 1.5;
/// Claim 2: the list-scan LRU's comparisons per operation at 10x the capacity must
/// exceed this multiple of those at 1x; O(n) predicts about 10x.
const LINEAR_WORK_BOUND: f64 = 5.0;
/// Claim 3: with a cache of 5% of the keys, at most this fraction of the Zipf requests
/// may reach the store; a cache that kept nothing would send all of them. Zipf(0.9)
/// gives an LRU of that size a hit ratio of about 45-50%, first reads of each key
/// included.
const STORE_READS_BOUND: f64 = 0.6;
/// Claim 3: the sharded cache's hit ratio may trail a single global LRU's by at most
/// this many percentage points.
const SHARDING_LOSS_BOUND: f64 = 1.0;
/// Claim 3's latency model, in microseconds: a read from the backing store (a database
/// query over the network) and a hit in an in-process cache.
const STORE_READ_US: f64 = 2_000.0;
const CACHE_HIT_US: f64 = 1.0;

/// The key type of the cache under test: a `u64` whose hashes and comparisons are
/// counted, which is how the demo measures the work per operation.
pub type Key = Counted<u64>;

/// The hasher the reference is demonstrated with: SipHash with fixed keys, so the table's
/// layout, and with it every count, repeats under a seed (the default hasher is seeded
/// randomly per process).
pub type FixedHasher = BuildHasherDefault<DefaultHasher>;

/// Runs the demo; `config.size` is the number of requests in the Zipf workloads (the
/// manifest's `min-size` keeps it large enough to fill the caches compared).
///
/// # Example
///
/// ```no_run
/// let report = lru_cache::demo::run(&evidence::DemoConfig { seed: 1, size: 100_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    run_with::<LruCache<Key, u64, FixedHasher>>(config, "LruCache")
}

/// The demo with `C` as the LRU cache under test (called `name` in the report): how
/// `cargo lab demo lru-cache --mine` runs it on a learner's cache. The FIFO, random and
/// naive caches it is compared with, and the sharded cache-aside part, stay the
/// reference's.
pub fn run_with<C: Cache<Key, u64>>(config: &DemoConfig, name: &str) -> Report {
    let size = config.size;
    let universe = (size / 10).min(MAX_UNIVERSE);
    let mut report = Report::new(
        "lru-cache",
        format!(
            "LRU cache: {} Zipf({ZIPF_EXPONENT}) requests over {} keys, seed {}",
            count(size as u64),
            count(universe as u64),
            config.seed
        ),
    );
    let zipf = Zipf::new(universe, ZIPF_EXPONENT);
    let requests = zipf.keys(&mut rng(config.seed), size);
    hit_ratios::<C>(config, universe, &requests, &mut report);
    flat_cost::<C>(config, name, &mut report);
    cache_aside(universe, &requests, &mut report);
    report
}

/// Claim 1: hit ratios of LRU, FIFO and random eviction at several cache sizes.
fn hit_ratios<C: Cache<Key, u64>>(
    config: &DemoConfig,
    universe: usize,
    requests: &[u64],
    report: &mut Report,
) {
    let mut table = Table::new(
        "hit ratio by eviction policy",
        ["cache size", "entries", "LRU", "FIFO", "random"],
    );
    let mut bars = Bars::new("hit ratio by eviction policy", "% hits");
    let mut lru_wins = true;
    let mut measured = Vec::new();
    for fraction in CACHE_FRACTIONS {
        let capacity = NonZeroUsize::new(((universe as f64 * fraction) as usize).max(1))
            .expect("clamped to at least one");
        let lru = hit_ratio(C::with_capacity(capacity), requests, Counted::new);
        let fifo = hit_ratio(FifoCache::with_capacity(capacity), requests, |k| k);
        let random = hit_ratio(
            RandomCache::with_seed(capacity, config.seed),
            requests,
            |k| k,
        );
        lru_wins &= lru > fifo && lru > random;
        let label = format!("{} of keys", percent(fraction));
        table.push([
            label.clone(),
            count(capacity.get() as u64),
            percent(lru),
            percent(fifo),
            percent(random),
        ]);
        bars = bars.group(
            label.clone(),
            [
                ("LRU", lru * 100.0),
                ("FIFO", fifo * 100.0),
                ("random", random * 100.0),
            ],
        );
        measured.push(format!(
            "{label}: LRU {} vs FIFO {}, random {}",
            percent(lru),
            percent(fifo),
            percent(random)
        ));
    }
    report.tables.push(table);
    report.bars.push(bars);
    report.claims.push(Claim::new(
        "on a Zipf-skewed workload LRU's hit ratio beats FIFO's and random eviction's at every cache size",
        measured.join("; "),
        lru_wins,
    ));
}

/// The fraction of `requests` that hit when each miss is filled in (read-through);
/// `key` turns a request into the cache's key type.
fn hit_ratio<K: std::hash::Hash + Eq, C: Cache<K, u64>>(
    mut cache: C,
    requests: &[u64],
    key: impl Fn(u64) -> K,
) -> f64 {
    let mut hits = 0usize;
    for &request in requests {
        let k = key(request);
        if cache.get(&k).is_some() {
            hits += 1;
        } else {
            cache.put(k, request);
        }
    }
    hits as f64 / requests.len() as f64
}

/// Claim 2: work per operation as the capacity grows, counted, against a list-scan LRU;
/// the time per operation is shown beside.
fn flat_cost<C: Cache<Key, u64>>(config: &DemoConfig, name: &str, report: &mut Report) {
    const CAPACITIES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];
    // Operations per round: a fifth of the requests, so the small size tests run stays
    // quick; the work per operation is an average that needs no more.
    let ops: usize = (config.size / 5).clamp(20_000, 200_000);
    const ROUNDS: usize = 3;
    const NAIVE_OPS: usize = 1_000;
    let title = "work and time per operation as the capacity grows (get, and put on a miss)";
    let mut table = Table::new(
        title,
        [
            "capacity",
            &format!("{name} work"),
            &format!("{name} time"),
            "std HashMap get work",
            "std HashMap get time",
            "NaiveLru work",
            "NaiveLru time",
        ],
    );
    let mut reference = Vec::new();
    let mut reference_ns = Vec::new();
    let mut hashmap_ns = Vec::new();
    let mut naive = Vec::new();
    for (i, &capacity) in CAPACITIES.iter().enumerate() {
        // Keys uniform over twice the capacity: half the gets hit, half miss and put,
        // and every access lands somewhere random in the cache's memory. Each round
        // takes fresh keys: repeating a round's keys would find them freshly promoted.
        let mut r = rng(config.seed ^ capacity as u64);
        let keys: Vec<Key> = (0..ops * ROUNDS)
            .map(|_| Counted::new(r.random_range(0..2 * capacity as u64)))
            .collect();
        let cap = NonZeroUsize::new(capacity).expect("capacities are positive");

        let mut lru = C::with_capacity(cap);
        for k in 0..capacity as u64 {
            lru.put(Counted::new(k), k);
        }
        let mut rounds = keys.chunks(ops);
        let (lru_ns, work) = count_work(|| {
            best_ns_per_op(ROUNDS, || {
                get_or_put(&mut lru, rounds.next().expect("one chunk per round"))
            })
        });
        let lru_work = work.total() as f64 / (ops * ROUNDS) as f64;
        drop(lru);

        let map: HashMap<Key, u64, FixedHasher> =
            (0..capacity as u64).map(|k| (Counted::new(k), k)).collect();
        let mut rounds = keys.chunks(ops);
        let (map_ns, work) = count_work(|| {
            best_ns_per_op(ROUNDS, || {
                let keys = rounds.next().expect("one chunk per round");
                for k in keys {
                    black_box(map.get(k));
                }
                keys.len()
            })
        });
        let map_work = work.total() as f64 / (ops * ROUNDS) as f64;
        drop(map);

        // The list scan is O(n) per operation: measure it at the two smallest sizes only,
        // on fewer operations, or it would take minutes at 1M.
        let naive_cost = (i < 2).then(|| {
            let mut cache = NaiveLru::with_capacity(cap);
            for k in 0..capacity as u64 {
                cache.put(Counted::new(k), k);
            }
            let mut rounds = keys.chunks(NAIVE_OPS);
            let (ns, work) = count_work(|| {
                best_ns_per_op(ROUNDS, || {
                    get_or_put(&mut cache, rounds.next().expect("one chunk per round"))
                })
            });
            (work.total() as f64 / (NAIVE_OPS * ROUNDS) as f64, ns)
        });

        table.push([
            count(capacity as u64),
            format!("{lru_work:.2}"),
            nanos(lru_ns),
            format!("{map_work:.2}"),
            nanos(map_ns),
            naive_cost.map_or_else(
                || "(too slow)".to_string(),
                |(w, _)| count(w.round() as u64),
            ),
            naive_cost.map_or_else(String::new, |(_, ns)| nanos(ns)),
        ]);
        reference.push(lru_work);
        reference_ns.push(lru_ns);
        hashmap_ns.push(map_ns);
        naive.extend(naive_cost.map(|(w, _)| w));
    }
    let growth = reference[3] / reference[0];
    let naive_growth = naive[1] / naive[0];
    report.bars.push(
        Bars::new(title, format!("{name}, hashes + comparisons per operation")).group(
            "",
            CAPACITIES
                .iter()
                .zip(&reference)
                .map(|(c, &w)| (format!("{} entries", count(*c as u64)), w)),
        ),
    );
    report.tables.push(table);
    report.claims.push(Claim::new(
        format!(
            "get/put do the same work as the capacity grows 1000x, from 1k to 1M entries \
             (O(1)): hashes + key comparisons per operation grow under {FLAT_WORK_BOUND}x"
        ),
        format!(
            "{name} {:.2} -> {:.2} per operation ({})",
            reference[0],
            reference[3],
            times(growth)
        ),
        growth < FLAT_WORK_BOUND,
    ));
    report.claims.push(Claim::new(
        format!(
            "a list-scan LRU is O(n): 10x the capacity makes over {LINEAR_WORK_BOUND:.0}x the \
             key comparisons per operation"
        ),
        format!(
            "NaiveLru {} at 1k -> {} at 10k ({})",
            count(naive[0].round() as u64),
            count(naive[1].round() as u64),
            times(naive_growth)
        ),
        naive_growth > LINEAR_WORK_BOUND,
    ));
    report.notes.push(format!(
        "O(1) counts operations, not nanoseconds: the work per operation stays flat, but at \
         1k entries the whole cache sits in the CPU's caches and at 1M (about 60 MB) most \
         accesses miss them and wait for main memory. That is why {name}'s time grows {} \
         from 1k to 1M, and even a plain HashMap lookup's grows {}.",
        times(reference_ns[3] / reference_ns[0]),
        times(hashmap_ns[3] / hashmap_ns[0])
    ));
}

/// A get, and a put on a miss, for every key; returns the number of operations.
fn get_or_put<C: Cache<Key, u64>>(cache: &mut C, keys: &[Key]) -> usize {
    for &k in keys {
        if black_box(cache.get(&k)).is_none() {
            cache.put(k, *k.get());
        }
    }
    keys.len()
}

/// Claim 3: cache-aside in front of a slow store, with the sharded concurrent cache.
fn cache_aside(universe: usize, requests: &[u64], report: &mut Report) {
    const SHARDS: usize = 16;
    let capacity = NonZeroUsize::new(universe / 20).expect("the universe has at least 1,000 keys");
    let store_reads = Cell::new(0u64);
    let read_from_store = |key: u64| {
        store_reads.set(store_reads.get() + 1);
        key
    };

    // A fixed hasher (SipHash with zero keys) instead of the default random one, so the
    // keys fall into the same shards on every run and the counts repeat under a seed.
    let cache = ShardedLruCache::with_hasher(
        capacity,
        NonZeroUsize::new(SHARDS).expect("positive"),
        FixedHasher::default(),
    );
    for &key in requests {
        black_box(cache.get_or_insert_with(key, || read_from_store(key)));
    }
    let total = requests.len() as u64;
    let reads = store_reads.get();
    let reduction = 1.0 - reads as f64 / total as f64;
    // The same workload on one global LRU of the same total size, for comparison.
    let global = hit_ratio(LruCache::<u64, u64>::new(cache.capacity()), requests, |k| k);

    let latency = |hit_ratio: f64| hit_ratio * CACHE_HIT_US + (1.0 - hit_ratio) * STORE_READ_US;
    let mut table = Table::new(
        format!(
            "cache-aside: {} shards, {} entries ({} of keys); modelled latency: store read {} ms, cache hit {} µs",
            SHARDS,
            count(cache.capacity().get() as u64),
            percent(cache.capacity().get() as f64 / universe as f64),
            STORE_READ_US / 1_000.0,
            CACHE_HIT_US
        ),
        ["setup", "store reads", "hit ratio", "mean latency"],
    );
    table.push([
        "no cache".to_string(),
        count(total),
        percent(0.0),
        format!("{:.0} µs", latency(0.0)),
    ]);
    table.push([
        "sharded LRU, cache-aside".to_string(),
        count(reads),
        percent(reduction),
        format!("{:.0} µs", latency(reduction)),
    ]);
    report.tables.push(table);
    report.claims.push(Claim::new(
        format!(
            "cache-aside with a cache of 5% of the keys keeps a large share of reads off the \
             store (at most {} of requests reach it), and sharding the cache for concurrency costs \
             under {SHARDING_LOSS_BOUND} point of hit ratio",
            percent(STORE_READS_BOUND)
        ),
        format!(
            "{} requests -> {} store reads ({} of requests); a single global LRU of the same \
             size hits {}, the sharded one {}",
            count(total),
            count(reads),
            percent(reads as f64 / total as f64),
            percent(global),
            percent(reduction)
        ),
        (reads as f64) < STORE_READS_BOUND * total as f64
            && (global - reduction) * 100.0 < SHARDING_LOSS_BOUND,
    ));
    report.notes.push(
        "Mean latency is modelled from the counted store reads, not slept: a hit ratio of h \
         makes the mean h x hit + (1 - h) x store read, so the store's latency dominates \
         until h is close to 1."
            .to_string(),
    );
}
