//! The linked-list contract as named, generic test cases, with property tests against a
//! `Vec` and against the hash-set oracle.
//!
//! List cases are generic over [`SinglyLinkedList`]; cycle cases take the two cycle
//! functions as [`CycleFn`]s. [`conformance_tests!`](crate::conformance_tests) turns them
//! into one `#[test]` per case. Failure messages say what the contract expected and why,
//! so a learner can fix the code from the message alone.

use std::fmt;

use proptest::prelude::*;

use testkit::alloc::measure;
use testkit::property::{TestCaseError, check_explained, same, steps};

use crate::naive::with_hash_set;
use crate::{CycleFn, SinglyLinkedList};

fn list<L: SinglyLinkedList<u32>>(values: &[u32]) -> L {
    values.iter().copied().collect()
}

fn values<L: SinglyLinkedList<u32>>(list: &L) -> Vec<u32> {
    list.to_vec().into_iter().copied().collect()
}

/// An empty list has no front, no middle and nothing from the end.
pub fn an_empty_list_has_no_middle<L: SinglyLinkedList<u32>>() {
    let l = L::new();
    assert_eq!(l.len(), 0, "a new list is empty");
    assert!(l.is_empty(), "a new list is empty");
    assert_eq!(l.peek_front(), None, "an empty list has no front");
    assert_eq!(l.middle(), None, "an empty list has no middle");
    assert_eq!(l.first_middle(), None, "an empty list has no first middle");
    assert_eq!(l.nth_from_end(0), None, "an empty list has no last value");
}

/// `push_front` and `pop_front` work like a stack.
pub fn push_and_pop_are_last_in_first_out<L: SinglyLinkedList<u32>>() {
    let mut l = L::new();
    l.push_front(1);
    l.push_front(2);
    assert_eq!(
        l.peek_front(),
        Some(&2),
        "the last value pushed is at the front"
    );
    assert_eq!(l.len(), 2, "two pushes, two values");
    assert_eq!(l.pop_front(), Some(2), "pop returns the last value pushed");
    assert_eq!(l.pop_front(), Some(1), "then the one before");
    assert_eq!(l.pop_front(), None, "then nothing");
    assert_eq!(l.len(), 0, "len follows the pops");
}

/// Collecting keeps the iterator's order: the first item is at the front.
pub fn collecting_keeps_the_order<L: SinglyLinkedList<u32>>() {
    let l: L = list(&[1, 2, 3]);
    assert_eq!(values(&l), [1, 2, 3], "collect builds front to back");
    assert_eq!(l.len(), 3, "len counts collected values");
    assert_eq!(l.peek_front(), Some(&1), "the first item is at the front");
}

/// The middle of a one-node list is that node, both ways.
pub fn the_middle_of_one_is_that_one<L: SinglyLinkedList<u32>>() {
    let l: L = list(&[7]);
    assert_eq!(l.middle(), Some(&7), "middle of [7]");
    assert_eq!(l.first_middle(), Some(&7), "first middle of [7]");
}

/// Two nodes: the middle is the second, the first middle is the first.
pub fn the_middles_of_two_are_the_two<L: SinglyLinkedList<u32>>() {
    let l: L = list(&[1, 2]);
    assert_eq!(
        l.middle(),
        Some(&2),
        "middle of [1, 2] is the second middle"
    );
    assert_eq!(l.first_middle(), Some(&1), "first middle of [1, 2]");
}

/// An odd length has one middle, and both methods return it.
pub fn an_odd_length_has_one_middle<L: SinglyLinkedList<u32>>() {
    let l: L = list(&[1, 2, 3, 4, 5]);
    assert_eq!(l.middle(), Some(&3), "middle of [1, 2, 3, 4, 5]");
    assert_eq!(
        l.first_middle(),
        Some(&3),
        "first middle of [1, 2, 3, 4, 5]"
    );
}

/// An even length has two middles: `middle` gives the second (LeetCode 876),
/// `first_middle` the first.
pub fn an_even_length_has_two_middles<L: SinglyLinkedList<u32>>() {
    let l: L = list(&[1, 2, 3, 4, 5, 6]);
    assert_eq!(
        l.middle(),
        Some(&4),
        "middle of [1..=6] is the second middle, 4"
    );
    assert_eq!(l.first_middle(), Some(&3), "first middle of [1..=6] is 3");
}

