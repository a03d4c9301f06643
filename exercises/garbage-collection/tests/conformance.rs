//! The same conformance cases the reference passes. Run them with `cargo lab check garbage-collection`.

garbage_collection_contract::conformance_tests!(garbage_collection_exercise::Heap);
