//! [`List`]: a singly linked list built from `Option<Box<Node<T>>>`.

use std::fmt;
use std::iter::FusedIterator;

use crate::two_pointers::{Middle, middle_by};

/// A singly linked list: each node owns the next through an `Option<Box<_>>`.
///
/// Pushing and popping at the front are O(1); finding the middle or the n-th node from
/// the end takes one pass with two pointers. Dropping is iterative, so a list of ten
/// million nodes drops without overflowing the stack.
///
/// # Example
///
/// ```
/// use linked_list::List;
///
/// let list: List<u32> = (1..=6).collect();
/// assert_eq!(list.middle(), Some(&4));       // the second middle, as in LeetCode 876
/// assert_eq!(list.first_middle(), Some(&3)); // the first middle
/// assert_eq!(list.nth_from_end(0), Some(&6));
/// ```
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

impl<T> List<T> {
    /// An empty list.
    pub const fn new() -> Self {
        List { head: None, len: 0 }
    }

    /// Adds `value` at the front. O(1).
    ///
    /// ```
    /// let mut list = linked_list::List::new();
    /// list.push_front(2);
    /// list.push_front(1);
    /// assert_eq!(list.iter().copied().collect::<Vec<_>>(), [1, 2]);
    /// ```
    pub fn push_front(&mut self, value: T) {
        let next = self.head.take();
        self.head = Some(Box::new(Node { value, next }));
        self.len += 1;
    }

    /// Removes and returns the front value. O(1).
    ///
    /// ```
    /// let mut list: linked_list::List<_> = [1, 2].into_iter().collect();
    /// assert_eq!(list.pop_front(), Some(1));
    /// assert_eq!(list.pop_front(), Some(2));
    /// assert_eq!(list.pop_front(), None);
    /// ```
    pub fn pop_front(&mut self) -> Option<T> {
        let node = self.head.take()?;
        self.head = node.next;
        self.len -= 1;
        Some(node.value)
    }

    /// The front value.
    pub fn peek_front(&self) -> Option<&T> {
        self.head.as_deref().map(|n| &n.value)
    }

    /// The front value, mutably.
    pub fn peek_front_mut(&mut self) -> Option<&mut T> {
        self.head.as_deref_mut().map(|n| &mut n.value)
    }

    /// The number of values. O(1): the list keeps count.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.head.is_none()
    }

    /// The values from front to back.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            next: self.head.as_deref(),
            remaining: self.len,
        }
    }

    /// The values from front to back, mutably.
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        IterMut {
            next: self.head.as_deref_mut(),
            remaining: self.len,
        }
    }

    /// The middle value, found in one pass with slow and fast pointers; for an even
    /// length, the second of the two middles (`[1, 2, 3, 4, 5, 6]` gives 4). O(n) time,
    /// O(1) extra memory. `None` for an empty list.
    ///
    /// It does not use `len`: the two-pointer walk needs no count, which is the point of
    /// the technique (and the count is not always there to use).
    ///
    /// ```
    /// let list: linked_list::List<_> = (1..=5).collect();
    /// assert_eq!(list.middle(), Some(&3));
    /// ```
    pub fn middle(&self) -> Option<&T> {
        self.middle_node(Middle::Second).map(|n| &n.value)
    }

    /// The middle value; for an even length, the first of the two middles
    /// (`[1, 2, 3, 4, 5, 6]` gives 3).
    ///
    /// ```
    /// let list: linked_list::List<_> = (1..=6).collect();
    /// assert_eq!(list.first_middle(), Some(&3));
    /// ```
    pub fn first_middle(&self) -> Option<&T> {
        self.middle_node(Middle::First).map(|n| &n.value)
    }

    /// The middle value (the second middle for even lengths), mutably.
    ///
    /// The borrow checker will not let a shared `fast` pointer run ahead of a mutable
    /// `slow` one in the same list, so this finds the middle's position with the
    /// two-pointer walk over a shared borrow, then walks to it mutably: about `2n`
    /// links followed instead of `1.5n`, still O(n) time and O(1) memory.
    ///
    /// ```
    /// let mut list: linked_list::List<_> = (1..=3).collect();
    /// *list.middle_mut().unwrap() = 20;
    /// assert_eq!(list.iter().copied().collect::<Vec<_>>(), [1, 20, 3]);
    /// ```
    pub fn middle_mut(&mut self) -> Option<&mut T> {
        let head = self.head.as_deref().map(|n| (n, 0usize));
        fn next<T>((node, i): (&Node<T>, usize)) -> Option<(&Node<T>, usize)> {
            node.next.as_deref().map(|n| (n, i + 1))
        }
        let (_, position) = middle_by(head, Middle::Second, next, |_, _| {})?;
        self.iter_mut().nth(position)
    }

    /// The value `n` places from the back: `nth_from_end(0)` is the last value,
    /// `nth_from_end(len - 1)` the first, and anything larger is `None`. One pass: a lead
    /// pointer starts `n` nodes ahead and both advance until the lead reaches the last
    /// node.
    ///
    /// ```
    /// let list: linked_list::List<_> = (1..=5).collect();
    /// assert_eq!(list.nth_from_end(0), Some(&5));
    /// assert_eq!(list.nth_from_end(1), Some(&4));
    /// assert_eq!(list.nth_from_end(4), Some(&1));
    /// assert_eq!(list.nth_from_end(5), None);
    /// ```
    pub fn nth_from_end(&self, n: usize) -> Option<&T> {
        let mut lead = self.head.as_deref()?;
        for _ in 0..n {
            lead = lead.next.as_deref()?;
        }
        let mut trail = self.head.as_deref()?;
        while let Some(next) = lead.next.as_deref() {
            lead = next;
            trail = trail.next.as_deref().expect("trail is n nodes behind lead");
        }
        Some(&trail.value)
    }

    /// Reverses the list in place by turning every link around. O(n), no allocation.
    ///
    /// ```
    /// let mut list: linked_list::List<_> = (1..=3).collect();
    /// list.reverse();
    /// assert_eq!(list.iter().copied().collect::<Vec<_>>(), [3, 2, 1]);
    /// ```
    pub fn reverse(&mut self) {
        let mut reversed: Link<T> = None;
        let mut rest = self.head.take();
        while let Some(mut node) = rest {
            rest = node.next.take();
            node.next = reversed;
            reversed = Some(node);
        }
        self.head = reversed;
    }

    /// Removes every value.
    pub fn clear(&mut self) {
        *self = List::new();
    }

    fn middle_node(&self, which: Middle) -> Option<&Node<T>> {
        middle_by(
            self.head.as_deref(),
            which,
            |n| n.next.as_deref(),
            |_, _| {},
        )
    }
}

