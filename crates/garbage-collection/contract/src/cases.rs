//! The garbage-collection contract as named, generic test cases, plus a model-based
//! property test against the breadth-first-search oracle [`BfsHeap`].
//!
//! Each case is a function generic over the heap type, so the reference collectors and
//! the learner's exercise run exactly the same checks;
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. Failure messages say what the contract expected and why, so a learner can fix
//! the code from the message alone.

use std::fmt;

use proptest::prelude::*;

use testkit::property::{TestCaseError, check_explained, same, steps};

use crate::{BfsHeap, CollectStats, GcError, GcHeap, Handle};

/// The length of the chain in [`a_million_object_chain_collects_without_overflow`].
pub const CHAIN: usize = 1_000_000;

/// `heap.collect()`, checked against the expected counts, with `why` in the message.
#[track_caller]
fn collect_expecting<T: GcHeap>(heap: &mut T, marked: usize, freed: usize, why: &str) {
    let got = heap.collect();
    assert_eq!(
        got,
        CollectStats { marked, freed },
        "{why}: collect() should mark the {marked} reachable objects and free the {freed} \
         unreachable ones"
    );
}

/// Objects nothing reaches from a root are freed; the roots are kept.
pub fn unreachable_objects_are_freed<T: GcHeap>() {
    let mut heap = T::new();
    assert_eq!(
        heap.collect(),
        CollectStats::default(),
        "collecting an empty heap marks and frees nothing"
    );
    let garbage: Vec<Handle> = (0..3).map(|v| heap.alloc(v)).collect();
    assert_eq!(
        heap.live_count(),
        3,
        "a new object is live until a collection"
    );
    collect_expecting(&mut heap, 0, 3, "three objects and no roots");
    for h in &garbage {
        assert!(
            !heap.is_live(*h),
            "{h:?} was unreachable, so the collection freed it: is_live must say false"
        );
    }
    assert_eq!(heap.live_count(), 0, "every object was freed");

    let kept = heap.alloc(10);
    heap.root(kept).expect("a new handle is valid");
    let lost = heap.alloc(11);
    collect_expecting(
        &mut heap,
        1,
        1,
        "one rooted object and one unrooted, unreferenced one",
    );
    assert_eq!(
        heap.value(kept),
        Some(10),
        "the root survives with its value"
    );
    assert!(!heap.is_live(lost), "the unrooted object is freed");
}

/// Everything a chain of references from a root reaches survives, however many paths
/// lead to it, and it survives the next collection too (marks are cleared for it).
pub fn reachable_objects_are_kept<T: GcHeap>() {
    let mut heap = T::new();
    // A diamond: a -> b -> d and a -> c -> d, plus e, unreachable.
    let [a, b, c, d, e] = [1, 2, 3, 4, 5].map(|v| heap.alloc(v));
    heap.root(a).expect("valid");
    for (from, to) in [(a, b), (a, c), (b, d), (c, d)] {
        heap.link(from, to).expect("both handles are valid");
    }
    collect_expecting(
        &mut heap,
        4,
        1,
        "a root reaching a diamond a->b->d, a->c->d (d counted once), and one \
         unreachable object",
    );
    for (h, v) in [(a, 1), (b, 2), (c, 3), (d, 4)] {
        assert_eq!(
            heap.value(h),
            Some(v),
            "{h:?} is reachable and keeps its value"
        );
    }
    assert!(!heap.is_live(e), "e is unreachable");
    collect_expecting(
        &mut heap,
        4,
        0,
        "a second collection with nothing changed (did the sweep clear the marks?)",
    );

    // Two references to b: removing one keeps b reachable; removing both frees it.
    heap.link(a, b).expect("valid");
    assert_eq!(heap.unlink(a, b), Ok(true), "a pointed at b (twice)");
    collect_expecting(&mut heap, 4, 0, "a still points at b once");
    assert_eq!(heap.unlink(a, b), Ok(true), "a pointed at b once more");
    assert_eq!(heap.unlink(a, b), Ok(false), "a no longer points at b");
    collect_expecting(&mut heap, 3, 1, "b lost its last reference");
    assert!(!heap.is_live(b), "b is unreachable once a lets go of it");

    assert_eq!(heap.unroot(a), Ok(true), "a was a root");
    assert_eq!(heap.unroot(a), Ok(false), "a is no longer a root");
    collect_expecting(&mut heap, 0, 3, "no roots left");
}

/// A cycle is garbage when nothing outside it reaches it, although every member is
/// referenced (reference counting would never free it); a rooted cycle is kept.
pub fn unreachable_cycles_are_freed<T: GcHeap>() {
    let mut heap = T::new();
    let ring: Vec<Handle> = (0..3).map(|v| heap.alloc(v)).collect();
    for i in 0..3 {
        heap.link(ring[i], ring[(i + 1) % 3]).expect("valid");
    }
    collect_expecting(
        &mut heap,
        0,
        3,
        "a cycle a->b->c->a that no root reaches (a tracer follows references from the \
         roots; it never asks whether an object is referenced)",
    );

    let root = heap.alloc(100);
    heap.root(root).expect("valid");
    let ring: Vec<Handle> = (0..4).map(|v| heap.alloc(v)).collect();
    for i in 0..4 {
        heap.link(ring[i], ring[(i + 1) % 4]).expect("valid");
    }
    heap.link(root, ring[2]).expect("valid");
    collect_expecting(
        &mut heap,
        5,
        0,
        "a root pointing into a cycle of four (marking must not loop: an object already \
         marked is not pushed again)",
    );
    heap.unlink(root, ring[2]).expect("valid");
    collect_expecting(&mut heap, 1, 4, "the cycle cut off from the root");
}

