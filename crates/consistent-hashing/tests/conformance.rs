//! The conformance suite on the reference ring and on rendezvous hashing: both keep
//! the placement contract; jump hash's cases run with each.

mod ring {
    consistent_hashing::conformance_tests!(
        ring: consistent_hashing::HashRing,
        jump: consistent_hashing::jump_hash
    );
}

mod rendezvous {
    consistent_hashing::conformance_tests!(
        ring: consistent_hashing::Rendezvous,
        jump: consistent_hashing::jump_hash
    );
}
