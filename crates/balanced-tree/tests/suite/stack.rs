//! Both trees are loops, never recursion, and drop without recursion: a plain BST of
//! 30,000 sorted keys is 30,000 levels deep, which a recursive insert, search,
//! traversal or drop (`Option<Box<Node>>` dropping its children) would need megabytes
//! of stack for. Here it runs on a thread with 256 KiB.

use std::thread;

use balanced_tree::{AvlTree, Bst};

const STACK: usize = 256 * 1024;
const KEYS: u64 = 30_000;

/// Runs `f` on a thread with a 256 KiB stack; a stack overflow aborts the test binary,
/// so reaching the end of this function is the assertion.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .expect("spawning a thread")
        .join()
        .expect("the small-stack thread finished without panicking");
}

#[test]
fn a_bst_of_30_000_sorted_keys_builds_searches_and_drops_on_a_small_stack() {
    on_small_stack(|| {
        let mut tree = Bst::new();
        for k in 0..KEYS {
            tree.insert(k, k);
        }
        assert_eq!(tree.height(), KEYS as usize, "sorted keys make a list");
        assert_eq!(tree.get(&(KEYS - 1)), Some(&(KEYS - 1)), "the deepest key");
        assert_eq!(
            tree.iter().count(),
            KEYS as usize,
            "iteration reaches every key"
        );
        assert_eq!(
            tree.iter().next_back(),
            Some((&(KEYS - 1), &(KEYS - 1))),
            "iteration from the back"
        );
        assert_eq!(
            tree.iter().rev().nth(KEYS as usize - 1),
            Some((&0, &0)),
            "backwards to the first key"
        );
        assert_eq!(tree.range(KEYS - 3..).count(), 3, "a range at the bottom");
        assert_eq!(
            tree.range(..3).rev().count(),
            3,
            "a range at the top, backwards"
        );
        assert_eq!(tree.last_key_value(), Some((&(KEYS - 1), &(KEYS - 1))));
        assert_eq!(
            tree.remove(&(KEYS - 1)),
            Some(KEYS - 1),
            "removing the deepest key"
        );
        assert_eq!(tree.remove(&0), Some(0), "removing the root of the list");
        let copy = tree.clone();
        drop(tree);
        drop(copy);
    });
}

#[test]
fn an_avl_tree_of_30_000_sorted_keys_stays_shallow_on_a_small_stack() {
    on_small_stack(|| {
        let tree: AvlTree<u64, u64> = (0..KEYS).map(|k| (k, k)).collect();
        assert_eq!(
            tree.height(),
            15,
            "30,000 keys, ascending: a nearly perfect tree"
        );
        assert_eq!(tree.get(&(KEYS - 1)), Some(&(KEYS - 1)));
        drop(tree);
    });
}
