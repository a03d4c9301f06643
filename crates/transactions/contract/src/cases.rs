//! The transactions contract as named, generic test cases, plus a model-based property
//! test.
//!
//! Each case is a function generic over the log type, so the reference and the
//! learner's exercise run exactly the same checks;
//! [`conformance_tests!`](crate::conformance_tests) turns them into one `#[test]` per
//! case. The torn-tail and damage cases find frame boundaries from the documented frame
//! format ([`frame_len`]), not from the code under test, so they cut and damage the log
//! exactly where a crash or a bad disk would.
//!
//! Failure messages say what the contract expected and why, so a learner can fix the
//! code from the message alone.

use std::collections::BTreeMap;

use proptest::prelude::*;

use testkit::property::{TestCaseError, check_explained, same, steps};

use crate::{Corruption, Damage, HEADER_LEN, Record, Recovery, WriteAheadLog, checksum};

/// The bytes `record` takes in the log: the 12-byte header and its payload.
///
/// ```
/// use transactions_contract::{Record, cases::frame_len};
///
/// // kind (1) + txn (8): a commit's payload is 9 bytes.
/// assert_eq!(frame_len(&Record::Commit { txn: 1 }), 12 + 9);
/// ```
pub fn frame_len(record: &Record) -> usize {
    let mut payload = Vec::new();
    record.encode_payload(&mut payload);
    HEADER_LEN + payload.len()
}

/// A put record.
pub fn put(txn: u64, key: &str, value: &str) -> Record {
    Record::Put {
        txn,
        key: key.as_bytes().to_vec(),
        value: value.as_bytes().to_vec(),
    }
}

/// A delete record.
pub fn delete(txn: u64, key: &str) -> Record {
    Record::Delete {
        txn,
        key: key.as_bytes().to_vec(),
    }
}

/// A commit record.
pub fn commit(txn: u64) -> Record {
    Record::Commit { txn }
}

/// A record in words, for failure messages.
pub fn describe(record: &Record) -> String {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match record {
        Record::Put { txn, key, value } => {
            format!("txn {txn}: put {:?} = {:?}", text(key), text(value))
        }
        Record::Delete { txn, key } => format!("txn {txn}: delete {:?}", text(key)),
        Record::Commit { txn } => format!("txn {txn}: commit"),
    }
}

/// The log `L` writes for `records`, appended one by one.
fn build<L: WriteAheadLog>(records: &[Record]) -> Vec<u8> {
    let mut log = Vec::new();
    for record in records {
        L::append(&mut log, record);
    }
    log
}

/// What recovery must give for the log `records` write, cut after `cut` bytes, worked
/// out from the frame format and a map: the frames that end at or before the cut are
/// read, and each commit among them applies its transaction's writes.
fn model(records: &[Record], cut: usize) -> Recovery {
    let mut recovery = Recovery::default();
    let mut pending: BTreeMap<u64, Vec<&Record>> = BTreeMap::new();
    let mut end = 0;
    for record in records {
        end += frame_len(record);
        if end > cut {
            break;
        }
        recovery.valid_len = end;
        recovery.last_txn = recovery.last_txn.max(record.txn());
        match record {
            Record::Commit { txn } => {
                for write in pending.remove(txn).unwrap_or_default() {
                    match write {
                        Record::Put { key, value, .. } => {
                            recovery.data.insert(key.clone(), value.clone());
                        }
                        Record::Delete { key, .. } => {
                            recovery.data.remove(key);
                        }
                        Record::Commit { .. } => {}
                    }
                }
                recovery.committed += 1;
            }
            write => pending.entry(write.txn()).or_default().push(write),
        }
    }
    recovery.discarded = pending.len();
    recovery
}

fn listing(records: &[Record]) -> String {
    steps(records.iter().map(describe))
}

