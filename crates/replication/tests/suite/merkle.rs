//! Merkle-tree anti-entropy: it finds exactly the differing keys' leaves, repairs what
//! a full sync repairs, and costs less when few keys differ.

use proptest::prelude::*;
use testkit::property::{check, same};

use replication::kv::{Replica, Version};
use replication::merkle::{self, MerkleTree};

fn v(timestamp: u64, value: u64) -> Version {
    Version {
        timestamp,
        writer: 0,
        value,
    }
}

fn replicas(
    common: &[(u64, u64)],
    only_a: &[(u64, u64)],
    only_b: &[(u64, u64)],
) -> (Replica, Replica) {
    let (mut a, mut b) = (Replica::new(0, 2), Replica::new(1, 2));
    for &(k, x) in common {
        a.apply(k, v(1, x));
        b.apply(k, v(1, x));
    }
    for &(k, x) in only_a {
        a.apply(k, v(2, x));
    }
    for &(k, x) in only_b {
        b.apply(k, v(3, x));
    }
    (a, b)
}

fn entries() -> impl Strategy<Value = Vec<(u64, u64)>> {
    prop::collection::vec((0..500u64, any::<u64>()), 0..60)
}

#[test]
fn merkle_sync_ends_where_a_full_sync_ends() {
    check(
        &(entries(), entries(), entries(), 0..8u32),
        |(common, xa, xb, depth)| {
            let (mut a, mut b) = replicas(&common, &xa, &xb);
            let (mut fa, mut fb) = (a.clone(), b.clone());
            let full = merkle::full_sync(&mut fa, &mut fb);
            let tree = merkle::sync(&mut a, &mut b, depth);
            same(a.store(), fa.store(), || {
                "replica a after the merkle sync".into()
            })?;
            same(b.store(), fb.store(), || {
                "replica b after the merkle sync".into()
            })?;
            same(a.store(), b.store(), || "both replicas agree".into())?;
            same(tree.entries_applied, full.entries_applied, || {
                "entries repaired".into()
            })?;
            prop_assert!(tree.entries_sent <= full.entries_sent);
            Ok(())
        },
    );
}

#[test]
fn equal_stores_compare_one_hash_and_send_nothing() {
    let (mut a, mut b) = replicas(&[(1, 1), (2, 2), (3, 3)], &[], &[]);
    let s = merkle::sync(&mut a, &mut b, 6);
    assert_eq!((s.nodes_compared, s.entries_sent, s.bytes), (1, 0, 16));
}

#[test]
fn one_differing_key_walks_one_path() {
    let common: Vec<(u64, u64)> = (0..4096).map(|k| (k, k)).collect();
    let (mut a, mut b) = replicas(&common, &[(77, 1)], &[]);
    let depth = 9;
    let s = merkle::sync(&mut a, &mut b, depth);
    // The root and, at each level below, the two children of the differing node.
    assert_eq!(s.nodes_compared, 1 + 2 * depth as usize);
    assert_eq!(s.leaves_differing, 1);
    assert_eq!(s.entries_applied, 1);
    // Only the keys of one leaf (about 4096 / 512 = 8 on each side) were sent.
    assert!(s.entries_sent < 40, "sent {}", s.entries_sent);
}

#[test]
fn the_root_hash_does_not_depend_on_insertion_order() {
    let (a, _) = replicas(&[(1, 10), (2, 20), (3, 30)], &[], &[]);
    let (b, _) = replicas(&[(3, 30), (1, 10), (2, 20)], &[], &[]);
    let (c, _) = replicas(&[(3, 30), (1, 10), (2, 21)], &[], &[]);
    assert_eq!(
        MerkleTree::build(a.store(), 4).root(),
        MerkleTree::build(b.store(), 4).root()
    );
    assert_ne!(
        MerkleTree::build(a.store(), 4).root(),
        MerkleTree::build(c.store(), 4).root()
    );
}

#[test]
fn depth_gives_about_the_requested_keys_per_leaf() {
    assert_eq!(merkle::depth_for(1, 8), 0);
    assert_eq!(merkle::depth_for(8_000, 8), 10);
    assert_eq!(merkle::depth_for(usize::MAX, 1), MerkleTree::MAX_DEPTH);
}

#[test]
#[should_panic(expected = "too deep")]
fn a_tree_deeper_than_the_maximum_is_refused() {
    let _ = MerkleTree::build(&Default::default(), MerkleTree::MAX_DEPTH + 1);
}
