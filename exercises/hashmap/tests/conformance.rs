//! The same conformance cases the reference passes. Run them with `cargo lab check hashmap`.

hashmap_contract::conformance_tests!(hashmap_exercise::HashMap);
