//! # Exercise: the estimate that comes before the design
//!
//! Question 10 asks for the first step of a system design: requirements, then numbers.
//! Here you write the numbers. Given a [`Workload`] (daily users, requests each,
//! reads per write, the peak factor, object size, retention, replicas), compute the
//! [`Estimate`] an interviewer expects on the whiteboard, and how many servers carry
//! the peak.
//!
//! Each field of [`Estimate`] documents its formula; the traps are the units:
//!
//! - a day is [`SECONDS_PER_DAY`] (86,400) seconds: 10^8 requests a day is 1,157 a
//!   second, not 10^8 and not 1,000;
//! - `read_write_ratio` is reads *per write*: 4 means 4 of every 5 requests read;
//! - egress is in **bytes** per second (links are rated in bits: that is the reader's
//!   × 8, not yours);
//! - the hot cache is [`HOT_FRACTION`] (20%) of one *day's* reads, in bytes.
//!
//! Invalid input is an [`EstimateError`], never a number: zero users, NaN or infinite
//! floats, a negative ratio, headroom outside [0, 1), and the rest listed on
//! [`Workload`]. The cases check that the error's message names the bad input, so use
//! the field's name (`EstimateError::OutOfRange { input: "headroom", .. }`). A result
//! that does not fit its type (storage beyond `u64::MAX` bytes) is
//! `EstimateError::TooLarge`, not a saturated `as u64`.
//!
//! Run the tests with `cargo lab check system-design`; stuck, `cargo lab hint
//! system-design`. Each `// TODO:` marks a place to edit.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(unused_variables)]

/// The contract's types and constants: your functions take and return these.
pub use system_design_contract::{
    Estimate, EstimateError, Estimator, HOT_FRACTION, SECONDS_PER_DAY, Workload,
};

/// The estimate of `workload`, each figure as [`Estimate`]'s field defines it:
///
/// - `avg_rps` = users × requests per user / 86,400;
/// - `peak_rps` = `avg_rps` × `peak_to_average`;
/// - `read_rps` = `avg_rps` × r / (r + 1) and `write_rps` = `avg_rps` / (r + 1), r
///   being `read_write_ratio`;
/// - `storage_bytes` = `write_rps` × 86,400 × `object_bytes` × `retention_days` ×
///   `replication`, rounded to the nearest byte;
/// - `egress_bytes_per_sec` = `read_rps` × `object_bytes`;
/// - `hot_cache_bytes` = 20% of one day's reads × `object_bytes`, rounded.
///
/// # Errors
///
/// Check every input first ([`Workload`]'s table says what is valid), and every byte
/// count last (it must be below 2^64).
pub fn estimate(workload: &Workload) -> Result<Estimate, EstimateError> {
    // TODO: reject invalid inputs, naming the field (NaN fails every comparison:
    // check `is_finite()` first).
    // TODO: compute the seven figures; convert u64 inputs with `as f64`.
    // TODO: round the two byte counts, and refuse any that do not fit a u64.
    todo!("estimate: validate, then one line of arithmetic per figure")
}

/// Servers needed to carry `peak_rps` when each sustains `rps_per_server` and keeps
/// `headroom` of it free: ⌈peak_rps / (rps_per_server × (1 − headroom))⌉.
///
/// # Errors
///
/// `peak_rps` negative, `rps_per_server` not above 0, `headroom` outside [0, 1), NaN
/// or infinite inputs (name the parameter in the error), or a count that does not fit
/// a u64 (`EstimateError::TooLarge`).
pub fn servers_needed(
    peak_rps: f64,
    rps_per_server: f64,
    headroom: f64,
) -> Result<u64, EstimateError> {
    // TODO: validate the three inputs.
    // TODO: divide the peak by what one server may carry, and round up.
    todo!("servers_needed: validate, then round the quotient up")
}

/// Your estimator, as the type the conformance cases run on. Nothing to edit here: each
/// function calls yours above.
#[derive(Debug, Clone, Copy, Default)]
pub struct Solution;

impl Estimator for Solution {
    fn estimate(workload: &Workload) -> Result<Estimate, EstimateError> {
        estimate(workload)
    }

    fn servers_needed(
        peak_rps: f64,
        rps_per_server: f64,
        headroom: f64,
    ) -> Result<u64, EstimateError> {
        servers_needed(peak_rps, rps_per_server, headroom)
    }
}
