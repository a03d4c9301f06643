//! The contract of a latency histogram and of a burn-rate alert, as named generic test
//! cases and property tests, so the reference and the learner's exercise run the same
//! checks; [`conformance_tests!`](crate::conformance_tests) makes one `#[test]` per
//! case. Teaching order (the topic's manifest): the histogram first (errors, the empty
//! and one-value cases, exact small values, then the relative error and merge), then
//! the alert (errors, the budget, a spike, a blip, recovery, the model test).

use std::time::Duration;

use proptest::prelude::*;

use testkit::property::{TestCaseError, check_explained, same, steps};

use crate::{
    BurnRateCheck, HistogramError, LatencyHistogram, NaiveBurnRate, OutOfRange, SortedSamples,
    exact_quantile, relative_error,
};

/// The quantiles every quantile check asks for.
const QUANTILES: [f64; 9] = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0];

fn histogram<H: LatencyHistogram>(max_value: u64, digits: u8) -> H {
    match H::new(max_value, digits) {
        Ok(h) => h,
        Err(e) => panic!("new({max_value}, {digits}) should make a histogram, got the error: {e}"),
    }
}

fn record_all<H: LatencyHistogram>(h: &mut H, values: &[u64]) {
    for &v in values {
        if let Err(e) = h.record(v) {
            panic!("record({v}) should fit, got: {e}");
        }
    }
}

/// Whether `got` is within the relative error of `digits` of `exact`.
fn within(got: u64, exact: u64, digits: u8) -> bool {
    got.abs_diff(exact) as f64 <= exact as f64 * relative_error(digits)
}

/// `new` takes 1 to 5 significant digits; 0 and 6 are [`HistogramError::SignificantDigits`].
pub fn digits_outside_one_to_five_are_an_error<H: LatencyHistogram>() {
    for digits in [0, 6, 255] {
        assert_eq!(
            H::new(1_000, digits).err(),
            Some(HistogramError::SignificantDigits(digits)),
            "new(1_000, {digits}): an HDR histogram keeps 1 to 5 significant digits"
        );
    }
    for digits in 1..=5 {
        assert!(
            H::new(3_600_000_000, digits).is_ok(),
            "new(3_600_000_000, {digits}) (an hour in microseconds) should work"
        );
    }
    assert!(
        H::new(u64::MAX, 3).is_ok(),
        "new(u64::MAX, 3) should work: the buckets grow with log2 of the range"
    );
    assert!(
        H::new(0, 3).is_ok(),
        "new(0, 3) holds only zeros, but is valid"
    );
}

/// An empty histogram: count 0, and 0 for min, max, mean and every quantile.
pub fn an_empty_histogram_reports_zeros<H: LatencyHistogram>() {
    let h: H = histogram(1_000_000, 3);
    assert_eq!(h.count(), 0, "count() of an empty histogram");
    assert_eq!(
        (h.min(), h.max()),
        (0, 0),
        "(min(), max()) of an empty histogram"
    );
    assert_eq!(h.mean(), 0.0, "mean() of an empty histogram");
    for q in QUANTILES {
        assert_eq!(
            h.value_at_quantile(q),
            0,
            "value_at_quantile({q}) of an empty histogram"
        );
    }
}

/// After one value, every quantile is that value, and so are min, max and mean: the
/// answer never leaves `[min, max]`.
pub fn one_value_is_every_quantile<H: LatencyHistogram>() {
    for v in [0, 1, 1_234_567, 9_999_999] {
        let mut h: H = histogram(10_000_000, 2);
        record_all(&mut h, &[v]);
        assert_eq!(h.count(), 1);
        assert_eq!(
            (h.min(), h.max(), h.mean()),
            (v, v, v as f64),
            "after record({v})"
        );
        for q in QUANTILES {
            assert_eq!(
                h.value_at_quantile(q),
                v,
                "value_at_quantile({q}) after the one value {v}: even with 2 digits the \
                 answer must stay within [min, max]"
            );
        }
    }
}

