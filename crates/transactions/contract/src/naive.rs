//! The naive oracle: recovery in two passes, first every frame into a list (stopping at
//! a torn tail or failing at damage), then the list replayed. It copies every payload
//! and holds the whole log's records in memory at once, which the reference avoids, but
//! each rule of the crate docs is one `if` here, easy to check by eye.

use std::collections::BTreeMap;

use crate::{Corruption, Damage, HEADER_LEN, Record, Recovery, WriteAheadLog, checksum};

/// A [`WriteAheadLog`] written the obvious way; the cases run on it too.
#[derive(Debug, Clone, Copy, Default)]
pub struct NaiveLog;

impl WriteAheadLog for NaiveLog {
    fn append(log: &mut Vec<u8>, record: &Record) {
        let mut payload = Vec::new();
        record.encode_payload(&mut payload);
        let len = u32::try_from(payload.len()).expect("a record must be under 4 GiB");
        log.extend_from_slice(&len.to_le_bytes());
        log.extend_from_slice(&checksum(&len.to_le_bytes()).to_le_bytes());
        log.extend_from_slice(&checksum(&payload).to_le_bytes());
        log.extend_from_slice(&payload);
    }

    fn recover(log: &[u8]) -> Result<Recovery, Corruption> {
        let u32_at =
            |at: usize| u32::from_le_bytes([log[at], log[at + 1], log[at + 2], log[at + 3]]);
        // Pass 1: the frames.
        let mut records: Vec<Record> = Vec::new();
        let mut offset = 0;
        loop {
            let left = log.len() - offset;
            if left == 0 || left < HEADER_LEN {
                break;
            }
            let len = u32_at(offset);
            if checksum(&len.to_le_bytes()) != u32_at(offset + 4) {
                if log[offset + HEADER_LEN..].iter().all(|&b| b == 0) {
                    break;
                }
                return Err(Corruption {
                    offset,
                    damage: Damage::LengthChecksum,
                });
            }
            let end = offset + HEADER_LEN + len as usize;
            if end > log.len() {
                break;
            }
            let payload = &log[offset + HEADER_LEN..end];
            if checksum(payload) != u32_at(offset + 8) {
                if log[end..].iter().all(|&b| b == 0) {
                    break;
                }
                return Err(Corruption {
                    offset,
                    damage: Damage::PayloadChecksum,
                });
            }
            match Record::decode_payload(payload) {
                Some(record) => records.push(record),
                None => {
                    return Err(Corruption {
                        offset,
                        damage: Damage::UnreadablePayload,
                    });
                }
            }
            offset = end;
        }
        // Pass 2: replay.
        let mut recovery = Recovery {
            valid_len: offset,
            ..Recovery::default()
        };
        let mut pending: BTreeMap<u64, Vec<Record>> = BTreeMap::new();
        for record in records {
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
                            Record::Commit { .. } => unreachable!("only writes are pending"),
                        }
                    }
                    recovery.committed += 1;
                }
                write => pending.entry(write.txn()).or_default().push(write),
            }
        }
        recovery.discarded = pending.len();
        Ok(recovery)
    }
}
