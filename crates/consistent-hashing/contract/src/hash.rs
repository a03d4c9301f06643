//! The stable hash every placement of this topic places nodes and keys with: XXH64
//! (xxHash, 64-bit, seed 0), fed through [`std::hash::Hash`]. It lives in the contract
//! because the cases, the oracle, the reference and the exercise must all hash alike.
//!
//! "Stable" is the point: std's `RandomState` draws a new seed per process, and even
//! `DefaultHasher::new()` is documented as free to change between Rust releases. A ring
//! whose placement changes when a server restarts, or differs between two services that
//! must agree on where a key lives, is not consistent hashing. XXH64 is specified
//! byte for byte, so [`stable_hash`] gives the same value on every run and machine.
//!
//! Two details make the *bytes* stable too:
//! - integers are written little-endian, whatever the machine's byte order, and
//!   `usize`/`isize` as 64-bit, whatever the pointer width;
//! - `str` and slices are written as std's `Hash` impls write them (the bytes, then a
//!   terminator or a length prefix), which has not changed since Rust 1.0.
//!
//! ```
//! use consistent_hashing_contract::hash::{stable_hash, xxh64};
//!
//! // The published XXH64 test vector for "abc".
//! assert_eq!(xxh64(b"abc", 0), 0x44BC_2CF5_AD77_0999);
//! // Same value, every run, every machine: XXH64 of 42's eight little-endian bytes.
//! assert_eq!(stable_hash(&42u64), 0xB556_806F_B6D1_4353);
//! ```

use std::hash::{BuildHasher, Hash, Hasher};

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

/// The hash of `value` under [`StableHasher`]: XXH64 with seed 0 over the bytes its
/// `Hash` impl writes.
pub fn stable_hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = StableHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// XXH64 of `bytes` with `seed`, in one call.
pub fn xxh64(bytes: &[u8], seed: u64) -> u64 {
    let mut hasher = StableHasher::with_seed(seed);
    hasher.write(bytes);
    hasher.finish()
}

/// Builds [`StableHasher`]s: the default `S` of the reference's ring, rendezvous and
/// Maglev tables. All instances are equal, so every structure built with it agrees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildStableHasher;

impl BuildHasher for BuildStableHasher {
    type Hasher = StableHasher;

    fn build_hasher(&self) -> StableHasher {
        StableHasher::new()
    }
}

/// Streaming XXH64. Input may arrive in any number of `write` calls; the digest is the
/// one-shot XXH64 of their concatenation.
#[derive(Debug, Clone)]
pub struct StableHasher {
    seed: u64,
    /// The four lanes, used once 32 bytes have arrived.
    lanes: [u64; 4],
    /// Bytes not yet consumed by a 32-byte stripe.
    buffer: [u8; 32],
    buffered: usize,
    total: u64,
}

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher::new()
    }
}

impl StableHasher {
    /// A hasher with seed 0.
    pub fn new() -> Self {
        StableHasher::with_seed(0)
    }

    /// A hasher with `seed`.
    pub fn with_seed(seed: u64) -> Self {
        StableHasher {
            seed,
            lanes: [
                seed.wrapping_add(P1).wrapping_add(P2),
                seed.wrapping_add(P2),
                seed,
                seed.wrapping_sub(P1),
            ],
            buffer: [0; 32],
            buffered: 0,
            total: 0,
        }
    }

    fn stripe(&mut self, stripe: &[u8]) {
        for (lane, word) in self.lanes.iter_mut().zip(stripe.chunks_exact(8)) {
            *lane = round(*lane, read_u64(word));
        }
    }
}

