//! Counting the work an algorithm does: comparisons and hashes, not nanoseconds.
//!
//! Complexity is a statement about work as the input grows, and work can be counted
//! exactly: wrap the keys in [`Counted`] and every `==`, every `<` and every hash adds one
//! to a counter of the calling thread. [`count`] reads the counters around a closure.
//! Counts are exact and repeatable, so claims and tests about growth ("get does a
//! constant number of comparisons from 1k to 1M entries") never flake on a busy machine.
//!
//! ```
//! use testkit::counted::{count, Counted};
//!
//! let keys: Vec<Counted<u32>> = (0..1_000).map(Counted::new).collect();
//! let (found, ops) = count(|| keys.iter().position(|k| *k == Counted::new(500)));
//! assert_eq!(found, Some(500));
//! assert_eq!(ops.comparisons, 501, "a linear scan compares until it finds the key");
//! let (_, ops) = count(|| keys.binary_search(&Counted::new(500)));
//! assert!(ops.comparisons <= 11, "binary search: about log2(1,000) comparisons");
//! ```

use std::cell::Cell;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

thread_local! {
    static COMPARISONS: Cell<u64> = const { Cell::new(0) };
    static HASHES: Cell<u64> = const { Cell::new(0) };
}

/// A value whose comparisons and hashes are counted on the calling thread.
///
/// `PartialEq::eq`, `PartialOrd::partial_cmp` and `Ord::cmp` each count one comparison;
/// `Hash::hash` counts one hash. Everything else behaves as `T` does.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counted<T>(T);

impl<T> Counted<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Counted(value)
    }

    /// The wrapped value, without counting anything.
    pub const fn get(&self) -> &T {
        &self.0
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

fn add(counter: &'static std::thread::LocalKey<Cell<u64>>) {
    counter.with(|c| c.set(c.get() + 1));
}

impl<T: PartialEq> PartialEq for Counted<T> {
    fn eq(&self, other: &Self) -> bool {
        add(&COMPARISONS);
        self.0 == other.0
    }
}

impl<T: Eq> Eq for Counted<T> {}

impl<T: PartialOrd> PartialOrd for Counted<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        add(&COMPARISONS);
        self.0.partial_cmp(&other.0)
    }
}

impl<T: Ord> Ord for Counted<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        add(&COMPARISONS);
        self.0.cmp(&other.0)
    }
}

impl<T: Hash> Hash for Counted<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        add(&HASHES);
        self.0.hash(state);
    }
}

/// The work [`count`] saw: comparisons and hashes of [`Counted`] values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ops {
    /// Calls of `eq`, `partial_cmp` and `cmp` on counted values.
    pub comparisons: u64,
    /// Calls of `hash` on counted values.
    pub hashes: u64,
}

impl Ops {
    /// Comparisons and hashes together: the work of a hash-table operation.
    pub fn total(self) -> u64 {
        self.comparisons + self.hashes
    }
}

/// Runs `f` and returns its result with the comparisons and hashes of [`Counted`] values
/// it made on the calling thread. Other threads' work is not counted, so tests running
/// in parallel do not disturb each other, and counts nest.
pub fn count<R>(f: impl FnOnce() -> R) -> (R, Ops) {
    let now = || Ops {
        comparisons: COMPARISONS.with(Cell::get),
        hashes: HASHES.with(Cell::get),
    };
    let before = now();
    let result = f();
    let after = now();
    (
        result,
        Ops {
            comparisons: after.comparisons - before.comparisons,
            hashes: after.hashes - before.hashes,
        },
    )
}

/// How an operation's cost is expected to grow with the input size `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Growth {
    /// O(1): the same work at every size.
    Constant,
    /// O(log n).
    Logarithmic,
    /// O(n).
    Linear,
}

impl Growth {
    fn name(self) -> &'static str {
        match self {
            Growth::Constant => "constant",
            Growth::Logarithmic => "log n",
            Growth::Linear => "n",
        }
    }

    /// The largest ratio of costs this growth allows between sizes `small` and `large`:
    /// twice what the model predicts, plus room for constant terms.
    fn allowed(self, small: usize, large: usize) -> f64 {
        let predicted = match self {
            Growth::Constant => 1.0,
            Growth::Logarithmic => (large as f64).log2() / (small as f64).log2().max(1.0),
            Growth::Linear => large as f64 / small as f64,
        };
        2.0 * predicted
    }
}

/// What a measured growth looks like, for the message: the exponent `b` of `cost ∝ n^b`
/// fitted through two points, named.
fn observed(ratio: f64, size_ratio: f64) -> String {
    if ratio <= 1.5 {
        return "constant".to_string();
    }
    let b = ratio.ln() / size_ratio.ln();
    match b {
        b if b < 0.6 => "log n or a small power of n".to_string(),
        b if b < 1.4 => "n".to_string(),
        b if b < 2.4 => "n²".to_string(),
        b => format!("n^{b:.1}"),
    }
}

