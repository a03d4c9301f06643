//! The rest of the reference's API: Fibonacci's counts, the edit script, LCS and
//! knapsack against brute force, the quadratic LIS, and the inputs refused with an
//! error or a documented panic.

use proptest::prelude::*;
use testkit::property::{check, same};

use dynamic_programming::{
    Edit, Error, FIB_MAX, apply_script, coin_change, edit_distance, edit_script, fib_memo,
    fib_memo_stats, fib_naive, fib_table, greedy_coin_change, knapsack, lcs,
    longest_increasing_subsequence, longest_increasing_subsequence_quadratic, try_coin_change,
    try_edit_script, try_knapsack, try_lcs,
};

#[test]
fn fibonacci_counts_its_calls() {
    let mut f = (0u64, 1u64);
    for n in 0..=25 {
        assert_eq!(
            fib_naive(n),
            (f.0, 2 * f.1 - 1),
            "fib_naive({n}): 2·F(n+1) − 1 calls"
        );
        let memo_calls = if n == 0 { 1 } else { 2 * u64::from(n) - 1 };
        assert_eq!(
            fib_memo(n),
            (f.0, memo_calls),
            "fib_memo({n}): 2n − 1 calls"
        );
        assert_eq!(fib_table(n), f.0, "fib_table({n})");
        f = (f.1, f.0 + f.1);
    }
    let (value, stats) = fib_memo_stats(50);
    assert_eq!(
        (value, stats.calls, stats.hits, stats.states),
        (12_586_269_025, 99, 48, 51)
    );
    assert_eq!(fib_table(FIB_MAX), 12_200_160_415_121_876_738);
    assert_eq!(fib_memo(FIB_MAX).0, fib_table(FIB_MAX));
}

#[test]
#[should_panic(expected = "F(94) does not fit in a u64")]
fn fibonacci_beyond_u64_is_refused() {
    fib_table(94);
}

#[test]
#[should_panic(expected = "the call count 2·F(n + 1) − 1 overflows u64")]
fn naive_fibonacci_refuses_an_uncountable_recursion() {
    fib_naive(92);
}

/// Whether `script` is a valid cheapest script from `a` to `b`.
fn script_is_right(a: &str, b: &str, script: &[Edit]) -> Result<(), TestCaseError> {
    same(apply_script(a, script).as_deref(), Some(b), || {
        format!("applying edit_script({a:?}, {b:?}) = {script:?} to {a:?}")
    })?;
    same(
        script.iter().map(|e| e.cost()).sum::<usize>(),
        edit_distance(a, b),
        || format!("edits other than Keep in {script:?}, against edit_distance({a:?}, {b:?})"),
    )
}

#[test]
fn an_edit_script_turns_a_into_b_at_the_distance() {
    check(&("[abé🦀]{0,12}", "[abé🦀]{0,12}"), |(a, b)| {
        script_is_right(&a, &b, &edit_script(&a, &b))
    });
    let script = edit_script("kitten", "sitting");
    assert_eq!(
        script,
        [
            Edit::Substitute('k', 's'),
            Edit::Keep('i'),
            Edit::Keep('t'),
            Edit::Keep('t'),
            Edit::Substitute('e', 'i'),
            Edit::Keep('n'),
            Edit::Insert('g'),
        ]
    );
    assert_eq!(
        edit_script("", "ab"),
        [Edit::Insert('a'), Edit::Insert('b')]
    );
    assert_eq!(
        edit_script("ab", ""),
        [Edit::Delete('a'), Edit::Delete('b')]
    );
    assert!(edit_script("", "").is_empty());
}

#[test]
fn a_script_that_does_not_fit_is_refused() {
    assert_eq!(
        apply_script("ab", &[Edit::Keep('a')]),
        None,
        "b is left over"
    );
    assert_eq!(apply_script("a", &[Edit::Delete('b')]), None, "a is not b");
    assert_eq!(
        apply_script("", &[Edit::Keep('a')]),
        None,
        "nothing to keep"
    );
}

#[test]
fn too_large_tables_are_errors_before_anything_is_allocated() {
    let long = "x".repeat(20_000);
    let (result, allocated) = testkit::alloc::measure(|| try_edit_script(&long, &long));
    assert!(
        matches!(
            result,
            Err(Error::TableTooLarge {
                what: "edit_script",
                ..
            })
        ),
        "20,000 × 20,000 chars is 1.6 GB of table: {result:?}"
    );
    assert!(
        allocated.peak < 1 << 20,
        "the refusal allocated {} bytes at its peak: only the chars",
        allocated.peak
    );
    let message = try_coin_change(&[1, 2], u32::MAX).unwrap_err().to_string();
    assert!(
        message.contains("coin_change: amount 4294967295 needs a table of 4294967296 cells"),
        "{message}"
    );
    let many = vec![7u8; 100_000];
    assert!(try_lcs(&many, &many).is_err(), "10^10 cells");
    let heavy = [(u32::MAX, 1), (u32::MAX - 1, 2)];
    assert!(
        matches!(
            try_knapsack(&heavy, u32::MAX),
            Err(Error::TableTooLarge {
                what: "knapsack",
                ..
            })
        ),
        "capacity u32::MAX with items that heavy needs a row of 4 billion values"
    );
}

