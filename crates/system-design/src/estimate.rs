//! The estimator: a [`Workload`] in, an [`Estimate`] out, and servers for a peak.
//!
//! Every figure is one line of arithmetic (the definitions are on [`Estimate`]'s
//! fields). What makes the code worth having is the rest: the inputs are checked before
//! any arithmetic, so NaN or a negative ratio is an error instead of a plausible-looking
//! number, and every output is checked after, so an overflow is an error instead of a
//! saturated `u64::MAX`.

use system_design_contract::{
    Estimate, EstimateError, Estimator, HOT_FRACTION, SECONDS_PER_DAY, Workload,
};

/// 2^64: the first float no `u64` holds (`u64::MAX as f64` rounds up to it).
const U64_END: f64 = 18_446_744_073_709_551_616.0;

/// The reference estimator, for code generic over [`Estimator`] (the conformance
/// cases): it calls [`estimate`] and [`servers_needed`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Reference;

impl Estimator for Reference {
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

/// The back-of-the-envelope estimate of `workload`: average and peak requests per
/// second, reads and writes, storage, egress and the hot cache, each as [`Estimate`]'s
/// field defines it.
///
/// O(1). The naive way, adding storage up one day at a time, is the contract's oracle
/// (`system_design_contract::DayByDay`).
///
/// # Errors
///
/// [`EstimateError::NoUsers`] for zero users; [`EstimateError::NotFinite`] for a NaN or
/// infinite float; [`EstimateError::OutOfRange`] for requests not above 0, a negative
/// ratio, a peak factor below 1 or no replica; [`EstimateError::TooLarge`] when a figure
/// does not fit (storage beyond `u64::MAX` bytes, a rate that overflows to infinity).
///
/// # Example
///
/// ```
/// use system_design::{Workload, estimate};
///
/// let feed = Workload {
///     daily_active_users: 10_000_000,
///     requests_per_user_per_day: 10.0,
///     read_write_ratio: 4.0,
///     peak_to_average: 3.0,
///     object_bytes: 1_000,
///     retention_days: 365,
///     replication: 3,
/// };
/// let e = estimate(&feed)?;
/// assert_eq!(e.avg_rps.round(), 1_157.0); // about 1,160 a second, not 1,000
/// assert_eq!((e.read_rps / e.write_rps).round(), 4.0);
/// assert_eq!(e.storage_bytes, 21_900_000_000_000); // 21.9 TB: 2e7 writes/day × 1 KB × 365 × 3
///
/// let broken = Workload { read_write_ratio: f64::NAN, ..feed };
/// assert_eq!(
///     estimate(&broken).unwrap_err().to_string(),
///     "read_write_ratio is NaN: give a finite number"
/// );
/// # Ok::<(), system_design::EstimateError>(())
/// ```
pub fn estimate(workload: &Workload) -> Result<Estimate, EstimateError> {
    let w = workload;
    if w.daily_active_users == 0 {
        return Err(EstimateError::NoUsers);
    }
    let requests = checked(
        "requests_per_user_per_day",
        w.requests_per_user_per_day,
        "above 0",
        |r| r > 0.0,
    )?;
    let ratio = checked("read_write_ratio", w.read_write_ratio, "at least 0", |r| {
        r >= 0.0
    })?;
    // Below 1 the "peak" would be quieter than the average.
    let peak_factor = checked("peak_to_average", w.peak_to_average, "at least 1", |p| {
        p >= 1.0
    })?;
    if w.replication == 0 {
        return Err(EstimateError::OutOfRange {
            input: "replication",
            value: 0.0,
            allowed: "at least 1",
        });
    }

    let avg_rps = finite(
        "avg_rps",
        w.daily_active_users as f64 * requests / SECONDS_PER_DAY,
    )?;
    // r / (r + 1) first: avg × r alone overflows for a huge ratio whose share of
    // reads is simply 1.
    let read_rps = avg_rps * (ratio / (ratio + 1.0));
    let write_rps = avg_rps / (ratio + 1.0);
    let object = w.object_bytes as f64;
    Ok(Estimate {
        avg_rps,
        peak_rps: finite("peak_rps", avg_rps * peak_factor)?,
        read_rps,
        write_rps,
        storage_bytes: bytes(
            "storage_bytes",
            write_rps
                * SECONDS_PER_DAY
                * object
                * w.retention_days as f64
                * f64::from(w.replication),
        )?,
        egress_bytes_per_sec: finite("egress_bytes_per_sec", read_rps * object)?,
        hot_cache_bytes: bytes(
            "hot_cache_bytes",
            HOT_FRACTION * read_rps * SECONDS_PER_DAY * object,
        )?,
    })
}

/// Servers needed to carry `peak_rps` requests a second when each sustains
/// `rps_per_server` and keeps `headroom` (a fraction in [0, 1)) of it free:
/// ⌈peak_rps / (rps_per_server × (1 − headroom))⌉.
///
/// A quotient within a relative 10^-12 above a whole number counts as that number:
/// 350,000 / (10,000 × 0.7) is 50 servers even when the float arithmetic lands a hair
/// above 50. O(1); the oracle counts servers up one at a time.
///
/// # Errors
///
/// [`EstimateError::NotFinite`] for NaN or infinite inputs;
/// [`EstimateError::OutOfRange`] for a negative peak, a capacity not above 0 or
/// headroom outside [0, 1); [`EstimateError::TooLarge`] for a count beyond `u64::MAX`.
///
/// # Example
///
/// ```
/// use system_design::servers_needed;
///
/// assert_eq!(servers_needed(350_000.0, 10_000.0, 0.3), Ok(50));
/// assert_eq!(servers_needed(350_001.0, 10_000.0, 0.3), Ok(51));
/// assert!(servers_needed(350_000.0, 10_000.0, 1.0).is_err()); // nothing left to use
/// ```
pub fn servers_needed(
    peak_rps: f64,
    rps_per_server: f64,
    headroom: f64,
) -> Result<u64, EstimateError> {
    let peak = checked("peak_rps", peak_rps, "at least 0", |p| p >= 0.0)?;
    let capacity = checked("rps_per_server", rps_per_server, "above 0", |c| c > 0.0)?;
    let headroom = checked(
        "headroom",
        headroom,
        "in [0, 1): the fraction of each server kept free",
        |h| (0.0..1.0).contains(&h),
    )?;
    let servers = round_up(peak / (capacity * (1.0 - headroom)));
    if servers < U64_END {
        Ok(servers as u64)
    } else {
        Err(EstimateError::TooLarge {
            output: "servers",
            value: servers,
        })
    }
}

/// `quotient` rounded up to a whole count, except that a quotient within a few units in
/// the last place above a whole number is that number: 2.1 / (3 × 0.7) computes to
/// 1.0000000000000002 and means 1 server. The tolerance is relative to the quotient
/// (4 ulps), so it stays below 1 at every size a `u64` can count: at 2 × 10^12 it is
/// about 0.002, where a fixed fraction of the quotient would round 2 × 10^12 down.
fn round_up(quotient: f64) -> f64 {
    let whole = quotient.floor();
    if quotient - whole <= 4.0 * f64::EPSILON * quotient {
        whole
    } else {
        quotient.ceil()
    }
}

/// `value` if it is finite and `valid`, else the error naming `input`, with `allowed`
/// saying in words what `valid` accepts.
fn checked(
    input: &'static str,
    value: f64,
    allowed: &'static str,
    valid: impl Fn(f64) -> bool,
) -> Result<f64, EstimateError> {
    if !value.is_finite() {
        Err(EstimateError::NotFinite { input, value })
    } else if valid(value) {
        Ok(value)
    } else {
        Err(EstimateError::OutOfRange {
            input,
            value,
            allowed,
        })
    }
}

/// A rate, unless the arithmetic overflowed to infinity.
fn finite(output: &'static str, value: f64) -> Result<f64, EstimateError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(EstimateError::TooLarge { output, value })
    }
}

/// A byte count rounded to the nearest byte, unless it does not fit a `u64`.
fn bytes(output: &'static str, value: f64) -> Result<u64, EstimateError> {
    let rounded = value.round();
    if rounded < U64_END {
        Ok(rounded as u64)
    } else {
        Err(EstimateError::TooLarge { output, value })
    }
}
