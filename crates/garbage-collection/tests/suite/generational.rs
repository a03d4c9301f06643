//! The generational heap between full collections: minor collections never free a
//! reachable object, the write barrier is what makes that true for old-to-young
//! references, and promotion happens after exactly `promotion_age` survivals.

use std::collections::{HashSet, VecDeque};
use std::num::NonZeroU32;

use proptest::prelude::*;

use garbage_collection::{GcHeap, GenerationalHeap, Handle};
use garbage_collection_contract::cases::{Op, normalise, ops};
use testkit::property::{TestCaseError, check_explained, same, steps};

#[test]
fn objects_are_promoted_after_surviving_promotion_age_minor_collections() {
    for age in 1..=3u32 {
        let mut heap = GenerationalHeap::with_promotion_age(NonZeroU32::new(age).unwrap());
        let h = heap.alloc(7);
        heap.root(h).unwrap();
        for survived in 1..=age {
            assert_eq!(
                heap.old_count(),
                0,
                "age {age}: not promoted before {survived}"
            );
            heap.minor_collect();
        }
        assert_eq!(
            heap.old_count(),
            1,
            "promoted after {age} minor collections"
        );
        assert_eq!(heap.young_count(), 0);
        assert_eq!(heap.value(h), Some(7), "the handle follows the object");
    }
}

#[test]
fn the_write_barrier_keeps_a_young_object_an_old_one_points_at() {
    let mut heap = GenerationalHeap::with_promotion_age(NonZeroU32::MIN);
    let old = heap.alloc(1);
    heap.root(old).unwrap();
    heap.minor_collect();
    assert_eq!(heap.old_count(), 1);
    let young = heap.alloc(2);
    heap.link(old, young).unwrap();
    assert_eq!(
        heap.remembered_count(),
        1,
        "the barrier recorded the old object"
    );
    let stats = heap.minor_collect();
    assert_eq!((stats.marked, stats.freed), (2, 0));
    assert_eq!(heap.value(young), Some(2));
    // The young object was promoted (age 1): nothing points into the nursery any more.
    assert_eq!(
        heap.remembered_count(),
        0,
        "the set is rebuilt after the collection"
    );
}

#[test]
fn a_minor_collection_touches_neither_old_objects_nor_dead_young_ones() {
    let mut heap = GenerationalHeap::new();
    let root = heap.alloc(0);
    heap.root(root).unwrap();
    let mut prev = root;
    for v in 1..1_000 {
        let h = heap.alloc(v);
        heap.link(prev, h).unwrap();
        prev = h;
    }
    heap.minor_collect();
    heap.minor_collect();
    assert_eq!(heap.old_count(), 1_000);
    for v in 0..500 {
        heap.alloc(v);
    }
    let stats = heap.minor_collect();
    assert_eq!((stats.marked, stats.freed), (1_000, 500));
    let work = heap.last_work();
    assert_eq!(
        (work.traced, work.scanned, work.swept),
        (0, 0, 0),
        "no survivor, no remembered object: {work:?}"
    );
    let stats = heap.collect();
    assert_eq!((stats.marked, stats.freed), (1_000, 0));
    assert_eq!(
        heap.last_work().swept,
        1_000,
        "a full collection sweeps the old slots"
    );
}

/// One step of the generational model test: the contract's ops, plus minor collections.
#[derive(Debug, Clone)]
enum Step {
    Op(Op),
    Minor,
}

fn reachable(model: &[Option<(u64, Vec<usize>)>], roots: &HashSet<usize>) -> HashSet<usize> {
    let mut seen = roots.clone();
    let mut queue: VecDeque<usize> = roots.iter().copied().collect();
    while let Some(i) = queue.pop_front() {
        for &j in &model[i].as_ref().expect("reachable objects are live").1 {
            if seen.insert(j) {
                queue.push_back(j);
            }
        }
    }
    seen
}

