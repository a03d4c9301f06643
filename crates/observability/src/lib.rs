#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

// # Layout
//
// - `histogram`: [`Histogram`], the HDR-style latency histogram;
// - `slo`: [`BurnRateAlert`], the multi-window burn-rate alert;
// - `demo`: the measurements behind the answer's claims (`cargo lab demo observability`).

pub mod demo;
mod histogram;
pub mod services;
mod slo;

pub use histogram::Histogram;
pub use observability_contract::{HistogramError, OutOfRange, SloError};
pub use slo::BurnRateAlert;
