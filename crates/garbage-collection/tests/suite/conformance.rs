//! Every collector passes the contract's cases, the same ones the exercise runs: the
//! reference mark-sweep heap, the copying heap and the generational heap (whose
//! `collect` is a full collection).

mod mark_sweep {
    garbage_collection_contract::conformance_tests!(garbage_collection::Heap);
}

mod copying {
    garbage_collection_contract::conformance_tests!(garbage_collection::CopyingHeap);
}

mod generational {
    garbage_collection_contract::conformance_tests!(garbage_collection::GenerationalHeap);
}
