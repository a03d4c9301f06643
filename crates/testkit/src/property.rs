//! Property tests for the conformance suites: one runner configuration and one
//! comparison helper, so every topic's model-based tests fail the same readable way.

use std::fmt::Debug;

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
    let config = Config {
        cases: CASES,
        // Conformance suites run in learners' checkouts: write no regression files.
        failure_persistence: None,
        ..Config::default()
    };
    match TestRunner::new(config).run(strategy, test) {
        Ok(()) => {}
        Err(TestError::Fail(why, input)) => {
            panic!("{why}\nshortest failing input: {input:?}")
        }
        Err(TestError::Abort(why)) => panic!("the property test gave up: {why}"),
    }
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
