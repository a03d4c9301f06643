//! The transactions contract: what question 15's write-ahead log and the learner's
//! exercise both implement, and the cases both must pass.
//!
//! A write-ahead log is how a database keeps the A and the D of ACID: every change goes
//! to the end of a file, with a checksum, and is flushed before commit returns; after a
//! crash, recovery reads the file from the start, replays the transactions whose commit
//! record made it, and cuts off a torn tail.
//!
//! - [`Record`]: one log record (a put, a delete, or a transaction's commit) and its
//!   payload encoding, given here so the exercise is about framing and recovery;
//! - [`WriteAheadLog`]: the trait, `append` (frame a record with its checksums) and
//!   `recover` (replay committed transactions, truncate a torn tail, refuse a corrupt
//!   middle);
//! - [`Recovery`] and [`Corruption`]: what recovery returns;
//! - [`cases`]: the named cases, in teaching order in the topic's manifest, and a
//!   model-based property test;
//! - [`NaiveLog`]: the naive oracle, which parses every frame into a list first and
//!   replays the list afterwards;
//! - [`conformance_tests!`]: one `#[test]` per case for a log type.
//!
//! # The frame
//!
//! Every record is written as one frame, all integers little-endian:
//!
//! ```text
//! offset  size  field
//!      0     4  len       the payload's length in bytes
//!      4     4  len_crc   checksum(len's 4 bytes): a torn or flipped length is detected
//!      8     4  data_crc  checksum(payload)
//!     12   len  payload   Record::encode_payload
//! ```
//!
//! [`checksum`] is CRC-32C (Castagnoli), the checksum ext4, iSCSI and RocksDB use. The
//! length has a checksum of its own because recovery must trust it to find the next
//! frame: a length corrupted into a large number would otherwise look like a record
//! that runs past the end of the file, a torn tail, and recovery would silently drop
//! every later record.
//!
//! # Recovery's rules
//!
//! Reading frames from offset 0, at each frame start `o`:
//!
//! 1. no bytes left: the end;
//! 2. fewer than [`HEADER_LEN`] bytes left: a **torn tail** at `o`;
//! 3. `len_crc` does not match: a torn tail at `o` if every byte after the header (from
//!    `o + 12` on) is zero, a write cut short inside a header written over zeros;
//!    otherwise [`Corruption`] at `o`;
//! 4. the frame runs past the end of the log: a torn tail at `o`;
//! 5. `data_crc` does not match: a torn tail at `o` if every byte after the frame (from
//!    its end on) is zero, or there is none: the last write only partly reached the
//!    disk; otherwise [`Corruption`] at `o`: written (non-zero) bytes follow, so this is not a
//!    crash's torn write but damage, and skipping it would silently lose committed data;
//! 6. the payload does not decode: [`Corruption`] at `o`.
//!
//! Zeros count as never written because a log may be *preallocated*: the store fills
//! its file with zeros ahead of the writes (as PostgreSQL zero-fills each WAL segment),
//! so the `fdatasync` after a commit flushes data only, not also the file's new length
//! through the file system's journal. A crash mid-write then leaves part of a frame
//! followed by zeros, which must read as a torn tail.
//!
//! A torn tail ends recovery: [`Recovery::valid_len`] is `o`, and the store truncates
//! its file there. Puts and deletes are buffered per transaction; a commit record
//! applies its transaction's buffer, in log order; transactions with no commit record
//! are discarded. That is atomicity: a transaction is all there or not there.

#![forbid(unsafe_code)]

pub mod cases;
mod naive;

pub use naive::NaiveLog;

use std::collections::BTreeMap;
use std::fmt;

/// The bytes of a frame's header: `len`, `len_crc`, `data_crc`.
pub const HEADER_LEN: usize = 12;

/// CRC-32C (Castagnoli) of `bytes`: the checksum every frame carries.
///
/// ```
/// // The check value of CRC-32C, from its specification (RFC 3720, appendix B.4).
/// assert_eq!(transactions_contract::checksum(b"123456789"), 0xE306_9283);
/// ```
pub fn checksum(bytes: &[u8]) -> u32 {
    crc32c::crc32c(bytes)
}

