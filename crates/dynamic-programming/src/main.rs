//! The dynamic-programming demo: `cargo lab demo dynamic-programming` runs this binary
//! and renders the report it prints as JSON.

#![forbid(unsafe_code)]

/// Counts the bytes each allocation asks for, so the demo can show the full edit-distance
/// table against two rows in bytes actually allocated.
#[global_allocator]
static ALLOCATOR: testkit::alloc::CountingAllocator = testkit::alloc::CountingAllocator::new();

evidence::demo_main!(dynamic_programming::demo::run);
