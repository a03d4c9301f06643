//! The oracle passes the named cycle cases it is compared against in the property case,
//! so a bug in the oracle cannot hide behind agreement. (The list cases compare with a
//! `Vec` written inline; no list oracle implements the trait.)

use linked_list_contract::{CycleFn, cases, naive::with_hash_set};

/// The oracle's cycle start, as a [`CycleFn`].
const FIND_CYCLE_START: CycleFn = |next, head| with_hash_set(head, |i| next[i]).0.map(|c| c.start);
/// The oracle's cycle length, as a [`CycleFn`].
const CYCLE_LENGTH: CycleFn = |next, head| with_hash_set(head, |i| next[i]).0.map(|c| c.length);

#[test]
fn a_list_that_ends_has_no_cycle() {
    cases::a_list_that_ends_has_no_cycle(FIND_CYCLE_START, CYCLE_LENGTH);
}

#[test]
fn a_self_loop_is_a_cycle_of_one() {
    cases::a_self_loop_is_a_cycle_of_one(FIND_CYCLE_START, CYCLE_LENGTH);
}

#[test]
fn finds_where_the_tail_joins_the_loop() {
    cases::finds_where_the_tail_joins_the_loop(FIND_CYCLE_START, CYCLE_LENGTH);
}

#[test]
fn reports_the_tail_and_the_nodes_it_remembered() {
    // 0 -> 1 -> 2 -> 3 -> 4 -> 2: a tail of two, a cycle of three; five nodes remembered.
    let next = [Some(1), Some(2), Some(3), Some(4), Some(2)];
    let (cycle, remembered) = with_hash_set(0usize, |i| next[i]);
    let cycle = cycle.expect("a cycle");
    assert_eq!((cycle.start, cycle.length, cycle.tail), (2, 3, 2));
    assert_eq!(cycle.steps, 5, "one successor call per node remembered");
    assert_eq!(remembered, 5);
    let (none, remembered) = with_hash_set(0usize, |i| [Some(1), None][i]);
    assert_eq!(
        (none, remembered),
        (None, 2),
        "a list that ends: every node walked"
    );
}

/// The cycle memory case can fail: the oracle's hash set holds every node of the walk,
/// and the case says so with the bytes. (The counting allocator it needs is this test
/// binary's global allocator, installed by the one `conformance_tests!` in
/// `conformance.rs`.)
#[test]
#[should_panic(
    expected = "bytes on a 10,000-node rho: that is O(n) extra space, expected O(1) \
                (Floyd's two pointers, no HashSet of visited nodes)"
)]
fn the_oracle_fails_the_cycle_memory_case() {
    cases::cycles_need_no_extra_memory(FIND_CYCLE_START, CYCLE_LENGTH);
}
