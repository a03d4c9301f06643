//! The one watchdog concurrency tests use: a hang fails in bounded time instead of
//! hanging the test run (and CI).

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Runs `work` on a thread of its own and returns its result, or panics naming `what`
/// if it has not finished within `limit`: a deadlock or livelock becomes a test failure.
/// A stuck thread is left behind; the test binary exits when the harness finishes.
///
/// # Panics
///
/// When `limit` passes first, or when `work` panics.
///
/// ```
/// use std::time::Duration;
///
/// let sum = testkit::watchdog::within(Duration::from_secs(5), "a sum", || (1..=10).sum::<u32>());
/// assert_eq!(sum, 55);
/// ```
#[track_caller]
pub fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    match finished_within(limit, work) {
        Some(value) => value,
        None => panic!("{what} did not finish within {limit:?}: a deadlock or a livelock"),
    }
}

/// [`within`] for demos, which report a hang instead of panicking: `Some` with the
/// result of `work`, or `None` when `limit` passed first (the stuck thread is left
/// behind, as in [`within`]).
///
/// # Panics
///
/// When `work` panics: its panic is passed on.
///
/// ```
/// use std::time::Duration;
///
/// let done = testkit::watchdog::finished_within(Duration::from_secs(5), || 6 * 7);
/// assert_eq!(done, Some(42));
/// let stuck = testkit::watchdog::finished_within(Duration::from_millis(20), || {
///     std::thread::park();
/// });
/// assert_eq!(stuck, None);
/// ```
pub fn finished_within<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (done, finished) = mpsc::channel();
    let worker = thread::spawn(move || {
        let _ = done.send(work());
    });
    match finished.recv_timeout(limit) {
        Ok(value) => Some(value),
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends before it ends"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "a parked thread did not finish within")]
    fn a_hang_fails_in_bounded_time() {
        within(Duration::from_millis(50), "a parked thread", || {
            thread::park();
        });
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn a_panic_in_the_work_is_passed_on() {
        within(Duration::from_secs(5), "work", || panic!("boom"));
    }
}