#[test]
#[should_panic(expected = "knapsack: 2 items within capacity 4294967295")]
fn knapsack_panics_with_the_error_message() {
    knapsack(&[(u32::MAX, 1), (u32::MAX - 1, 2)], u32::MAX);
}

#[test]
#[should_panic(expected = "coin_change: amount 4294967295 needs a table")]
fn coin_change_panics_with_the_error_message() {
    coin_change(&[2, 3], u32::MAX);
}

#[test]
#[should_panic(expected = "the items' values sum beyond u64::MAX")]
fn knapsack_values_that_overflow_are_refused() {
    knapsack(&[(1, u64::MAX), (1, 1)], 2);
}

#[test]
fn a_huge_capacity_is_cut_to_what_the_items_weigh() {
    let items = [(3, 4), (4, 5), (2, 3)];
    let (value, allocated) = testkit::alloc::measure(|| knapsack(&items, u32::MAX));
    assert_eq!(value, (12, vec![0, 1, 2]), "everything fits");
    assert!(
        allocated.bytes < 1_000,
        "capacity u32::MAX with 9 units of items: {} bytes allocated, not 32 GB",
        allocated.bytes
    );
}

/// The best knapsack value by trying every subset.
fn knapsack_brute_force(items: &[(u32, u64)], capacity: u32) -> u64 {
    (0u32..1 << items.len())
        .filter_map(|mask| {
            let picked = (0..items.len()).filter(|i| mask >> i & 1 == 1);
            let weight: u64 = picked.clone().map(|i| u64::from(items[i].0)).sum();
            (weight <= u64::from(capacity)).then(|| picked.map(|i| items[i].1).sum())
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn knapsack_agrees_with_brute_force() {
    check(
        &(prop::collection::vec((0u32..20, 0u64..50), 0..10), 0u32..60),
        |(items, capacity)| {
            let (value, chosen) = knapsack(&items, capacity);
            same(value, knapsack_brute_force(&items, capacity), || {
                format!("knapsack({items:?}, {capacity})'s value, against every subset")
            })?;
            let weight: u64 = chosen.iter().map(|&i| u64::from(items[i].0)).sum();
            let worth: u64 = chosen.iter().map(|&i| items[i].1).sum();
            prop_assert!(
                chosen.windows(2).all(|w| w[0] < w[1]),
                "indices ascending, distinct: {chosen:?}"
            );
            prop_assert!(
                weight <= u64::from(capacity),
                "{chosen:?} weighs {weight} > {capacity}"
            );
            same(worth, value, || {
                format!("the value of the chosen items {chosen:?}")
            })
        },
    );
    assert_eq!(
        knapsack(&[(0, 5), (1, 1)], 0),
        (5, vec![0]),
        "a weightless item always fits"
    );
}

/// The LCS length by the plain recursion.
fn lcs_len(a: &[u8], b: &[u8]) -> usize {
    match (a.split_first(), b.split_first()) {
        (Some((x, ar)), Some((y, br))) if x == y => 1 + lcs_len(ar, br),
        (Some((_, ar)), Some((_, br))) => lcs_len(ar, b).max(lcs_len(a, br)),
        _ => 0,
    }
}

fn is_subsequence(sub: &[u8], of: &[u8]) -> bool {
    let mut rest = of.iter();
    sub.iter().all(|s| rest.any(|x| x == s))
}

#[test]
fn lcs_agrees_with_the_plain_recursion() {
    let seq = || prop::collection::vec(0u8..3, 0..9);
    check(&(seq(), seq()), |(a, b)| {
        let common = lcs(&a, &b);
        prop_assert!(
            is_subsequence(&common, &a) && is_subsequence(&common, &b),
            "lcs({a:?}, {b:?}) = {common:?} is not a subsequence of both"
        );
        same(common.len(), lcs_len(&a, &b), || {
            format!("lcs({a:?}, {b:?}).len()")
        })
    });
    let a: Vec<char> = "ABCBDAB".chars().collect();
    let b: Vec<char> = "BDCABA".chars().collect();
    assert_eq!(lcs(&a, &b).len(), 4, "the CLRS example");
}

#[test]
fn both_lis_methods_find_the_same_length() {
    check(&prop::collection::vec(-20i64..20, 0..60), |xs| {
        let fast = longest_increasing_subsequence(&xs);
        let slow = longest_increasing_subsequence_quadratic(&xs);
        prop_assert!(
            fast.windows(2).all(|w| w[0] < w[1]),
            "{fast:?} is not increasing"
        );
        prop_assert!(
            slow.windows(2).all(|w| w[0] < w[1]),
            "{slow:?} is not increasing"
        );
        same(fast.len(), slow.len(), || format!("LIS lengths of {xs:?}"))
    });
}

#[test]
fn greedy_change_is_right_only_for_some_coin_systems() {
    assert_eq!(greedy_coin_change(&[1, 3, 4], 6), Some(3));
    assert_eq!(coin_change(&[1, 3, 4], 6), Some(2));
    assert_eq!(greedy_coin_change(&[3, 5], 9), None, "5, then 4 is stuck");
    assert_eq!(coin_change(&[3, 5], 9), Some(3));
    for amount in 0..500 {
        assert_eq!(
            greedy_coin_change(&[1, 5, 10, 25], amount),
            coin_change(&[1, 5, 10, 25], amount),
            "US coins are canonical: greedy is optimal for {amount}"
        );
    }
}