/// A value above `max_value` is [`OutOfRange`] and is not counted; `max_value` itself fits.
pub fn values_above_the_maximum_are_out_of_range<H: LatencyHistogram>() {
    let mut h: H = histogram(1_000, 3);
    assert_eq!(
        h.record(1_001),
        Err(OutOfRange {
            value: 1_001,
            max_value: 1_000
        })
    );
    assert_eq!(
        h.record(u64::MAX),
        Err(OutOfRange {
            value: u64::MAX,
            max_value: 1_000
        })
    );
    assert_eq!(h.count(), 0, "a value out of range must not be counted");
    assert_eq!(h.record(1_000), Ok(()), "max_value itself fits");
    assert_eq!((h.count(), h.max()), (1, 1_000));
    let mut full: H = histogram(u64::MAX, 1);
    assert_eq!(
        full.record(u64::MAX),
        Ok(()),
        "u64::MAX fits in new(u64::MAX, 1)"
    );
    assert_eq!(full.value_at_quantile(0.5), u64::MAX);
}

/// Below 2 × 10^digits every value has a bucket of its own, so quantiles are exact.
pub fn small_values_are_counted_exactly<H: LatencyHistogram>() {
    // 0..2000 with 3 digits: the first buckets hold one value each.
    let values: Vec<u64> = (0..2_000).collect();
    let mut h: H = histogram(1_000_000, 3);
    record_all(&mut h, &values);
    for q in QUANTILES {
        assert_eq!(
            h.value_at_quantile(q),
            exact_quantile(&values, q),
            "value_at_quantile({q}) over 0..2000 with 3 digits: values under 2 x 10^3 \
             get a bucket each, so the answer is exact (rank = max(1, ceil(q x n)))"
        );
    }
}

/// min, max and mean are exact, whatever the bucket widths: keep them beside the counts.
pub fn min_max_and_mean_are_exact<H: LatencyHistogram>() {
    let values = [1_000_003, 7, 999_999_999, 123_456_789];
    let mut h: H = histogram(1_000_000_000, 1);
    record_all(&mut h, &values);
    assert_eq!(
        (h.min(), h.max()),
        (7, 999_999_999),
        "min() and max() are the exact extremes, even with 1 digit"
    );
    let mean = values.iter().sum::<u64>() as f64 / 4.0;
    assert_eq!(h.mean(), mean, "mean() is the exact sum over the count");
}

/// Large values keep their significant digits: 123,456,789 with 3 digits comes back
/// within 0.1%, and two values 0.2% apart stay apart.
pub fn large_values_keep_their_significant_digits<H: LatencyHistogram>() {
    let mut h: H = histogram(u64::MAX, 3);
    record_all(&mut h, &[123_456_789, 123_456_789, 123_703_702]);
    let median = h.value_at_quantile(0.5);
    assert!(
        within(median, 123_456_789, 3),
        "the median of [123456789, 123456789, 123703702] with 3 digits: got {median}, \
         expected 123456789 within 0.1%"
    );
    assert!(
        median < 123_703_702,
        "123,456,789 and 123,703,702 are 0.2% apart: with 3 digits they must land in \
         different buckets, but the median came back as {median}"
    );
}

