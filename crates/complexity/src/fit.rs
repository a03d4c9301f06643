//! Which complexity class a series of measured costs grows like: least squares over
//! the candidate models.
//!
//! Give [`classify`] points (n, cost) measured at several input sizes. It fits each
//! candidate model and keeps the one that describes the points best:
//!
//! - **polynomial-type classes** ([`Class::Constant`] to [`Class::Cubic`]):
//!   cost ≈ a + b·g(n) with g(n) = 1, log n, n, n log n, n², n³, fitted by weighted least
//!   squares. The weights are 1/cost², so what is minimised is the *relative* error at
//!   each point: costs measured over three decades of n span six decades of cost, and
//!   plain least squares would fit the largest point and ignore the rest. The offset `a`
//!   absorbs constant overhead (a call, a setup); a model whose fitted gain `b` is not
//!   positive does not grow and is not a candidate;
//! - **exponential**: cost ≈ a·cᴺ with c > 1, fitted as a straight line through
//!   (n, ln cost), which is again a fit of relative error.
//!
//! Each fit is scored by its root-mean-square relative error. Models are compared in
//! order of growth and **a tie goes to the slower-growing class**: a faster-growing model
//! wins only if its error is below [`TIE_MARGIN`] times the best error so far *and* at
//! least [`TIE_FLOOR`] (one percentage point) below it; errors below [`EXACT`] count as
//! zero. That is the rule for n against n log n: over a narrow range of sizes log n
//! changes little, so a linear cost fits a + b·n log n about as well as a + b·n, and
//! without the margin measurement noise would decide. Over the demo's 1k to 1M the two
//! are far apart: the best a + b·n misses n log n by more than 10% RMS.
//!
//! It needs at least [`MIN_SIZES`] distinct sizes: every model has two parameters, so
//! any two points fit every model exactly. Three tell the classes apart only when the
//! sizes are far apart; the demo fits six sizes from 1,000 to 1,000,000.
//!
//! The [`Fit`] also reports the empirical exponent: the slope of ln(cost) against ln(n)
//! (the `b` of cost ∝ nᵇ), which reads 0 for constant work, 1 for linear and 2 for
//! quadratic, and sits a little above 1 for n log n or above 0 for log n.

use std::fmt;

/// The fewest distinct input sizes [`classify`] accepts.
pub const MIN_SIZES: usize = 3;

/// A faster-growing class must fit with an error below this fraction of the best
/// slower-growing fit to be chosen over it.
pub const TIE_MARGIN: f64 = 0.9;

/// A faster-growing class must also fit better by at least this much root-mean-square
/// relative error (one percentage point): a smaller gain is what a second parameter
/// buys from measurement noise alone.
pub const TIE_FLOOR: f64 = 0.01;

/// A cost of 0 is weighed as this fraction of the largest cost: relative error needs a
/// denominator, and a zero cost (log n at n = 1) is a real measurement.
pub const ZERO_FLOOR: f64 = 1e-6;

/// Root-mean-square relative errors below this count as an exact fit (rounding in the
/// fit itself is about 1e-12).
pub const EXACT: f64 = 1e-9;

/// A complexity class, in ascending order of growth.
///
/// ```
/// use complexity::fit::Class;
///
/// assert!(Class::Linear < Class::Linearithmic);
/// assert_eq!(Class::Linearithmic.to_string(), "O(n log n)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// O(1): the same cost at every size.
    Constant,
    /// O(log n): binary search.
    Logarithmic,
    /// O(n): a scan.
    Linear,
    /// O(n log n): a comparison sort.
    Linearithmic,
    /// O(n²): all pairs.
    Quadratic,
    /// O(n³): all triples, naive matrix product.
    Cubic,
    /// O(cⁿ) for some c > 1: all subsets.
    Exponential,
}

impl Class {
    /// Every class, in ascending order of growth.
    pub const ALL: [Class; 7] = [
        Class::Constant,
        Class::Logarithmic,
        Class::Linear,
        Class::Linearithmic,
        Class::Quadratic,
        Class::Cubic,
        Class::Exponential,
    ];

