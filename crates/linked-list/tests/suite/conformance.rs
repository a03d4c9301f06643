//! The reference passes the contract's cases, the same ones the exercise runs.

linked_list_contract::conformance_tests!(
    list: linked_list::List,
    find_cycle_start: linked_list::cycle::find_cycle_start,
    cycle_length: linked_list::cycle::cycle_length,
);
