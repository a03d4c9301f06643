//! [`DiGraph`]: a directed graph in compressed sparse row form, and its cycle queries.

use crate::bitset::Marks;
use crate::{GraphError, validate};

/// A directed graph on nodes `0..node_count`, stored in compressed sparse row (CSR)
/// form: the targets of all edges sorted by source in one array, and for each node the
/// offset where its edges begin. Two allocations, no per-node vectors, and a neighbour
/// scan is a slice.
///
/// Parallel edges are kept; a self-loop `(u, u)` is an edge like any other, and a cycle
/// of one node.
///
/// # Example
///
/// ```
/// use graph_cycles::DiGraph;
///
/// let g = DiGraph::from_edges(3, &[(0, 1), (1, 2), (2, 0)]).unwrap();
/// assert_eq!(g.find_cycle(), Some(vec![0, 1, 2]));
/// let dag = DiGraph::from_edges(3, &[(0, 1), (0, 2), (1, 2)]).unwrap();
/// assert_eq!(dag.topological_order(), Ok(vec![0, 1, 2]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiGraph {
    /// `targets[offsets[u]..offsets[u + 1]]` are `u`'s successors; `len = nodes + 1`.
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

/// What the depth-first search in [`DiGraph::find_cycle_with`] reports as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DfsEvent {
    /// The node turns grey: entered, on the current path.
    Discover(usize),
    /// The edge `(from, to)` is looked at.
    Examine(usize, usize),
    /// The node turns black: all its successors are done.
    Finish(usize),
}

/// Room reserved for the search path before it has to grow.
const INITIAL_PATH: usize = 256;

