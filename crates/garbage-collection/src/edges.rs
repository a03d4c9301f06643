//! The reference lists of the two collectors that keep objects in spaces (copying and
//! generational): each object's references are a singly linked list of [`Edge`]s in its
//! space's edge array, from the object's `first` edge to [`NONE`].

use garbage_collection_contract::Handle;

/// "No edge": the end of an object's reference list.
pub(crate) const NONE: u32 = u32::MAX;

/// One reference, a link in its object's list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    pub(crate) to: Handle,
    pub(crate) next: u32,
}

/// Splices the first edge to `to` out of the list that starts at `*first`; `false` if
/// the list has none. The edge stays in `edges`, unreachable, until the space is copied
/// or cleared.
pub(crate) fn splice_out(first: &mut u32, edges: &mut [Edge], to: Handle) -> bool {
    let mut prev: Option<usize> = None;
    let mut edge = *first;
    while edge != NONE {
        let Edge { to: target, next } = edges[edge as usize];
        if target == to {
            match prev {
                Some(p) => edges[p].next = next,
                None => *first = next,
            }
            return true;
        }
        prev = Some(edge as usize);
        edge = next;
    }
    false
}
