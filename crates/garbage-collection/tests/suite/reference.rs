//! The reference heap's own API beyond the contract: the counted work of each
//! collector, the references and roots views, and the Rc/Weak rings.

use garbage_collection::refcount::{BackEdge, Ring};
use garbage_collection::{CopyingHeap, GcError, GcHeap, Handle, Heap, Work, demo::build};

#[test]
fn mark_sweep_sweeps_every_slot_and_marks_only_the_live() {
    let mut heap = Heap::new();
    build(&mut heap, 10_000, 100, 3);
    let stats = heap.collect();
    assert_eq!((stats.marked, stats.freed), (100, 9_900));
    // 100 live objects: a chain (99 references) plus one more reference each.
    let w = heap.last_work();
    assert_eq!(
        w,
        Work {
            roots: 1,
            traced: 100,
            scanned: 199,
            swept: 10_000
        }
    );
    assert_eq!(
        heap.slot_count(),
        10_000,
        "freed slots stay, on the free list"
    );
}

#[test]
fn copying_touches_only_the_live_objects() {
    let mut heap = CopyingHeap::new();
    build(&mut heap, 10_000, 100, 3);
    let stats = heap.collect();
    assert_eq!((stats.marked, stats.freed), (100, 9_900));
    assert_eq!(
        heap.last_work(),
        Work {
            roots: 1,
            traced: 100,
            scanned: 199,
            swept: 0
        }
    );
}

#[test]
fn references_and_roots_show_the_graph() {
    let mut heap = Heap::new();
    let a = heap.alloc(1);
    let b = heap.alloc(2);
    heap.root(a).unwrap();
    heap.link(a, b).unwrap();
    heap.link(a, b).unwrap();
    assert_eq!(heap.references(a), Ok(&[b, b][..]));
    assert_eq!(heap.roots().collect::<Vec<_>>(), [a]);
    heap.unroot(a).unwrap();
    heap.collect();
    assert_eq!(heap.references(a), Err(GcError::Dangling));
}

#[test]
fn a_handle_from_another_heap_is_dangling_unless_it_matches() {
    let mut one = Heap::new();
    let two = Heap::new();
    let h = one.alloc(1);
    assert!(!two.is_live(h), "the other heap has no slot 0 yet");
    assert!(!one.is_live(Handle::new(0, 1)), "slot 0 is at generation 0");
}

#[test]
fn collect_during_an_incremental_cycle_finishes_it() {
    let mut heap = Heap::new();
    let a = heap.alloc(1);
    heap.root(a).unwrap();
    heap.alloc(2);
    heap.start_incremental(garbage_collection::Barrier::Dijkstra);
    let stats = heap.collect();
    assert_eq!((stats.marked, stats.freed), (1, 1));
    assert!(!heap.is_marking());
}

#[test]
fn rc_cycles_leak_exactly_the_cycle() {
    for (lead, cycle) in [(0, 1), (0, 5), (3, 1), (7, 20)] {
        let strong = Ring::new(lead, cycle, BackEdge::Strong).drop_handle();
        assert_eq!(strong.dropped(), lead, "lead {lead}, cycle {cycle}");
        assert!(strong.leaked());
        assert_eq!(strong.break_cycle(), lead + cycle);
        let weak = Ring::new(lead, cycle, BackEdge::Weak).drop_handle();
        assert_eq!(weak.dropped(), lead + cycle);
        assert!(!weak.leaked());
    }
}

#[test]
fn a_ring_can_be_walked_through_its_weak_back_edge() {
    let ring = Ring::new(1, 3, BackEdge::Weak);
    let mut node = ring.head().clone();
    let mut seen = vec![node.value];
    for _ in 0..4 {
        node = node.next().expect("the ring is alive");
        seen.push(node.value);
    }
    assert_eq!(seen, [0, 1, 2, 3, 1]);
}
