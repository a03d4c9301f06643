//! Counting the memory an algorithm allocates: space complexity, measured.
//!
//! Install [`CountingAllocator`] as a test binary's global allocator and [`measure`]
//! reports what a closure allocated on the calling thread: how many allocations, how many
//! bytes in all, and the peak of live bytes above where it started. "O(1) extra space"
//! becomes a number that is the same on every run: a slow/fast middle of a list allocates
//! 0 bytes, copying the list into a `Vec` first allocates 8 bytes a node.
//!
//! ```text
//! #[global_allocator]
//! static ALLOCATOR: testkit::alloc::CountingAllocator = testkit::alloc::CountingAllocator::new();
//!
//! let (v, stats) = testkit::alloc::measure(|| vec![0u64; 1_000]);
//! assert_eq!(stats.bytes, 8_000);
//! ```
//!
//! Counting is per thread (tests run in parallel), so memory another thread allocates is
//! not charged to the closure, and memory the closure frees on another thread is not
//! credited to it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

/// A global allocator that forwards to the system allocator and counts, per thread, the
/// allocations made while [`measure`] runs.
#[derive(Debug)]
pub struct CountingAllocator {
    _private: (),
}

/// Set by the first allocation through a [`CountingAllocator`]: `measure` refuses to run
/// without one, since it would count nothing and every claim would hold.
static INSTALLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
    /// Live bytes allocated on this thread minus those freed on it (may dip below 0
    /// relative to the start of a measurement, when the closure frees older memory).
    static LIVE: Cell<i64> = const { Cell::new(0) };
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

impl CountingAllocator {
    /// The allocator, for a `static`.
    pub const fn new() -> Self {
        CountingAllocator { _private: () }
    }
}

impl Default for CountingAllocator {
    fn default() -> Self {
        Self::new()
    }
}

/// Adds an allocation of `size` bytes to this thread's counters. `try_with` because the
/// thread-locals may already be gone while a thread shuts down.
fn record_alloc(size: usize) {
    let _ = ALLOCATIONS.try_with(|a| a.set(a.get() + 1));
    let _ = BYTES.try_with(|b| b.set(b.get() + size as u64));
    let _ = LIVE.try_with(|live| {
        let now = live.get() + size as i64;
        live.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn record_free(size: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get() - size as i64));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged and
// only updates thread-local counters beside it, which never allocate.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        INSTALLED.store(true, Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record_alloc(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        INSTALLED.store(true, Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record_alloc(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc` is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) };
        record_free(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc` is passed on unchanged.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // A reallocation is a new allocation of `new_size` bytes and the release of
            // the old block: `Vec` growth counts each time it copies.
            record_free(layout.size());
            record_alloc(new_size);
        }
        new
    }
}

/// What [`measure`] saw the closure allocate on the calling thread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AllocStats {
    /// Allocations (and reallocations) made.
    pub allocations: u64,
    /// Bytes requested by them, in all.
    pub bytes: u64,
    /// The highest live bytes reached above the level at the start: the extra memory the
    /// closure needed at its worst moment.
    pub peak: u64,
}

/// Runs `f` and returns its result with what it allocated on the calling thread.
///
/// # Panics
///
/// When no [`CountingAllocator`] is installed as the `#[global_allocator]`: the counts
/// would all be zero and any "allocates nothing" check would pass.
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, AllocStats) {
    // Make sure something has allocated through the global allocator, then ask whether
    // it was ours.
    drop(std::hint::black_box(Box::new(0u8)));
    assert!(
        INSTALLED.load(Ordering::Relaxed),
        "testkit::alloc::measure needs the counting allocator: add \
         `#[global_allocator] static ALLOCATOR: testkit::alloc::CountingAllocator = \
         testkit::alloc::CountingAllocator::new();` to the test binary"
    );
    let start_allocations = ALLOCATIONS.with(Cell::get);
    let start_bytes = BYTES.with(Cell::get);
    let start_live = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start_live));
    let result = f();
    let stats = AllocStats {
        allocations: ALLOCATIONS.with(Cell::get) - start_allocations,
        bytes: BYTES.with(Cell::get) - start_bytes,
        peak: (PEAK.with(Cell::get) - start_live).max(0) as u64,
    };
    (result, stats)
}
