//! The counting allocator, installed as this test binary's global allocator.

use testkit::alloc::{AllocStats, CountingAllocator, measure};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator::new();

#[test]
fn a_vec_of_a_thousand_u64_allocates_8000_bytes_once() {
    let (v, stats) = measure(|| vec![0u64; 1_000]);
    assert_eq!(v.len(), 1_000);
    assert_eq!(
        stats,
        AllocStats {
            allocations: 1,
            bytes: 8_000,
            peak: 8_000
        }
    );
}

#[test]
fn pushing_grows_by_doubling_and_counts_every_copy() {
    let (v, stats) = measure(|| {
        let mut v = Vec::new();
        for i in 0..1_000u64 {
            v.push(i);
        }
        v
    });
    assert_eq!(v.len(), 1_000);
    // Capacities 4, 8, ..., 1,024: nine allocations, and in all fewer bytes than twice
    // the final buffer (4 + 8 + ... + 1,024 = 2,044 elements): amortised O(1) per push.
    assert_eq!(stats.allocations, 9);
    assert_eq!(stats.bytes, 2_044 * 8, "{stats:?}");
    assert!(stats.bytes < 2 * 1_024 * 8);
    assert_eq!(stats.peak, 1_024 * 8, "the last buffer is what stays live");
}

#[test]
fn work_that_allocates_nothing_measures_zero() {
    let data: Vec<u64> = (0..10_000).collect();
    let (sum, stats) = measure(|| data.iter().sum::<u64>());
    assert_eq!(sum, 49_995_000);
    assert_eq!(stats, AllocStats::default());
}

#[test]
fn peak_counts_memory_freed_before_the_end() {
    let (_, stats) = measure(|| {
        let big = vec![0u8; 100_000];
        drop(big);
        vec![0u8; 10]
    });
    assert_eq!(stats.bytes, 100_010);
    assert_eq!(stats.peak, 100_000, "the 100,000 bytes were live at once");
}

#[test]
fn other_threads_are_not_charged() {
    let (_, stats) = measure(|| {
        std::thread::spawn(|| vec![0u8; 1_000_000]).join().unwrap();
    });
    assert!(stats.bytes < 1_000_000, "{stats:?}");
}