fn show(data: &BTreeMap<Vec<u8>, Vec<u8>>) -> String {
    let pairs: Vec<String> = data
        .iter()
        .map(|(k, v)| {
            format!(
                "{:?} = {:?}",
                String::from_utf8_lossy(k),
                String::from_utf8_lossy(v)
            )
        })
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

/// Panics unless `got` is `Ok` and equal to `expected`, saying which field differs.
#[track_caller]
fn expect_recovery(got: Result<Recovery, Corruption>, expected: &Recovery, context: &str) {
    let got = match got {
        Ok(got) => got,
        Err(e) => panic!(
            "{context}: recover returned an error ({e}), but this log is valid up to byte {} \
             and anything after that is a torn tail, which recovery cuts off, never an error",
            expected.valid_len
        ),
    };
    assert!(
        got.data == expected.data,
        "{context}: recovered data {}, expected {}: apply a transaction's puts and deletes \
         only when its commit record is read, in log order, and never a transaction whose \
         commit is missing",
        show(&got.data),
        show(&expected.data)
    );
    assert_eq!(
        got.valid_len, expected.valid_len,
        "{context}: valid_len should be the end of the last whole, valid frame (a frame is \
         {HEADER_LEN} header bytes plus its payload)"
    );
    assert_eq!(
        got.committed, expected.committed,
        "{context}: committed should count the commit records replayed"
    );
    assert_eq!(
        got.discarded, expected.discarded,
        "{context}: discarded should count the transactions with writes but no commit record"
    );
    assert_eq!(
        got.last_txn, expected.last_txn,
        "{context}: last_txn should be the highest transaction id in any valid record"
    );
}

/// Three transactions: two keys set, then one changed and one deleted, then a third key.
fn three_transactions() -> Vec<Record> {
    vec![
        put(1, "alice", "100"),
        put(1, "bob", "50"),
        commit(1),
        put(2, "alice", "70"),
        delete(2, "bob"),
        commit(2),
        put(3, "carol", "30"),
        commit(3),
    ]
}

/// Recovering nothing gives an empty store: no data, nothing valid, nothing replayed.
pub fn an_empty_log_recovers_to_an_empty_store<L: WriteAheadLog>() {
    expect_recovery(
        L::recover(&[]),
        &Recovery::default(),
        "recovering an empty log",
    );
}

/// `append` writes the documented frame: `len`, `checksum(len)`, `checksum(payload)`,
/// little-endian, then the payload; and it appends, keeping what the log held.
pub fn append_writes_the_documented_frame<L: WriteAheadLog>() {
    let record = put(5, "k", "v");
    let mut payload = Vec::new();
    record.encode_payload(&mut payload);
    let len = payload.len() as u32;
    let mut expected = Vec::new();
    expected.extend_from_slice(&len.to_le_bytes());
    expected.extend_from_slice(&checksum(&len.to_le_bytes()).to_le_bytes());
    expected.extend_from_slice(&checksum(&payload).to_le_bytes());
    expected.extend_from_slice(&payload);
    let mut log = b"earlier".to_vec();
    L::append(&mut log, &record);
    assert!(
        log.starts_with(b"earlier"),
        "append must add to the end of the log, keeping the bytes already there"
    );
    let frame = &log[b"earlier".len()..];
    assert_eq!(
        frame.len(),
        expected.len(),
        "appending {} should add {} bytes: a {HEADER_LEN}-byte header and the {len}-byte \
         payload from Record::encode_payload",
        describe(&record),
        expected.len()
    );
    let fields = [
        (0..4, "len (the payload's length, u32 little-endian)"),
        (4..8, "len_crc (checksum of len's 4 bytes)"),
        (8..12, "data_crc (checksum of the payload)"),
        (12..expected.len(), "the payload (Record::encode_payload)"),
    ];
    for (range, name) in fields {
        assert_eq!(
            &frame[range.clone()],
            &expected[range.clone()],
            "bytes {range:?} of the frame should be {name}"
        );
    }
}

/// A transaction's puts take effect when its commit record is read.
pub fn a_committed_transaction_is_replayed<L: WriteAheadLog>() {
    let records = vec![put(1, "alice", "100"), put(1, "bob", "50"), commit(1)];
    let log = build::<L>(&records);
    expect_recovery(
        L::recover(&log),
        &model(&records, log.len()),
        &format!("recovering the log\n{}\n", listing(&records)),
    );
}

/// Writes with no commit record after them belong to a transaction the crash cut off:
/// none of them is applied (atomicity), yet their frames are valid and count in
/// `valid_len`.
pub fn a_transaction_without_its_commit_is_discarded<L: WriteAheadLog>() {
    let records = vec![
        put(1, "alice", "100"),
        commit(1),
        put(2, "alice", "0"),
        put(2, "bob", "100"),
    ];
    let log = build::<L>(&records);
    expect_recovery(
        L::recover(&log),
        &model(&records, log.len()),
        &format!(
            "recovering the log\n{}\n(transaction 2 never committed)",
            listing(&records)
        ),
    );
}

/// A later transaction's put overwrites, and its delete removes, in log order; a put
/// after a delete in the same transaction brings the key back.
pub fn deletes_and_overwrites_apply_in_log_order<L: WriteAheadLog>() {
    let records = vec![
        put(1, "a", "1"),
        put(1, "b", "1"),
        commit(1),
        put(2, "a", "2"),
        delete(2, "b"),
        put(2, "a", "3"),
        delete(2, "c"),
        commit(2),
        delete(3, "a"),
        put(3, "a", "4"),
        commit(3),
    ];
    let log = build::<L>(&records);
    expect_recovery(
        L::recover(&log),
        &model(&records, log.len()),
        &format!("recovering the log\n{}\n", listing(&records)),
    );
}

/// Records of concurrent transactions interleave in the log; each transaction's writes
/// apply at its own commit, so the one that commits last wins.
pub fn interleaved_transactions_apply_at_their_commits<L: WriteAheadLog>() {
    let records = vec![
        put(1, "x", "from txn 1"),
        put(2, "x", "from txn 2"),
        commit(2),
        put(1, "y", "from txn 1"),
        commit(1),
        put(3, "x", "from txn 3"),
    ];
    let log = build::<L>(&records);
    expect_recovery(
        L::recover(&log),
        &model(&records, log.len()),
        &format!(
            "recovering the log\n{}\n(txn 1 commits after txn 2; txn 3 never commits)",
            listing(&records)
        ),
    );
}

/// A crash can cut the log anywhere; cut at every byte offset, recovery succeeds, keeps
/// exactly the whole frames before the cut, and shows no transaction half applied.
pub fn a_torn_tail_at_every_offset_is_cut_off<L: WriteAheadLog>() {
    let records = three_transactions();
    let log = build::<L>(&records);
    for cut in 0..=log.len() {
        expect_recovery(
            L::recover(&log[..cut]),
            &model(&records, cut),
            &format!(
                "the log\n{}\ncut after {cut} of its {} bytes (a crash mid-write)",
                listing(&records),
                log.len()
            ),
        );
    }
}

/// Zeros after the last frame are a torn tail, however many: a file system can extend
/// a file before the data reaches the disk, and a preallocated log is zeros ahead of
/// its writes. A write cut short over those zeros, at any byte of the last
/// transaction, leaves part of a frame followed by zeros: a torn tail too.
pub fn a_zeroed_tail_is_a_torn_tail<L: WriteAheadLog>() {
    let records = three_transactions();
    let log = build::<L>(&records);
    for zeros in [1, HEADER_LEN - 1, HEADER_LEN, HEADER_LEN + 1, 4096] {
        let mut padded = log.clone();
        padded.resize(log.len() + zeros, 0);
        expect_recovery(
            L::recover(&padded),
            &model(&records, log.len()),
            &format!(
                "the log\n{}\nfollowed by {zeros} zero bytes (a tail the file system \
                 extended but never wrote)",
                listing(&records)
            ),
        );
    }
    let before = build::<L>(&records[..6]);
    for written in before.len()..=log.len() {
        let mut torn = log[..written].to_vec();
        torn.resize(log.len() + 64, 0);
        // Zero bytes the write did not reach read the same as zeros it wrote.
        let effective = written + log[written..].iter().take_while(|&&b| b == 0).count();
        expect_recovery(
            L::recover(&torn),
            &model(&records, effective),
            &format!(
                "the log\n{}\nwith only its first {written} of {} bytes written over a \
                 preallocated tail of zeros (a crash mid-write): a frame that fails a check \
                 with only zeros after it is a torn tail, whether its header or its payload \
                 was cut (for a bad len_crc, look at the bytes after the 12-byte header: the \
                 header itself may be partly written)",
                listing(&records),
                log.len()
            ),
        );
    }
}

/// The last frame's payload or payload checksum damaged, with nothing after it: the last
/// write only partly reached the disk, a torn tail. Its transaction is discarded.
pub fn a_damaged_last_record_is_a_torn_tail<L: WriteAheadLog>() {
    let records = three_transactions();
    let log = build::<L>(&records);
    let last = log.len() - frame_len(records.last().expect("three transactions"));
    for at in last + 8..log.len() {
        let mut damaged = log.clone();
        damaged[at] ^= 0x5A;
        expect_recovery(
            L::recover(&damaged),
            &model(&records, last),
            &format!(
                "the log\n{}\nwith byte {at} flipped, in the data_crc or payload of the last \
                 frame (bytes {last}..{}): a frame that fails its payload checksum with \
                 nothing but zeros (here: nothing) after it is a torn tail",
                listing(&records),
                log.len()
            ),
        );
    }
}

/// Damage before the tail is never skipped: flip any byte of a frame that has frames
/// after it and recovery fails, naming the offset where that frame starts. A frame
/// whose checksums match but whose payload is not a record is damage too.
pub fn a_damaged_middle_record_is_an_error_naming_its_offset<L: WriteAheadLog>() {
    let records = three_transactions();
    let log = build::<L>(&records);
    let mut start = 0;
    for (i, record) in records.iter().enumerate().take(records.len() - 1) {
        let end = start + frame_len(record);
        for at in start..end {
            let mut damaged = log.clone();
            damaged[at] ^= 0x5A;
            let field = match at - start {
                0..4 => ("len", Damage::LengthChecksum),
                4..8 => ("len_crc", Damage::LengthChecksum),
                8..12 => ("data_crc", Damage::PayloadChecksum),
                _ => ("payload", Damage::PayloadChecksum),
            };
            let expected = Corruption {
                offset: start,
                damage: field.1,
            };
            let context = format!(
                "the log\n{}\nwith byte {at} flipped, in the {} of frame {} (bytes \
                 {start}..{end}), and valid frames after it",
                listing(&records),
                field.0,
                i + 1
            );
            match L::recover(&damaged) {
                Err(got) => assert_eq!(
                    got, expected,
                    "{context}: the error should name the damaged frame's start and what \
                     failed: a bad len or len_crc fails the length's checksum, a bad \
                     data_crc or payload the payload's"
                ),
                Ok(got) => panic!(
                    "{context}: recover returned Ok (valid_len {}, {} committed), but damage \
                     with valid data after it is not a torn tail: skipping it would \
                     silently lose committed transactions, so recovery must fail with the \
                     offset {start}",
                    got.valid_len, got.committed
                ),
            }
        }
        start = end;
    }
    // Checksums that match around a payload that is not a record (kind 9).
    let mut log = build::<L>(&records[..3]);
    let offset = log.len();
    let payload = [9u8, 0, 0, 0, 0, 0, 0, 0, 0];
    let len = payload.len() as u32;
    log.extend_from_slice(&len.to_le_bytes());
    log.extend_from_slice(&checksum(&len.to_le_bytes()).to_le_bytes());
    log.extend_from_slice(&checksum(&payload).to_le_bytes());
    log.extend_from_slice(&payload);
    assert_eq!(
        L::recover(&log).map(|r| r.valid_len),
        Err(Corruption {
            offset,
            damage: Damage::UnreadablePayload
        }),
        "a frame at byte {offset} has matching checksums but a payload of kind 9, which is \
         no record (Record::decode_payload returns None): that is a writer's bug or \
         damage, never a torn tail"
    );
}

#[derive(Debug, Clone)]
struct Txn {
    writes: Vec<(u8, Option<u8>)>,
    commits: bool,
}

fn records_of(txns: &[Txn], interleave: bool) -> Vec<Record> {
    let mut per_txn: Vec<Vec<Record>> = txns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let txn = i as u64 + 1;
            let mut records: Vec<Record> = t
                .writes
                .iter()
                .map(|&(k, v)| match v {
                    Some(v) => put(txn, &format!("k{k}"), &format!("v{v}")),
                    None => delete(txn, &format!("k{k}")),
                })
                .collect();
            if t.commits {
                records.push(commit(txn));
            }
            records
        })
        .collect();
    if !interleave {
        return per_txn.concat();
    }
    // Round robin: each transaction's records stay in order, transactions interleave.
    let mut out = Vec::new();
    while per_txn.iter().any(|r| !r.is_empty()) {
        for records in &mut per_txn {
            if !records.is_empty() {
                out.push(records.remove(0));
            }
        }
    }
    out
}