/// An object that points at itself is marked once, kept if rooted, freed if not.
pub fn self_references_are_followed<T: GcHeap>() {
    let mut heap = T::new();
    let lonely = heap.alloc(1);
    heap.link(lonely, lonely).expect("valid");
    collect_expecting(
        &mut heap,
        0,
        1,
        "an unrooted object whose only reference is to itself",
    );
    let rooted = heap.alloc(2);
    heap.root(rooted).expect("valid");
    heap.link(rooted, rooted).expect("valid");
    heap.link(rooted, rooted).expect("valid");
    collect_expecting(
        &mut heap,
        1,
        0,
        "a rooted object pointing at itself twice (marked once)",
    );
    assert_eq!(heap.value(rooted), Some(2));
}

/// A rooted chain of [`CHAIN`] objects is kept, then freed when unrooted: marking with
/// an explicit work list, not recursion, which would need a million stack frames.
pub fn a_million_object_chain_collects_without_overflow<T: GcHeap>() {
    let mut heap = T::new();
    let head = heap.alloc(0);
    heap.root(head).expect("valid");
    let mut tail = head;
    for v in 1..CHAIN as u64 {
        let next = heap.alloc(v);
        heap.link(tail, next).expect("valid");
        tail = next;
    }
    collect_expecting(
        &mut heap,
        CHAIN,
        0,
        "a rooted chain of a million objects (if the test process crashed instead, mark \
         recursed once per object and overflowed the stack: use a Vec as the work list)",
    );
    assert_eq!(
        heap.value(tail),
        Some(CHAIN as u64 - 1),
        "the chain's end survives"
    );
    heap.unroot(head).expect("valid");
    collect_expecting(&mut heap, 0, CHAIN, "the same chain, unrooted");
    assert_eq!(heap.live_count(), 0, "the whole chain was freed");
}

/// Every operation on a freed object's handle reports it: `Err(GcError::Dangling)`,
/// `None` or `false`, never a read of freed memory.
pub fn dangling_handles_are_reported<T: GcHeap>() {
    let mut heap = T::new();
    let root = heap.alloc(1);
    heap.root(root).expect("valid");
    let freed = heap.alloc(2);
    heap.collect();
    let dangling = Err(GcError::Dangling);
    assert!(!heap.is_live(freed), "the unrooted object was freed");
    assert_eq!(heap.value(freed), None, "a freed object has no value");
    assert_eq!(heap.link(root, freed), dangling, "link to a freed object");
    assert_eq!(heap.link(freed, root), dangling, "link from a freed object");
    assert_eq!(
        heap.unlink(root, freed).map(|_| ()),
        dangling,
        "unlink to it"
    );
    assert_eq!(
        heap.unlink(freed, root).map(|_| ()),
        dangling,
        "unlink from it"
    );
    assert_eq!(heap.root(freed), dangling, "rooting a freed object");
    assert_eq!(heap.unroot(freed).map(|_| ()), dangling, "unrooting it");
    let made_up = Handle::new(1_000, 0);
    assert!(
        !heap.is_live(made_up),
        "a handle whose slot was never allocated is not live"
    );
    assert_eq!(heap.root(made_up), dangling, "rooting a made-up handle");
    collect_expecting(
        &mut heap,
        1,
        0,
        "the failed calls changed nothing: only the root is left",
    );
}

/// A freed object's slot is reused by later allocations, and the old handle stays
/// dangling: the slot's generation moved on when the object was freed.
pub fn reused_slots_keep_old_handles_dangling<T: GcHeap>() {
    let mut heap = T::new();
    let root = heap.alloc(u64::MAX);
    heap.root(root).expect("valid");
    let old: Vec<Handle> = (0..100).map(|v| heap.alloc(v)).collect();
    heap.collect();
    for round in 1..=3u64 {
        let new: Vec<Handle> = (0..100).map(|v| heap.alloc(1_000 * round + v)).collect();
        for h in &old {
            assert!(
                !heap.is_live(*h),
                "round {round}: {h:?} was freed, and 100 new objects (which may reuse its \
                 slot) must not bring it back: bump the slot's generation when freeing"
            );
            assert_eq!(heap.link(root, *h), Err(GcError::Dangling));
            assert!(!new.contains(h), "a new handle equals the freed {h:?}");
        }
        for (v, h) in new.iter().enumerate() {
            assert_eq!(
                heap.value(*h),
                Some(1_000 * round + v as u64),
                "round {round}: a new object in a reused slot has its own value"
            );
        }
        assert_eq!(heap.live_count(), 101, "the root and the 100 new objects");
        collect_expecting(&mut heap, 1, 100, "the 100 new objects are unreachable");
    }
}

