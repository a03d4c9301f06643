//! Your graphs on the reference benchmark's inputs (`cargo lab bench graph-cycles
//! --mine`): cycle checks and topological sorts on the same random DAGs (with and
//! without a back edge) and the same random undirected graphs. Results land in the
//! reference bench's groups as `mine`, so `lab` can print the ratios. As there, the
//! graphs are built outside the timed loop.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use graph_cycles::generate::{BENCH_SIZES, bench_dag, bench_multigraph};
use graph_cycles_exercise::{DiGraph, Directed, UnGraph, Undirected};

fn mine(c: &mut Criterion) {
    for (nodes, edge_count) in BENCH_SIZES {
        for cyclic in [false, true] {
            // The reference's own inputs, in the same edge order.
            let edges = bench_dag(nodes, edge_count, cyclic);
            let graph = DiGraph::from_edges(nodes, &edges).expect("valid edges");
            let shape = if cyclic { "back_edge" } else { "dag" };
            let mut group = c.benchmark_group(format!("graph_cycles_find_{shape}_{nodes}"));
            group.sample_size(10);
            group.bench_function("mine", |b| {
                b.iter(|| black_box(&graph).find_cycle().is_some())
            });
            group.finish();
            let mut group = c.benchmark_group(format!("graph_cycles_toposort_{shape}_{nodes}"));
            group.sample_size(10);
            group.bench_function("mine", |b| {
                b.iter(|| black_box(&graph).topological_order().is_ok())
            });
            group.finish();
        }
        let edges = bench_multigraph(nodes);
        let graph = UnGraph::from_edges(nodes, &edges).expect("valid edges");
        let mut group = c.benchmark_group(format!("graph_cycles_undirected_{nodes}"));
        group.sample_size(10);
        group.bench_function("mine", |b| b.iter(|| black_box(&graph).has_cycle()));
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = mine
}
criterion_main!(benches);
