//! The same conformance cases the reference passes. Run them with
//! `cargo lab check linked-list`.

linked_list_contract::conformance_tests!(
    list: linked_list_exercise::List,
    find_cycle_start: linked_list_exercise::cycle::find_cycle_start,
    cycle_length: linked_list_exercise::cycle::cycle_length,
);
