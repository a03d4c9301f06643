//! Fibonacci three ways: the smallest problem that shows both halves of DP, overlap and
//! reuse. `F(0) = 0`, `F(1) = 1`, `F(n) = F(n − 1) + F(n − 2)`.

/// The largest `n` whose `F(n)` fits in a `u64`: F(93) = 12,200,160,415,121,876,738.
pub const FIB_MAX: u32 = 93;

/// The largest `n` [`fib_naive`] accepts: its call count, 2·F(n + 1) − 1, overflows a
/// `u64` beyond it (and the recursion would take centuries long before that).
pub const FIB_NAIVE_MAX: u32 = 91;

/// F(n) by the plain recursion, and the number of calls it made (the first one
/// included): exactly 2·F(n + 1) − 1, about 1.618^n, because the two branches solve
/// the same smaller arguments again and again.
///
/// # Panics
///
/// If `n > FIB_NAIVE_MAX` (91): the call count would overflow a `u64`. Beyond about 45
/// the recursion takes seconds, and each step of n multiplies that by 1.6.
///
/// ```
/// use dynamic_programming::fib_naive;
/// assert_eq!(fib_naive(10), (55, 177)); // 2·F(11) − 1 = 2·89 − 1
/// assert_eq!(fib_naive(0), (0, 1));
/// ```
pub fn fib_naive(n: u32) -> (u64, u64) {
    assert!(
        n <= FIB_NAIVE_MAX,
        "fib_naive({n}): the call count 2·F(n + 1) − 1 overflows u64 beyond n = \
         {FIB_NAIVE_MAX} (and the recursion would never finish); use fib_memo or fib_table"
    );
    fn go(n: u32, calls: &mut u64) -> u64 {
        *calls += 1;
        if n < 2 {
            u64::from(n)
        } else {
            go(n - 1, calls) + go(n - 2, calls)
        }
    }
    let mut calls = 0;
    let value = go(n, &mut calls);
    (value, calls)
}

/// What a memoised computation did: calls made, how many found their answer in the
/// memo, and how many states it stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoStats {
    /// Calls of the recursive function, the first one included.
    pub calls: u64,
    /// Calls answered from the memo without recursing.
    pub hits: u64,
    /// Distinct states computed and stored (calls − hits).
    pub states: u64,
}

impl MemoStats {
    /// The fraction of calls the memo answered.
    ///
    /// ```
    /// let (_, stats) = dynamic_programming::fib_memo_stats(30);
    /// assert_eq!((stats.hits, stats.calls), (28, 59));
    /// assert!((stats.hit_ratio() - 28.0 / 59.0).abs() < 1e-12);
    /// ```
    pub fn hit_ratio(&self) -> f64 {
        if self.calls == 0 {
            0.0
        } else {
            self.hits as f64 / self.calls as f64
        }
    }
}

/// F(n) by the same recursion with a memo, and the number of calls it made: 2n − 1 for
/// n ≥ 1 (1 for n = 0). Every F(k) is computed once; the second call for each
/// argument is answered from the memo.
///
/// # Panics
///
/// If `n > FIB_MAX` (93): F(n) overflows a `u64`.
///
/// ```
/// use dynamic_programming::fib_memo;
/// assert_eq!(fib_memo(10), (55, 19));
/// assert_eq!(fib_memo(93).0, 12_200_160_415_121_876_738);
/// ```
pub fn fib_memo(n: u32) -> (u64, u64) {
    let (value, stats) = fib_memo_stats(n);
    (value, stats.calls)
}

/// [`fib_memo`] with its memo counted: calls, hits and states stored.
///
/// # Panics
///
/// As [`fib_memo`].
///
/// ```
/// let (f, stats) = dynamic_programming::fib_memo_stats(10);
/// assert_eq!((f, stats.calls, stats.hits, stats.states), (55, 19, 8, 11));
/// ```
pub fn fib_memo_stats(n: u32) -> (u64, MemoStats) {
    check_fib(n);
    fn go(n: usize, memo: &mut [Option<u64>], stats: &mut MemoStats) -> u64 {
        stats.calls += 1;
        if let Some(value) = memo[n] {
            stats.hits += 1;
            return value;
        }
        let value = if n < 2 {
            n as u64
        } else {
            go(n - 1, memo, stats) + go(n - 2, memo, stats)
        };
        memo[n] = Some(value);
        stats.states += 1;
        value
    }
    let mut memo = vec![None; n as usize + 1];
    let mut stats = MemoStats {
        calls: 0,
        hits: 0,
        states: 0,
    };
    let value = go(n as usize, &mut memo, &mut stats);
    (value, stats)
}

/// F(n) bottom-up: no recursion at all, and only the last two values kept, so O(n) time
/// and O(1) space.
///
/// # Panics
///
/// If `n > FIB_MAX` (93): F(n) overflows a `u64`.
///
/// ```
/// use dynamic_programming::fib_table;
/// assert_eq!(fib_table(10), 55);
/// assert_eq!(fib_table(0), 0);
/// ```
pub fn fib_table(n: u32) -> u64 {
    check_fib(n);
    // (F(i), F(i + 1)), starting at i = 0.
    let (mut current, mut next) = (0u64, 1u64);
    for _ in 0..n {
        // At i = 92, F(94) does not fit, but it is never read: wrap it.
        (current, next) = (next, current.wrapping_add(next));
    }
    current
}

fn check_fib(n: u32) {
    assert!(
        n <= FIB_MAX,
        "F({n}) does not fit in a u64: the largest that does is F({FIB_MAX}); use u128 \
         (up to F(186)) or a big integer"
    );
}