    /// The Big-O notation of the class.
    ///
    /// ```
    /// assert_eq!(complexity::fit::Class::Quadratic.notation(), "O(n²)");
    /// ```
    pub fn notation(self) -> &'static str {
        match self {
            Class::Constant => "O(1)",
            Class::Logarithmic => "O(log n)",
            Class::Linear => "O(n)",
            Class::Linearithmic => "O(n log n)",
            Class::Quadratic => "O(n²)",
            Class::Cubic => "O(n³)",
            Class::Exponential => "O(cⁿ)",
        }
    }

    /// The growth term g(n) of the model a + b·g(n) (natural logarithms; the base only
    /// scales b). `None` for [`Class::Exponential`], which is fitted differently.
    fn term(self, n: f64) -> Option<f64> {
        match self {
            Class::Constant => Some(1.0),
            Class::Logarithmic => Some(n.ln()),
            Class::Linear => Some(n),
            Class::Linearithmic => Some(n * n.ln()),
            Class::Quadratic => Some(n * n),
            Class::Cubic => Some(n * n * n),
            Class::Exponential => None,
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.notation())
    }
}

/// What [`classify`] concluded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The best-fitting class.
    pub class: Class,
    /// The least-squares slope of ln(cost) against ln(n): cost grows like n^exponent
    /// over the measured range.
    pub exponent: f64,
}

impl fmt::Display for Fit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, exponent {:.2}", self.class, self.exponent)
    }
}

/// The class whose model fits `points` (n, cost) best by least squares, and the
/// empirical exponent. See the [module docs](self) for the models, the relative error
/// and the tie rule (ties go to the slower-growing class).
///
/// Repeated sizes are fine (each point counts). Costs that are all equal, zero
/// included, are [`Class::Constant`] with exponent 0.
///
/// # Panics
///
/// When the points cannot be classified, a programmer error: fewer than
/// [`MIN_SIZES`] distinct sizes, a size that is not positive and finite, or a cost that
/// is negative or not finite.
///
/// A cost of 0 among costs that vary (log n is 0 at n = 1) is measured against a floor
/// of [`ZERO_FLOOR`] times the largest cost, so the fit passes very close to it; the
/// exponent is fitted over the positive costs only.
///
/// # Example
///
/// ```
/// use complexity::fit::{Class, classify};
///
/// // A merge sort's comparisons, about n log2 n.
/// let points: Vec<(f64, f64)> = [1e3, 1e4, 1e5, 1e6]
///     .iter()
///     .map(|&n| (n, n * f64::log2(n) - n))
///     .collect();
/// let fit = classify(&points);
/// assert_eq!(fit.class, Class::Linearithmic);
/// assert!(fit.exponent > 1.0 && fit.exponent < 1.2);
/// ```
pub fn classify(points: &[(f64, f64)]) -> Fit {
    validate(points);
    if points.iter().all(|&(_, cost)| cost == points[0].1) {
        return Fit {
            class: Class::Constant,
            exponent: 0.0,
        };
    }
    let mut best: Option<(Class, f64)> = None;
    for (class, error) in errors(points) {
        let error = if error < EXACT { 0.0 } else { error };
        match best {
            Some((_, best_error))
                if error >= best_error * TIE_MARGIN || error > best_error - TIE_FLOOR => {}
            _ => best = Some((class, error)),
        }
    }
    let (class, _) = best.expect("the constant model always fits");
    Fit {
        class,
        exponent: exponent(points),
    }
}

/// The root-mean-square relative error of each class's best fit to `points`, in
/// ascending order of growth, leaving out classes whose fit does not grow (a gain of
/// zero or less). [`classify`] picks from these; the demo prints them to show how close
/// the runners-up came.
///
/// # Panics
///
/// As [`classify`]. Costs that are all 0 give no error for any class (an empty list).
///
/// ```
/// use complexity::fit::{Class, errors};
///
/// let linear = [(10.0, 25.0), (100.0, 205.0), (1000.0, 2005.0)];
/// let errs = errors(&linear);
/// let of = |c| errs.iter().find(|(k, _)| *k == c).map(|(_, e)| *e);
/// assert!(of(Class::Linear).unwrap() < 1e-9);
/// assert!(of(Class::Quadratic).unwrap() > 0.01);
/// ```
pub fn errors(points: &[(f64, f64)]) -> Vec<(Class, f64)> {
    validate(points);
    let largest = points.iter().map(|p| p.1).fold(0.0, f64::max);
    let floor = ZERO_FLOOR * largest;
    Class::ALL
        .iter()
        .filter_map(|&class| {
            let predict = model(class, points, floor)?;
            let sum: f64 = points
                .iter()
                .map(|&(n, cost)| ((cost - predict(n)) / cost.max(floor)).powi(2))
                .sum();
            let error = (sum / points.len() as f64).sqrt();
            error.is_finite().then_some((class, error))
        })
        .collect()
}

