//! # Exercise: the middle of a linked list, in one pass
//!
//! Question 6 asks how to find the middle of a linked list. The answer interviewers
//! want: two pointers. `slow` moves one node at a time and `fast` two; when `fast` runs
//! off the end, `slow` is in the middle. One loop, O(1) extra memory, no length needed.
//!
//! Build `List<T>`, a singly linked list of `Option<Box<Node<T>>>` links, by implementing
//! the contract's `SinglyLinkedList` trait below:
//! - `new`, `push_front`, `pop_front`, `peek_front`, `len`, `to_vec`, and (outside the
//!   trait) `FromIterator`, which keeps the order (the first item ends up at the front);
//! - `middle` (for an even length, the *second* middle: `[1, 2, 3, 4, 5, 6]` gives 4) and
//!   `first_middle` (the first: 3), both with slow and fast pointers;
//! - `nth_from_end(n)` (`0` is the last value) with a lead pointer `n` nodes ahead;
//! - `reverse`, in place, by turning the links around;
//! - a `Drop` that frees the nodes in a loop: the derived one recurses once per node and
//!   overflows the stack on a long list (one case builds a million nodes).
//!
//! Then, in `src/cycle.rs`, the same two-pointer idea on a list that may loop: Floyd's
//! tortoise and hare.
//!
//! Run the tests with `cargo lab check linked-list`; stuck, `cargo lab hint linked-list`.
//! Each `// TODO:` marks a place to edit.

// The stub's fields and parameters are unused until you fill in the bodies; delete this
// line once every `todo!()` is gone, so the compiler can point out anything left unused.
#![allow(dead_code, unused_variables)]

pub mod cycle;

/// The contract your list implements: the conformance cases call these methods.
pub use linked_list_contract::SinglyLinkedList;

/// A singly linked list.
pub struct List<T> {
    head: Link<T>,
    /// The number of nodes reachable from `head`.
    len: usize,
}

type Link<T> = Option<Box<Node<T>>>;

struct Node<T> {
    value: T,
    next: Link<T>,
}

impl<T> SinglyLinkedList<T> for List<T> {
    /// An empty list.
    fn new() -> Self {
        List { head: None, len: 0 }
    }

    /// Adds `value` at the front.
    fn push_front(&mut self, value: T) {
        // TODO: the new node's `next` is the old head (`Option::take` moves it out).
        todo!("put a new node in front of the old head")
    }

    /// Removes and returns the front value.
    fn pop_front(&mut self) -> Option<T> {
        // TODO: take the head, make its `next` the new head, return its value.
        todo!("unlink the head node and return its value")
    }

    /// The front value.
    fn peek_front(&self) -> Option<&T> {
        // TODO: `as_deref()` turns `&Option<Box<Node<T>>>` into `Option<&Node<T>>`.
        todo!("return a reference to the head's value")
    }

    /// The number of values.
    fn len(&self) -> usize {
        // TODO: keep `len` up to date in every method that adds or removes nodes.
        todo!("return the number of values")
    }

    /// The middle value; for an even length, the second of the two middles.
    fn middle(&self) -> Option<&T> {
        // TODO: slow and fast both start at the head; while fast and fast's next exist,
        // slow moves one node and fast two.
        todo!("walk slow and fast pointers")
    }

    /// The middle value; for an even length, the first of the two middles.
    fn first_middle(&self) -> Option<&T> {
        // TODO: the same walk with fast starting one node ahead.
        todo!("walk slow and fast pointers, fast one node ahead")
    }

    /// The value `n` places from the back: `0` is the last value; `None` past the front.
    fn nth_from_end(&self, n: usize) -> Option<&T> {
        // TODO: move a lead pointer n nodes ahead (running out means None), then move
        // lead and trail together until lead is on the last node.
        todo!("walk a lead pointer n nodes ahead of a trailing one")
    }

    /// Reverses the list in place.
    fn reverse(&mut self) {
        // TODO: take nodes off the front one by one and push them onto a new chain.
        todo!("turn every link around")
    }

    /// References to the values from front to back.
    fn to_vec(&self) -> Vec<&T> {
        // TODO: a cursor `Option<&Node<T>>` that moves along `next`;
        // `std::iter::successors` builds the walk, `map` and `collect` the rest.
        todo!("collect the values from the front to the back")
    }
}

// TODO: add `impl<T> Drop for List<T>` that takes the nodes off one at a time in a loop.

impl<T> Default for List<T> {
    fn default() -> Self {
        List::new()
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        // TODO: keep the order: append at the back with a cursor `&mut Link<T>` that
        // always points at the last `next` (or push every item and `reverse` at the end).
        todo!("build the list front to back")
    }
}
