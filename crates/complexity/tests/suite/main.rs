//! The complexity crate's integration tests, in one binary (each file below would
//! otherwise be a test binary of its own, compiled and linked at opt-level 3 once per
//! file). The binary installs the counting allocator: the demo and the memory tests
//! measure bytes.

#[global_allocator]
static ALLOCATOR: complexity::alloc::CountingAllocator =
    complexity::alloc::CountingAllocator::new();

mod algorithms;
mod conformance;
mod counting;
mod demo;
mod dfs;
mod fit;
mod oracle;
