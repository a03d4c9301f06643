//! Brute-force answers, the oracles for the property tests: slow, and obviously right.
//! They answer only *whether* there is a cycle; a cycle or an order a graph returns is
//! checked edge by edge by the helpers in [`cases`](crate::cases).

use std::collections::VecDeque;

/// Whether a directed graph on `node_count` nodes has a cycle: some node can reach
/// itself through one or more edges. O(V · (V + E)): a breadth-first search from every
/// node.
pub fn directed_has_cycle(node_count: usize, edges: &[(usize, usize)]) -> bool {
    let mut successors = vec![Vec::new(); node_count];
    for &(a, b) in edges {
        successors[a].push(b);
    }
    (0..node_count).any(|start| {
        let mut seen = vec![false; node_count];
        let mut queue: VecDeque<usize> = successors[start].iter().copied().collect();
        while let Some(u) = queue.pop_front() {
            if u == start {
                return true;
            }
            if !std::mem::replace(&mut seen[u], true) {
                queue.extend(successors[u].iter().copied());
            }
        }
        false
    })
}

/// Whether an undirected multigraph has a cycle: it does exactly when it has more edges
/// than a spanning forest, `E > V - components`. Components are counted by a search
/// that shares nothing with the code under test.
pub fn undirected_has_cycle(node_count: usize, edges: &[(usize, usize)]) -> bool {
    let mut neighbours = vec![Vec::new(); node_count];
    for &(a, b) in edges {
        neighbours[a].push(b);
        neighbours[b].push(a);
    }
    let mut seen = vec![false; node_count];
    let mut components = 0;
    for start in 0..node_count {
        if seen[start] {
            continue;
        }
        components += 1;
        seen[start] = true;
        let mut stack = vec![start];
        while let Some(u) = stack.pop() {
            for &v in &neighbours[u] {
                if !std::mem::replace(&mut seen[v], true) {
                    stack.push(v);
                }
            }
        }
    }
    edges.len() > node_count - components
}