/// Checks that a cost measured at two sizes grows no faster than `expected`, and panics
/// with a message a learner can act on when it does: what was measured at each size,
/// what that growth looks like, what was expected.
///
/// `what` names the operation and `unit` the work ("your get", "comparisons per
/// operation"); `small` and `large` are (n, cost) pairs. Slack is generous (twice the
/// model, plus two units) so that constant terms never fail a correct implementation;
/// an implementation of the wrong order misses it by far at a 10x size step.
///
/// ```
/// use testkit::counted::{Growth, assert_growth};
///
/// assert_growth("get", "comparisons", (1_000, 2.1), (10_000, 2.2), Growth::Constant);
/// let scan = std::panic::catch_unwind(|| {
///     assert_growth("get", "comparisons", (1_000, 500.0), (10_000, 5_000.0), Growth::Constant)
/// });
/// assert!(scan.is_err());
/// ```
///
/// # Panics
///
/// When the cost at the larger size exceeds what `expected` allows.
#[track_caller]
pub fn assert_growth(
    what: &str,
    unit: &str,
    small: (usize, f64),
    large: (usize, f64),
    expected: Growth,
) {
    let (small_n, small_cost) = small;
    let (large_n, large_cost) = large;
    let allowed = expected.allowed(small_n, large_n) * small_cost + 2.0;
    if large_cost <= allowed {
        return;
    }
    let ratio = large_cost / small_cost.max(f64::MIN_POSITIVE);
    panic!(
        "{what} did {} {unit} at n = {} and {} at n = {}: that grows like {}, expected {}",
        pretty(small_cost),
        pretty(small_n as f64),
        pretty(large_cost),
        pretty(large_n as f64),
        observed(ratio, large_n as f64 / small_n as f64),
        expected.name()
    );
}

/// A count for a message: thousands separated, and one decimal when it is not whole.
fn pretty(x: f64) -> String {
    let tenths = (x * 10.0).round() as u64;
    let digits = (tenths / 10).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !tenths.is_multiple_of(10) {
        out.push_str(&format!(".{}", tenths % 10));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

    #[test]
    fn each_kind_of_comparison_counts_once() {
        let (a, b) = (Counted::new(1), Counted::new(2));
        let (_, ops) = count(|| {
            let _ = a == b;
            let _ = a < b;
            let _ = a.cmp(&b);
        });
        assert_eq!(
            ops,
            Ops {
                comparisons: 3,
                hashes: 0
            }
        );
    }

    #[test]
    fn hashing_counts_once_per_hash() {
        let (set, ops) = count(|| (0..100).map(Counted::new).collect::<HashSet<_>>());
        assert_eq!(set.len(), 100);
        assert!(ops.hashes >= 100, "each insert hashes its key: {ops:?}");
        let (_, lookup) = count(|| set.contains(&Counted::new(7)));
        assert_eq!(lookup.hashes, 1, "one lookup hashes once");
    }

    #[test]
    fn counts_nest_and_ignore_other_threads() {
        let (inner, outer) = count(|| {
            let (_, inner) = count(|| Counted::new(1) == Counted::new(1));
            std::thread::spawn(|| {
                let _ = Counted::new(1) == Counted::new(2);
            })
            .join()
            .unwrap();
            let _ = Counted::new(3) == Counted::new(3);
            inner
        });
        assert_eq!(inner.comparisons, 1);
        assert_eq!(
            outer.comparisons, 2,
            "the other thread's comparison is not counted"
        );
    }

    #[test]
    fn ordered_collections_compare_about_log_n_times() {
        let set: BTreeSet<Counted<u32>> = (0..1_024).map(Counted::new).collect();
        let (_, ops) = count(|| set.contains(&Counted::new(777)));
        assert!((1..=40).contains(&ops.comparisons), "{ops:?}");
        assert_eq!(ops.hashes, 0);
    }

    #[test]
    #[should_panic(
        expected = "your get did 2,000 comparisons at n = 1,000 and 20,000 at n = 10,000: \
                    that grows like n, expected constant"
    )]
    fn a_linear_cost_fails_a_constant_expectation_with_the_counts() {
        assert_growth(
            "your get",
            "comparisons",
            (1_000, 2_000.0),
            (10_000, 20_000.0),
            Growth::Constant,
        );
    }

    #[test]
    fn each_growth_allows_its_own_and_refuses_the_next() {
        let log = |n: usize| (n as f64).log2();
        assert_growth(
            "x",
            "steps",
            (1_000, log(1_000)),
            (1_000_000, log(1_000_000)),
            Growth::Logarithmic,
        );
        assert_growth("x", "steps", (100, 100.0), (1_600, 1_600.0), Growth::Linear);
        let quadratic = std::panic::catch_unwind(|| {
            assert_growth(
                "x",
                "steps",
                (100, 10_000.0),
                (1_600, 2_560_000.0),
                Growth::Linear,
            )
        });
        let message = *quadratic.unwrap_err().downcast::<String>().unwrap();
        assert!(message.contains("grows like n², expected n"), "{message}");
    }

    #[test]
    fn counts_in_messages_read_like_counts() {
        assert_eq!(pretty(1_800.64), "1,800.6");
        assert_eq!(pretty(20_000.0), "20,000");
        assert_eq!(pretty(2.04), "2");
    }

    #[test]
    fn get_and_into_inner_do_not_count() {
        let (v, ops) = count(|| {
            let c = Counted::new(5);
            *c.get() + c.into_inner()
        });
        assert_eq!((v, ops.total()), (10, 0));
    }
}
