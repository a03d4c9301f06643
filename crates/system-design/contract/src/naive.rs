//! The naive oracle: count a day, then add days up one at a time.
//!
//! The reference turns everything into rates per second and multiplies. The oracle
//! takes the other road an estimate can take on a whiteboard: a day's requests, reads
//! and writes as totals, rates only at the end (÷ 86,400), storage as a running sum, one
//! day of writes after another, and servers counted up one at a time (from a few below
//! the quotient) until they carry the peak. Two roads to one figure make a good property
//! test: they disagree only where one of them is wrong.

use crate::{Estimate, EstimateError, Estimator, HOT_FRACTION, SECONDS_PER_DAY, Workload};

/// Day-by-day totals, summed storage and a counted server loop. O(`retention_days`) per
/// estimate and O(servers) per count, so only for tests with modest inputs.
///
/// ```
/// use system_design_contract::{DayByDay, Estimator, Workload};
///
/// let log = Workload {
///     daily_active_users: 1_000,
///     requests_per_user_per_day: 86.4,
///     read_write_ratio: 0.0,
///     peak_to_average: 2.0,
///     object_bytes: 100,
///     retention_days: 7,
///     replication: 1,
/// };
/// let estimate = DayByDay::estimate(&log).unwrap();
/// // 86,400 writes a day is one a second; a week of 100-byte objects is 60,480,000 B.
/// assert_eq!((estimate.write_rps, estimate.storage_bytes), (1.0, 60_480_000));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct DayByDay;

/// 2^64: the first float that no `u64` can hold.
const U64_END: f64 = 18_446_744_073_709_551_616.0;

impl Estimator for DayByDay {
    fn estimate(w: &Workload) -> Result<Estimate, EstimateError> {
        if w.daily_active_users == 0 {
            return Err(EstimateError::NoUsers);
        }
        let requests = number("requests_per_user_per_day", w.requests_per_user_per_day)?;
        if requests <= 0.0 {
            return Err(out_of_range(
                "requests_per_user_per_day",
                requests,
                "above 0",
            ));
        }
        let ratio = number("read_write_ratio", w.read_write_ratio)?;
        if ratio < 0.0 {
            return Err(out_of_range("read_write_ratio", ratio, "at least 0"));
        }
        let peak = number("peak_to_average", w.peak_to_average)?;
        if peak < 1.0 {
            return Err(out_of_range("peak_to_average", peak, "at least 1"));
        }
        if w.replication == 0 {
            return Err(out_of_range("replication", 0.0, "at least 1"));
        }

        // A day, as totals.
        let requests_a_day = w.daily_active_users as f64 * requests;
        let writes_a_day = requests_a_day / (ratio + 1.0);
        let reads_a_day = requests_a_day - writes_a_day;
        let bytes_a_day = writes_a_day * w.object_bytes as f64 * f64::from(w.replication);

        // Storage: one day of writes after another.
        let mut stored = 0.0;
        for _ in 0..w.retention_days {
            stored += bytes_a_day;
            if stored >= U64_END {
                break;
            }
        }

        let avg_rps = finite("avg_rps", requests_a_day / SECONDS_PER_DAY)?;
        let read_rps = reads_a_day / SECONDS_PER_DAY;
        Ok(Estimate {
            avg_rps,
            peak_rps: finite("peak_rps", avg_rps * peak)?,
            read_rps,
            write_rps: writes_a_day / SECONDS_PER_DAY,
            storage_bytes: bytes("storage_bytes", stored)?,
            egress_bytes_per_sec: finite("egress_bytes_per_sec", read_rps * w.object_bytes as f64)?,
            hot_cache_bytes: bytes(
                "hot_cache_bytes",
                HOT_FRACTION * reads_a_day * w.object_bytes as f64,
            )?,
        })
    }

    fn servers_needed(
        peak_rps: f64,
        rps_per_server: f64,
        headroom: f64,
    ) -> Result<u64, EstimateError> {
        let peak = number("peak_rps", peak_rps)?;
        let capacity = number("rps_per_server", rps_per_server)?;
        let headroom = number("headroom", headroom)?;
        if peak < 0.0 {
            return Err(out_of_range("peak_rps", peak, "at least 0"));
        }
        if capacity <= 0.0 {
            return Err(out_of_range("rps_per_server", capacity, "above 0"));
        }
        if !(0.0..1.0).contains(&headroom) {
            return Err(out_of_range("headroom", headroom, "in [0, 1)"));
        }
        let usable = capacity * (1.0 - headroom);
        if peak / usable >= U64_END {
            return Err(EstimateError::TooLarge {
                output: "servers",
                value: peak / usable,
            });
        }
        // Add servers until they carry the peak, starting a few below the quotient (a
        // count from zero would take 2 × 10^12 steps for the largest case). Float noise:
        // a product within 4 units in the last place of the peak carries it.
        let mut servers = ((peak / usable).floor() as u64).saturating_sub(3);
        while (servers as f64) * usable < peak * (1.0 - 4.0 * f64::EPSILON) {
            servers += 1;
        }
        Ok(servers)
    }
}

fn number(input: &'static str, value: f64) -> Result<f64, EstimateError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(EstimateError::NotFinite { input, value })
    }
}

fn finite(output: &'static str, value: f64) -> Result<f64, EstimateError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(EstimateError::TooLarge { output, value })
    }
}

fn bytes(output: &'static str, value: f64) -> Result<u64, EstimateError> {
    if value.round() < U64_END {
        Ok(value.round() as u64)
    } else {
        Err(EstimateError::TooLarge { output, value })
    }
}

fn out_of_range(input: &'static str, value: f64, allowed: &'static str) -> EstimateError {
    EstimateError::OutOfRange {
        input,
        value,
        allowed,
    }
}
