//! Space you do not allocate: the call stack of a recursive depth-first search, against
//! the heap of an iterative one.
//!
//! Both visit the nodes reachable from a start node of a graph given as adjacency lists
//! (`graph[v]` lists the nodes `v` has edges to). The recursive one keeps its path on
//! the call stack, one frame per level, so a chain of a million nodes needs a million
//! frames: far more than the 2 MiB `std::thread` gives a spawned thread. The iterative
//! one keeps its path in a `Vec` on the heap, and its call stack stays the same size at
//! any depth.
//!
//! Each returns a [`Traversal`] with the stack it used, measured as the distance between
//! the address of a local variable in the outermost call and the farthest one seen
//! (the frame size is fixed when the code is compiled, so the measurement repeats
//! exactly).

use std::hint::black_box;

/// What a traversal did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traversal {
    /// Nodes visited (reachable from the start, the start included).
    pub visited: usize,
    /// Bytes of call stack used beyond the traversal's own first frame.
    pub stack_bytes: usize,
}

/// A path 0 → 1 → ... → n − 1: the deepest graph with n nodes, where a depth-first
/// search from 0 goes n levels down.
///
/// ```
/// assert_eq!(complexity::dfs::chain(3), [vec![1], vec![2], vec![]]);
/// ```
pub fn chain(n: usize) -> Vec<Vec<usize>> {
    (0..n)
        .map(|v| if v + 1 < n { vec![v + 1] } else { Vec::new() })
        .collect()
}

/// Depth-first search by recursion: O(V + E) time, O(V) for the visited flags, and one
/// call frame per level of depth.
///
/// # Panics
///
/// If `start` or a node in an adjacency list is not below `graph.len()`.
///
/// # Stack
///
/// It needs about [`Traversal::stack_bytes`] / depth bytes of stack per level (measure it
/// on a short chain) and overflows the thread's stack on a deep graph: the process
/// aborts, it does not panic. Run it on a thread built with
/// `std::thread::Builder::stack_size` large enough, or use [`iterative`].
///
/// ```
/// use complexity::dfs::{chain, recursive};
///
/// let deep = recursive(&chain(2_000), 0);
/// let shallow = recursive(&chain(1_000), 0);
/// assert_eq!(deep.visited, 2_000);
/// assert!(deep.stack_bytes > shallow.stack_bytes, "the stack grows with the depth");
/// ```
pub fn recursive(graph: &[Vec<usize>], start: usize) -> Traversal {
    check_start(graph, start);
    let mut walk = Walk {
        seen: vec![false; graph.len()],
        base: stack_address(),
        farthest: 0,
    };
    let visited = walk.visit(graph, start);
    Traversal {
        visited,
        stack_bytes: walk.farthest,
    }
}

/// Depth-first search with an explicit stack (a `Vec` of nodes still to visit): the same
/// order of visits as [`recursive`], O(V + E) time, O(V) visited flags and up to O(E)
/// pending nodes on the heap, and a call stack that does not grow.
///
/// # Panics
///
/// If `start` or a node in an adjacency list is not below `graph.len()`.
///
/// ```
/// use complexity::dfs::{chain, iterative};
///
/// let deep = iterative(&chain(100_000), 0);
/// let shallow = iterative(&chain(1_000), 0);
/// assert_eq!(deep.visited, 100_000);
/// assert_eq!(deep.stack_bytes, shallow.stack_bytes, "the call stack does not grow");
/// ```
pub fn iterative(graph: &[Vec<usize>], start: usize) -> Traversal {
    check_start(graph, start);
    let base = stack_address();
    let mut farthest = 0;
    let mut seen = vec![false; graph.len()];
    let mut pending = vec![start];
    let mut visited = 0;
    while let Some(node) = pending.pop() {
        if std::mem::replace(&mut seen[node], true) {
            continue;
        }
        visited += 1;
        farthest = farthest.max(base.abs_diff(stack_address()));
        // Pushed in reverse, so the first neighbour is visited first, as in recursion.
        for &next in graph[node].iter().rev() {
            if !seen[next] {
                pending.push(next);
            }
        }
    }
    Traversal {
        visited,
        stack_bytes: farthest,
    }
}

/// The state of a recursive walk: the visited flags, the stack address of its first
/// frame, and the largest distance from it seen so far.
struct Walk {
    seen: Vec<bool>,
    base: usize,
    farthest: usize,
}

impl Walk {
    fn visit(&mut self, graph: &[Vec<usize>], node: usize) -> usize {
        self.seen[node] = true;
        self.farthest = self.farthest.max(self.base.abs_diff(stack_address()));
        let mut visited = 1;
        for &next in &graph[node] {
            if !self.seen[next] {
                // Not a tail call: the count is added after it returns, so each level
                // keeps its frame, as recursion in any language does.
                visited += self.visit(graph, next);
            }
        }
        visited
    }
}

/// The address of a local variable of the calling frame (inlined, so the caller's).
#[inline(always)]
fn stack_address() -> usize {
    let marker = 0u8;
    black_box(&marker) as *const u8 as usize
}

fn check_start(graph: &[Vec<usize>], start: usize) {
    assert!(
        start < graph.len(),
        "start node {start} is not in the graph (nodes 0..{})",
        graph.len()
    );
}