/// Model-based: random transactions (puts and deletes on a few keys, most committing),
/// written one after another or interleaved, the log cut at a random offset: recovery
/// gives what the frame format and a map say it must.
pub fn agrees_with_a_model_when_cut_anywhere<L: WriteAheadLog>() {
    let txn = (
        prop::collection::vec((0..6u8, prop::option::weighted(0.8, 0..50u8)), 0..5),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(writes, commits)| Txn { writes, commits });
    let strategy = (
        prop::collection::vec(txn, 0..8),
        any::<bool>(),
        any::<prop::sample::Index>(),
    );
    check_explained(
        &strategy,
        |(txns, interleave, cut)| {
            let records = records_of(txns, *interleave);
            let len: usize = records.iter().map(frame_len).sum();
            format!(
                "the log\n{}\ncut after {} of its {len} bytes",
                listing(&records),
                cut.index(len + 1)
            )
        },
        |(txns, interleave, cut)| {
            let records = records_of(&txns, interleave);
            let log = build::<L>(&records);
            let cut = cut.index(log.len() + 1);
            let expected = model(&records, cut);
            let got = L::recover(&log[..cut])
                .map_err(|e| TestCaseError::fail(format!("recover failed: {e}")))?;
            same(show(&got.data), show(&expected.data), || {
                "the recovered data (committed transactions only, in log order)".to_string()
            })?;
            same(got, expected, || {
                "the whole Recovery (valid_len, committed, discarded, last_txn)".to_string()
            })
        },
    );
}