impl<T> Drop for List<T> {
    /// Unlinks node by node. The derived drop would recurse once per node (each `Box`
    /// drops the next) and overflow the stack on long lists.
    fn drop(&mut self) {
        let mut rest = self.head.take();
        while let Some(mut node) = rest {
            rest = node.next.take();
        }
    }
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List::new()
    }
}

impl<T> FromIterator<T> for List<T> {
    /// Builds the list in the iterator's order (front = first item), in one pass.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut list = List::new();
        list.extend(iter);
        list
    }
}

impl<T> Extend<T> for List<T> {
    /// Appends at the back, keeping the items' order. Walks to the current last node
    /// first, so it costs O(len + items).
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        let mut tail = &mut self.head;
        while let Some(node) = tail {
            tail = &mut node.next;
        }
        for value in iter {
            let node = tail.insert(Box::new(Node { value, next: None }));
            tail = &mut node.next;
            self.len += 1;
        }
    }
}

impl<T: Clone> Clone for List<T> {
    fn clone(&self) -> Self {
        self.iter().cloned().collect()
    }
}

impl<T: PartialEq> PartialEq for List<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Eq> Eq for List<T> {}

impl<T: fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over a list's values from front to back; see [`List::iter`].
pub struct Iter<'a, T> {
    next: Option<&'a Node<T>>,
    remaining: usize,
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        let node = self.next?;
        self.next = node.next.as_deref();
        self.remaining -= 1;
        Some(&node.value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> FusedIterator for Iter<'_, T> {}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            next: self.next,
            remaining: self.remaining,
        }
    }
}

/// Iterator over a list's values, mutably; see [`List::iter_mut`].
pub struct IterMut<'a, T> {
    next: Option<&'a mut Node<T>>,
    remaining: usize,
}

impl<'a, T> Iterator for IterMut<'a, T> {
    type Item = &'a mut T;

    fn next(&mut self) -> Option<&'a mut T> {
        let node = self.next.take()?;
        self.next = node.next.as_deref_mut();
        self.remaining -= 1;
        Some(&mut node.value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T> ExactSizeIterator for IterMut<'_, T> {}
impl<T> FusedIterator for IterMut<'_, T> {}

/// Owning iterator over a list's values; see `List::into_iter`.
pub struct IntoIter<T>(List<T>);

impl<T> Iterator for IntoIter<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.0.pop_front()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.0.len, Some(self.0.len))
    }
}

impl<T> ExactSizeIterator for IntoIter<T> {}
impl<T> FusedIterator for IntoIter<T> {}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;

    fn into_iter(self) -> IntoIter<T> {
        IntoIter(self)
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut List<T> {
    type Item = &'a mut T;
    type IntoIter = IterMut<'a, T>;

    fn into_iter(self) -> IterMut<'a, T> {
        self.iter_mut()
    }
}
