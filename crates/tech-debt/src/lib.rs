#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod demo;
pub mod model;
mod wsjf;

pub use tech_debt_contract::{Item, Prioritiser, RankError, Ranked};
pub use wsjf::{Wsjf, explain};
