//! The dynamic-programming contract as named, generic test cases, with property tests
//! against the brute force in [`naive`].
//!
//! Cases are generic over [`Solutions`]; [`conformance_tests!`](crate::conformance_tests)
//! turns them into one `#[test]` per case. A longest increasing subsequence may be any
//! of several, so the cases check it with [`subsequence_problem`], which says what is
//! wrong with it. The last four cases run long inputs under [`TIME_LIMIT`]: a naive
//! exponential recursion (or, for the subsequence, a quadratic scan) cannot finish them.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use proptest::prelude::*;
use testkit::property::{check, same};

use crate::Solutions;
use crate::naive;

/// Checks `S::edit_distance(a, b)` (and `(b, a)`: the distance is symmetric) against
/// `expected`, with `why` in the message.
fn check_distance<S: Solutions>(a: &str, b: &str, expected: usize, why: &str) {
    let got = S::edit_distance(a, b);
    assert_eq!(
        got, expected,
        "edit_distance({a:?}, {b:?}) returned {got}, expected {expected}: {why}"
    );
    let back = S::edit_distance(b, a);
    assert_eq!(
        back, expected,
        "edit_distance({b:?}, {a:?}) returned {back}, but ({a:?}, {b:?}) is {expected}: \
         the distance is symmetric (an insert one way is a delete the other)"
    );
}

/// Checks `S::coin_change(coins, amount)` against `expected`, with `why` in the message.
fn check_change<S: Solutions>(coins: &[u32], amount: u32, expected: Option<u32>, why: &str) {
    let got = S::coin_change(coins, amount);
    assert_eq!(
        got, expected,
        "coin_change({coins:?}, {amount}) returned {got:?}, expected {expected:?}: {why}"
    );
}

/// Why `got` is not a longest strictly increasing subsequence of `xs` of length
/// `longest`, if it is not one: it must be strictly increasing, a subsequence of `xs`
/// (its elements in `xs` in the same order), and `longest` long.
///
/// ```
/// use dynamic_programming_contract::cases::subsequence_problem;
/// assert_eq!(subsequence_problem(&[3, 1, 2], &[1, 2], 2), None);
/// assert!(subsequence_problem(&[3, 1, 2], &[2, 1], 2).unwrap().contains("not strictly increasing"));
/// assert!(subsequence_problem(&[3, 1, 2], &[1, 3], 2).unwrap().contains("not a subsequence"));
/// ```
pub fn subsequence_problem(xs: &[i64], got: &[i64], longest: usize) -> Option<String> {
    if let Some(w) = got.windows(2).find(|w| w[0] >= w[1]) {
        return Some(format!(
            "{} is not strictly increasing: {} is followed by {}",
            head(got),
            w[0],
            w[1]
        ));
    }
    let mut rest = xs.iter();
    if let Some(missing) = got.iter().find(|&&g| !rest.any(|&x| x == g)) {
        return Some(format!(
            "{} is not a subsequence of the input: {missing} cannot be found after the \
             elements before it (a subsequence keeps the input's order)",
            head(got)
        ));
    }
    (got.len() != longest).then(|| {
        format!(
            "{} has {} elements, but the longest strictly increasing subsequence has \
             {longest}",
            head(got),
            got.len()
        )
    })
}

/// A sequence for a message: the whole of a short one, the first ten of a long one.
fn head(xs: &[i64]) -> String {
    if xs.len() <= 12 {
        format!("{xs:?}")
    } else {
        format!("{:?}... ({} elements)", &xs[..10], xs.len())
    }
}

/// Checks `S::longest_increasing_subsequence(xs)` against the known longest length.
fn check_lis<S: Solutions>(xs: &[i64], longest: usize, why: &str) {
    let got = S::longest_increasing_subsequence(xs);
    if let Some(problem) = subsequence_problem(xs, &got, longest) {
        panic!(
            "longest_increasing_subsequence({}): {problem} ({why})",
            head(xs)
        );
    }
}

/// The textbook example: "kitten" to "sitting" is 3 edits (k→s, e→i, insert g).
pub fn kitten_to_sitting_takes_three_edits<S: Solutions>() {
    check_distance::<S>(
        "kitten",
        "sitting",
        3,
        "substitute k→s and e→i, then insert g; no two edits can do it",
    );
}

