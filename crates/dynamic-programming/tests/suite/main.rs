//! The dynamic-programming crate's integration tests, in one binary: each file below
//! would otherwise be a test binary of its own, compiled and linked at opt-level 3 once
//! per file.

mod bit_parallel;
mod conformance;
mod demo;
mod oracle;
mod reference;

/// Counts what each test thread allocates: the demo's space claim counts the bytes of
/// the edit-distance tables, and `reference.rs` checks what the functions allocate.
#[global_allocator]
static ALLOCATOR: testkit::alloc::CountingAllocator = testkit::alloc::CountingAllocator::new();
