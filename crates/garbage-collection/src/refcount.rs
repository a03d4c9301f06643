//! Reference counting with `Rc` and `Weak`: why a cycle leaks, and how a weak
//! back-edge fixes it.
//!
//! `Rc` frees an object the moment its strong count reaches zero. In a ring of nodes,
//! each holding an `Rc` to the next, every node is pointed at by another member, so
//! when the program drops its last outside handle no count reaches zero and no node is
//! ever dropped: the whole ring leaks (memory-safely, by Rust's definition). If the
//! edge that closes the ring is a `Weak`, which does not count, dropping the outside
//! handle takes the first node's count to zero, and the drops cascade round the ring.
//!
//! [`Ring`] builds such a ring with nodes whose `Drop` bumps a shared counter, so the
//! leak is counted, not guessed.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// How the last node of a [`Ring`] points back at the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackEdge {
    /// An `Rc`: the ring is a strong cycle, and leaks.
    Strong,
    /// A `Weak`: the ring is a chain plus a weak edge, and is freed.
    Weak,
}

/// One node: a value, the next node, and the shared drop counter.
#[derive(Debug)]
pub struct Node {
    /// The node's position in the ring.
    pub value: u64,
    next: RefCell<Link>,
    drops: Rc<Cell<usize>>,
}

/// A node's edge to the next one.
#[derive(Debug)]
enum Link {
    None,
    Strong(Rc<Node>),
    Weak(Weak<Node>),
}

impl Drop for Node {
    fn drop(&mut self) {
        self.drops.set(self.drops.get() + 1);
    }
}

impl Node {
    /// The next node in the ring, if it is still alive.
    pub fn next(&self) -> Option<Rc<Node>> {
        match &*self.next.borrow() {
            Link::None => None,
            Link::Strong(n) => Some(Rc::clone(n)),
            Link::Weak(w) => w.upgrade(),
        }
    }
}

/// A cycle of nodes reached through a lead-in chain, held by one outside `Rc` to the
/// first node, counting its nodes' drops.
///
/// ```text
/// handle -> lead 0 -> ... -> lead k-1 -> cycle 0 -> cycle 1 -> ... -> cycle m-1
///                                          ^----------- back edge ---------'
/// ```
///
/// ```
/// use garbage_collection::refcount::{BackEdge, Ring};
///
/// let leaked = Ring::new(3, 10, BackEdge::Strong).drop_handle();
/// assert_eq!(leaked.dropped(), 3, "the lead-in is freed, the strong cycle is not");
/// assert!(leaked.leaked());
/// assert_eq!(leaked.break_cycle(), 13, "cutting the cycle by hand frees the other ten");
///
/// let freed = Ring::new(3, 10, BackEdge::Weak).drop_handle();
/// assert_eq!(freed.dropped(), 13, "a weak back-edge: every node is dropped");
/// ```
#[derive(Debug)]
pub struct Ring {
    head: Rc<Node>,
    entry: Weak<Node>,
    drops: Rc<Cell<usize>>,
}

/// A [`Ring`] after its outside handle was dropped.
#[derive(Debug)]
pub struct Dropped {
    /// A weak handle to the cycle's first node: still upgradable if the cycle leaked.
    entry: Weak<Node>,
    drops: Rc<Cell<usize>>,
}

impl Ring {
    /// `lead` nodes in a chain, then a cycle of `cycle` nodes (values `0..lead + cycle`
    /// in order), each pointing at the next with an `Rc`, and the cycle's last node
    /// pointing back at the cycle's first with `back`.
    ///
    /// # Panics
    ///
    /// If `cycle` is 0.
    pub fn new(lead: usize, cycle: usize, back: BackEdge) -> Ring {
        assert!(cycle > 0, "a cycle needs at least one node");
        let drops = Rc::new(Cell::new(0));
        let node = |v: u64| {
            Rc::new(Node {
                value: v,
                next: RefCell::new(Link::None),
                drops: Rc::clone(&drops),
            })
        };
        let head = node(0);
        let mut entry = Rc::downgrade(&head);
        let mut tail = Rc::clone(&head);
        for v in 1..(lead + cycle) as u64 {
            let next = node(v);
            *tail.next.borrow_mut() = Link::Strong(Rc::clone(&next));
            if v as usize == lead {
                entry = Rc::downgrade(&next);
            }
            tail = next;
        }
        let first = entry.upgrade().expect("the head holds the whole chain");
        *tail.next.borrow_mut() = match back {
            BackEdge::Strong => Link::Strong(first),
            BackEdge::Weak => Link::Weak(Rc::downgrade(&first)),
        };
        drop(tail);
        Ring { head, entry, drops }
    }

    /// The first node.
    pub fn head(&self) -> &Rc<Node> {
        &self.head
    }

    /// Drops the outside handle, as a program does when it is done with the structure.
    pub fn drop_handle(self) -> Dropped {
        let Ring { head, entry, drops } = self;
        drop(head);
        Dropped { entry, drops }
    }
}

impl Dropped {
    /// Nodes dropped so far.
    pub fn dropped(&self) -> usize {
        self.drops.get()
    }

    /// Whether the cycle is still allocated (it leaked).
    pub fn leaked(&self) -> bool {
        self.entry.strong_count() > 0
    }

    /// Cuts the cycle by hand (what a cycle collector, or the programmer, must do):
    /// clears the edge out of the cycle's first node. Returns the nodes dropped in all.
    pub fn break_cycle(self) -> usize {
        if let Some(first) = self.entry.upgrade() {
            let next = std::mem::replace(&mut *first.next.borrow_mut(), Link::None);
            drop(first);
            drop(next);
        }
        self.drops.get()
    }
}
