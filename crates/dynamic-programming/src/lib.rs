#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod bit_parallel;
mod coins;
pub mod demo;
mod edit;
mod error;
mod fib;
mod knapsack;
mod lcs;
mod lis;

pub use coins::{coin_change, greedy_coin_change, try_coin_change};
pub use edit::{
    Edit, apply_script, edit_distance, edit_distance_table, edit_distance_two_rows, edit_script,
    try_edit_script,
};
pub use error::{Error, MAX_TABLE_BYTES};
pub use fib::{FIB_MAX, FIB_NAIVE_MAX, MemoStats, fib_memo, fib_memo_stats, fib_naive, fib_table};
pub use knapsack::{knapsack, try_knapsack};
pub use lcs::{lcs, try_lcs};
pub use lis::{
    longest_increasing_subsequence, longest_increasing_subsequence_by_ord,
    longest_increasing_subsequence_quadratic,
};

/// The reference as the contract's [`Solutions`](dynamic_programming_contract::Solutions)
/// type: each function forwards to this crate's free function of the same name, so the
/// conformance cases the exercise runs run on the reference too.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reference;

impl dynamic_programming_contract::Solutions for Reference {
    fn edit_distance(a: &str, b: &str) -> usize {
        edit_distance(a, b)
    }

    fn coin_change(coins: &[u32], amount: u32) -> Option<u32> {
        coin_change(coins, amount)
    }

    fn longest_increasing_subsequence(xs: &[i64]) -> Vec<i64> {
        longest_increasing_subsequence(xs)
    }
}
