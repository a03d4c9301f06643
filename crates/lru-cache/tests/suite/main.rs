//! The lru-cache crate's integration tests, in one binary: each file below was a test
//! binary of its own, and one binary compiles and links once instead of once per
//! file (the topic crates build at opt-level 3, where that is most of `cargo test`).

mod conformance;
mod demo;
mod oracle;
mod panic_safety;
mod reference;
mod sharded;

/// Counts what each test thread allocates, so `reference.rs` can check that a cache
/// allocates for the entries it holds, not for its capacity.
#[global_allocator]
static ALLOCATOR: testkit::alloc::CountingAllocator = testkit::alloc::CountingAllocator::new();
