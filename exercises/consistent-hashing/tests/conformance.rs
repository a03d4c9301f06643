//! The reference's conformance suite, run on your jump hash and ring.

consistent_hashing::conformance_tests!(
    ring: consistent_hashing_exercise::HashRing,
    jump: consistent_hashing_exercise::jump_hash
);
