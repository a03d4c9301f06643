//! # Exercise: a write-ahead log that survives a crash
//!
//! Question 15 asks what ACID means. Two of its letters, atomicity and durability, are
//! kept by a write-ahead log: every change goes to the end of a file before commit
//! returns, and after a crash recovery replays the log. You write both halves here.
//!
//! **Append.** Frame a [`Record`] as the contract documents: a 12-byte header, then the
//! payload that [`Record::encode_payload`] writes. All integers little-endian:
//!
//! ```text
//! len       u32  the payload's length
//! len_crc   u32  checksum(len's 4 bytes)
//! data_crc  u32  checksum(payload)
//! payload   len bytes
//! ```
//!
//! **Recover.** Read frames from offset 0. Buffer each transaction's puts and deletes;
//! at its commit record apply them, in log order; transactions with no commit record are
//! discarded (that is atomicity). Stop at a *torn tail*, the end of a write a crash cut
//! short, and report *damage* before the tail as an error naming where the frame starts.
//! At each frame start `o`:
//!
//! 1. no bytes left: the end;
//! 2. fewer than 12 bytes left: a torn tail;
//! 3. `len_crc` wrong: a torn tail if every byte after the header (from `o + 12` on)
//!    is zero, otherwise `Damage::LengthChecksum` at `o`;
//! 4. the frame runs past the end of the log: a torn tail;
//! 5. `data_crc` wrong: a torn tail if every byte after the frame is zero (or there
//!    are none), otherwise `Damage::PayloadChecksum` at `o`;
//! 6. `Record::decode_payload` returns `None`: `Damage::UnreadablePayload` at `o`.
//!
//! Zeros count as never written because a store may fill its log file with zeros ahead
//! of the writes, so a crash mid-write leaves part of a frame followed by zeros.
//!
//! The tests are the same conformance cases the reference passes: the frame's bytes,
//! replaying, discarding, log order, interleaved transactions, the log cut at every byte
//! offset, zeroed tails, a damaged last frame, every byte of a middle frame flipped, and
//! random logs cut anywhere against a model. Run them with `cargo lab check
//! transactions`; stuck, run `cargo lab hint transactions`.
//!
//! Each `// TODO:` marks a place to edit.

// The stub's parameters and helpers are unused until you fill in the bodies; delete
// this line once every `todo!()` is gone, so the compiler can point out anything left
// unused.
#![allow(unused_variables, unused_mut, dead_code, unused_imports)]

use std::collections::BTreeMap;

pub use transactions_contract::{
    Corruption, Damage, HEADER_LEN, Record, Recovery, WriteAheadLog, checksum,
};

/// Your write-ahead log: the two functions of [`WriteAheadLog`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Log;

impl WriteAheadLog for Log {
    /// Appends `record` to `log` as one frame: header, then payload.
    fn append(log: &mut Vec<u8>, record: &Record) {
        // TODO: encode the payload into a Vec with `record.encode_payload(&mut payload)`,
        // then push len, checksum(&len.to_le_bytes()), checksum(&payload), each as
        // `.to_le_bytes()`, and the payload itself.
        todo!("frame the record: len, len_crc, data_crc, payload")
    }

    /// Replays `log`: committed transactions only, a torn tail cut off, damage refused.
    fn recover(log: &[u8]) -> Result<Recovery, Corruption> {
        let mut recovery = Recovery::default();
        // Each open transaction's writes, in log order, until its commit record.
        let mut pending: BTreeMap<u64, Vec<Record>> = BTreeMap::new();
        let mut offset = 0;
        // TODO: loop over frames. For each, apply the six rules above (a helper that
        // reads one frame, returning Ok(Some((payload, next_offset))), Ok(None) at the
        // end or a torn tail, or Err(Corruption { offset, damage }), keeps this short).
        // For a valid frame: decode it, raise `recovery.last_txn`, buffer a put or a
        // delete in `pending`, or, for a commit, apply its buffered writes to
        // `recovery.data` and count it in `recovery.committed`; then move `offset` on
        // and set `recovery.valid_len = offset`.
        // TODO: after the loop, `recovery.discarded` is the number of transactions
        // still in `pending`.
        todo!("replay the committed transactions, stop at a torn tail, refuse damage")
    }
}
