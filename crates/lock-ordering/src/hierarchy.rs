//! A lock hierarchy checked by the compiler: every lock has a level, and a lock may
//! only be taken while holding locks of lower levels. Out-of-order locking is a type
//! error, so the circular wait a deadlock needs cannot be written.
//!
//! Locking a [`LevelMutex<L, T>`] takes a [`Token`] of some level `P` that may come
//! before `L` ([`Before<L>`]) and borrows it mutably for as long as the lock is held.
//! It returns the guard and a token of level `L`, the only way to take the next lock.
//! A thread starts from [`Token::root`], threaded through the calls that lock.
//!
//! ```
//! use lock_ordering::hierarchy::{L1, L2, LevelMutex, Token};
//!
//! let config: LevelMutex<L1, u32> = LevelMutex::new(3);
//! let stats: LevelMutex<L2, u32> = LevelMutex::new(0);
//!
//! let mut root = Token::root();
//! let (config_guard, mut after_config) = config.lock(&mut root);
//! let (mut stats_guard, _) = stats.lock(&mut after_config); // L1, then L2: allowed
//! *stats_guard += *config_guard;
//! assert_eq!(*stats_guard, 3);
//! ```
//!
//! Taking them the other way round does not compile:
//!
//! ```compile_fail,E0277
//! use lock_ordering::hierarchy::{L1, L2, LevelMutex, Token};
//!
//! let config: LevelMutex<L1, u32> = LevelMutex::new(3);
//! let stats: LevelMutex<L2, u32> = LevelMutex::new(0);
//!
//! let mut root = Token::root();
//! let (_stats_guard, mut after_stats) = stats.lock(&mut root);
//! // error: `L2: Before<L1>` is not satisfied
//! let (_config_guard, _) = config.lock(&mut after_stats);
//! ```
//!
//! Nor does taking a second lock from the same token while the first is held (that
//! would hold two locks without an order between them):
//!
//! ```compile_fail,E0499
//! use lock_ordering::hierarchy::{L1, L2, LevelMutex, Token};
//!
//! let config: LevelMutex<L1, u32> = LevelMutex::new(3);
//! let stats: LevelMutex<L2, u32> = LevelMutex::new(0);
//!
//! let mut root = Token::root();
//! let (config_guard, _) = config.lock(&mut root);
//! // error: `root` is still mutably borrowed by the first lock
//! let (stats_guard, _) = stats.lock(&mut root);
//! drop((config_guard, stats_guard));
//! ```
//!
//! The check is as strong as the discipline of passing tokens: code that makes a new
//! root token while holding a lock escapes it. Locks of the same level (the bank's
//! accounts) need a runtime order instead, which is what [`Bank::transfer`](crate::Bank::transfer)
//! uses.

use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use parking_lot::{Mutex, MutexGuard};

/// The level of a thread holding no lock.
#[derive(Debug)]
pub enum Root {}
/// The first level.
#[derive(Debug)]
pub enum L1 {}
/// The second level.
#[derive(Debug)]
pub enum L2 {}
/// The third level.
#[derive(Debug)]
pub enum L3 {}

/// `Self` may be held while taking a lock of level `L`.
pub trait Before<L> {}

impl Before<L1> for Root {}
impl Before<L2> for Root {}
impl Before<L3> for Root {}
impl Before<L2> for L1 {}
impl Before<L3> for L1 {}
impl Before<L3> for L2 {}

/// Proof that the current call chain may take locks above level `L`; it borrows the
/// token it came from for `'t`, so that token cannot be used again meanwhile.
#[derive(Debug)]
pub struct Token<'t, L> {
    _level: PhantomData<(&'t mut (), L)>,
}

impl Token<'static, Root> {
    /// The token of a thread that holds no lock: the start of every chain.
    pub fn root() -> Self {
        Token {
            _level: PhantomData,
        }
    }
}

/// A mutex at level `L`.
#[derive(Debug, Default)]
pub struct LevelMutex<L, T> {
    inner: Mutex<T>,
    _level: PhantomData<fn() -> L>,
}

impl<L, T> LevelMutex<L, T> {
    /// A mutex at level `L` holding `value`.
    pub fn new(value: T) -> Self {
        LevelMutex {
            inner: Mutex::new(value),
            _level: PhantomData,
        }
    }

    /// Locks, given a token of a level that comes before `L`. Both the guard and the
    /// returned token of level `L` keep `held` borrowed.
    pub fn lock<'t, P: Before<L>>(
        &'t self,
        held: &'t mut Token<'_, P>,
    ) -> (LevelGuard<'t, T>, Token<'t, L>) {
        let _ = held;
        (
            LevelGuard(self.inner.lock()),
            Token {
                _level: PhantomData,
            },
        )
    }
}

/// A held [`LevelMutex`]; dereferences to the value.
#[derive(Debug)]
pub struct LevelGuard<'t, T>(MutexGuard<'t, T>);

impl<T> Deref for LevelGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for LevelGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}