/// More distances worked out by hand, and the cases where no edit is needed.
pub fn classic_edit_distances<S: Solutions>() {
    check_distance::<S>("flaw", "lawn", 2, "delete f, insert n");
    check_distance::<S>("saturday", "sunday", 3, "delete a and t, substitute r→n");
    check_distance::<S>(
        "intention",
        "execution",
        5,
        "the example of Jurafsky and Martin: 5 with unit costs",
    );
    check_distance::<S>("abc", "abc", 0, "equal strings need no edit");
    check_distance::<S>("abc", "xyz", 3, "three substitutions");
    check_distance::<S>(
        "ab",
        "ba",
        2,
        "two substitutions (or a delete and an insert): there is no swap edit",
    );
}

/// Turning "" into b takes |b| inserts, and a into "" takes |a| deletes.
pub fn an_empty_string_is_as_far_as_the_other_is_long<S: Solutions>() {
    check_distance::<S>("", "", 0, "two empty strings are equal");
    check_distance::<S>(
        "",
        "abc",
        3,
        "three inserts: the first row of the table is 0, 1, 2, 3",
    );
    check_distance::<S>(
        "hello",
        "",
        5,
        "five deletes: the first column is 0, 1, ..., 5",
    );
}

/// Distances count `char`s, not bytes: "é" is two bytes in UTF-8 but one edit.
pub fn edit_distance_counts_chars_not_bytes<S: Solutions>() {
    check_distance::<S>(
        "café",
        "cafe",
        1,
        "one substitution é→e; comparing bytes counts two (é is 2 bytes in UTF-8): \
         iterate over a.chars()",
    );
    check_distance::<S>("🦀", "", 1, "the crab is one char (4 bytes)");
    check_distance::<S>("日本語", "日本", 1, "delete one char (3 bytes)");
    check_distance::<S>("naïve", "naive", 1, "one substitution");
    check_distance::<S>("🦀🦀", "🦀x🦀", 1, "insert x between the crabs");
}

/// Long strings with a known distance: 100 chars, beyond one 64-bit word (and beyond
/// what a naive recursion finishes: these run under [`TIME_LIMIT`]).
pub fn long_strings_with_few_edits<S: Solutions>() {
    let pairs = [
        (
            "ab".repeat(50),
            "ba".repeat(50),
            2,
            "delete the leading a and append an a: the strings are shifted by one",
        ),
        ("x".repeat(70), "x".repeat(65), 5, "five deletes"),
        (
            "é".repeat(64) + "z",
            "é".repeat(65),
            1,
            "substitute the last char",
        ),
    ];
    let inputs: Vec<(String, String)> = pairs
        .iter()
        .map(|(a, b, _, _)| (a.clone(), b.clone()))
        .collect();
    let got = within_limit(move || {
        inputs
            .iter()
            .map(|(a, b)| (S::edit_distance(a, b), S::edit_distance(b, a)))
            .collect::<Vec<_>>()
    })
    .unwrap_or_else(|| {
        panic!(
            "edit_distance did not finish three pairs of 65 to 100 chars within \
             {TIME_LIMIT:?} (twice): a naive recursion branches three ways per char, \
             3^100 calls; a table of 101 × 101 cells takes microseconds"
        )
    });
    for ((a, b, expected, why), (ab, ba)) in pairs.iter().zip(got) {
        assert_eq!(
            (ab, ba),
            (*expected, *expected),
            "edit_distance of {a:?} and {b:?} (both ways round), expected {expected}: {why}"
        );
    }
}

/// Random short strings over a small alphabet (with a two-byte and a four-byte char),
/// against the plain recursion.
pub fn edit_distance_agrees_with_brute_force<S: Solutions>() {
    check(&("[abcé🦀]{0,7}", "[abcé🦀]{0,7}"), |(a, b)| {
        let expected = naive::edit_distance(
            &a.chars().collect::<Vec<_>>(),
            &b.chars().collect::<Vec<_>>(),
        );
        same(S::edit_distance(&a, &b), expected, || {
            format!("edit_distance({a:?}, {b:?}), against the plain recursion")
        })
    });
}

