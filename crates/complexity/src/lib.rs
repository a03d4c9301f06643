#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod algorithms;
pub mod alloc;
pub mod counted;
pub mod demo;
pub mod dfs;
pub mod fit;
