//! Rendezvous hashing keeps the placement contract too (jump hash's cases run again
//! beside it: the macro takes both). Its lookups score every node, O(n) by design (the
//! demo weighs that against a ring's O(log n)), so the time-limit case, which asks for a
//! ring's logarithmic lookups, is left out.

consistent_hashing_contract::correctness_tests!(
    ring: consistent_hashing::Rendezvous,
    jump: consistent_hashing::jump_hash,
);