/// `nth_from_end(0)` is the last value, `nth_from_end(len - 1)` the first, and past that
/// there is nothing.
pub fn nth_from_end_counts_back_from_the_last<L: SinglyLinkedList<u32>>() {
    let l: L = list(&[1, 2, 3, 4, 5]);
    assert_eq!(
        l.nth_from_end(0),
        Some(&5),
        "nth_from_end(0) is the last value"
    );
    assert_eq!(
        l.nth_from_end(1),
        Some(&4),
        "nth_from_end(1) is the one before"
    );
    assert_eq!(
        l.nth_from_end(4),
        Some(&1),
        "nth_from_end(len - 1) is the first"
    );
    assert_eq!(
        l.nth_from_end(5),
        None,
        "nth_from_end(len) is past the front"
    );
    assert_eq!(
        l.nth_from_end(usize::MAX),
        None,
        "a huge n is simply past the front"
    );
}

/// `reverse` turns the list around in place.
pub fn reverse_turns_the_list_around<L: SinglyLinkedList<u32>>() {
    let mut l: L = list(&[1, 2, 3, 4]);
    l.reverse();
    assert_eq!(values(&l), [4, 3, 2, 1], "reverse of [1, 2, 3, 4]");
    assert_eq!(l.len(), 4, "reverse keeps every value");
    assert_eq!(l.middle(), Some(&2), "the middle follows the new order");
    let mut empty = L::new();
    empty.reverse();
    assert!(empty.is_empty(), "reversing an empty list is a no-op");
}

/// A list of a million nodes drops without overflowing the stack. A derived (recursive)
/// drop uses one stack frame per node and crashes the test process here.
pub fn a_long_list_drops_without_overflowing_the_stack<L: SinglyLinkedList<u32>>() {
    let mut l = L::new();
    for i in 0..1_000_000 {
        l.push_front(i);
    }
    assert_eq!(
        l.middle(),
        Some(&499_999),
        "pushing 0..1,000,000 at the front leaves 999,999 first; index 500,000 holds 499,999"
    );
    drop(l);
}

/// One step of [`agrees_with_a_vec`]'s random workload.
#[derive(Debug, Clone)]
pub enum Op {
    /// `push_front(value)`
    Push(u32),
    /// `pop_front()`
    Pop,
    /// `reverse()`
    Reverse,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Push(x) => write!(f, "push_front({x})"),
            Op::Pop => write!(f, "pop_front()"),
            Op::Reverse => write!(f, "reverse()"),
        }
    }
}

/// Random sequences of pushes, pops and reversals on a list built from random values
/// behave like a `Vec`: same values in the same order, and `middle` = `v[len / 2]`,
/// `first_middle` = `v[(len - 1) / 2]`, `nth_from_end(n)` = `v[len - 1 - n]` after
/// every step.
pub fn agrees_with_a_vec<L: SinglyLinkedList<u32>>() {
    let op = prop_oneof![
        3 => any::<u32>().prop_map(Op::Push),
        2 => Just(Op::Pop),
        1 => Just(Op::Reverse),
    ];
    let strategy = (
        prop::collection::vec(any::<u32>(), 0..40),
        prop::collection::vec(op, 0..60),
    );
    let explain = |(start, ops): &(Vec<u32>, Vec<Op>)| {
        format!("a list of {start:?} (front first), then\n{}", steps(ops))
    };
    check_explained(&strategy, explain, |(start, ops)| {
        let mut l: L = list(&start);
        let mut model = start;
        check_against(&l, &model, "after collecting")?;
        for (step, op) in ops.iter().enumerate() {
            match *op {
                Op::Push(x) => {
                    l.push_front(x);
                    model.insert(0, x);
                }
                Op::Pop => {
                    let expected = (!model.is_empty()).then(|| model.remove(0));
                    same(l.pop_front(), expected, || {
                        format!("pop_front() at step {}", step + 1)
                    })?;
                }
                Op::Reverse => {
                    l.reverse();
                    model.reverse();
                }
            }
            check_against(&l, &model, &format!("after step {}, {op}", step + 1))?;
        }
        Ok(())
    });
}

