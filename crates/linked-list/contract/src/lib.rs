//! The linked-list contract: what question 6's reference and the learner's exercise both
//! implement, and the cases both must pass.
//!
//! - [`SinglyLinkedList`]: the trait, the contract of a singly linked list with the
//!   two-pointer queries (`middle`, `first_middle`, `nth_from_end`);
//! - [`CycleFn`]: the signature of the two cycle functions, `find_cycle_start` and
//!   `cycle_length`, which take an array-backed list (`next[i]` is node `i`'s successor);
//! - [`Cycle`]: what a walk that finds a cycle reports (start, length λ, tail μ, steps);
//! - [`cases`]: the named cases, one function each, in teaching order in the topic's
//!   manifest, with property tests against a `Vec` and against [`naive::with_hash_set`];
//! - [`naive`]: the obvious cycle finder, a hash set of the nodes seen, the oracle;
//! - [`conformance_tests!`]: one `#[test]` per case for a list type and the two cycle
//!   functions, with the counting allocator installed for the memory cases;
//!   [`correctness_tests!`] leaves out those cost cases.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases and
//! cannot import the reference's solution:
//!
//! ```text
//! // exercises/linked-list/tests/conformance.rs
//! linked_list_contract::conformance_tests!(
//!     list: linked_list_exercise::List,
//!     find_cycle_start: linked_list_exercise::cycle::find_cycle_start,
//!     cycle_length: linked_list_exercise::cycle::cycle_length,
//! );
//! ```

#![forbid(unsafe_code)]

pub mod cases;
pub mod naive;

/// The counting allocator the generated tests install as their binary's global
/// allocator, so the memory cases can measure what a query allocates; re-exported so
/// the macros can name it through this crate (the exercise does not depend on testkit).
pub use testkit::alloc::CountingAllocator;

/// The list operations the conformance cases check.
///
/// The reference `linked_list::List` implements it by forwarding to its inherent methods
/// (so its callers need no trait import); the exercise's list implements it directly.
/// Building a list with `collect` keeps the iterator's order: the first item ends up at
/// the front.
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

/// A cycle function's signature: `(next, head) -> answer`, where `next[i]` is node `i`'s
/// successor (`None` ends the list) and the walk starts at `head`.
///
/// `find_cycle_start` answers the node where the walk enters its cycle, `cycle_length`
/// the number of nodes on that cycle; both answer `None` when the walk reaches an end.
pub type CycleFn = fn(&[Option<usize>], usize) -> Option<usize>;

/// A cycle found by a walk: where it starts and how it is shaped.
///
/// A walk from the head either ends or, after a *tail* of μ nodes, enters a *cycle* of
/// λ nodes and goes round forever: the shape of the letter ρ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cycle<T> {
    /// The first node of the walk that lies on the cycle.
    pub start: T,
    /// λ: the number of nodes on the cycle (1 for a self-loop).
    pub length: usize,
    /// μ: the number of nodes before `start` (0 when the head is on the cycle).
    pub tail: usize,
    /// How many times the algorithm called the successor function: its cost.
    pub steps: usize,
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a list type constructor (`List<T>`, tested
    /// as `List<u32>`) and the two cycle functions, each a [`CycleFn`].
    ///
    /// ```text
    /// linked_list_contract::conformance_tests!(
    ///     list: linked_list_exercise::List,
    ///     find_cycle_start: linked_list_exercise::cycle::find_cycle_start,
    ///     cycle_length: linked_list_exercise::cycle::cycle_length,
    /// );
    /// ```
    ///
    /// It installs [`CountingAllocator`] as the test binary's `#[global_allocator]`: a
    /// binary has only one, so expand this macro (or `correctness_tests!`) once per test
    /// binary, and declare no other global allocator beside it.
    macro conformance_tests(
        list: $($list:ident)::+,
        find_cycle_start: $find_cycle_start:path,
        cycle_length: $cycle_length:path $(,)?
    ) {
        /// The list type under test.
        type ConformanceList<T> = $($list)::+<T>;
        /// The cycle function signature.
        type ConformanceCycleFn = $crate::CycleFn;
        /// The cycle-start function under test.
        const FIND_CYCLE_START: ConformanceCycleFn = $find_cycle_start;
        /// The cycle-length function under test.
        const CYCLE_LENGTH: ConformanceCycleFn = $cycle_length;
        /// Counts the bytes each test thread allocates, for the memory cases.
        #[global_allocator]
        static COUNTING_ALLOCATOR: $crate::CountingAllocator = $crate::CountingAllocator::new();
    }
    /// The cases without the memory cases, for an implementation that is correct but
    /// not O(1) in space. It installs the counting allocator too.
    macro correctness_tests;
    cases [$crate::cases] {
        an_empty_list_has_no_middle::<ConformanceList<u32>>(),
        push_and_pop_are_last_in_first_out::<ConformanceList<u32>>(),
        collecting_keeps_the_order::<ConformanceList<u32>>(),
        the_middle_of_one_is_that_one::<ConformanceList<u32>>(),
        the_middles_of_two_are_the_two::<ConformanceList<u32>>(),
        an_odd_length_has_one_middle::<ConformanceList<u32>>(),
        an_even_length_has_two_middles::<ConformanceList<u32>>(),
        nth_from_end_counts_back_from_the_last::<ConformanceList<u32>>(),
        reverse_turns_the_list_around::<ConformanceList<u32>>(),
        agrees_with_a_vec::<ConformanceList<u32>>(),
        a_long_list_drops_without_overflowing_the_stack::<ConformanceList<u32>>(),
        a_list_that_ends_has_no_cycle(FIND_CYCLE_START, CYCLE_LENGTH),
        a_self_loop_is_a_cycle_of_one(FIND_CYCLE_START, CYCLE_LENGTH),
        finds_where_the_tail_joins_the_loop(FIND_CYCLE_START, CYCLE_LENGTH),
        cycles_agree_with_a_hash_set_oracle(FIND_CYCLE_START, CYCLE_LENGTH),
    }
    costs {
        the_middle_needs_no_extra_memory::<ConformanceList<u32>>(),
        cycles_need_no_extra_memory(FIND_CYCLE_START, CYCLE_LENGTH),
    }
}
