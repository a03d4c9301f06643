//! The system-design contract: what question 10's reference estimator and the learner's
//! exercise both implement, and the cases both must pass.
//!
//! A design starts from numbers: requests per second at peak, bytes stored, bytes served,
//! cache size, servers. This crate fixes their vocabulary:
//!
//! - [`Workload`]: what the requirements say (users, requests, read/write ratio, peak
//!   factor, object size, retention, replicas);
//! - [`Estimate`]: the figures a back-of-the-envelope estimate derives from it, each
//!   defined on its field;
//! - [`EstimateError`]: invalid input (zero users, a negative ratio, NaN, infinities,
//!   headroom outside [0, 1)) and results too large to represent: an error, never a
//!   number;
//! - [`Estimator`]: the trait, `estimate` and `servers_needed`;
//! - [`cases`]: the named cases in teaching order: worked examples with round numbers,
//!   unit traps, invalid input, and property tests;
//! - [`DayByDay`]: the naive oracle, which counts a day's requests and adds storage up
//!   one day at a time;
//! - [`conformance_tests!`]: one `#[test]` per case for a type implementing the trait.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/system-design/tests/conformance.rs
//! system_design_contract::conformance_tests!(system_design_exercise::Solution);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
mod naive;

pub use naive::DayByDay;

use std::fmt;

/// Seconds in a day: 86,400, about 10^5. Rates are per second, retention in days, so
/// every estimate crosses this factor once, and forgetting it is a 10^5 error.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// The share of a day's reads the hot cache holds: the 80/20 rule (a fifth of the
/// objects draw most of the reads), an assumption to state out loud, not a law.
pub const HOT_FRACTION: f64 = 0.2;

/// What the requirements say about the load, in the units an interviewer gives them.
///
/// Valid values (anything else is an [`EstimateError`]):
///
/// | field | valid |
/// |---|---|
/// | `daily_active_users` | at least 1 |
/// | `requests_per_user_per_day` | finite, above 0 |
/// | `read_write_ratio` | finite, at least 0 (0: every request writes) |
/// | `peak_to_average` | finite, at least 1 (the peak is never below the average) |
/// | `object_bytes` | any (0: requests that carry no payload) |
/// | `retention_days` | any (0: nothing is kept) |
/// | `replication` | at least 1 (one copy is the data itself) |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Workload {
    /// Distinct users on an average day.
    pub daily_active_users: u64,
    /// Requests each of them makes a day, reads and writes together.
    pub requests_per_user_per_day: f64,
    /// Reads per write: 100 means 100 reads for every write, so 100/101 of the
    /// requests read.
    pub read_write_ratio: f64,
    /// How much busier the busiest second is than the average: 3 means peak traffic
    /// is three times the average rate.
    pub peak_to_average: f64,
    /// Bytes each write stores and each read returns.
    pub object_bytes: u64,
    /// Days each written object is kept.
    pub retention_days: u64,
    /// Copies of every object kept (3 replicas: 3 times the bytes).
    pub replication: u32,
}

/// The figures an estimate derives from a [`Workload`], each defined on its field.
///
/// Rates are requests per second, sizes bytes (not bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Average requests per second: users × requests per user / 86,400.
    pub avg_rps: f64,
    /// Requests per second in the busiest second: `avg_rps` × `peak_to_average`.
    pub peak_rps: f64,
    /// Average reads per second: `avg_rps` × r / (r + 1), r being the read/write ratio.
    pub read_rps: f64,
    /// Average writes per second: `avg_rps` / (r + 1).
    pub write_rps: f64,
    /// Bytes stored at steady state: `write_rps` × 86,400 × `object_bytes` ×
    /// `retention_days` × `replication`, rounded to the nearest byte.
    pub storage_bytes: u64,
    /// Bytes per second served on average: `read_rps` × `object_bytes`. Multiply by 8
    /// for the bits per second network links are rated in.
    pub egress_bytes_per_sec: f64,
    /// Bytes the hot cache needs: [`HOT_FRACTION`] (20%) of one day's reads ×
    /// `object_bytes`, rounded to the nearest byte. An upper bound: hot objects repeat,
    /// so the distinct bytes are fewer.
    pub hot_cache_bytes: u64,
}

