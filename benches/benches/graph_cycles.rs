//! Graph cycles: the reference against petgraph, the graph crate Rust projects use.
//!
//! Inputs: random DAGs (every edge goes from a lower to a higher node number, in random
//! order) of 100,000 nodes / 500,000 edges and 1,000,000 nodes / 5,000,000 edges; the
//! same DAGs with one back edge added (from the last node to the first), which makes a
//! cycle through most of the graph; and random undirected graphs with n - 1 random
//! edges, where a cycle is all but certain: both sides check the edges in the same order
//! and stop at the first one that closes a cycle.
//!
//! The inputs come from `graph_cycles::generate` (`bench_dag`, `bench_multigraph`), which
//! the exercise's `--mine` bench uses too, so the three implementations see the same
//! graphs with the same edge order. Building the graphs is excluded for all: each graph
//! is built once, outside the timed loop. Functions in each group: `reference` and
//! `petgraph`.
//!
//! Run with `cargo lab bench graph-cycles`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use petgraph::graph::{DiGraph as PetDiGraph, UnGraph as PetUnGraph};

use graph_cycles::generate::{BENCH_SIZES, bench_dag, bench_multigraph};
use graph_cycles::{DiGraph, UnGraph};

fn petgraph_directed(nodes: usize, edges: &[(usize, usize)]) -> PetDiGraph<(), ()> {
    let mut g = PetDiGraph::with_capacity(nodes, edges.len());
    for _ in 0..nodes {
        g.add_node(());
    }
    g.extend_with_edges(edges.iter().map(|&(a, b)| (a as u32, b as u32)));
    g
}

fn directed(c: &mut Criterion) {
    for (nodes, edge_count) in BENCH_SIZES {
        for cyclic in [false, true] {
            let edges = bench_dag(nodes, edge_count, cyclic);
            let reference = DiGraph::from_edges(nodes, &edges).expect("valid edges");
            let petgraph_order: Vec<(usize, usize)> = edges.iter().rev().copied().collect();
            let pet = petgraph_directed(nodes, &petgraph_order);
            let shape = if cyclic { "back_edge" } else { "dag" };

            let mut group = c.benchmark_group(format!("graph_cycles_find_{shape}_{nodes}"));
            group.sample_size(10);
            group.bench_function("reference", |b| {
                b.iter(|| black_box(&reference).find_cycle().is_some())
            });
            group.bench_function("petgraph", |b| {
                b.iter(|| petgraph::algo::is_cyclic_directed(black_box(&pet)))
            });
            group.finish();

            let mut group = c.benchmark_group(format!("graph_cycles_toposort_{shape}_{nodes}"));
            group.sample_size(10);
            group.bench_function("reference", |b| {
                b.iter(|| black_box(&reference).topological_order().is_ok())
            });
            group.bench_function("petgraph", |b| {
                b.iter(|| petgraph::algo::toposort(black_box(&pet), None).is_ok())
            });
            group.finish();
        }
    }
}

fn undirected(c: &mut Criterion) {
    for (nodes, _) in BENCH_SIZES {
        let edges = bench_multigraph(nodes);
        let reference = UnGraph::from_edges(nodes, &edges).expect("valid edges");
        let mut pet = PetUnGraph::<(), ()>::with_capacity(nodes, edges.len());
        for _ in 0..nodes {
            pet.add_node(());
        }
        pet.extend_with_edges(edges.iter().map(|&(a, b)| (a as u32, b as u32)));

        let mut group = c.benchmark_group(format!("graph_cycles_undirected_{nodes}"));
        group.sample_size(10);
        group.bench_function("reference", |b| {
            b.iter(|| black_box(&reference).has_cycle())
        });
        group.bench_function("petgraph", |b| {
            b.iter(|| petgraph::algo::is_cyclic_undirected(black_box(&pet)))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = directed, undirected
}
criterion_main!(benches);
