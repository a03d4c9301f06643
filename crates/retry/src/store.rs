//! The server side of idempotency: remember each `Idempotency-Key`'s response, so a
//! retried request gets the first response instead of running again.
//!
//! The rules follow the IETF draft "The Idempotency-Key HTTP Header Field"
//! (draft-ietf-httpapi-idempotency-key-header):
//!
//! | request | outcome | HTTP |
//! |---|---|---|
//! | a key never seen (or expired) | run it, store its response | the response |
//! | a key whose request finished, same payload | the stored response, not run again | the stored status |
//! | a key whose request is still running | [`StoreError::InProgress`] | 409 Conflict |
//! | a key seen with a different payload | [`StoreError::PayloadMismatch`] | 422 Unprocessable Content |
//! | no key where one is required | [`StoreError::MissingKey`] | 400 Bad Request |
//!
//! A request that fails before it commits anything drops its [`Ticket`] without
//! completing it; the key is released and a retry runs afresh.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use dashmap::DashMap;
use dashmap::mapref::entry::Entry as MapEntry;
use tokio::time::Instant;

use crate::StoreError;

/// What [`IdempotencyStore::begin`] decided.
#[derive(Debug)]
pub enum Begin<R> {
    /// First time for this key: run the request, then [`Ticket::complete`] with its
    /// response.
    Run(Ticket<R>),
    /// Seen and finished before: send this stored response, do not run.
    Replay(R),
}

#[derive(Debug)]
enum State<R> {
    Running,
    Done(R),
}

#[derive(Debug)]
struct Record<R> {
    /// Which `begin` created this record: a ticket acts only on its own record, not on
    /// one that replaced it after it expired.
    generation: u64,
    fingerprint: u64,
    state: State<R>,
    expires: Instant,
}

/// Responses by idempotency key, on a `DashMap` so that concurrent requests with
/// different keys do not contend. Cheap to clone: clones share the map.
///
/// ```
/// use std::time::Duration;
/// use retry::{Begin, IdempotencyStore, StoreError};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let store = IdempotencyStore::new(Duration::from_secs(24 * 3600));
/// let Ok(Begin::Run(ticket)) = store.begin(Some("key-1"), b"pay 10") else { panic!() };
/// // While the first request runs, a repeat is refused with 409.
/// assert_eq!(store.begin(Some("key-1"), b"pay 10").unwrap_err(), StoreError::InProgress);
/// ticket.complete("charged 10");
/// // Once it finished, a repeat gets the stored response without running.
/// assert!(matches!(store.begin(Some("key-1"), b"pay 10"), Ok(Begin::Replay("charged 10"))));
/// // The same key with another payload is a client bug: 422.
/// assert_eq!(store.begin(Some("key-1"), b"pay 99").unwrap_err(), StoreError::PayloadMismatch);
/// # }
/// ```
#[derive(Debug)]
pub struct IdempotencyStore<R> {
    records: Arc<DashMap<String, Record<R>>>,
    generations: Arc<AtomicU64>,
    ttl: Duration,
}

impl<R> Clone for IdempotencyStore<R> {
    fn clone(&self) -> Self {
        IdempotencyStore {
            records: Arc::clone(&self.records),
            generations: Arc::clone(&self.generations),
            ttl: self.ttl,
        }
    }
}

impl<R: Clone> IdempotencyStore<R> {
    /// An empty store whose keys expire `ttl` after their request began (the draft
    /// suggests at least 24 hours for payments).
    pub fn new(ttl: Duration) -> Self {
        IdempotencyStore {
            records: Arc::new(DashMap::new()),
            generations: Arc::new(AtomicU64::new(0)),
            ttl,
        }
    }

