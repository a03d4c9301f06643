#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod contract;
pub mod demo;
pub mod flaky;
pub mod load;
pub mod suites;

pub use testing_contract::{
    Currency, Kind, MUTANTS, Mutant, Order, PriceError, PriceFn, Suite, kills, mutant, price,
    run_suite, score, tier_bps,
};
