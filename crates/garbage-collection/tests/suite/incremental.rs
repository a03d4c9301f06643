//! Incremental tri-colour marking: with Dijkstra's barrier no reachable object is ever
//! freed, whatever the program does between steps; without it, the textbook hiding move
//! loses one.

use proptest::prelude::*;

use garbage_collection::demo::{mutated_cycle, reachable, textbook_hide};
use garbage_collection::{Barrier, Handle, Heap};
use testkit::property::{check, same};

#[test]
fn without_a_barrier_the_textbook_move_frees_a_reachable_object() {
    assert_eq!(textbook_hide(Barrier::Off), 1);
}

#[test]
fn the_insertion_barrier_stops_the_textbook_move() {
    assert_eq!(textbook_hide(Barrier::Dijkstra), 0);
}

#[test]
fn random_moves_lose_objects_only_without_the_barrier() {
    for seed in 1..=3 {
        let (lost_off, _, _) = mutated_cycle(5_000, seed, Barrier::Off);
        let (lost_on, dangling_on, moves) = mutated_cycle(5_000, seed, Barrier::Dijkstra);
        assert!(
            lost_off > 0,
            "seed {seed}: the barrier-less run lost nothing"
        );
        assert_eq!((lost_on, dangling_on), (0, 0), "seed {seed}, {moves} moves");
    }
}

#[test]
fn objects_allocated_during_marking_survive_it() {
    let mut heap = Heap::new();
    let root = heap.alloc(0);
    heap.root(root).unwrap();
    heap.start_incremental(Barrier::Dijkstra);
    let fresh = heap.alloc(1);
    heap.link(root, fresh).unwrap();
    let stats = heap.finish_incremental();
    assert_eq!((stats.marked, stats.freed), (2, 0));
    assert!(heap.is_live(fresh));
    assert!(!heap.is_marking());
}

/// A program step between marking steps.
#[derive(Debug, Clone)]
enum Mutation {
    Alloc,
    Link(usize, usize),
    Unlink(usize, usize),
    Root(usize),
    Unroot(usize),
    Step(usize),
}

#[test]
fn with_the_barrier_no_reachable_object_is_ever_freed() {
    let n = 24usize;
    let mutation = prop_oneof![
        1 => Just(Mutation::Alloc),
        4 => (0..n, 0..n).prop_map(|(a, b)| Mutation::Link(a, b)),
        3 => (0..n, 0..n).prop_map(|(a, b)| Mutation::Unlink(a, b)),
        1 => (0..n).prop_map(Mutation::Root),
        1 => (0..n).prop_map(Mutation::Unroot),
        2 => (1..4usize).prop_map(Mutation::Step),
    ];
    let strategy = (
        prop::collection::vec((0..n, 0..n), 0..40),
        prop::collection::vec(0..n, 1..4),
        prop::collection::vec(mutation, 0..60),
    );
    check(&strategy, |(edges, roots, mutations)| {
        let mut heap = Heap::new();
        let mut hs: Vec<Handle> = (0..n as u64).map(|v| heap.alloc(v)).collect();
        for (a, b) in edges {
            heap.link(hs[a], hs[b]).unwrap();
        }
        for r in roots {
            heap.root(hs[r]).unwrap();
        }
        heap.start_incremental(Barrier::Dijkstra);
        for m in mutations {
            // Only objects reachable now are touched: the program cannot name others
            // (in a real runtime it holds no pointer to them).
            let reach = reachable(&heap);
            let pick = |i: usize| hs[i % hs.len()];
            match m {
                Mutation::Alloc => hs.push(heap.alloc(hs.len() as u64)),
                Mutation::Link(a, b) if reach.contains(&pick(a)) && reach.contains(&pick(b)) => {
                    heap.link(pick(a), pick(b)).unwrap()
                }
                Mutation::Unlink(a, b) if reach.contains(&pick(a)) => {
                    heap.unlink(pick(a), pick(b)).unwrap();
                }
                Mutation::Root(a) if reach.contains(&pick(a)) => heap.root(pick(a)).unwrap(),
                Mutation::Unroot(a) if reach.contains(&pick(a)) => {
                    heap.unroot(pick(a)).unwrap();
                }
                Mutation::Step(k) => {
                    heap.mark_step(k);
                }
                _ => {}
            }
        }
        let before = reachable(&heap);
        heap.finish_incremental();
        for h in &before {
            same(heap.is_live(*h), true, || {
                format!("{h:?} was reachable when marking finished")
            })?;
        }
        same(heap.dangling_references(), 0, || {
            "dangling references".into()
        })?;
        // Floating garbage goes at the next full collection: then exactly the BFS set.
        heap.collect();
        same(heap.live_count(), reachable(&heap).len(), || {
            "live objects after the next full collection".into()
        })
    });
}