/// The counterexample to greedy: with coins 1, 3 and 4, greedy pays 6 as 4 + 1 + 1, but
/// 3 + 3 is two coins.
pub fn greedy_takes_three_coins_where_two_suffice<S: Solutions>() {
    check_change::<S>(
        &[1, 3, 4],
        6,
        Some(2),
        "3 + 3; taking the largest coin first gives 4 + 1 + 1 = three coins. Try every \
         last coin: best[x] = 1 + min(best[x - c])",
    );
    check_change::<S>(&[4, 3, 1], 6, Some(2), "the coins' order must not matter");
}

/// Amounts worked out by hand, including coin systems where greedy happens to work.
pub fn classic_coin_changes<S: Solutions>() {
    check_change::<S>(&[1, 5, 10, 25], 63, Some(6), "25 + 25 + 10 + 1 + 1 + 1");
    check_change::<S>(&[1, 2, 5], 11, Some(3), "5 + 5 + 1");
    check_change::<S>(&[2, 5], 3, None, "3 is neither 2s nor 5s");
    check_change::<S>(&[7], 21, Some(3), "7 + 7 + 7");
}

/// An amount of 0 is paid with no coins, whatever the coins (even none).
pub fn an_amount_of_zero_needs_no_coins<S: Solutions>() {
    check_change::<S>(
        &[1, 2],
        0,
        Some(0),
        "no coins make 0: best[0] = 0 is the base case",
    );
    check_change::<S>(&[], 0, Some(0), "no coins are needed, so none is fine");
}

/// Amounts no combination makes are `None`, not a huge number or a panic.
pub fn impossible_amounts_are_none<S: Solutions>() {
    check_change::<S>(&[2], 3, None, "odd amounts cannot be made of 2s");
    check_change::<S>(&[], 5, None, "without coins only 0 can be paid");
    check_change::<S>(&[7], 3, None, "the only coin is larger than the amount");
    check_change::<S>(
        &[0, 5],
        10,
        Some(2),
        "a coin of value 0 is ignored (it pays nothing, and using it would loop)",
    );
    check_change::<S>(&[0], 4, None, "only a coin of value 0: nothing can be paid");
    check_change::<S>(
        &[u32::MAX],
        u32::MAX,
        Some(1),
        "one coin of the largest value: mind overflow in amount + 1 and in best + 1",
    );
}

/// Random small coin systems and amounts, against the exhaustive search.
pub fn coin_change_agrees_with_brute_force<S: Solutions>() {
    check(
        &(prop::collection::vec(0u32..12, 0..4), 0u32..40),
        |(coins, amount)| {
            same(
                S::coin_change(&coins, amount),
                naive::coin_change(&coins, amount),
                || format!("coin_change({coins:?}, {amount}), against the exhaustive search"),
            )
        },
    );
}

/// The textbook example: in 10, 9, 2, 5, 3, 7, 101, 18 the longest strictly increasing
/// subsequence has 4 elements (2, 3, 7, 18 is one; 2, 5, 7, 101 another).
pub fn a_classic_increasing_subsequence<S: Solutions>() {
    check_lis::<S>(
        &[10, 9, 2, 5, 3, 7, 101, 18],
        4,
        "2, 3, 7, 18 is one answer; 2, 5, 7, 101 is another",
    );
    check_lis::<S>(&[0, 8, 4, 12, 2, 10, 6, 14, 1, 9], 4, "0, 4, 6, 9 is one");
    check_lis::<S>(
        &[i64::MIN, -1, 0, i64::MAX],
        4,
        "the extremes of i64 are ordinary values",
    );
}

/// The empty sequence has an empty subsequence; one element is its own.
pub fn short_sequences_have_short_subsequences<S: Solutions>() {
    check_lis::<S>(&[], 0, "nothing to pick");
    check_lis::<S>(&[42], 1, "one element");
    check_lis::<S>(
        &[5, 4, 3, 2, 1],
        1,
        "a decreasing sequence: any one element",
    );
}

