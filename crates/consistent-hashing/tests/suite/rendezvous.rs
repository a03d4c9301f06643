//! Rendezvous hashing keeps the placement contract too (jump hash's cases run again
//! beside it: the macro takes both).

consistent_hashing_contract::conformance_tests!(
    ring: consistent_hashing::Rendezvous,
    jump: consistent_hashing::jump_hash,
);
