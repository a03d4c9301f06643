#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod crash;
pub mod demo;
pub mod history;
pub mod mvcc;
pub mod postgres_backend;
pub mod sqlite_backend;
pub mod store;
pub mod wal;

pub use store::{Durability, Options, Recovered, Stats, Store, StoreError, Txn};
pub use wal::Wal;
