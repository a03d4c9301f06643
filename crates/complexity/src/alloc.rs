//! Counting the memory: allocations, bytes and peak live bytes, per thread.
//!
//! Space complexity is extra memory, and a global allocator can count it. Install
//! [`CountingAllocator`] (a `const fn new`, so it fits a `static`) as the binary's
//! `#[global_allocator]`; it forwards every call to the system allocator and counts on
//! the calling thread. [`measure`] runs a closure and returns its [`AllocStats`]: the
//! allocations it made (a reallocation counts as one), the bytes they requested, and
//! the peak of live bytes above the level at the start, which is the closure's extra
//! space at its worst moment.
//!
//! The counters are `const`-initialised thread-locals read with `try_with`, so the
//! allocator never allocates or recurses to count, and stays safe while a thread shuts
//! down. Memory another thread allocates is not charged to the closure.
//!
//! [`measure`] panics, naming `#[global_allocator]`, when the counting allocator is not
//! installed: the counts would all be zero, and every "allocates nothing" claim would
//! pass. (It checks with a one-byte allocation of its own.)
//!
//! These are the workspace's one counting allocator, [`testkit::alloc`], which the
//! contracts' memory cases use; this crate re-exports them under the names of the
//! answer. This crate's demo binary and test suite install it.
//!
//! ```text
//! #[global_allocator]
//! static ALLOCATOR: complexity::alloc::CountingAllocator =
//!     complexity::alloc::CountingAllocator::new();
//!
//! let (v, stats) = complexity::alloc::measure(|| Vec::<u64>::with_capacity(1_000));
//! assert_eq!((stats.allocations, stats.bytes, stats.peak), (1, 8_000, 8_000));
//! ```
//!
//! Without the allocator installed (as in this doc test, a binary of its own), `measure`
//! refuses to run and says what to add:
//!
//! ```
//! let refused = std::panic::catch_unwind(|| complexity::alloc::measure(|| vec![1u8]));
//! let payload = refused.expect_err("measure panics without the counting allocator");
//! let message = payload
//!     .downcast_ref::<&str>()
//!     .copied()
//!     .or(payload.downcast_ref::<String>().map(String::as_str))
//!     .expect("a text message");
//! assert!(message.contains("#[global_allocator]"), "{message}");
//! ```

pub use testkit::alloc::{AllocStats, CountingAllocator, measure};
