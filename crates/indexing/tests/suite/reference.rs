//! The reference's own API beyond the contract: removal with borrowing and merging,
//! the structural check, and the documented panic.

use indexing::BPlusTree;

fn filled(order: usize, n: u64) -> BPlusTree<u64, u64> {
    let mut tree = BPlusTree::new(order);
    for k in 0..n {
        tree.insert(k * 7 % n, k);
    }
    tree
}

#[test]
#[should_panic(expected = "order must be at least 3")]
fn an_order_of_two_panics_with_the_documented_message() {
    let _ = BPlusTree::<u8, u8>::new(2);
}

#[test]
fn removing_every_key_in_every_order_keeps_every_invariant() {
    for order in 3..=8 {
        let n = 500;
        for (name, keys) in [
            ("ascending", (0..n).collect::<Vec<u64>>()),
            ("descending", (0..n).rev().collect()),
            ("scrambled", (0..n).map(|i| i * 13 % n).collect()),
        ] {
            let mut tree = filled(order, n);
            for (i, k) in keys.iter().enumerate() {
                assert!(
                    tree.remove(k).is_some(),
                    "order {order} {name}: remove({k})"
                );
                if let Err(e) = tree.check() {
                    panic!("order {order}, {name}, after removing {} keys: {e}", i + 1);
                }
                assert_eq!(tree.remove(k), None, "a second remove({k})");
            }
            assert_eq!((tree.len(), tree.height()), (0, 0), "order {order} {name}");
            assert!(tree.is_empty());
        }
    }
}

#[test]
fn inserts_keep_every_invariant_and_reuse_freed_nodes() {
    let mut tree = filled(4, 1_000);
    assert_eq!(tree.check(), tree.check());
    for k in 0..800 {
        tree.remove(&k);
    }
    for k in 0..800 {
        tree.insert(k, k);
        if let Err(e) = tree.check() {
            panic!("after re-inserting {k}: {e}");
        }
    }
    assert_eq!(tree.len(), 1_000);
}

#[test]
fn a_removal_visits_one_path() {
    let mut tree = filled(5, 2_000);
    let h = tree.height();
    tree.remove(&1_234);
    assert_eq!(
        tree.node_visits(),
        h,
        "remove descends one root-to-leaf path"
    );
    tree.insert(1_234, 0);
    assert!(tree.node_visits() >= 1 && tree.node_visits() <= h + 1);
}

#[test]
fn debug_prints_the_entries_in_order() {
    let mut tree = BPlusTree::new(3);
    tree.extend([(2, 'b'), (1, 'a'), (3, 'c')]);
    assert_eq!(format!("{tree:?}"), "{1: 'a', 2: 'b', 3: 'c'}");
    let copy = tree.clone();
    assert_eq!(copy.iter().count(), 3);
}

#[test]
fn a_borrowed_key_type_looks_up_strings_by_str() {
    let mut tree = BPlusTree::new(4);
    for w in ["ant", "bee", "cat", "dog", "eel"] {
        tree.insert(w.to_string(), w.len());
    }
    assert_eq!(tree.get("cat"), Some(&3));
    assert_eq!(tree.remove("bee"), Some(3));
    assert_eq!(tree.get("bee"), None);
}
