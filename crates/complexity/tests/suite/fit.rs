//! `fit::classify`: named cases for every class, the tie rule, bad input, and a
//! differential test against the `big_o` crate on the same points.

use complexity::fit::{Class, EXACT, Fit, MIN_SIZES, TIE_FLOOR, classify, errors};
use proptest::prelude::*;
use testkit::property::same;

/// Sizes 1,000 to 1,024,000, doubling: eleven points over three decades.
fn sizes() -> Vec<f64> {
    (0..11).map(|i| 1_000.0 * f64::powi(2.0, i)).collect()
}

fn points(f: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    sizes().into_iter().map(|n| (n, f(n))).collect()
}

fn check_class(points: &[(f64, f64)], want: Class, what: &str) -> Fit {
    let fit = classify(points);
    assert_eq!(fit.class, want, "{what}: {points:?} fitted {fit}");
    fit
}

/// A cost as a function of n.
type Cost = fn(f64) -> f64;

#[test]
fn each_polynomial_class_is_recognised_with_an_offset() {
    let cases: [(Class, Cost); 6] = [
        (Class::Constant, |_| 42.0),
        (Class::Logarithmic, |n| 3.0 + n.log2()),
        (Class::Linear, |n| 100.0 + 0.5 * n),
        (Class::Linearithmic, |n| n * n.log2() - n),
        (Class::Quadratic, |n| n * (n - 1.0) / 2.0),
        (Class::Cubic, |n| 7.0 + n * n * n / 6.0),
    ];
    for (class, f) in cases {
        check_class(&points(f), class, class.notation());
    }
}

#[test]
fn exponential_growth_is_recognised_on_small_sizes() {
    let subsets: Vec<(f64, f64)> = (1..=20).map(|n| (n as f64, 2f64.powi(n))).collect();
    check_class(&subsets, Class::Exponential, "2^n");
    let fib: Vec<(f64, f64)> = (1..=25)
        .map(|n| (n as f64, 1.618f64.powi(n) * 0.7))
        .collect();
    check_class(&fib, Class::Exponential, "1.618^n");
}

#[test]
fn exponents_read_the_power_of_n() {
    let close = |got: f64, want: f64, what: &str| {
        assert!(
            (got - want).abs() < 0.02,
            "{what}: exponent {got}, expected {want}"
        );
    };
    close(classify(&points(|_| 5.0)).exponent, 0.0, "constant");
    close(classify(&points(|n| 3.0 * n)).exponent, 1.0, "linear");
    close(classify(&points(|n| n * n)).exponent, 2.0, "quadratic");
    close(classify(&points(|n| n * n * n)).exponent, 3.0, "cubic");
    let nlogn = classify(&points(|n| n * n.log2())).exponent;
    assert!((1.05..1.15).contains(&nlogn), "n log n over 1k-1M: {nlogn}");
}

#[test]
fn an_exact_fit_is_not_displaced_by_a_faster_class() {
    // Linear data: n log n and n² fit it worse, so the exact linear fit stays.
    let linear = points(|n| 2.0 * n + 9.0);
    let errs = errors(&linear);
    let of = |c: Class| errs.iter().find(|e| e.0 == c).map(|e| e.1);
    assert!(of(Class::Linear).unwrap() < EXACT);
    assert!(of(Class::Linearithmic).unwrap() > 0.01, "{errs:?}");
    check_class(&linear, Class::Linear, "exact linear");
}

#[test]
fn a_near_tie_between_n_and_n_log_n_goes_to_n() {
    // Over a narrow range (1,000 to 4,000) n log n is almost linear: with ±0.5% of
    // measurement noise, a + b·n and a + b·n log n fit about equally well, and the tie
    // goes to the slower class.
    let narrow: Vec<(f64, f64)> = (0..9)
        .map(|i| 1_000.0 * f64::powf(4.0, i as f64 / 8.0))
        .enumerate()
        .map(|(i, n)| (n, n * n.ln() * if i % 2 == 0 { 1.005 } else { 0.995 }))
        .collect();
    let errs = errors(&narrow);
    let of = |c: Class| errs.iter().find(|e| e.0 == c).unwrap().1;
    assert!(
        (of(Class::Linear) - of(Class::Linearithmic)).abs() < TIE_FLOOR,
        "a near tie: {errs:?}"
    );
    check_class(&narrow, Class::Linear, "noisy n log n over 1,000-4,000");
    // Over three decades the same function is told apart, noise or not.
    let wide: Vec<(f64, f64)> = points(|n| n * n.ln())
        .into_iter()
        .enumerate()
        .map(|(i, (n, c))| (n, c * if i % 2 == 0 { 1.005 } else { 0.995 }))
        .collect();
    check_class(&wide, Class::Linearithmic, "noisy n log n over 1k-1M");
}

#[test]
fn a_constant_with_noise_stays_constant() {
    let noisy: Vec<(f64, f64)> = sizes()
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, if i % 2 == 0 { 100.0 } else { 101.0 }))
        .collect();
    check_class(&noisy, Class::Constant, "100 and 101 alternating");
}

#[test]
fn repeated_sizes_count_as_one_size() {
    let repeated = [(10.0, 5.0), (10.0, 6.0), (100.0, 50.0), (100.0, 51.0)];
    let refused = std::panic::catch_unwind(|| classify(&repeated));
    let message = *refused.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains(&format!("{MIN_SIZES} or more distinct sizes"))
            && message.contains("got 2"),
        "{message}"
    );
    let enough = [(10.0, 5.0), (10.0, 6.0), (100.0, 50.0), (1000.0, 520.0)];
    check_class(&enough, Class::Linear, "with a repeated size");
}