/// Random ops with minor collections mixed in, on a heap promoting after `age`
/// survivals: a minor collection frees no reachable object (it may keep unreachable
/// ones); a full one leaves exactly the reachable ones.
fn model(age: u32, steps: &[Step]) -> Result<(), TestCaseError> {
    let mut heap = GenerationalHeap::with_promotion_age(NonZeroU32::new(age).unwrap());
    let mut handles: Vec<Handle> = Vec::new();
    let mut model: Vec<Option<(u64, Vec<usize>)>> = Vec::new();
    let mut roots: HashSet<usize> = HashSet::new();
    for (k, step) in steps.iter().enumerate() {
        let live = |m: &Vec<Option<(u64, Vec<usize>)>>, i: usize| m[i].is_some();
        match step {
            Step::Op(Op::Alloc(v)) => {
                handles.push(heap.alloc(*v));
                model.push(Some((*v, Vec::new())));
            }
            Step::Op(Op::Link(a, b)) => {
                let ok = live(&model, *a) && live(&model, *b);
                same(heap.link(handles[*a], handles[*b]).is_ok(), ok, || {
                    format!("step {}: link succeeds iff both are live", k + 1)
                })?;
                if ok {
                    model[*a].as_mut().unwrap().1.push(*b);
                }
            }
            Step::Op(Op::Unlink(a, b)) => {
                if live(&model, *a) && live(&model, *b) {
                    let refs = &mut model[*a].as_mut().unwrap().1;
                    let expected = refs.iter().position(|r| r == b).map(|p| refs.remove(p));
                    same(
                        heap.unlink(handles[*a], handles[*b]),
                        Ok(expected.is_some()),
                        || format!("step {}: unlink", k + 1),
                    )?;
                }
            }
            Step::Op(Op::Root(a)) => {
                if live(&model, *a) {
                    heap.root(handles[*a]).unwrap();
                    roots.insert(*a);
                }
            }
            Step::Op(Op::Unroot(a)) => {
                if live(&model, *a) {
                    same(heap.unroot(handles[*a]), Ok(roots.remove(a)), || {
                        format!("step {}: unroot", k + 1)
                    })?;
                }
            }
            Step::Op(Op::Collect) | Step::Minor => {
                let full = matches!(step, Step::Op(Op::Collect));
                let reach = reachable(&model, &roots);
                if full {
                    heap.collect();
                } else {
                    heap.minor_collect();
                }
                for (i, slot) in model.iter_mut().enumerate() {
                    let is_live = heap.is_live(handles[i]);
                    if reach.contains(&i) {
                        same(is_live, true, || {
                            format!("step {}: #{i} is reachable after a collection", k + 1)
                        })?;
                        same(heap.value(handles[i]), slot.as_ref().map(|s| s.0), || {
                            format!("step {}: value(#{i})", k + 1)
                        })?;
                    } else if full {
                        same(is_live, false, || {
                            format!("step {}: #{i} is unreachable after a full one", k + 1)
                        })?;
                    }
                    if !is_live {
                        *slot = None;
                    }
                }
                same(
                    heap.live_count(),
                    model.iter().filter(|s| s.is_some()).count(),
                    || format!("step {}: live_count", k + 1),
                )?;
            }
        }
    }
    Ok(())
}

#[test]
fn minor_collections_never_free_a_reachable_object() {
    let strategy = (
        1..4u32,
        prop::collection::vec(
            prop_oneof![
                4 => ops().prop_map(|o| o.into_iter().map(Step::Op).collect::<Vec<_>>()),
                1 => Just(vec![Step::Minor]),
            ],
            1..12,
        ),
    )
        .prop_map(|(age, chunks)| {
            // Renumber the contract ops, keeping the minor collections where they were.
            let flat: Vec<Step> = chunks.into_iter().flatten().collect();
            let plain: Vec<Op> = flat
                .iter()
                .map(|s| match s {
                    Step::Op(o) => o.clone(),
                    Step::Minor => Op::Collect,
                })
                .collect();
            let mut renumbered = normalise(&plain).into_iter();
            let minors: Vec<bool> = flat.iter().map(|s| matches!(s, Step::Minor)).collect();
            let mut out = Vec::new();
            let mut seen_alloc = false;
            for (o, minor) in plain.iter().zip(minors) {
                if matches!(o, Op::Alloc(_)) {
                    seen_alloc = true;
                }
                if !seen_alloc {
                    continue;
                }
                let op = renumbered.next().expect("one per kept op");
                out.push(if minor { Step::Minor } else { Step::Op(op) });
            }
            (age, out)
        });
    check_explained(
        &strategy,
        |(age, s): &(u32, Vec<Step>)| {
            format!(
                "promotion age {age}, an empty heap, then\n{}",
                steps(s.iter().map(|s| match s {
                    Step::Op(o) => o.to_string(),
                    Step::Minor => "minor_collect()".to_string(),
                }))
            )
        },
        |(age, s): (u32, Vec<Step>)| model(age, &s),
    );
}
