//! [`UnGraph`]: an undirected graph, and its cycle queries.

use crate::UnionFind;
use crate::bitset::Marks;
use crate::{GraphError, validate};

/// An undirected graph on nodes `0..node_count`, in compressed sparse row form: each
/// edge `{a, b}` is stored twice (in `a`'s and in `b`'s neighbours), tagged with its
/// index so the search can tell a parallel edge from the one it arrived by.
///
/// How self-loops and parallel edges count: a self-loop `{u, u}` is a cycle of one node,
/// and two edges between the same pair of nodes form a cycle of two (the graph is a
/// multigraph, as in the union-find view: the second edge joins nodes already joined).
///
/// # Example
///
/// ```
/// use graph_cycles::UnGraph;
///
/// let tree = UnGraph::from_edges(4, &[(0, 1), (1, 2), (1, 3)]).unwrap();
/// assert!(!tree.has_cycle());
/// let triangle = UnGraph::from_edges(3, &[(0, 1), (1, 2), (2, 0)]).unwrap();
/// assert!(triangle.has_cycle());
/// assert_eq!(triangle.find_cycle(), Some(vec![0, 1, 2]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnGraph {
    node_count: usize,
    edges: Vec<(u32, u32)>,
    /// `adjacent[offsets[u]..offsets[u + 1]]` are `(neighbour, edge index)` pairs.
    offsets: Vec<usize>,
    adjacent: Vec<(u32, u32)>,
}

impl UnGraph {
    /// Builds the graph in O(V + E).
    ///
    /// # Errors
    ///
    /// As [`DiGraph::from_edges`](crate::DiGraph::from_edges): an edge naming a node
    /// `>= node_count`, or too many nodes.
    pub fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Result<UnGraph, GraphError> {
        validate(node_count, edges)?;
        assert!(
            edges.len() < u32::MAX as usize,
            "an undirected graph holds fewer than u32::MAX edges"
        );
        let mut offsets = vec![0usize; node_count + 1];
        for &(a, b) in edges {
            offsets[a + 1] += 1;
            if a != b {
                offsets[b + 1] += 1;
            }
        }
        for i in 0..node_count {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut adjacent = vec![(0u32, 0u32); offsets[node_count]];
        for (e, &(a, b)) in edges.iter().enumerate() {
            adjacent[next[a]] = (b as u32, e as u32);
            next[a] += 1;
            if a != b {
                adjacent[next[b]] = (a as u32, e as u32);
                next[b] += 1;
            }
        }
        Ok(UnGraph {
            node_count,
            edges: edges.iter().map(|&(a, b)| (a as u32, b as u32)).collect(),
            offsets,
            adjacent,
        })
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// The number of edges (each undirected edge once).
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Whether the edge `{a, b}` exists.
    pub fn has_edge(&self, a: usize, b: usize) -> bool {
        a < self.node_count
            && self.adjacent[self.offsets[a]..self.offsets[a + 1]]
                .iter()
                .any(|&(v, _)| v as usize == b)
    }

    /// Whether the graph has a cycle: union-find over the edges. An edge whose two ends
    /// are already connected closes a cycle. O(E α(V)), and it needs no adjacency at all,
    /// so it also works on a stream of edges.
    pub fn has_cycle(&self) -> bool {
        let mut sets = UnionFind::new(self.node_count);
        self.edges
            .iter()
            .any(|&(a, b)| !sets.union(a as usize, b as usize))
    }

    /// A cycle as its nodes in order (consecutive nodes, and the last and the first, are
    /// joined by an edge), or `None` for a forest.
    ///
    /// Iterative depth-first search that never walks back along the edge it arrived by
    /// (compared by edge index, so a parallel edge still counts): reaching a node on the
    /// current path closes a cycle. O(V + E).
    pub fn find_cycle(&self) -> Option<Vec<usize>> {
        let n = self.node_count;
        let mut marks = Marks::new(n);
        // The current path: node, the edge it was entered by, next adjacency position.
        let mut path: Vec<(usize, u32, usize)> = Vec::new();
        for root in 0..n {
            if marks.visited(root) {
                continue;
            }
            marks.enter(root);
            path.push((root, u32::MAX, self.offsets[root]));
            while let Some(&mut (u, entered_by, ref mut pos)) = path.last_mut() {
                if *pos == self.offsets[u + 1] {
                    marks.leave(u);
                    path.pop();
                    continue;
                }
                let (v, e) = self.adjacent[*pos];
                *pos += 1;
                let v = v as usize;
                if e == entered_by {
                    continue;
                }
                if marks.on_path(v) {
                    let start = path
                        .iter()
                        .rposition(|&(node, _, _)| node == v)
                        .expect("nodes marked on the path are on it");
                    return Some(path[start..].iter().map(|&(node, _, _)| node).collect());
                }
                if !marks.visited(v) {
                    marks.enter(v);
                    path.push((v, e, self.offsets[v]));
                }
            }
        }
        None
    }
}
