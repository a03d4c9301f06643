//! The same conformance cases the reference passes. Run them with
//! `cargo lab check linked-list`.

linked_list::conformance_tests!(linked_list_exercise);
