//! The reference passes its own conformance suite.

linked_list::conformance_tests!(linked_list);
