//! The counting tools under the answer's names: `counted` and `alloc`, per thread.

use complexity::alloc::{AllocStats, measure};
use complexity::counted::{Counted, Ops, count};

#[test]
fn each_comparison_and_hash_counts_once_on_this_thread_only() {
    let (a, b) = (Counted::new(1), Counted::new(2));
    let ((), ops) = count(|| {
        let _ = a == b;
        let _ = a < b;
        let _ = a.cmp(&b);
        std::thread::spawn(move || {
            let _ = a == b;
        })
        .join()
        .unwrap();
        let set: std::collections::HashSet<_> = [a, b].into_iter().collect();
        assert_eq!(set.len(), 2);
    });
    assert_eq!(
        ops.comparisons, 3,
        "{ops:?}: the other thread's == is not counted"
    );
    assert_eq!(ops.hashes, 2);
    assert_eq!(*a.get(), 1);
    assert_eq!(b.into_inner(), 2);
    assert_eq!(count(|| 5).1, Ops::default());
}

#[test]
fn measure_counts_allocations_bytes_and_peak() {
    let (v, stats) = measure(|| Vec::<u64>::with_capacity(1_000));
    assert_eq!(
        stats,
        AllocStats {
            allocations: 1,
            bytes: 8_000,
            peak: 8_000
        }
    );
    drop(v);
    // A temporary freed inside: counted in bytes, and in the peak while it lived.
    let (_, stats) = measure(|| {
        let big = vec![0u8; 4_096];
        drop(big);
        vec![0u8; 100]
    });
    assert_eq!(
        (stats.allocations, stats.bytes, stats.peak),
        (2, 4_196, 4_096)
    );
    let (_, none) = measure(|| (1..=10u64).sum::<u64>());
    assert_eq!(none, AllocStats::default());
}

#[test]
fn measure_ignores_other_threads() {
    let (_, stats) = measure(|| {
        std::thread::spawn(|| vec![0u8; 1 << 20]).join().unwrap();
    });
    assert!(
        stats.bytes < 1 << 20,
        "the spawned thread's megabyte is not charged: {stats:?}"
    );
}

#[test]
fn vec_growth_is_about_log2_n_allocations() {
    let (v, stats) = measure(|| {
        let mut v = Vec::new();
        for i in 0..1_000_000u64 {
            v.push(i);
        }
        v
    });
    let copied = (stats.bytes - 8 * v.capacity() as u64) / 8;
    assert!((16..=21).contains(&stats.allocations), "{stats:?}");
    assert!(copied < 2_000_000, "{copied} elements copied");
}