/// Model test: for random values and digits, every quantile is within 10^-digits of the
/// exact answer over the sorted values (the oracle), relatively.
pub fn quantiles_stay_within_the_relative_error<H: LatencyHistogram>() {
    // Up to 3 digits: at 4 and 5 a histogram of the whole u64 range has 0.8 and 6
    // million counters, and 256 cases of walking them would make the check slow.
    let strategy = (
        1u8..=3,
        prop::collection::vec(
            prop_oneof![0u64..1_000, 0u64..1_000_000, 0u64..1 << 40, any::<u64>()],
            1..300,
        ),
        0.0f64..=1.0,
    );
    check_explained(
        &strategy,
        |(digits, values, q)| {
            format!(
                "new(u64::MAX, {digits}), then record each of {values:?}, then value_at_quantile({q})"
            )
        },
        |(digits, values, q)| {
            let mut h: H = histogram(u64::MAX, digits);
            let mut oracle: SortedSamples = histogram(u64::MAX, digits);
            record_all(&mut h, &values);
            record_all(&mut oracle, &values);
            for q in QUANTILES.into_iter().chain([q]) {
                let got = h.value_at_quantile(q);
                let exact = oracle.value_at_quantile(q);
                if !within(got, exact, digits) {
                    return Err(TestCaseError::fail(format!(
                        "value_at_quantile({q}) with {digits} digits: got {got}, but the exact \
                         answer (sorted values, rank max(1, ceil(q x n))) is {exact}, and {got} \
                         is more than {} away from it, relatively",
                        relative_error(digits)
                    )));
                }
            }
            same(h.count(), oracle.count(), || "count()".to_string())?;
            same((h.min(), h.max()), (oracle.min(), oracle.max()), || {
                "(min(), max())".to_string()
            })
        },
    );
}

/// Merging an empty histogram, or into one, changes nothing that can be seen.
pub fn merging_an_empty_histogram_changes_nothing<H: LatencyHistogram>() {
    let values = [5, 50, 500, 5_000, 50_000];
    let mut full: H = histogram(1_000_000, 3);
    record_all(&mut full, &values);
    let empty: H = histogram(1_000_000, 3);
    full.merge(&empty);
    assert_eq!(
        (full.count(), full.min(), full.max()),
        (5, 5, 50_000),
        "(count, min, max) after merging an empty histogram in"
    );
    let mut target: H = histogram(1_000_000, 3);
    target.merge(&full);
    assert_eq!(
        (target.count(), target.min(), target.max(), target.mean()),
        (5, 5, 50_000, 11_111.0),
        "an empty histogram after merging [5, 50, 500, 5000, 50000] in: its min must come \
         from the other histogram, not stay 0"
    );
    for q in QUANTILES {
        assert_eq!(
            target.value_at_quantile(q),
            full.value_at_quantile(q),
            "q = {q}"
        );
    }
}

