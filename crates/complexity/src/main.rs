//! The complexity demo: `cargo lab demo complexity` runs this binary and renders the
//! report it prints as JSON.

#![forbid(unsafe_code)]

// The demo counts bytes: every allocation goes through the counting allocator.
#[global_allocator]
static ALLOCATOR: complexity::alloc::CountingAllocator =
    complexity::alloc::CountingAllocator::new();

evidence::demo_main!(complexity::demo::run);
