#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod answers;
pub mod demo;

/// The exercise's trait: four queries and two layouts.
pub use sql_nosql_contract::ShopAnswers;
/// The shop and its two stores live in the contract, so the exercise's cases run on the
/// same data.
pub use sql_nosql_contract::shop;
