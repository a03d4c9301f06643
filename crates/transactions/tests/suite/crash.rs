//! Crashes: the child process killed with SIGKILL 200 times, and the log cut at every
//! byte of its last transaction and damaged in the middle, each opened as a store.

use std::path::Path;
use std::time::Duration;

use testkit::watchdog::within;
use transactions::crash::{self, OPENING_BALANCE, account_key, check_store, transfer_key};
use transactions::{Store, StoreError};
use transactions_contract::WriteAheadLog;

/// The demo binary, which is the child with its `transfer-child` subcommand.
const CHILD: &str = env!("CARGO_BIN_EXE_transactions");

#[test]
fn two_hundred_kill_cycles_lose_no_acknowledged_commit_and_half_apply_no_transfer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let report = within(Duration::from_secs(120), "200 kill cycles", move || {
        crash::kill_cycles(Path::new(CHILD), &path, 7, 200, 8)
    })
    .unwrap();
    assert_eq!(report.cycles, 200, "{report:?}");
    assert!(
        report.acknowledged > 0,
        "the child acknowledged no commit in 200 cycles, so the test proved nothing: {report:?}"
    );
    assert!(
        report.committed >= report.acknowledged,
        "fewer transfers in the store than acknowledged: {report:?}"
    );
    assert_eq!(report.lost, 0, "acknowledged commits were lost: {report:?}");
    assert_eq!(report.partial, 0, "a transfer was half applied: {report:?}");
    assert_eq!(report.unbalanced, 0, "the total changed: {report:?}");
}

#[test]
fn the_check_notices_a_half_applied_transfer_and_a_changed_total() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // The child's set-up, then transfer 1 with only its debit applied.
    let mut txn = store.begin();
    for i in 0..4 {
        txn.put(&account_key(i), OPENING_BALANCE.to_string().as_bytes());
    }
    txn.put(crash::SEQ_KEY, b"0");
    txn.commit().unwrap();
    assert_eq!(
        check_store(&store, 3, 4),
        crash::StoreCheck {
            seq: 0,
            replay_matches: true,
            total_matches: true
        }
    );
    let mut txn = store.begin();
    txn.put(&account_key(0), b"900");
    txn.put(&transfer_key(1), b"0 1 100");
    txn.put(crash::SEQ_KEY, b"1");
    txn.commit().unwrap();
    let check = check_store(&store, 3, 4);
    assert!(!check.replay_matches && !check.total_matches, "{check:?}");
}

/// Five committed transactions of two writes each; the log's bytes and where the last
/// transaction's frames start.
fn five_transactions(dir: &Path) -> (Vec<u8>, usize) {
    let store = Store::open(dir).unwrap();
    let mut last_start = 0;
    for i in 0..5u32 {
        last_start = store.stats().log_bytes as usize;
        let mut txn = store.begin();
        txn.put(b"counter", i.to_string().as_bytes());
        txn.put(format!("row/{i}").as_bytes(), b"x");
        txn.commit().unwrap();
    }
    let mut bytes = std::fs::read(store.log_path()).unwrap();
    // Without the preallocated zeros: the frames alone.
    bytes.truncate(store.stats().log_bytes as usize);
    (bytes, last_start)
}

#[test]
fn the_store_opens_its_log_cut_at_every_byte_of_the_last_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (log, last_start) = five_transactions(&dir.path().join("original"));
    for cut in last_start..=log.len() {
        let cut_dir = dir.path().join(format!("cut-{cut}"));
        std::fs::create_dir_all(&cut_dir).unwrap();
        std::fs::write(cut_dir.join(transactions::store::LOG_FILE), &log[..cut]).unwrap();
        let store = Store::open(&cut_dir).unwrap();
        let whole = cut == log.len();
        let expected_counter: &[u8] = if whole { b"4" } else { b"3" };
        assert_eq!(
            (
                store.get(b"counter").as_deref(),
                store.get(b"row/4").is_some()
            ),
            (Some(expected_counter), whole),
            "the log cut at byte {cut} of {}: the last transaction must be all there or not \
             at all",
            log.len()
        );
        let on_disk = std::fs::read(store.log_path()).unwrap();
        let valid = transactions::Wal::recover(&on_disk).unwrap().valid_len;
        assert!(
            (last_start..=cut).contains(&valid) && on_disk[valid..].iter().all(|&b| b == 0),
            "after a cut at byte {cut}, the log should hold whole frames up to a byte in \
             {last_start}..={cut} and zeros after them; it is valid up to {valid}"
        );
        // The store appends after the truncation and reopens cleanly.
        let mut txn = store.begin();
        txn.put(b"after", b"crash");
        txn.commit().unwrap();
        drop(store);
        let reopened = Store::open(&cut_dir).unwrap();
        assert_eq!(reopened.get(b"after").as_deref(), Some(b"crash".as_slice()));
        assert_eq!(reopened.recovered().torn_bytes, 0);
        assert_eq!(reopened.recovered().committed, if whole { 6 } else { 5 });
    }
}

#[test]
fn a_log_damaged_in_the_middle_refuses_to_open_and_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, last_start) = five_transactions(dir.path());
    let at = last_start / 2;
    log[at] ^= 0x01;
    let path = dir.path().join(transactions::store::LOG_FILE);
    std::fs::write(&path, &log).unwrap();
    match Store::open(dir.path()) {
        Err(StoreError::Corrupt { source, .. }) => {
            assert!(
                source.offset <= at,
                "the damaged frame starts at or before byte {at}: {source}"
            );
            assert!(
                source
                    .to_string()
                    .contains(&format!("byte {}", source.offset))
            );
        }
        other => panic!("a flipped bit at byte {at} must be refused, got {other:?}"),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        log,
        "a corrupt log must not be truncated"
    );
}
