//! Deliberately weak hashers, for the conformance cases and the reference's demo.
//!
//! A hash map is only as good as its hash function. These two are the bad ends of the
//! scale: [`IdentityHasher`] uses an integer key as its own hash (cheap, and fine for
//! random keys, but sequential or byte-swapped keys expose any table that only looks
//! at some of the bits), and [`ConstantHasher`] sends every key to the same bucket,
//! which is what a hash-flooding attacker aims for: every lookup becomes a scan.
//!
//! ```
//! use std::hash::BuildHasher;
//! use hashmap_contract::hashers::{Constant, Identity};
//!
//! assert_eq!(Identity::default().hash_one(42u64), 42);
//! assert_eq!(Constant::default().hash_one("a"), Constant::default().hash_one("b"));
//! ```

use std::hash::{BuildHasherDefault, Hasher};

/// Hashes an integer to itself; other input is folded in byte by byte.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.0 = u64::from(n);
    }

    fn write_u16(&mut self, n: u16) {
        self.0 = u64::from(n);
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = n as u64;
    }
}

/// Hashes everything to 0: every key collides with every other.
#[derive(Debug, Default, Clone, Copy)]
pub struct ConstantHasher;

impl Hasher for ConstantHasher {
    fn finish(&self) -> u64 {
        0
    }

    fn write(&mut self, _bytes: &[u8]) {}
}

/// Builds [`IdentityHasher`]s: `HashMap<u64, V, Identity>`.
pub type Identity = BuildHasherDefault<IdentityHasher>;

/// Builds [`ConstantHasher`]s: `HashMap<u64, V, Constant>`.
pub type Constant = BuildHasherDefault<ConstantHasher>;