#[test]
#[should_panic(expected = "classify needs sizes n > 0, got n = 0")]
fn a_size_of_zero_is_refused() {
    classify(&[(0.0, 1.0), (1.0, 2.0), (2.0, 3.0)]);
}

#[test]
#[should_panic(expected = "classify needs finite costs >= 0, got NaN at n = 2")]
fn a_cost_that_is_not_a_number_is_refused() {
    classify(&[(1.0, 1.0), (2.0, f64::NAN), (3.0, 3.0)]);
}

#[test]
fn a_zero_cost_among_varying_costs_is_fitted() {
    // log2 n is 0 at n = 1.
    let log: Vec<(f64, f64)> = (0..10).map(|i| (f64::powi(2.0, i), f64::from(i))).collect();
    let fit = check_class(&log, Class::Logarithmic, "log2 n from n = 1");
    assert!(fit.exponent.is_finite());
    let linear = [(1.0, 0.0), (2.0, 2.0), (3.0, 4.0), (4.0, 6.0)];
    check_class(&linear, Class::Linear, "2n - 2 from n = 1");
    let quadratic = [(1.0, 1.0), (2.0, 4.0), (3.0, 9.0), (4.0, 16.0)];
    check_class(&quadratic, Class::Quadratic, "n² on four sizes");
}

#[test]
fn all_zero_costs_are_constant() {
    let zero = classify(&[(1.0, 0.0), (2.0, 0.0), (3.0, 0.0)]);
    assert_eq!((zero.class, zero.exponent), (Class::Constant, 0.0));
}

/// The class `big_o` infers on the same points, over the same seven models, and how sure
/// it is (the share of its bootstrap resamples that chose the same class).
fn big_o_class(points: &[(f64, f64)]) -> (Class, f64) {
    use big_o::{Analysis, Model};
    let inference = Analysis::new()
        .models([
            Model::Constant,
            Model::Logarithmic,
            Model::Linear,
            Model::Linearithmic,
            Model::Quadratic,
            Model::Cubic,
            Model::Exponential,
        ])
        .infer(points)
        .expect("big_o infers a class from 8 or more sizes");
    let class = match inference.best.model {
        Model::Constant => Class::Constant,
        Model::Logarithmic => Class::Logarithmic,
        Model::Linear => Class::Linear,
        Model::Linearithmic => Class::Linearithmic,
        Model::Quadratic => Class::Quadratic,
        Model::Cubic => Class::Cubic,
        Model::Exponential => Class::Exponential,
        other => panic!("big_o chose {other:?}, which was not offered"),
    };
    (class, inference.confidence)
}

/// Points of `class` with gain `gain`, offset `offset` (relative to the first point's
/// growth term) and multiplicative noise from `noise` (each within ±2%).
fn synthetic(class: Class, gain: f64, offset: f64, noise: &[f64]) -> Vec<(f64, f64)> {
    let sizes: Vec<f64> = if class == Class::Exponential {
        (0..noise.len()).map(|i| 2.0 + 2.0 * i as f64).collect()
    } else {
        (0..noise.len())
            .map(|i| 1_000.0 * f64::powi(2.0, i as i32))
            .collect()
    };
    let term = |n: f64| match class {
        Class::Constant => 1.0,
        Class::Logarithmic => n.ln(),
        Class::Linear => n,
        Class::Linearithmic => n * n.ln(),
        Class::Quadratic => n * n,
        Class::Cubic => n * n * n,
        Class::Exponential => 2f64.powf(n),
    };
    let base = offset * term(sizes[0]);
    sizes
        .iter()
        .zip(noise)
        .map(|(&n, e)| (n, (base + gain * term(n)) * (1.0 + e)))
        .collect()
}

/// The differential test: on random series of every class (gain 1 to 10, an offset, ±2%
/// noise), `classify` names the class the series was made from, and so does `big_o`
/// wherever `big_o` is sure of its answer (all of its resamples agree). Where it is not,
/// it is fitting the noise: a flat series with 1% of noise on one point reads as O(n³)
/// to a fitter without a tie rule, and as O(1) here.
#[test]
fn agrees_with_big_o_on_clean_and_noisy_series() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (compared, total) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let strategy = (
        prop::sample::select(Class::ALL.to_vec()),
        1.0f64..10.0,
        0.0f64..0.5,
        prop::collection::vec(-0.02f64..0.02, 8..12),
    );
    // A fixed seed: the closing assertion counts how often big_o is sure, a statistic
    // of the inputs drawn, which should not change from run to run.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let outcome = runner.run(&strategy, |(class, gain, offset, noise)| {
        let points = synthetic(class, gain, offset, &noise);
        let ours = classify(&points).class;
        same(ours, class, || {
            format!("classify on {class} data {points:?}")
        })?;
        total.fetch_add(1, Ordering::Relaxed);
        let (theirs, confidence) = big_o_class(&points);
        if confidence < 1.0 {
            return Ok(());
        }
        compared.fetch_add(1, Ordering::Relaxed);
        same(ours, theirs, || {
            format!("classify against big_o (confidence {confidence}) on {points:?}")
        })
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let (compared, total) = (compared.into_inner(), total.into_inner());
    assert!(
        2 * compared >= total,
        "big_o was sure of only {compared} of {total} series: the comparison says little"
    );
}

#[test]
fn agrees_with_big_o_on_exact_series() {
    for class in Class::ALL {
        let points = synthetic(class, 3.0, 0.1, &[0.0; 10]);
        assert_eq!(classify(&points).class, class, "{points:?}");
        assert_eq!(big_o_class(&points).0, class, "big_o on {points:?}");
    }
}
