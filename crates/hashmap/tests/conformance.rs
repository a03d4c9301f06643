//! The reference passes its own conformance suite, and so do the two oracles the
//! differential tests compare against (so the oracles are checked by the named cases).

mod reference {
    hashmap::conformance_tests!(hashmap::HashMap);
}

mod chaining_oracle {
    hashmap::conformance_tests!(hashmap::chaining::ChainedHashMap);
}

mod std_oracle {
    hashmap::conformance_tests!(std::collections::HashMap);
}