/// Model test: recording stream A, then merging a histogram of stream B, answers every
/// question exactly as one histogram that recorded both streams.
pub fn merge_equals_recording_both_streams<H: LatencyHistogram>() {
    let values = || prop::collection::vec(prop_oneof![0u64..10_000, 0u64..10_000_000_000], 0..200);
    let strategy = (1u8..=3, values(), values());
    check_explained(
        &strategy,
        |(digits, a, b)| {
            format!(
                "with {digits} digits: stream A = {a:?}\nstream B = {b:?}\nA.merge(&B) against one histogram that recorded A then B"
            )
        },
        |(digits, a, b)| {
            let mut merged: H = histogram(u64::MAX, digits);
            let mut other: H = histogram(u64::MAX, digits);
            let mut both: H = histogram(u64::MAX, digits);
            record_all(&mut merged, &a);
            record_all(&mut other, &b);
            record_all(&mut both, &a);
            record_all(&mut both, &b);
            merged.merge(&other);
            same(
                (merged.count(), merged.min(), merged.max()),
                (both.count(), both.min(), both.max()),
                || "(count, min, max) after merge".to_string(),
            )?;
            same(merged.mean(), both.mean(), || {
                "mean() after merge".to_string()
            })?;
            for q in QUANTILES {
                same(
                    merged.value_at_quantile(q),
                    both.value_at_quantile(q),
                    || format!("value_at_quantile({q}) after merge"),
                )?;
            }
            same(other.count(), b.len() as u64, || {
                "count() of the histogram merged in: merge must not change it".to_string()
            })
        },
    );
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// The workbook's page tier on a 99.9% SLO: 1 h and 5 min windows at 14.4x.
fn page<A: BurnRateCheck>() -> A {
    match A::with_windows(0.999, secs(3_600), secs(300), 14.4) {
        Ok(a) => a,
        Err(e) => panic!("with_windows(0.999, 1 h, 5 min, 14.4) should work, got: {e}"),
    }
}

/// Feeds `per_second` events each second from `from` to `to` (exclusive), of which
/// `errors` fail; returns the first second at which the alert fired, if any.
fn feed<A: BurnRateCheck>(
    alert: &mut A,
    from: u64,
    to: u64,
    per_second: u64,
    errors: u64,
) -> Option<u64> {
    feed_with(alert, from, to, per_second, |_, i| i < errors)
}

/// Like [`feed`], with `failed(second, i)` choosing the failures.
fn feed_with<A: BurnRateCheck>(
    alert: &mut A,
    from: u64,
    to: u64,
    per_second: u64,
    failed: impl Fn(u64, u64) -> bool,
) -> Option<u64> {
    let mut first = None;
    for s in from..to {
        for i in 0..per_second {
            alert.record(secs(s), !failed(s, i));
        }
        if first.is_none() && alert.is_firing() {
            first = Some(s);
        }
    }
    first
}

/// An objective outside (0, 1), a window under a second, a short window longer than
/// the long one, and a threshold that is not positive are [`SloError`](crate::SloError)s.
pub fn bad_objectives_and_windows_are_errors<A: BurnRateCheck>() {
    for objective in [0.0, 1.0, 99.9, -0.5, f64::NAN] {
        assert!(
            A::with_windows(objective, secs(3_600), secs(300), 14.4).is_err(),
            "objective {objective}: it is a fraction strictly between 0 and 1 (99.9% is 0.999)"
        );
    }
    assert!(
        A::with_windows(0.999, secs(300), secs(3_600), 14.4).is_err(),
        "a short window (1 h) longer than the long one (5 min) is an error"
    );
    assert!(
        A::with_windows(0.999, secs(3_600), Duration::from_millis(500), 14.4).is_err(),
        "a window under one second is an error: windows count whole seconds"
    );
    for threshold in [0.0, -1.0, f64::INFINITY, f64::NAN] {
        assert!(
            A::with_windows(0.999, secs(3_600), secs(300), threshold).is_err(),
            "threshold {threshold} is an error"
        );
    }
}

/// Errors at the budget's own rate (0.1% on a 99.9% SLO, burn rate 1)
/// for 65 minutes never page: the budget is there to be spent.
pub fn errors_within_budget_never_fire<A: BurnRateCheck>() {
    let mut alert: A = page();
    assert_eq!(
        alert.burn_rates(),
        (0.0, 0.0),
        "burn rates before any event"
    );
    // 100 events a second, one error every tenth second: exactly the budget in any
    // window of whole seconds that is a multiple of ten long.
    let fired = feed_with(&mut alert, 0, 3_900, 100, |s, i| s % 10 == 0 && i == 0);
    assert_eq!(
        fired, None,
        "0.1% errors against a 99.9% SLO burn at 1x; the page tier needs 14.4x"
    );
    let (long, short) = alert.burn_rates();
    assert!(
        (long - 1.0).abs() < 1e-9 && (short - 1.0).abs() < 1e-9,
        "burn rates at 0.1% errors on a 99.9% SLO: got ({long}, {short}), expected (1, 1): \
         the error fraction divided by the budget 1 - 0.999"
    );
}

/// After a clean hour, 10% errors (burn rate 100): the 5-minute window passes 14.4 in
/// under a minute, and the page fires once the 1-hour window does too, after
/// 3600 × 14.4 / 100 = 518.4 s of errors, at second 3599 + 519 = 4118.
pub fn a_sustained_spike_fires<A: BurnRateCheck>() {
    let mut alert: A = page();
    assert_eq!(
        feed(&mut alert, 0, 3_600, 100, 0),
        None,
        "no errors, no page"
    );
    let fired = feed(&mut alert, 3_600, 5_400, 100, 10);
    assert_eq!(
        fired,
        Some(4_118),
        "the first second the page fires, with 10% errors from second 3600 after a clean \
         hour: the 1-hour window reaches 14.4x once 10% x error seconds / 3600 s >= 1.44%, \
         at 519 error seconds"
    );
}

/// A 2-minute blip of 10% errors fires the 5-minute window alone (burn 40) but moves
/// the 1-hour window to 3.3x only: no page.
pub fn a_short_blip_stays_silent<A: BurnRateCheck>() {
    let mut alert: A = page();
    feed(&mut alert, 0, 3_600, 100, 0);
    let mut short_peak: f64 = 0.0;
    for s in 3_600..3_720 {
        feed(&mut alert, s, s + 1, 100, 10);
        short_peak = short_peak.max(alert.burn_rates().1);
        assert!(
            !alert.is_firing(),
            "a 2-minute blip must not page: second {s}, burn rates {:?}",
            alert.burn_rates()
        );
    }
    assert!(
        short_peak > 14.4,
        "the 5-minute window alone burns at {short_peak} during the blip: it is the long \
         window that keeps the page quiet"
    );
    assert_eq!(feed(&mut alert, 3_720, 7_200, 100, 0), None);
}

/// Once the errors stop, the 5-minute window drains and the page clears within five
/// minutes, though the 1-hour window still burns: the short window is the reset.
pub fn the_alert_clears_once_the_short_window_recovers<A: BurnRateCheck>() {
    let mut alert: A = page();
    feed(&mut alert, 0, 3_600, 100, 50);
    assert!(alert.is_firing(), "50% errors for an hour must page");
    let mut cleared = None;
    for s in 3_600..4_200 {
        feed(&mut alert, s, s + 1, 100, 0);
        if cleared.is_none() && !alert.is_firing() {
            cleared = Some(s);
        }
    }
    assert_eq!(
        cleared,
        Some(3_891),
        "50% errors until second 3600, then none: the 5-minute window's burn drops under \
         14.4 once 50% x error seconds / 300 < 1.44%, with 8 error seconds left in it, at \
         second 3891"
    );
    assert!(
        alert.burn_rates().0 > 14.4,
        "the 1-hour window still burns at {} after the errors stop",
        alert.burn_rates().0
    );
}

/// Model test: over random event streams (seconds that go forward, a success or a
/// failure each), the burn rates and the verdict match the naive windows after every
/// event.
pub fn burn_rates_agree_with_the_naive_windows<A: BurnRateCheck>() {
    let strategy = (
        1u64..120,
        1u64..30,
        prop::collection::vec((0u64..20, any::<bool>()), 0..200),
    );
    check_explained(
        &strategy,
        |(long, short, events)| {
            let mut s = 0;
            let ops = events.iter().map(|(gap, ok)| {
                s += gap;
                format!("record({s} s, {ok})")
            });
            format!(
                "with_windows(0.9, {long} s, {} s, 2.0), then:\n{}",
                short.min(long),
                steps(ops)
            )
        },
        |(long, short, events)| {
            let short = short.min(long);
            let args = (0.9, secs(long), secs(short), 2.0);
            let mut alert = A::with_windows(args.0, args.1, args.2, args.3)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut oracle = NaiveBurnRate::with_windows(args.0, args.1, args.2, args.3)
                .expect("valid parameters");
            let mut s = 0;
            for (step, (gap, ok)) in events.into_iter().enumerate() {
                s += gap;
                alert.record(secs(s), ok);
                oracle.record(secs(s), ok);
                let (got, want) = (alert.burn_rates(), oracle.burn_rates());
                if (got.0 - want.0).abs() > 1e-9 || (got.1 - want.1).abs() > 1e-9 {
                    return Err(TestCaseError::fail(format!(
                        "burn_rates() after step {}: got {got:?}, expected {want:?} (an event \
                         at second e is in a w-second window as of second now when e > now - w)",
                        step + 1
                    )));
                }
                same(alert.is_firing(), oracle.is_firing(), || {
                    format!("is_firing() after step {}", step + 1)
                })?;
            }
            Ok(())
        },
    );
}