/// Strictly increasing: equal neighbours do not both count.
pub fn increasing_means_strictly_increasing<S: Solutions>() {
    check_lis::<S>(
        &[7, 7, 7, 7],
        1,
        "equal elements are not increasing: with the tails method, search for the first \
         tail >= x (not > x) and replace it",
    );
    check_lis::<S>(&[1, 2, 2, 3], 3, "1, 2, 3: one of the 2s");
}

/// Random short sequences with repeats, against trying every subset.
pub fn increasing_subsequence_agrees_with_brute_force<S: Solutions>() {
    check(&prop::collection::vec(-5i64..6, 0..13), |xs| {
        let expected = naive::longest_increasing_subsequence(&xs);
        let got = S::longest_increasing_subsequence(&xs);
        match subsequence_problem(&xs, &got, expected.len()) {
            None => Ok(()),
            Some(problem) => Err(TestCaseError::fail(format!(
                "longest_increasing_subsequence({xs:?}): {problem} (one longest is \
                 {expected:?})"
            ))),
        }
    });
}

/// The time limit of the four cases on long inputs. The solution the hints sketch (two
/// rows, a table of amounts, tails with binary search), compiled as the exercise's tests
/// are (opt-level 1), took 0.06 s for the long strings, 0.01 s for the large amount and
/// 0.11 s for the million-element sequence (building it included) on a 2-core machine
/// with a mutation-testing run beside it: this is more than 25x the slowest, and a slow
/// measurement is taken again before a case fails. The naive recursions would need
/// longer than the age of the universe. (Short, so that a learner's naive recursion fails
/// these cases in seconds, well inside the 30 s `cargo lab check` gives a test run.)
pub const TIME_LIMIT: Duration = Duration::from_secs(3);

/// The stack of the thread that runs a case on long inputs: 256 MiB (reserved, not touched),
/// so a memoised recursion, which is a correct DP, may go as deep as its input (100,000
/// levels for the large amount) without overflowing a default 2 MiB thread stack.
const TIMED_STACK: usize = 256 << 20;

/// Runs `work` on a thread with a [`TIMED_STACK`] stack and returns its result, or
/// `None` if it has not finished within [`TIME_LIMIT`] twice in a row (the second try
/// on a fresh thread: a machine that stalls once does not fail an O(nm) solution).
/// A thread that runs over is left behind (a thread cannot be killed) and keeps a core
/// busy until the test binary exits, which slows the cases after it. Only a solution
/// that fails these cases anyway leaves one, and only one per try, so a naive recursion
/// costs at most eight busy threads (four cases, two tries each) for the seconds the
/// run has left.
fn within_limit<T: Send + 'static>(work: impl Fn() -> T + Send + Sync + 'static) -> Option<T> {
    let work = std::sync::Arc::new(work);
    for _ in 0..2 {
        let (done, finished) = mpsc::channel();
        let job = std::sync::Arc::clone(&work);
        let worker = thread::Builder::new()
            .stack_size(TIMED_STACK)
            .spawn(move || {
                let _ = done.send(job());
            })
            .expect("spawning a test thread");
        match finished.recv_timeout(TIME_LIMIT) {
            Ok(value) => return Some(value),
            Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
                Err(panic) => std::panic::resume_unwind(panic),
                Ok(()) => unreachable!("the worker sends before it ends"),
            },
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
    None
}

/// A deterministic string of `len` chars drawn from `alphabet` (a linear congruential
/// generator, so the case needs no random seed and reads the same every run).
fn scrambled(len: usize, alphabet: &[char], seed: u64) -> String {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            alphabet[(state >> 33) as usize % alphabet.len()]
        })
        .collect()
}