/// One record of the log. A transaction is its puts and deletes followed by its commit,
/// all carrying the transaction's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// Transaction `txn` sets `key` to `value`.
    Put {
        /// The writing transaction.
        txn: u64,
        /// The key.
        key: Vec<u8>,
        /// The new value.
        value: Vec<u8>,
    },
    /// Transaction `txn` removes `key`.
    Delete {
        /// The writing transaction.
        txn: u64,
        /// The key.
        key: Vec<u8>,
    },
    /// Transaction `txn` committed: its puts and deletes take effect, in log order.
    Commit {
        /// The committing transaction.
        txn: u64,
    },
}

const PUT: u8 = 1;
const DELETE: u8 = 2;
const COMMIT: u8 = 3;

impl Record {
    /// The transaction the record belongs to.
    pub fn txn(&self) -> u64 {
        match self {
            Record::Put { txn, .. } | Record::Delete { txn, .. } | Record::Commit { txn } => *txn,
        }
    }

    /// Appends the record's payload to `out`: a kind byte (1 put, 2 delete, 3 commit),
    /// the transaction id as a little-endian `u64`, then for a put the key and the value
    /// and for a delete the key, each as a little-endian `u32` length and its bytes.
    ///
    /// # Panics
    ///
    /// If a key or value is 4 GiB or longer (its length does not fit the `u32`).
    ///
    /// ```
    /// use transactions_contract::Record;
    ///
    /// let mut out = Vec::new();
    /// Record::Commit { txn: 7 }.encode_payload(&mut out);
    /// assert_eq!(out, [3, 7, 0, 0, 0, 0, 0, 0, 0]);
    /// assert_eq!(Record::decode_payload(&out), Some(Record::Commit { txn: 7 }));
    /// ```
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        fn bytes(out: &mut Vec<u8>, b: &[u8]) {
            let len = u32::try_from(b.len()).expect("a key or value must be under 4 GiB");
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(b);
        }
        let kind = match self {
            Record::Put { .. } => PUT,
            Record::Delete { .. } => DELETE,
            Record::Commit { .. } => COMMIT,
        };
        out.push(kind);
        out.extend_from_slice(&self.txn().to_le_bytes());
        match self {
            Record::Put { key, value, .. } => {
                bytes(out, key);
                bytes(out, value);
            }
            Record::Delete { key, .. } => bytes(out, key),
            Record::Commit { .. } => {}
        }
    }

    /// The record whose payload is `payload`, or `None` when the bytes are not a payload
    /// [`encode_payload`](Record::encode_payload) writes (an unknown kind, a length that
    /// runs past the end, or bytes left over).
    pub fn decode_payload(payload: &[u8]) -> Option<Record> {
        fn take<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
            if rest.len() < n {
                return None;
            }
            let (head, tail) = rest.split_at(n);
            *rest = tail;
            Some(head)
        }
        fn bytes(rest: &mut &[u8]) -> Option<Vec<u8>> {
            let len = u32::from_le_bytes(take(rest, 4)?.try_into().ok()?) as usize;
            take(rest, len).map(<[u8]>::to_vec)
        }
        let mut rest = payload;
        let kind = take(&mut rest, 1)?[0];
        let txn = u64::from_le_bytes(take(&mut rest, 8)?.try_into().ok()?);
        let record = match kind {
            PUT => Record::Put {
                txn,
                key: bytes(&mut rest)?,
                value: bytes(&mut rest)?,
            },
            DELETE => Record::Delete {
                txn,
                key: bytes(&mut rest)?,
            },
            COMMIT => Record::Commit { txn },
            _ => return None,
        };
        rest.is_empty().then_some(record)
    }
}

