//! The same conformance cases the reference passes, run on your jump hash and ring.
//! Run them with `cargo lab check consistent-hashing`.

consistent_hashing_contract::conformance_tests!(
    ring: consistent_hashing_exercise::HashRing,
    jump: consistent_hashing_exercise::jump_hash,
);
