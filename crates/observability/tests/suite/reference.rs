//! The reference's own API beyond the contract: its layout, merge across precisions,
//! and its panics.

use std::time::Duration;

use observability::{BurnRateAlert, Histogram};
use observability_contract::{BurnRateCheck, NaiveBurnRate};
use proptest::prelude::*;

#[test]
fn an_hour_in_microseconds_at_three_digits_takes_about_23_000_counters() {
    let h = Histogram::new(3_600_000_000, 3).unwrap();
    assert_eq!(h.counters(), 23_221);
    assert_eq!((h.max_value(), h.significant_digits()), (3_600_000_000, 3));
}

#[test]
fn the_counters_grow_with_the_log_of_the_range() {
    let small = Histogram::new(1 << 20, 2).unwrap().counters();
    let large = Histogram::new(1 << 40, 2).unwrap().counters();
    // 20 more powers of two at 128 counters each.
    assert_eq!(large - small, 20 * 128);
}

#[test]
#[should_panic(expected = "value_at_quantile takes q in [0, 1]")]
fn a_quantile_above_one_panics() {
    Histogram::new(10, 1).unwrap().value_at_quantile(1.5);
}

#[test]
#[should_panic(expected = "above this one's max_value 100")]
fn merging_a_larger_range_in_panics() {
    let mut small = Histogram::new(100, 2).unwrap();
    let mut large = Histogram::new(1_000, 2).unwrap();
    large.record(500).unwrap();
    small.merge(&large);
}

#[test]
#[should_panic(expected = "events must arrive in time order")]
fn an_event_from_the_past_panics() {
    let mut alert = BurnRateAlert::page(0.999).unwrap();
    alert.record(Duration::from_secs(10), true);
    alert.record(Duration::from_secs(9), true);
}

proptest! {
    /// Merging a histogram of other precision keeps count, min, max and mean exact, and
    /// the quantiles within the two precisions' errors added.
    #[test]
    fn merge_across_precisions_stays_within_both_errors(
        a in prop::collection::vec(0u64..1 << 30, 1..100),
        b in prop::collection::vec(0u64..1 << 30, 1..100),
        q in 0.0f64..=1.0,
    ) {
        let mut merged = Histogram::new(1 << 30, 3).unwrap();
        let mut other = Histogram::new(1 << 30, 2).unwrap();
        for &v in &a { merged.record(v).unwrap(); }
        for &v in &b { other.record(v).unwrap(); }
        merged.merge(&other);
        let mut all: Vec<u64> = a.iter().chain(&b).copied().collect();
        all.sort_unstable();
        prop_assert_eq!(merged.count(), all.len() as u64);
        prop_assert_eq!((merged.min(), merged.max()), (all[0], all[all.len() - 1]));
        let exact = observability_contract::exact_quantile(&all, q);
        let got = merged.value_at_quantile(q);
        prop_assert!(got.abs_diff(exact) as f64 <= exact as f64 * (0.001 + 0.01) + 1.0,
            "q {}: got {}, exact {}", q, got, exact);
    }
}

#[test]
fn the_memory_table_in_new_s_doc_holds_for_u64_max() {
    // The counters `Histogram::new` documents for max_value = u64::MAX, digits 1 to 5;
    // the last is the ~50 MB case.
    let documented = [976, 7_424, 56_320, 835_584, 6_291_456];
    for (digits, expected) in (1..=5).zip(documented) {
        let h = Histogram::new(u64::MAX, digits).unwrap();
        assert_eq!(h.counters(), expected, "{digits} digits");
    }
}

#[test]
fn windows_near_u64_max_seconds_do_not_overflow() {
    // `with_windows` accepts any window of at least a second. With windows of u64::MAX
    // and u64::MAX - 1 seconds, `s + window` overflows; the window must still keep the
    // events inside it and drop the ones that left.
    let (long, short) = (
        Duration::from_secs(u64::MAX),
        Duration::from_secs(u64::MAX - 1),
    );
    let mut alert = BurnRateAlert::with_windows(0.999, long, short, 14.4).unwrap();
    let mut naive = NaiveBurnRate::with_windows(0.999, long, short, 14.4).unwrap();
    let budget = 1.0 - 0.999;
    let mut check = |at: u64, success: bool, expected: (f64, f64), why: &str| {
        BurnRateCheck::record(&mut alert, Duration::from_secs(at), success);
        naive.record(Duration::from_secs(at), success);
        assert_eq!(alert.burn_rates(), expected, "reference: {why}");
        assert_eq!(naive.burn_rates(), expected, "oracle: {why}");
    };
    check(1, false, (1.0 / budget, 1.0 / budget), "one error");
    let half = 1.0 / 2.0 / budget;
    check(
        u64::MAX - 1,
        true,
        (half, half),
        "the error at second 1 is in both windows",
    );
    check(
        u64::MAX,
        true,
        (1.0 / 3.0 / budget, 0.0),
        "the error is u64::MAX - 1 seconds old: still in the long window, out of the short one",
    );
}