/// One step of the model test; object numbers count allocations, modulo how many
/// objects exist so far.
#[derive(Debug, Clone)]
pub enum Op {
    /// Allocate an object with this value.
    Alloc(u64),
    /// `link(#a, #b)`.
    Link(usize, usize),
    /// `unlink(#a, #b)`.
    Unlink(usize, usize),
    /// `root(#a)`.
    Root(usize),
    /// `unroot(#a)`.
    Unroot(usize),
    /// `collect()`.
    Collect,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Alloc(v) => write!(f, "alloc({v})"),
            Op::Link(a, b) => write!(f, "link(#{a}, #{b})"),
            Op::Unlink(a, b) => write!(f, "unlink(#{a}, #{b})"),
            Op::Root(a) => write!(f, "root(#{a})"),
            Op::Unroot(a) => write!(f, "unroot(#{a})"),
            Op::Collect => write!(f, "collect()"),
        }
    }
}

/// Random operation sequences on up to about 30 objects, links dense enough to make
/// cycles, and collections in between.
pub fn ops() -> impl Strategy<Value = Vec<Op>> {
    let n = 32usize;
    let op = prop_oneof![
        3 => any::<u16>().prop_map(|v| Op::Alloc(u64::from(v))),
        5 => (0..n, 0..n).prop_map(|(a, b)| Op::Link(a, b)),
        2 => (0..n, 0..n).prop_map(|(a, b)| Op::Unlink(a, b)),
        2 => (0..n).prop_map(Op::Root),
        1 => (0..n).prop_map(Op::Unroot),
        1 => Just(Op::Collect),
    ];
    prop::collection::vec(op, 1..80)
}

/// Renumbers each op's object numbers to the objects allocated before it (`#k` is the
/// k-th allocation), dropping ops that come before any allocation.
pub fn normalise(ops: &[Op]) -> Vec<Op> {
    let mut allocated = 0usize;
    let mut out = Vec::new();
    for op in ops {
        let m = |i: usize| i % allocated.max(1);
        let op = match *op {
            Op::Alloc(v) => {
                allocated += 1;
                Op::Alloc(v)
            }
            _ if allocated == 0 => continue,
            Op::Link(a, b) => Op::Link(m(a), m(b)),
            Op::Unlink(a, b) => Op::Unlink(m(a), m(b)),
            Op::Root(a) => Op::Root(m(a)),
            Op::Unroot(a) => Op::Unroot(m(a)),
            Op::Collect => Op::Collect,
        };
        out.push(op);
    }
    out
}

/// Runs `ops` (normalised) on `T` and on the oracle, comparing every result, then a
/// final collection and every handle's liveness and value.
pub fn model_test<T: GcHeap>(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut heap = T::new();
    let mut oracle = BfsHeap::new();
    let (mut hs, mut os) = (Vec::new(), Vec::new());
    for (step, op) in ops.iter().enumerate() {
        let at = || format!("step {} ({op})", step + 1);
        match *op {
            Op::Alloc(v) => {
                hs.push(heap.alloc(v));
                os.push(oracle.alloc(v));
            }
            Op::Link(a, b) => same(heap.link(hs[a], hs[b]), oracle.link(os[a], os[b]), at)?,
            Op::Unlink(a, b) => same(heap.unlink(hs[a], hs[b]), oracle.unlink(os[a], os[b]), at)?,
            Op::Root(a) => same(heap.root(hs[a]), oracle.root(os[a]), at)?,
            Op::Unroot(a) => same(heap.unroot(hs[a]), oracle.unroot(os[a]), at)?,
            Op::Collect => same(heap.collect(), oracle.collect(), || {
                format!(
                    "{}: the objects a BFS from the roots reaches are kept",
                    at()
                )
            })?,
        }
    }
    same(heap.collect(), oracle.collect(), || {
        "a final collect(): the objects a BFS from the roots reaches are kept".to_string()
    })?;
    for (k, (&h, &o)) in hs.iter().zip(&os).enumerate() {
        same(heap.value(h), oracle.value(o), || {
            format!("after the final collect, value(#{k})")
        })?;
        same(heap.is_live(h), oracle.is_live(o), || {
            format!("after the final collect, is_live(#{k})")
        })?;
    }
    same(heap.live_count(), oracle.live_count(), || {
        "after the final collect, live_count()".to_string()
    })
}

/// Random graphs with cycles, built and collected step by step: after every
/// `collect()`, the heap kept exactly what a breadth-first search from the roots
/// reaches, and every other call agreed with the oracle.
pub fn agrees_with_a_bfs_oracle<T: GcHeap>() {
    let strategy = ops().prop_map(|ops| normalise(&ops));
    let explain = |ops: &Vec<Op>| {
        format!(
            "an empty heap, then (#k is the k-th object allocated)\n{}",
            steps(ops.iter())
        )
    };
    check_explained(&strategy, explain, |ops| model_test::<T>(&ops));
}