impl Hasher for StableHasher {
    fn write(&mut self, mut bytes: &[u8]) {
        self.total = self.total.wrapping_add(bytes.len() as u64);
        if self.buffered > 0 {
            let take = (32 - self.buffered).min(bytes.len());
            self.buffer[self.buffered..self.buffered + take].copy_from_slice(&bytes[..take]);
            self.buffered += take;
            bytes = &bytes[take..];
            if self.buffered < 32 {
                return;
            }
            let full = self.buffer;
            self.stripe(&full);
            self.buffered = 0;
        }
        let mut stripes = bytes.chunks_exact(32);
        for stripe in &mut stripes {
            self.stripe(stripe);
        }
        let rest = stripes.remainder();
        self.buffer[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    fn finish(&self) -> u64 {
        let mut h = if self.total >= 32 {
            let [v1, v2, v3, v4] = self.lanes;
            let mut h = v1
                .rotate_left(1)
                .wrapping_add(v2.rotate_left(7))
                .wrapping_add(v3.rotate_left(12))
                .wrapping_add(v4.rotate_left(18));
            for v in self.lanes {
                h = (h ^ round(0, v)).wrapping_mul(P1).wrapping_add(P4);
            }
            h
        } else {
            self.seed.wrapping_add(P5)
        };
        h = h.wrapping_add(self.total);
        let mut tail = &self.buffer[..self.buffered];
        while tail.len() >= 8 {
            h ^= round(0, read_u64(&tail[..8]));
            h = h.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
            tail = &tail[8..];
        }
        if tail.len() >= 4 {
            let word = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
            h ^= u64::from(word).wrapping_mul(P1);
            h = h.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
            tail = &tail[4..];
        }
        for &byte in tail {
            h ^= u64::from(byte).wrapping_mul(P5);
            h = h.rotate_left(11).wrapping_mul(P1);
        }
        avalanche(h)
    }

    // Integers little-endian on every machine; usize and isize as 64-bit everywhere.
    fn write_u8(&mut self, n: u8) {
        self.write(&[n]);
    }
    fn write_u16(&mut self, n: u16) {
        self.write(&n.to_le_bytes());
    }
    fn write_u32(&mut self, n: u32) {
        self.write(&n.to_le_bytes());
    }
    fn write_u64(&mut self, n: u64) {
        self.write(&n.to_le_bytes());
    }
    fn write_u128(&mut self, n: u128) {
        self.write(&n.to_le_bytes());
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_i8(&mut self, n: i8) {
        self.write_u8(n as u8);
    }
    fn write_i16(&mut self, n: i16) {
        self.write_u16(n as u16);
    }
    fn write_i32(&mut self, n: i32) {
        self.write_u32(n as u32);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn write_i128(&mut self, n: i128) {
        self.write_u128(n as u128);
    }
    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as i64 as u64);
    }
}

fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^ (h >> 32)
}

fn read_u64(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

/// A 64-bit finaliser (the one from splitmix64): scrambles a combination of two hashes
/// into a well-mixed score, for rendezvous hashing and Maglev's permutations.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published XXH64 vectors (seed 0 unless given): the empty input, the short paths,
    /// one exact stripe, and inputs that run the stripe loop and every tail path.
    #[test]
    fn published_vectors() {
        assert_eq!(xxh64(b"", 0), 0xEF46_DB37_51D8_E999);
        assert_eq!(xxh64(b"a", 0), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(xxh64(b"abc", 0), 0x44BC_2CF5_AD77_0999);
        assert_eq!(xxh64(b"abc", 12345), 0x0170_0E64_F6F2_3509);
        assert_eq!(xxh64(&[b'a'; 32], 0), 0x856E_8432_98F9_9AD7);
        assert_eq!(
            xxh64(b"Nobody inspects the spammish repetition", 0),
            0xFBCE_A83C_8A37_8BF1
        );
        assert_eq!(
            xxh64(b"The quick brown fox jumps over the lazy dog", 0),
            0x0B24_2D36_1FDA_71BC
        );
    }

    /// Any split of the input into writes gives the one-shot digest.
    #[test]
    fn streaming_matches_one_shot() {
        let data: Vec<u8> = (0..200u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in [0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 100, 200] {
            let whole = xxh64(&data[..len], 9);
            for step in [1, 3, 8, 13, 32, 50] {
                let mut h = StableHasher::with_seed(9);
                for chunk in data[..len].chunks(step) {
                    h.write(chunk);
                }
                assert_eq!(h.finish(), whole, "len {len}, writes of {step}");
            }
        }
    }

    #[test]
    fn integers_hash_as_little_endian_bytes() {
        assert_eq!(
            stable_hash(&0x0102_0304_0506_0708u64),
            xxh64(&[8, 7, 6, 5, 4, 3, 2, 1], 0)
        );
        assert_eq!(stable_hash(&5usize), stable_hash(&5u64));
        assert_eq!(stable_hash(&-1i32), xxh64(&[0xFF; 4], 0));
        // std writes a str as its bytes and a 0xFF terminator.
        assert_eq!(stable_hash("abc"), xxh64(b"abc\xff", 0));
    }
}
