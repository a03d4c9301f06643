#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod conformance;
pub mod cycle;
pub mod demo;
mod list;
pub mod two_pointers;

pub use list::{IntoIter, Iter, IterMut, List};

/// The list operations the conformance suite checks, as the exercise and the reference
/// both provide them. [`List`] implements it by forwarding to its inherent methods.
pub trait SinglyLinkedList<T>: FromIterator<T> {
    /// An empty list.
    fn new() -> Self;
    /// Adds a value at the front.
    fn push_front(&mut self, value: T);
    /// Removes and returns the front value.
    fn pop_front(&mut self) -> Option<T>;
    /// The front value.
    fn peek_front(&self) -> Option<&T>;
    /// The number of values.
    fn len(&self) -> usize;
    /// Whether the list is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The middle value; the second middle for even lengths.
    fn middle(&self) -> Option<&T>;
    /// The middle value; the first middle for even lengths.
    fn first_middle(&self) -> Option<&T>;
    /// The value `n` places from the back (`0` is the last).
    fn nth_from_end(&self, n: usize) -> Option<&T>;
    /// Reverses the list in place.
    fn reverse(&mut self);
    /// References to the values from front to back.
    fn to_vec(&self) -> Vec<&T>;
}

impl<T> SinglyLinkedList<T> for List<T> {
    fn new() -> Self {
        List::new()
    }
    fn push_front(&mut self, value: T) {
        List::push_front(self, value);
    }
    fn pop_front(&mut self) -> Option<T> {
        List::pop_front(self)
    }
    fn peek_front(&self) -> Option<&T> {
        List::peek_front(self)
    }
    fn len(&self) -> usize {
        List::len(self)
    }
    fn middle(&self) -> Option<&T> {
        List::middle(self)
    }
    fn first_middle(&self) -> Option<&T> {
        List::first_middle(self)
    }
    fn nth_from_end(&self, n: usize) -> Option<&T> {
        List::nth_from_end(self, n)
    }
    fn reverse(&mut self) {
        List::reverse(self);
    }
    fn to_vec(&self) -> Vec<&T> {
        self.iter().collect()
    }
}

/// This concept as the `lab` CLI lists it.
pub fn topic() -> evidence::Topic {
    evidence::Topic {
        id: "linked-list",
        questions: &[6],
        title: "Middle of a linked list: slow and fast pointers, and Floyd's cycle detection",
        answer: include_str!("../README.md"),
        demo: evidence::Demo {
            run: demo::run,
            default_size: 1_000_000,
            small_size: 10_000,
            size_means: "nodes in the largest list measured",
        },
        exercise_dir: "exercises/linked-list",
        cases: conformance::CASES,
        bench: "linked_list",
    }
}
