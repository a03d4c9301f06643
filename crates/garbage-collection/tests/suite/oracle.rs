//! The naive oracle passes the named cases too: a bug in a case that no correct heap
//! could pass would show here first.

garbage_collection_contract::conformance_tests!(garbage_collection_contract::BfsHeap);
