//! [`GraphError`]: what `from_edges` refuses, in the reference and the exercise alike.

use std::fmt;

/// Why a graph could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphError {
    /// An edge names a node that does not exist.
    EdgeOutOfRange {
        /// The offending edge, as given.
        edge: (usize, usize),
        /// The number of nodes the graph was built with.
        node_count: usize,
    },
    /// More nodes than the compact representation indexes (`u32::MAX`).
    TooManyNodes(usize),
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            GraphError::EdgeOutOfRange {
                edge: (a, b),
                node_count,
            } => {
                let bad = if a >= node_count { a } else { b };
                match node_count {
                    0 => write!(
                        f,
                        "edge ({a}, {b}) names node {bad}, but the graph has no nodes"
                    ),
                    n => write!(
                        f,
                        "edge ({a}, {b}) names node {bad}, but the graph has {n} nodes (0 to {})",
                        n - 1
                    ),
                }
            }
            GraphError::TooManyNodes(n) => write!(
                f,
                "{n} nodes is more than the {} a graph can index",
                u32::MAX
            ),
        }
    }
}

impl std::error::Error for GraphError {}
