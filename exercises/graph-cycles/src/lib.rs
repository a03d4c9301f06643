//! # Exercise: detect a cycle in a graph
//!
//! Question 8 asks how to detect a cycle in a graph. The answer depends on the edges:
//!
//! - **Directed** (`src/directed.rs`): depth-first search with three colours. White nodes
//!   are unvisited, grey ones are on the current path, black ones are finished. An edge
//!   to a grey node closes a cycle; an edge to a black node does not. Or Kahn's
//!   algorithm: keep taking nodes with no incoming edges left; if some nodes are never
//!   taken, they sit on or behind a cycle.
//! - **Undirected** (`src/undirected.rs`): union-find. An edge whose two ends are already
//!   connected closes a cycle. To *return* the cycle, a depth-first search that never
//!   walks back along the edge it arrived by.
//!
//! `DiGraph` implements the contract's `Directed` trait and `UnGraph` its `Undirected`
//! trait, directly: those impls are where you write your code.
//!
//! Return cycles as their nodes in order: each consecutive pair, and the last and the
//! first, must be joined by an edge. A self-loop is a cycle of one node; two parallel
//! undirected edges are a cycle of two. One case closes a path of a million nodes into a
//! ring: a recursive search overflows the stack there, so keep your own stack.
//!
//! Run the tests with `cargo lab check graph-cycles`; stuck, `cargo lab hint
//! graph-cycles`. Each `// TODO:` marks a place to edit.

// The stub's fields and parameters are unused until you fill in the bodies; delete this
// line once every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(dead_code, unused_variables)]

mod directed;
mod undirected;

pub use directed::DiGraph;
/// The contract your graphs implement: the conformance cases call these traits'
/// methods, and `from_edges` refuses bad edges with a `GraphError`.
pub use graph_cycles_contract::{Directed, GraphError, Undirected};
pub use undirected::UnGraph;