/// The fitted model of `class` as a function of n, or `None` when its fit does not grow.
fn model(class: Class, points: &[(f64, f64)], floor: f64) -> Option<Box<dyn Fn(f64) -> f64>> {
    if class == Class::Exponential {
        // ln cost = α + β·n, by ordinary least squares.
        let (alpha, beta) = line(
            points
                .iter()
                .map(|&(n, cost)| (n, cost.max(floor).ln(), 1.0)),
        )?;
        return (beta > 0.0).then(|| Box::new(move |n: f64| (alpha + beta * n).exp()) as _);
    }
    if class == Class::Constant {
        // The weighted mean: Σ(1/c²)·c / Σ(1/c²).
        let (num, den) = points.iter().fold((0.0, 0.0), |(num, den), &(_, cost)| {
            let d = cost.max(floor);
            (num + cost / (d * d), den + 1.0 / (d * d))
        });
        let a = num / den;
        return Some(Box::new(move |_| a));
    }
    let term = move |n: f64| class.term(n).expect("polynomial-type class");
    let (a, b) = line(
        points
            .iter()
            .map(|&(n, cost)| (term(n), cost, cost.max(floor).powi(-2))),
    )?;
    (b > 0.0).then(|| Box::new(move |n: f64| a + b * term(n)) as _)
}

/// Weighted least squares of y = a + b·x over (x, y, weight) triples: `(a, b)`, or
/// `None` when the x values do not vary.
fn line(points: impl Iterator<Item = (f64, f64, f64)>) -> Option<(f64, f64)> {
    let (mut sw, mut sx, mut sy) = (0.0, 0.0, 0.0);
    let samples: Vec<(f64, f64, f64)> = points.collect();
    for &(x, y, w) in &samples {
        sw += w;
        sx += w * x;
        sy += w * y;
    }
    let (mx, my) = (sx / sw, sy / sw);
    // Centred sums: subtracting the means first keeps n³ terms from cancelling.
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for &(x, y, w) in &samples {
        sxx += w * (x - mx) * (x - mx);
        sxy += w * (x - mx) * (y - my);
    }
    if sxx <= 0.0 || !sxx.is_finite() {
        return None;
    }
    let b = sxy / sxx;
    Some((my - b * mx, b))
}

/// The slope of ln(cost) against ln(n), by ordinary least squares.
fn exponent(points: &[(f64, f64)]) -> f64 {
    line(
        points
            .iter()
            .filter(|p| p.1 > 0.0)
            .map(|&(n, cost)| (n.ln(), cost.ln(), 1.0)),
    )
    .map_or(0.0, |(_, slope)| slope)
}

/// Panics with what is wrong when `points` cannot be classified.
fn validate(points: &[(f64, f64)]) {
    for &(n, cost) in points {
        assert!(
            n.is_finite() && n > 0.0,
            "classify needs sizes n > 0, got n = {n}"
        );
        assert!(
            cost.is_finite() && cost >= 0.0,
            "classify needs finite costs >= 0, got {cost} at n = {n}"
        );
    }
    let mut sizes: Vec<f64> = points.iter().map(|p| p.0).collect();
    sizes.sort_by(f64::total_cmp);
    sizes.dedup();
    assert!(
        sizes.len() >= MIN_SIZES,
        "classify needs costs at {MIN_SIZES} or more distinct sizes to tell the classes \
         apart (every two-parameter model fits two points exactly), got {}",
        sizes.len()
    );
}
