//! The write-ahead log's frames and recovery: [`Wal`], the reference
//! [`WriteAheadLog`].
//!
//! The frame format and recovery's rules are the contract's (see
//! [`transactions_contract`]); this module reads the log in one pass, buffering each
//! transaction's writes until its commit record, and stops at the first frame that is
//! not whole and valid. The store ([`crate::Store`]) writes the same frames to a file.

use std::collections::HashMap;

use transactions_contract::{
    Corruption, Damage, HEADER_LEN, Record, Recovery, WriteAheadLog, checksum,
};

/// The reference write-ahead log format: frames with a checksummed length and a
/// checksummed payload, recovered in one pass.
///
/// ```
/// use transactions::Wal;
/// use transactions_contract::{Record, WriteAheadLog};
///
/// let mut log = Vec::new();
/// Wal::append(&mut log, &Record::Put { txn: 1, key: b"a".to_vec(), value: b"1".to_vec() });
/// Wal::append(&mut log, &Record::Commit { txn: 1 });
/// // A crash tore the commit record: transaction 1 never happened.
/// let torn = Wal::recover(&log[..log.len() - 3]).unwrap();
/// assert!(torn.data.is_empty());
/// assert_eq!(Wal::recover(&log).unwrap().data.len(), 1);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Wal;

/// What one step of the scan found at a frame start.
enum Frame<'a> {
    /// A whole, valid frame: its payload and where the next frame starts.
    Valid(&'a [u8], usize),
    /// The end of the log, or a torn tail starting here.
    End,
}

impl WriteAheadLog for Wal {
    fn append(log: &mut Vec<u8>, record: &Record) {
        // Reserve the header, write the payload after it, then fill the header in: one
        // pass over the payload, no second buffer.
        let start = log.len();
        log.extend_from_slice(&[0; HEADER_LEN]);
        record.encode_payload(log);
        let payload = &log[start + HEADER_LEN..];
        let len = u32::try_from(payload.len()).expect("a record must be under 4 GiB");
        let data_crc = checksum(payload);
        let header = &mut log[start..start + HEADER_LEN];
        header[0..4].copy_from_slice(&len.to_le_bytes());
        header[4..8].copy_from_slice(&checksum(&len.to_le_bytes()).to_le_bytes());
        header[8..12].copy_from_slice(&data_crc.to_le_bytes());
    }

    fn recover(log: &[u8]) -> Result<Recovery, Corruption> {
        let mut recovery = Recovery::default();
        // Each open transaction's writes, in log order, until its commit record.
        let mut pending: HashMap<u64, Vec<Record>> = HashMap::new();
        let mut offset = 0;
        while let Frame::Valid(payload, next) = frame_at(log, offset)? {
            let record = Record::decode_payload(payload).ok_or(Corruption {
                offset,
                damage: Damage::UnreadablePayload,
            })?;
            recovery.last_txn = recovery.last_txn.max(record.txn());
            match record {
                Record::Commit { txn } => {
                    for write in pending.remove(&txn).unwrap_or_default() {
                        match write {
                            Record::Put { key, value, .. } => {
                                recovery.data.insert(key, value);
                            }
                            Record::Delete { key, .. } => {
                                recovery.data.remove(&key);
                            }
                            Record::Commit { .. } => unreachable!("only writes are buffered"),
                        }
                    }
                    recovery.committed += 1;
                }
                write => pending.entry(write.txn()).or_default().push(write),
            }
            offset = next;
            recovery.valid_len = offset;
        }
        recovery.discarded = pending.len();
        Ok(recovery)
    }
}

/// Reads the frame starting at `offset`, by the contract's rules.
fn frame_at(log: &[u8], offset: usize) -> Result<Frame<'_>, Corruption> {
    let rest = &log[offset..];
    let Some(header) = rest.get(..HEADER_LEN) else {
        // Nothing left, or a header cut short: the end, or a torn tail.
        return Ok(Frame::End);
    };
    let field = |i: usize| u32::from_le_bytes(header[i..i + 4].try_into().expect("4 bytes"));
    let (len, len_crc, data_crc) = (field(0), field(4), field(8));
    if checksum(&len.to_le_bytes()) != len_crc {
        // Writes are appended in order, so a header cut short has nothing written after
        // it (zeros, in a preallocated log); a bad header with data after it is damage.
        return if rest[HEADER_LEN..].iter().all(|&b| b == 0) {
            Ok(Frame::End)
        } else {
            Err(Corruption {
                offset,
                damage: Damage::LengthChecksum,
            })
        };
    }
    let Some(payload) = rest[HEADER_LEN..].get(..len as usize) else {
        return Ok(Frame::End); // the frame runs past the end: the last write was cut
    };
    let next = offset + HEADER_LEN + payload.len();
    if checksum(payload) != data_crc {
        return if log[next..].iter().all(|&b| b == 0) {
            Ok(Frame::End) // the last frame, partly written
        } else {
            Err(Corruption {
                offset,
                damage: Damage::PayloadChecksum,
            })
        };
    }
    Ok(Frame::Valid(payload, next))
}