fn check_against<L: SinglyLinkedList<u32>>(
    l: &L,
    v: &[u32],
    when: &str,
) -> Result<(), TestCaseError> {
    let n = v.len();
    same(values(l), v.to_vec(), || format!("values {when}"))?;
    same(l.len(), n, || format!("len {when}"))?;
    same(l.middle(), v.get(n / 2), || {
        format!("middle {when} (v[len / 2])")
    })?;
    let first = n.checked_sub(1).map(|m| &v[m / 2]);
    same(l.first_middle(), first, || {
        format!("first_middle {when} (v[(len - 1) / 2])")
    })?;
    for k in 0..n + 2 {
        let expected = n.checked_sub(k + 1).map(|i| &v[i]);
        same(l.nth_from_end(k), expected, || {
            format!("nth_from_end({k}) {when}")
        })?;
    }
    Ok(())
}

/// A list that ends has no cycle: both functions say `None`.
pub fn a_list_that_ends_has_no_cycle(find_start: CycleFn, length: CycleFn) {
    let chain = [Some(1), Some(2), Some(3), None];
    assert_eq!(
        find_start(&chain, 0),
        None,
        "0 -> 1 -> 2 -> 3 -> end has no cycle"
    );
    assert_eq!(
        length(&chain, 0),
        None,
        "a list that ends has no cycle length"
    );
    assert_eq!(
        find_start(&[None], 0),
        None,
        "a single node with no successor"
    );
}

/// A node whose successor is itself is a cycle of one.
pub fn a_self_loop_is_a_cycle_of_one(find_start: CycleFn, length: CycleFn) {
    assert_eq!(
        find_start(&[Some(0)], 0),
        Some(0),
        "0 -> 0 starts its cycle at 0"
    );
    assert_eq!(length(&[Some(0)], 0), Some(1), "a self-loop has length 1");
    let tail_then_loop = [Some(1), Some(2), Some(2)];
    assert_eq!(
        find_start(&tail_then_loop, 0),
        Some(2),
        "0 -> 1 -> 2 -> 2 starts at 2"
    );
    assert_eq!(length(&tail_then_loop, 0), Some(1), "and has length 1");
}

/// A ρ-shaped walk: a tail, then a loop. The start is where the tail joins the loop,
/// not where the pointers first meet.
pub fn finds_where_the_tail_joins_the_loop(find_start: CycleFn, length: CycleFn) {
    // 0 -> 1 -> 2 -> 3 -> 4 -> 5 -> 6 -> 3: tail of 3, cycle of 4.
    let rho = [
        Some(1),
        Some(2),
        Some(3),
        Some(4),
        Some(5),
        Some(6),
        Some(3),
    ];
    assert_eq!(
        find_start(&rho, 0),
        Some(3),
        "the tail 0, 1, 2 joins the loop at 3"
    );
    assert_eq!(length(&rho, 0), Some(4), "the loop 3, 4, 5, 6 has length 4");
    assert_eq!(
        find_start(&rho, 5),
        Some(5),
        "starting on the loop, the start is the head"
    );
    // The whole list is one loop.
    let ring = [Some(1), Some(2), Some(0)];
    assert_eq!(find_start(&ring, 0), Some(0), "a ring starts at the head");
    assert_eq!(length(&ring, 2), Some(3), "a ring of three");
}

/// On random functional graphs (every node has at most one successor) both functions
/// agree with a hash-set walk that remembers every node it has seen.
pub fn cycles_agree_with_a_hash_set_oracle(find_start: CycleFn, length: CycleFn) {
    check_explained(&functional_graph(60), explain_links, |(next, head)| {
        let (oracle, _) = with_hash_set(head, |i| next[i]);
        same(find_start(&next, head), oracle.map(|c| c.start), || {
            format!("find_cycle_start(next = {next:?}, head = {head})")
        })?;
        same(length(&next, head), oracle.map(|c| c.length), || {
            format!("cycle_length(next = {next:?}, head = {head})")
        })
    });
}