/// Edit distance over 2,000-char strings finishes within [`TIME_LIMIT`]: a table of
/// 2,001 × 1,601 cells takes milliseconds; the plain recursion makes about 3^3,600
/// calls. The strings share a 400-char prefix, then one continues in the letters a to m
/// and the other in n to z, so no char of one tail appears in the other and the
/// distance is the longer tail's length: 1,600.
pub fn naive_recursion_cannot_finish_long_strings<S: Solutions>() {
    let first: Vec<char> = ('a'..='m').collect();
    let second: Vec<char> = ('n'..='z').collect();
    let prefix = scrambled(400, &['a', 'n', 'é', '🦀'], 1);
    let a = prefix.clone() + &scrambled(1_600, &first, 2);
    let b = prefix + &scrambled(1_200, &second, 3);
    let (ab, ba) = within_limit(move || (S::edit_distance(&a, &b), S::edit_distance(&b, &a)))
        .unwrap_or_else(|| {
            panic!(
                "edit_distance did not finish two strings of 2,000 and 1,600 chars within \
                 {TIME_LIMIT:?} (twice): this is the case a naive exponential recursion \
                 cannot finish. The recursion solves the same pair of suffixes again and \
                 again; a table of (n + 1) × (m + 1) cells solves each pair once, 3.2 \
                 million cells here, in milliseconds"
            )
        });
    assert_eq!(
        (ab, ba),
        (1_600, 1_600),
        "edit_distance of two 2,000/1,600-char strings with a common 400-char prefix and \
         tails over disjoint letters (1,600 and 1,200 chars): the common prefix costs \
         nothing, and the tails need 1,200 substitutions and 400 deletes"
    );
}

/// Coin change for 100,002 with coins 1, 3 and 4 (and 6,249 with 186, 419, 83 and 408,
/// 20 coins) finishes within [`TIME_LIMIT`]: a
/// table of 100,003 amounts takes milliseconds; the plain recursion tries every order
/// of coins, about 1.5^100,000 of them. The answer is 24,999 fours and two threes,
/// 25,001 coins; greedy would take 25,000 fours and two ones, 25,002.
pub fn naive_recursion_cannot_finish_a_large_amount<S: Solutions>() {
    const AMOUNT: u32 = 100_002;
    let (paid, larger) = within_limit(|| {
        (
            S::coin_change(&[1, 3, 4], AMOUNT),
            S::coin_change(&[186, 419, 83, 408], 6_249),
        )
    })
    .unwrap_or_else(|| {
        panic!(
            "coin_change(&[1, 3, 4], {AMOUNT}) did not finish within {TIME_LIMIT:?} \
             (twice): this is the case a naive exponential recursion cannot finish. \
             min over c of coin_change(amount - c) recomputes the same amounts \
             exponentially often; a table best[0..=amount] computes each amount once, \
             300,000 steps here"
        )
    });
    assert_eq!(
        paid,
        Some(25_001),
        "coin_change(&[1, 3, 4], {AMOUNT}): 24,999 fours and two threes make 25,001 coins \
         (greedy's 25,000 fours and two ones make 25,002)"
    );
    assert_eq!(
        larger,
        Some(20),
        "coin_change(&[186, 419, 83, 408], 6249): 20 coins is the fewest (a search no \
         greedy rule finds)"
    );
}

/// The longest increasing subsequence of 1,000,000 elements finishes within
/// [`TIME_LIMIT`]: the tails method with binary search takes 20 million comparisons;
/// the O(n²) scan of every earlier element takes 500 billion, and trying subsets 2^n.
/// The input is 250,000 short runs, each decreasing, each run above the last: an
/// increasing subsequence takes at most one element per run, so the longest has
/// 250,000.
pub fn a_quadratic_scan_cannot_finish_a_long_sequence<S: Solutions>() {
    const RUNS: i64 = 250_000;
    let xs: Vec<i64> = (0..RUNS)
        .flat_map(|run| {
            let len = 1 + (run * 7_919) % 7;
            (0..len).map(move |k| run * 10 - k)
        })
        .collect();
    let n = xs.len();
    let input = xs.clone();
    let got =
        within_limit(move || S::longest_increasing_subsequence(&input)).unwrap_or_else(|| {
            panic!(
                "longest_increasing_subsequence of {n} elements did not finish within \
                 {TIME_LIMIT:?} (twice): comparing each element with every earlier one is \
                 O(n²), about {} billion comparisons here. Keep tails[k], the smallest \
                 last element of an increasing subsequence of length k + 1 (it is sorted), \
                 and binary-search where each element goes: O(n log n)",
                n * n / 2 / 1_000_000_000
            )
        });
    if let Some(problem) = subsequence_problem(&xs, &got, RUNS as usize) {
        panic!(
            "longest_increasing_subsequence of {n} elements in {RUNS} decreasing runs, \
             each run above the last: {problem}"
        );
    }
}
