#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod avl;
mod bst;
pub mod demo;
mod raw;

pub use avl::{AvlNode, AvlTree, Rebalances};
pub use bst::Bst;
pub use raw::{Iter, Range};

/// The contract this crate implements: the [`SearchTree`] trait and its [`TreeNode`]
/// view, which the conformance cases walk to check the AVL invariants.
pub use balanced_tree_contract::{SearchTree, TreeNode};