/// A functional graph in words: its links one per line, `3 → 0`, `4 → end`.
fn explain_links((next, head): &(Vec<Option<usize>>, usize)) -> String {
    let links = next.iter().enumerate().map(|(node, link)| match link {
        Some(to) => format!("{node} → {to}"),
        None => format!("{node} → end"),
    });
    format!("the head is node {head}; the links are\n{}", steps(links))
}

/// Random functional graphs of 1 to `max_nodes - 1` nodes, each node with at most one
/// successor (one in seven ends the list), and a random head: `(next, head)`.
pub fn functional_graph(max_nodes: usize) -> impl Strategy<Value = (Vec<Option<usize>>, usize)> {
    (1usize..max_nodes).prop_flat_map(|n| {
        let link = prop_oneof![1 => Just(None), 6 => (0..n).prop_map(Some)];
        (prop::collection::vec(link, n), 0..n)
    })
}

/// A byte count for a message, thousands separated: `80,000`.
fn bytes(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Runs `query` under the counting allocator and fails, naming `what` and the bytes,
/// unless it allocated nothing; returns its answer.
#[track_caller]
fn allocates_nothing<R>(what: &str, on: &str, expected: &str, query: impl FnOnce() -> R) -> R {
    let (answer, stats) = measure(query);
    assert!(
        stats.bytes == 0,
        "your {what} allocated {} bytes on {on}: that is O(n) extra space, expected O(1) \
         ({expected})",
        bytes(stats.bytes)
    );
    answer
}

/// The two-pointer queries need O(1) extra memory: on a 10,000-node list, `middle`,
/// `first_middle` and `nth_from_end` allocate nothing at all (measured by the counting
/// allocator the generated tests install). Copying the list into a `Vec` to index it
/// gives the right answers and fails here with the bytes it allocated.
pub fn the_middle_needs_no_extra_memory<L: SinglyLinkedList<u32>>() {
    const N: u32 = 10_000;
    let l: L = (0..N).collect();
    let on = "a 10,000-node list";
    let expected = "no Vec, no HashSet: walk two cursors along the links";
    let middle = allocates_nothing("middle", on, expected, || l.middle().copied());
    assert_eq!(middle, Some(N / 2), "middle of 0..10,000 (index 5,000)");
    let first = allocates_nothing("first_middle", on, expected, || l.first_middle().copied());
    assert_eq!(
        first,
        Some(N / 2 - 1),
        "first_middle of 0..10,000 (index 4,999)"
    );
    let last = allocates_nothing("nth_from_end", on, expected, || l.nth_from_end(0).copied());
    assert_eq!(last, Some(N - 1), "nth_from_end(0) of 0..10,000");
    let quarter = allocates_nothing("nth_from_end", on, expected, || {
        l.nth_from_end(2_500).copied()
    });
    assert_eq!(quarter, Some(7_499), "nth_from_end(2,500) of 0..10,000");
}

/// Floyd's cycle detection needs O(1) extra memory: on a 10,000-node ρ (a tail of 5,000
/// nodes joining a loop of 5,000), `find_cycle_start` and `cycle_length` allocate
/// nothing at all. A walk that remembers the nodes it has seen in a hash set (the
/// oracle) is correct, and fails here with the bytes its set took.
pub fn cycles_need_no_extra_memory(find_start: CycleFn, length: CycleFn) {
    const N: usize = 10_000;
    // 0 -> 1 -> ... -> 9,999 -> 5,000.
    let next: Vec<Option<usize>> = (0..N)
        .map(|i| Some(if i + 1 == N { N / 2 } else { i + 1 }))
        .collect();
    let on = "a 10,000-node rho";
    let expected = "Floyd's two pointers, no HashSet of visited nodes";
    let start = allocates_nothing("find_cycle_start", on, expected, || find_start(&next, 0));
    assert_eq!(
        start,
        Some(N / 2),
        "the tail 0..5,000 joins the loop at 5,000"
    );
    let cycle = allocates_nothing("cycle_length", on, expected, || length(&next, 0));
    assert_eq!(cycle, Some(N / 2), "the loop 5,000..10,000 has 5,000 nodes");
}