/// What recovery rebuilt from a log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Every key's value after replaying the committed transactions in log order.
    pub data: BTreeMap<Vec<u8>, Vec<u8>>,
    /// The length of the log's valid prefix: the end of its last whole, valid frame.
    /// Anything after it is a torn tail, which the store truncates.
    pub valid_len: usize,
    /// How many commit records were replayed.
    pub committed: usize,
    /// How many transactions had puts or deletes in the log but no commit record: they
    /// were cut off by a crash, and none of their writes was applied.
    pub discarded: usize,
    /// The highest transaction id in any valid record, 0 for none: a store hands out
    /// ids above it, so a discarded transaction's records never meet a later commit.
    pub last_txn: u64,
}

/// Why a frame that is not a torn tail cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// The length's checksum does not match, and bytes after the header are not all
    /// zero.
    LengthChecksum,
    /// The payload's checksum does not match, and bytes after the frame are not all
    /// zero.
    PayloadChecksum,
    /// The checksums match but the payload is not a record.
    UnreadablePayload,
}

/// A log damaged before its tail: recovery refuses to guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corruption {
    /// Where the damaged frame starts, in bytes from the start of the log.
    pub offset: usize,
    /// What is wrong with it.
    pub damage: Damage,
}

impl fmt::Display for Corruption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.damage {
            Damage::LengthChecksum => "the record length's checksum does not match",
            Damage::PayloadChecksum => "the record's checksum does not match",
            Damage::UnreadablePayload => "the record's checksums match but it is not a record",
        };
        write!(
            f,
            "the log is corrupt at byte {}: {what}, and written (non-zero) bytes follow, so this is \
             damage, not a torn tail; restore the log from a backup or a replica",
            self.offset
        )
    }
}

impl std::error::Error for Corruption {}

/// A write-ahead log's format and recovery, as the conformance cases see it.
///
/// The functions take the log as bytes, so the cases can tear and damage it at every
/// offset; the reference store writes the same bytes to a file and fsyncs them.
///
/// ```
/// use transactions_contract::{NaiveLog, Record, WriteAheadLog};
///
/// let mut log = Vec::new();
/// NaiveLog::append(&mut log, &Record::Put { txn: 1, key: b"a".to_vec(), value: b"1".to_vec() });
/// NaiveLog::append(&mut log, &Record::Commit { txn: 1 });
/// let recovered = NaiveLog::recover(&log).unwrap();
/// assert_eq!(recovered.data.get(b"a".as_slice()), Some(&b"1".to_vec()));
/// assert_eq!((recovered.committed, recovered.valid_len), (1, log.len()));
/// ```
pub trait WriteAheadLog {
    /// Appends `record` to `log` as one frame: the header (`len`, `len_crc`,
    /// `data_crc`, little-endian) and the payload (see the crate docs).
    fn append(log: &mut Vec<u8>, record: &Record);

    /// Replays `log` by the rules in the crate docs.
    ///
    /// # Errors
    ///
    /// [`Corruption`] for a damaged frame that is not a torn tail, naming its offset.
    fn recover(log: &[u8]) -> Result<Recovery, Corruption>;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a log type implementing [`WriteAheadLog`].
    ///
    /// ```text
    /// transactions_contract::conformance_tests!(transactions_exercise::Log);
    /// ```
    macro conformance_tests($($log:ident)::+) {
        /// The log under test.
        type ConformanceLog = $($log)::+;
    }
    cases [$crate::cases] {
        an_empty_log_recovers_to_an_empty_store::<ConformanceLog>(),
        append_writes_the_documented_frame::<ConformanceLog>(),
        a_committed_transaction_is_replayed::<ConformanceLog>(),
        a_transaction_without_its_commit_is_discarded::<ConformanceLog>(),
        deletes_and_overwrites_apply_in_log_order::<ConformanceLog>(),
        interleaved_transactions_apply_at_their_commits::<ConformanceLog>(),
        a_torn_tail_at_every_offset_is_cut_off::<ConformanceLog>(),
        a_zeroed_tail_is_a_torn_tail::<ConformanceLog>(),
        a_damaged_last_record_is_a_torn_tail::<ConformanceLog>(),
        a_damaged_middle_record_is_an_error_naming_its_offset::<ConformanceLog>(),
        agrees_with_a_model_when_cut_anywhere::<ConformanceLog>(),
    }
}
