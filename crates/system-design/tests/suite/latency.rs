//! The measurement plumbing, without asserting any time: the chase is one cycle, the
//! disk files are removed, the loopback server starts and stops.

use system_design::latency::{Chase, Disk, LINE, Loopback, Op};

#[test]
fn a_chase_is_one_cycle_through_every_line_for_any_seed() {
    for (bytes, seed) in [(2 * LINE, 1), (LINE * 1_000, 2), (1 << 20, 3), (1 << 20, 4)] {
        let walk = Chase::new(bytes, seed).walk();
        assert_eq!(walk.steps, walk.lines, "{bytes} bytes, seed {seed}");
        assert_eq!(walk.lines, (bytes / LINE) as u64);
    }
    let a = Chase::new(1 << 16, 5).walk();
    let b = Chase::new(1 << 16, 5).walk();
    assert_eq!(a, b, "a seed fixes the order");
}

#[test]
fn the_disk_files_are_removed_when_the_measurements_end() {
    let mut disk = Disk::new(7).expect("a temporary file can be written");
    let path = disk.data_path().to_path_buf();
    assert!(path.is_file());
    assert!(disk.random_4kib_ns().expect("the reads succeed") > 0.0);
    assert!(disk.read_mib_ns().expect("the reads succeed") > 0.0);
    assert!(disk.fsync_ns().expect("the writes succeed") > 0.0);
    drop(disk);
    assert!(!path.exists(), "{} was left behind", path.display());
}

#[test]
fn the_loopback_server_echoes_and_stops() {
    let mut loopback = Loopback::start().expect("127.0.0.1 accepts a listener");
    assert!(loopback.round_trip_ns() > 0.0);
    // Dropping closes the client, which ends the echo thread, which is joined.
    drop(loopback);
}

#[test]
fn the_quoted_figures_keep_the_2012_ordering() {
    let quoted = |op: Op| op.quoted_2012().unwrap().0;
    assert!(quoted(Op::L1) < quoted(Op::Memory));
    assert!(quoted(Op::Memory) < quoted(Op::Read1MibMemory));
    assert!(quoted(Op::Read1MibMemory) < quoted(Op::Disk1Mib));
    assert_eq!(Op::ALL.len(), 11);
}
