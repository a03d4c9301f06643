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

/// A ring of nodes, held by one outside `Rc` to the first, counting its nodes' drops.
///
/// ```
/// use garbage_collection::refcount::{BackEdge, Ring};
///
/// let leaked = Ring::new(10, BackEdge::Strong).drop_handle();
/// assert_eq!(leaked.dropped(), 0, "a strong cycle: no count reaches zero");
/// assert_eq!(leaked.break_cycle(), 10, "cutting the ring by hand frees all ten");
///
/// let freed = Ring::new(10, BackEdge::Weak).drop_handle();
/// assert_eq!(freed.dropped(), 10, "a weak back-edge: every node is dropped");
/// ```
#[derive(Debug)]
pub struct Ring {
    head: Rc<Node>,
    drops: Rc<Cell<usize>>,
}

/// A [`Ring`] after its outside handle was dropped.
#[derive(Debug)]
pub struct Dropped {
    /// A weak handle to the first node: still upgradable if the ring leaked.
    head: Weak<Node>,
    drops: Rc<Cell<usize>>,
}

impl Ring {
    /// A ring of `n` nodes, values `0..n`, node `i` pointing at node `i + 1` with an
    /// `Rc`, and the last at the first with `back`.
    ///
    /// # Panics
    ///
    /// If `n` is 0.
    pub fn new(n: usize, back: BackEdge) -> Ring {
        assert!(n > 0, "a ring needs at least one node");
        let drops = Rc::new(Cell::new(0));
        let node = |v: u64| {
            Rc::new(Node {
                value: v,
                next: RefCell::new(Link::None),
                drops: Rc::clone(&drops),
            })
        };
        let head = node(0);
        let mut tail = Rc::clone(&head);
        for v in 1..n as u64 {
            let next = node(v);
            *tail.next.borrow_mut() = Link::Strong(Rc::clone(&next));
            tail = next;
        }
        *tail.next.borrow_mut() = match back {
            BackEdge::Strong => Link::Strong(Rc::clone(&head)),
            BackEdge::Weak => Link::Weak(Rc::downgrade(&head)),
        };
        drop(tail);
        Ring { head, drops }
    }

    /// The first node.
    pub fn head(&self) -> &Rc<Node> {
        &self.head
    }

    /// Drops the outside handle, as a program does when it is done with the ring.
    pub fn drop_handle(self) -> Dropped {
        let Ring { head, drops } = self;
        let weak = Rc::downgrade(&head);
        drop(head);
        Dropped { head: weak, drops }
    }
}

impl Dropped {
    /// Nodes dropped so far.
    pub fn dropped(&self) -> usize {
        self.drops.get()
    }

    /// Whether the first node is still allocated (the ring leaked).
    pub fn leaked(&self) -> bool {
        self.head.strong_count() > 0
    }

    /// Cuts the ring by hand (what a cycle collector, or the programmer, must do):
    /// clears the first node's edge. Returns the nodes dropped in all.
    pub fn break_cycle(self) -> usize {
        if let Some(head) = self.head.upgrade() {
            let next = std::mem::replace(&mut *head.next.borrow_mut(), Link::None);
            drop(head);
            drop(next);
        }
        self.drops.get()
    }
}
