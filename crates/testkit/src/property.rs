//! Property tests for the conformance suites: one runner configuration and one
//! comparison helper, so every topic's model-based tests fail the same readable way.

use std::fmt::{Debug, Display, Write as _};

use proptest::strategy::Strategy;
pub use proptest::test_runner::TestCaseError;
use proptest::test_runner::{Config, TestError, TestRunner};

/// Random cases per property: 256, as proptest's default; Miri, which interprets every
/// instruction, runs 8.
pub const CASES: u32 = if cfg!(miri) { 8 } else { 256 };

/// Runs `test` on [`CASES`] random values of `strategy`.
///
/// # Panics
///
/// When a case fails: with the failure's message and the shortest failing input
/// proptest's shrinking found, so the learner sees the smallest example that breaks
/// their code.
///
/// # Example
///
/// ```
/// use testkit::property::{check, same};
/// use proptest::prelude::*;
///
/// check(&prop::collection::vec(any::<u8>(), 0..10), |v| {
///     let mut sorted = v.clone();
///     sorted.sort();
///     same(sorted.len(), v.len(), || "sorting keeps the length".to_string())
/// });
/// ```
#[track_caller]
pub fn check<S>(strategy: &S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    check_explained(strategy, |input| format!("{input:?}"), test);
}

/// [`check`], with the failing input told in words by `explain` rather than printed as
/// Rust values: a model-based case explains its sequence of operations one numbered
/// step per line (see [`steps`]), so the learner can replay the failure by hand without
/// opening the contract's source.
///
/// # Panics
///
/// When a case fails: with the failure's message, then the shortest failing input
/// proptest's shrinking found, as `explain` tells it.
///
/// # Example
///
/// ```should_panic
/// use testkit::property::{check_explained, same, steps};
/// use proptest::prelude::*;
///
/// // A stack that forgets every third push fails; the message lists the pushes.
/// check_explained(
///     &prop::collection::vec(0u8..10, 0..10),
///     |pushes| format!("an empty stack, then:\n{}", steps(pushes.iter().map(|v| format!("push({v})")))),
///     |pushes| {
///         let kept = pushes.iter().enumerate().filter(|(i, _)| i % 3 != 2).count();
///         same(kept, pushes.len(), || "len() after the pushes".to_string())
///     },
/// );
/// ```
#[track_caller]
pub fn check_explained<S>(
    strategy: &S,
    explain: impl Fn(&S::Value) -> String,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: Debug,
{
    let config = Config {
        cases: CASES,
        // Conformance suites run in learners' checkouts: write no regression files.
        failure_persistence: None,
        ..Config::default()
    };
    match TestRunner::new(config).run(strategy, test) {
        Ok(()) => {}
        Err(TestError::Fail(why, input)) => {
            panic!(
                "{why}\nthe shortest failing case found: {}",
                explain(&input)
            )
        }
        Err(TestError::Abort(why)) => panic!("the property test gave up: {why}"),
    }
}

/// Operations as numbered lines, `  1. put(3, 7)`, the numbers the ones a case's
/// messages use ("step 2"); `(no operations)` for none.
///
/// ```
/// use testkit::property::steps;
///
/// assert_eq!(steps(["push(1)", "pop()"]), "  1. push(1)\n  2. pop()");
/// assert_eq!(steps(Vec::<String>::new()), "  (no operations)");
/// ```
pub fn steps<T: Display>(operations: impl IntoIterator<Item = T>) -> String {
    let mut out = String::new();
    for (i, op) in operations.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write!(out, "  {}. {op}", i + 1).expect("writing to a String cannot fail");
    }
    if out.is_empty() {
        out.push_str("  (no operations)");
    }
    out
}

/// `Ok` if `got == expected`, else a failure saying what `context()` was, what came
/// out and what was expected.
///
/// ```
/// use testkit::property::same;
///
/// assert!(same(2 + 2, 4, || "addition".into()).is_ok());
/// let err = same(1, 2, || "len after push".into()).unwrap_err();
/// assert!(err.to_string().contains("len after push: got 1, expected 2"));
/// ```
pub fn same<T: PartialEq + Debug>(
    got: T,
    expected: T,
    context: impl FnOnce() -> String,
) -> Result<(), TestCaseError> {
    if got == expected {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!(
            "{}: got {got:?}, expected {expected:?}",
            context()
        )))
    }
}
