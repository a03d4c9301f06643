//! The middle memory case can fail: a list that copies its values' references into a
//! `Vec` and indexes it answers every query right, in O(n) extra space, and the case
//! says so with the bytes.

use linked_list_contract::SinglyLinkedList;
use linked_list_contract::cases;

/// A list kept in a `Vec`, front first, whose queries collect references and index them.
struct CollectingList<T>(Vec<T>);

impl<T> FromIterator<T> for CollectingList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        CollectingList(iter.into_iter().collect())
    }
}

impl<T> SinglyLinkedList<T> for CollectingList<T> {
    fn new() -> Self {
        CollectingList(Vec::new())
    }

    fn push_front(&mut self, value: T) {
        self.0.insert(0, value);
    }

    fn pop_front(&mut self) -> Option<T> {
        (!self.0.is_empty()).then(|| self.0.remove(0))
    }

    fn peek_front(&self) -> Option<&T> {
        self.0.first()
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn middle(&self) -> Option<&T> {
        let all = self.to_vec();
        all.get(all.len() / 2).copied()
    }

    fn first_middle(&self) -> Option<&T> {
        let all = self.to_vec();
        all.get(all.len().checked_sub(1)? / 2).copied()
    }

    fn nth_from_end(&self, n: usize) -> Option<&T> {
        let all = self.to_vec();
        all.get(all.len().checked_sub(n.checked_add(1)?)?).copied()
    }

    fn reverse(&mut self) {
        self.0.reverse();
    }

    fn to_vec(&self) -> Vec<&T> {
        self.0.iter().collect()
    }
}

/// The list is correct where the middles are concerned, so the failure below is about
/// memory alone.
#[test]
fn the_collecting_list_finds_the_middles() {
    cases::an_odd_length_has_one_middle::<CollectingList<u32>>();
    cases::an_even_length_has_two_middles::<CollectingList<u32>>();
    cases::nth_from_end_counts_back_from_the_last::<CollectingList<u32>>();
    cases::agrees_with_a_vec::<CollectingList<u32>>();
}

#[test]
#[should_panic(
    expected = "your middle allocated 80,000 bytes on a 10,000-node list: that is \
                O(n) extra space, expected O(1) (no Vec, no HashSet: walk two \
                cursors along the links)"
)]
fn a_list_that_collects_fails_the_middle_memory_case() {
    cases::the_middle_needs_no_extra_memory::<CollectingList<u32>>();
}
