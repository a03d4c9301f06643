//! The reference ring and jump hash pass the contract's cases, the same ones the
//! exercise runs.

consistent_hashing_contract::conformance_tests!(
    ring: consistent_hashing::HashRing,
    jump: consistent_hashing::jump_hash,
);
