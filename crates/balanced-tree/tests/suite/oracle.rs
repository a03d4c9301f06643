//! The naive oracle, a sorted vector read as an implicit perfectly balanced tree,
//! passes the named cases too, shape checks included: a bug in a case that no correct
//! balanced tree could pass would show here first.

balanced_tree_contract::conformance_tests!(balanced_tree_contract::SortedVec);