    /// Starts a request with `key` and `payload` (the request body, or whatever must
    /// match for a repeat to be the same request).
    ///
    /// # Errors
    ///
    /// [`StoreError::MissingKey`] without a key, [`StoreError::InProgress`] while an
    /// earlier request with the key runs, [`StoreError::PayloadMismatch`] when the key
    /// was used with another payload.
    pub fn begin(&self, key: Option<&str>, payload: &[u8]) -> Result<Begin<R>, StoreError> {
        let key = key.ok_or(StoreError::MissingKey)?;
        let fingerprint = fingerprint(payload);
        let now = Instant::now();
        // The common repeat, a finished live record, needs only a shared lock of its
        // shard and no owned copy of the key.
        if let Some(record) = self.records.get(key)
            && record.expires > now
        {
            if record.fingerprint != fingerprint {
                return Err(StoreError::PayloadMismatch);
            }
            if let State::Done(response) = &record.state {
                return Ok(Begin::Replay(response.clone()));
            }
        }
        let generation = self.generations.fetch_add(1, Ordering::Relaxed);
        let fresh = Record {
            generation,
            fingerprint,
            state: State::Running,
            expires: now + self.ttl,
        };
        match self.records.entry(key.to_string()) {
            MapEntry::Vacant(slot) => {
                slot.insert(fresh);
            }
            MapEntry::Occupied(mut slot) => {
                let record = slot.get();
                if record.expires <= now {
                    slot.insert(fresh);
                } else if record.fingerprint != fingerprint {
                    return Err(StoreError::PayloadMismatch);
                } else {
                    return match &record.state {
                        State::Running => Err(StoreError::InProgress),
                        State::Done(response) => Ok(Begin::Replay(response.clone())),
                    };
                }
            }
        }
        Ok(Begin::Run(Ticket {
            store: self.clone(),
            key: Some(key.to_string()),
            generation,
        }))
    }

    /// Stores `response` for `key` if a request with it is running; `false` otherwise.
    /// (For callers that keep keys rather than [`Ticket`]s; a ticket does this for its
    /// own request only.)
    pub fn complete(&self, key: &str, response: R) -> bool {
        match self.records.get_mut(key) {
            Some(mut record) if matches!(record.state, State::Running) => {
                record.state = State::Done(response);
                true
            }
            _ => false,
        }
    }

    /// Releases `key` if a request with it is running, so a retry runs afresh; `false`
    /// otherwise.
    pub fn abandon(&self, key: &str) -> bool {
        self.records
            .remove_if(key, |_, r| matches!(r.state, State::Running))
            .is_some()
    }

    /// Removes every expired record; returns how many. Lookups already ignore them;
    /// call this now and then to free their memory.
    pub fn purge_expired(&self) -> usize {
        let now = Instant::now();
        let before = self.records.len();
        self.records.retain(|_, r| r.expires > now);
        before - self.records.len()
    }

    /// Records held, expired ones included until purged.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether no record is held.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// The right to run a request with a key: [`complete`](Ticket::complete) it with the
/// response to store, or drop it (the request failed before committing) to release
/// the key for a retry.
#[derive(Debug)]
pub struct Ticket<R> {
    store: IdempotencyStore<R>,
    key: Option<String>,
    generation: u64,
}

impl<R> Ticket<R> {
    /// Stores `response` as the key's answer for repeats.
    pub fn complete(mut self, response: R) {
        if let Some(key) = self.key.take()
            && let Some(mut record) = self.store.records.get_mut(&key)
            && record.generation == self.generation
        {
            record.state = State::Done(response);
        }
    }

    /// Gives up the ticket without releasing the key: the request stays running until
    /// [`IdempotencyStore::complete`] or [`IdempotencyStore::abandon`] with the key.
    pub fn detach(mut self) -> String {
        self.key.take().unwrap_or_default()
    }
}

impl<R> Drop for Ticket<R> {
    /// Releases the key if its request is still running under this ticket: not a newer
    /// request's record, and not a response stored meanwhile with
    /// [`IdempotencyStore::complete`].
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            self.store.records.remove_if(&key, |_, r| {
                r.generation == self.generation && matches!(r.state, State::Running)
            });
        }
    }
}

fn fingerprint(payload: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    payload.hash(&mut h);
    h.finish()
}