impl DiGraph {
    /// Builds the graph in O(V + E) (a counting sort of the edges by source).
    ///
    /// # Errors
    ///
    /// [`GraphError::EdgeOutOfRange`] names the first edge with an endpoint
    /// `>= node_count`; [`GraphError::TooManyNodes`] above `u32::MAX` nodes.
    ///
    /// ```
    /// use graph_cycles::DiGraph;
    ///
    /// let err = DiGraph::from_edges(3, &[(0, 1), (1, 7)]).unwrap_err();
    /// assert_eq!(err.to_string(), "edge (1, 7) names node 7, but the graph has 3 nodes (0 to 2)");
    /// ```
    pub fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<DiGraph, GraphError> {
        validate(node_count, edges)?;
        let mut offsets = vec![0usize; node_count + 1];
        for &(a, _) in edges {
            offsets[a + 1] += 1;
        }
        for i in 0..node_count {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut targets = vec![0u32; edges.len()];
        for &(a, b) in edges {
            targets[next[a]] = b as u32;
            next[a] += 1;
        }
        Ok(DiGraph { offsets, targets })
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The number of edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len()
    }

    /// The successors of `u`, in the order the edges were given.
    ///
    /// # Panics
    ///
    /// If `u >= self.node_count()`.
    pub fn successors(&self, u: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.targets[self.offsets[u]..self.offsets[u + 1]]
            .iter()
            .map(|&v| v as usize)
    }

    /// Whether the edge `(a, b)` exists.
    pub fn has_edge(&self, a: usize, b: usize) -> bool {
        a < self.node_count() && self.successors(a).any(|v| v == b)
    }

    /// A cycle, as its nodes in order (each consecutive pair, and the last to the first,
    /// is an edge), or `None` if the graph is acyclic. A self-loop is a cycle of one node.
    ///
    /// Three-colour depth-first search, iterative (an explicit stack, so a path of a
    /// million nodes needs no deep recursion): an edge to a grey node, one still on the
    /// current path, closes a cycle, and the path from that node is the cycle. O(V + E)
    /// time, O(V) memory. Searches start from nodes `0, 1, 2, ...` in order.
    pub fn find_cycle(&self) -> Option<Vec<usize>> {
        self.find_cycle_with(|_| {})
    }

    /// [`find_cycle`](Self::find_cycle), reporting each step of the search to `on_event`
    /// (the demo draws the colours from these; tests count them).
    pub fn find_cycle_with(&self, mut on_event: impl FnMut(DfsEvent)) -> Option<Vec<usize>> {
        let n = self.node_count();
        // The colours, two bits per node (see `Marks`): small and cheap to allocate,
        // which matters when a cycle is found early.
        let mut marks = Marks::new(n);
        // The current path: each node with the position of the next edge to look at.
        // Starting with room for a typical path saves the first few regrowths.
        let mut path: Vec<(usize, usize)> = Vec::with_capacity(n.min(INITIAL_PATH));
        for root in 0..n {
            if marks.visited(root) {
                continue;
            }
            marks.enter(root);
            on_event(DfsEvent::Discover(root));
            path.push((root, self.offsets[root]));
            while let Some(&mut (u, ref mut edge)) = path.last_mut() {
                if *edge == self.offsets[u + 1] {
                    marks.leave(u);
                    on_event(DfsEvent::Finish(u));
                    path.pop();
                    continue;
                }
                let v = self.targets[*edge] as usize;
                *edge += 1;
                on_event(DfsEvent::Examine(u, v));
                if marks.on_path(v) {
                    // Grey: the path from v to here, closed by this edge, is a cycle.
                    let start = path
                        .iter()
                        .rposition(|&(node, _)| node == v)
                        .expect("grey nodes are on the path");
                    return Some(path[start..].iter().map(|&(node, _)| node).collect());
                }
                if !marks.visited(v) {
                    marks.enter(v);
                    on_event(DfsEvent::Discover(v));
                    path.push((v, self.offsets[v]));
                }
                // Otherwise black: finished, and nothing reachable from it is a cycle.
            }
        }
        None
    }

    /// An order of all nodes in which every edge points forward, or a cycle (which makes
    /// such an order impossible).
    ///
    /// Kahn's algorithm: repeatedly take a node with no remaining incoming edges. If the
    /// nodes run out before every node is placed, the rest all wait on each other: a
    /// cycle, which `Err` carries (in [`find_cycle`](Self::find_cycle)'s form). Among the
    /// nodes ready at the same time, lower numbers go first (a FIFO queue seeded in
    /// order). O(V + E).
    ///
    /// ```
    /// use graph_cycles::DiGraph;
    ///
    /// let g = DiGraph::from_edges(3, &[(0, 1), (1, 2), (2, 1)]).unwrap();
    /// assert_eq!(g.topological_order(), Err(vec![1, 2]));
    /// ```
    pub fn topological_order(&self) -> Result<Vec<usize>, Vec<usize>> {
        let n = self.node_count();
        let mut in_degree = vec![0u32; n];
        for &v in &self.targets {
            in_degree[v as usize] += 1;
        }
        let mut order: Vec<usize> = (0..n).filter(|&u| in_degree[u] == 0).collect();
        // `order` doubles as the queue: everything after `next` is waiting to be expanded.
        let mut next = 0;
        while next < order.len() {
            let u = order[next];
            next += 1;
            for v in self.successors(u) {
                in_degree[v] -= 1;
                if in_degree[v] == 0 {
                    order.push(v);
                }
            }
        }
        if order.len() == n {
            Ok(order)
        } else {
            Err(self
                .find_cycle()
                .expect("nodes left with incoming edges lie on or behind a cycle"))
        }
    }

    /// The strongly connected components: maximal sets of nodes that all reach each
    /// other. Every cycle lies inside one component, so the graph is acyclic exactly
    /// when every component is a single node without a self-loop.
    ///
    /// Tarjan's algorithm, iterative. Components come out in reverse topological order
    /// of the condensed graph (a component before any component that has an edge into
    /// it); nodes within a component in the order they left Tarjan's stack. O(V + E).
    ///
    /// ```
    /// use graph_cycles::DiGraph;
    ///
    /// let g = DiGraph::from_edges(4, &[(0, 1), (1, 0), (1, 2), (2, 3), (3, 2)]).unwrap();
    /// let mut sccs = g.strongly_connected_components();
    /// for c in &mut sccs { c.sort(); }
    /// assert_eq!(sccs, vec![vec![2, 3], vec![0, 1]]);
    /// ```
    pub fn strongly_connected_components(&self) -> Vec<Vec<usize>> {
        const UNVISITED: u32 = u32::MAX;
        let n = self.node_count();
        let mut index = vec![UNVISITED; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<usize> = Vec::new();
        let mut calls: Vec<(usize, usize)> = Vec::new();
        let mut counter = 0u32;
        let mut components = Vec::new();
        for root in 0..n {
            if index[root] != UNVISITED {
                continue;
            }
            // Entering a node: number it, put it on Tarjan's stack and the call stack.
            macro_rules! visit {
                ($v:expr) => {{
                    let v = $v;
                    index[v] = counter;
                    low[v] = counter;
                    counter += 1;
                    stack.push(v);
                    on_stack[v] = true;
                    calls.push((v, self.offsets[v]));
                }};
            }
            visit!(root);
            while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
                if *edge < self.offsets[v + 1] {
                    let w = self.targets[*edge] as usize;
                    *edge += 1;
                    if index[w] == UNVISITED {
                        visit!(w);
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    loop {
                        let w = stack.pop().expect("v is on the stack");
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    components.push(component);
                }
            }
        }
        components
    }
}