/// Why an estimate has no answer: an input outside the values it can take, or a result
/// too large to represent. Each message names the input or output and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EstimateError {
    /// `daily_active_users` is 0: there is no load to size.
    NoUsers,
    /// A number is NaN or infinite.
    NotFinite {
        /// The input's name, as the field or parameter is called.
        input: &'static str,
        /// What it was.
        value: f64,
    },
    /// A number lies outside the values the input can take.
    OutOfRange {
        /// The input's name, as the field or parameter is called.
        input: &'static str,
        /// What it was.
        value: f64,
        /// The values it can take, in words (`"at least 1"`).
        allowed: &'static str,
    },
    /// A result does not fit its type: storage beyond `u64::MAX` bytes, a rate that
    /// overflows to infinity, more servers than a `u64` counts.
    TooLarge {
        /// The output's name, as the field is called (`storage_bytes`).
        output: &'static str,
        /// The value it would have had, as a float (possibly infinite).
        value: f64,
    },
}

impl fmt::Display for EstimateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EstimateError::NoUsers => {
                f.write_str("daily_active_users is 0: a workload needs at least one user to size")
            }
            EstimateError::NotFinite { input, value } => {
                write!(f, "{input} is {value}: give a finite number")
            }
            EstimateError::OutOfRange {
                input,
                value,
                allowed,
            } => write!(f, "{input} is {value}: it must be {allowed}"),
            EstimateError::TooLarge { output, value } => write!(
                f,
                "{output} would be {value:e}, too large to represent: check the inputs' units"
            ),
        }
    }
}

impl std::error::Error for EstimateError {}

/// The estimator, as the conformance cases call it.
///
/// Associated functions rather than methods: an estimator holds no state. The reference
/// `system_design::Reference` implements it by calling the crate's free functions
/// `estimate` and `servers_needed`; the exercise's `Solution` calls the learner's.
///
/// ```
/// use system_design_contract::{DayByDay, Estimator, Workload};
///
/// let workload = Workload {
///     daily_active_users: 10_000_000,
///     requests_per_user_per_day: 10.0,
///     read_write_ratio: 9.0,
///     peak_to_average: 3.0,
///     object_bytes: 1_000,
///     retention_days: 365,
///     replication: 3,
/// };
/// let estimate = DayByDay::estimate(&workload).unwrap();
/// assert_eq!(estimate.avg_rps.round(), 1_157.0);
/// assert_eq!(DayByDay::servers_needed(estimate.peak_rps, 1_000.0, 0.3), Ok(5));
/// ```
pub trait Estimator {
    /// The [`Estimate`] of `workload`, each figure as its field defines it.
    ///
    /// # Errors
    ///
    /// An input outside the values [`Workload`] lists (zero users, a negative or NaN
    /// ratio, a peak factor below 1, no replica), or a result that does not fit its
    /// type ([`EstimateError::TooLarge`]).
    fn estimate(workload: &Workload) -> Result<Estimate, EstimateError>;

    /// Servers needed to carry `peak_rps` when each sustains `rps_per_server` and
    /// `headroom` of its capacity is kept free (for a lost zone, a deploy, a spike):
    /// ⌈peak_rps / (rps_per_server × (1 − headroom))⌉. A quotient within floating-point
    /// noise (a relative 10^-12) of a whole number is that number: 350,000 / 7,000 is
    /// 50 servers, even if the float arithmetic says 50.000000000000007.
    ///
    /// # Errors
    ///
    /// `peak_rps` negative, `rps_per_server` not above 0, `headroom` outside [0, 1),
    /// any of them NaN or infinite, or a count beyond `u64::MAX`.
    fn servers_needed(
        peak_rps: f64,
        rps_per_server: f64,
        headroom: f64,
    ) -> Result<u64, EstimateError>;
}

testkit::conformance! {
    /// One `#[test]` per conformance case for a type implementing [`Estimator`]:
    /// `system_design_contract::conformance_tests!(my_crate::Solution);`.
    macro conformance_tests($($subject:ident)::+) {
        type Subject = $($subject)::+;
    }
    cases [$crate::cases] {
        ten_million_users_making_ten_requests_is_about_1160_per_second::<Subject>(),
        peak_is_the_average_times_the_peak_factor::<Subject>(),
        the_ratio_splits_reads_from_writes::<Subject>(),
        storage_counts_seconds_in_a_day_bytes_days_and_replicas::<Subject>(),
        egress_is_in_bytes_per_second_not_bits::<Subject>(),
        the_hot_cache_holds_a_fifth_of_a_days_reads::<Subject>(),
        the_url_shortener_adds_up::<Subject>(),
        servers_round_up_after_keeping_headroom::<Subject>(),
        invalid_workloads_are_errors::<Subject>(),
        invalid_capacity_inputs_are_errors::<Subject>(),
        results_too_large_to_represent_are_errors::<Subject>(),
        agrees_with_a_day_by_day_count::<Subject>(),
        peak_is_never_below_average::<Subject>(),
        storage_grows_linearly_with_retention::<Subject>(),
    }
}
