#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod cli;
pub mod demo;
mod estimate;
pub mod examples;
pub mod latency;

pub use estimate::{Reference, estimate, servers_needed};
pub use system_design_contract::{
    Estimate, EstimateError, Estimator, HOT_FRACTION, SECONDS_PER_DAY, Workload,
};
