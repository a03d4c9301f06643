#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod cycle;
pub mod demo;
mod list;
pub mod two_pointers;

pub use list::{IntoIter, Iter, IterMut, List};

/// The contract this crate implements: the [`SinglyLinkedList`] trait, and
/// [`CycleFn`], the signature of [`cycle::find_cycle_start`] and [`cycle::cycle_length`].
pub use linked_list_contract::{CycleFn, SinglyLinkedList};

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
