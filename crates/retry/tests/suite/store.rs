//! The idempotency store's hard parts: a ticket dropped without completing releases its
//! key (the request failed before it committed, so a retry must run), and a ticket that
//! outlived its record (it expired and a new request took the key) can neither complete
//! nor release the newer record. On tokio's paused clock, so expiry takes no real time.

use std::time::Duration;

use retry::{Begin, IdempotencyStore, StoreError, Ticket};

const TTL: Duration = Duration::from_secs(60);

fn run(store: &IdempotencyStore<&'static str>, payload: &[u8]) -> Ticket<&'static str> {
    match store.begin(Some("key"), payload) {
        Ok(Begin::Run(ticket)) => ticket,
        other => panic!("expected to run the request, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_ticket_dropped_uncompleted_releases_its_key() {
    let store = IdempotencyStore::new(TTL);
    let ticket = run(&store, b"pay 10");
    assert_eq!(
        store.begin(Some("key"), b"pay 10").unwrap_err(),
        StoreError::InProgress,
        "while the first request runs, a repeat is a conflict (409)"
    );
    drop(ticket);
    assert!(store.is_empty(), "the dropped ticket removed its record");
    let retried = run(&store, b"pay 10");
    retried.complete("charged 10");
    assert!(matches!(
        store.begin(Some("key"), b"pay 10"),
        Ok(Begin::Replay("charged 10"))
    ));
}

#[tokio::test(start_paused = true)]
async fn a_request_waiting_on_a_dropped_ticket_runs_on_its_retry() {
    let store = IdempotencyStore::new(TTL);
    let first = run(&store, b"pay 10");
    // A second client with the same key is told to come back (409)...
    let waiting = store.begin(Some("key"), b"pay 10");
    assert_eq!(waiting.unwrap_err(), StoreError::InProgress);
    // ...the first request fails before it commits anything and drops its ticket...
    drop(first);
    // ...so the second client's retry runs the request, and its answer is stored.
    let second = run(&store, b"pay 10");
    second.complete("charged 10 on the retry");
    assert!(matches!(
        store.begin(Some("key"), b"pay 10"),
        Ok(Begin::Replay("charged 10 on the retry"))
    ));
}

#[tokio::test(start_paused = true)]
async fn a_late_ticket_cannot_complete_a_newer_record() {
    let store = IdempotencyStore::new(TTL);
    let late = run(&store, b"pay 10");
    tokio::time::advance(TTL + Duration::from_secs(1)).await;
    // The record expired while its request hung; a new request takes the key.
    let current = run(&store, b"pay 10");
    late.complete("stale answer");
    assert_eq!(
        store.begin(Some("key"), b"pay 10").unwrap_err(),
        StoreError::InProgress,
        "the late ticket's answer must not be stored over the running request"
    );
    current.complete("fresh answer");
    assert!(matches!(
        store.begin(Some("key"), b"pay 10"),
        Ok(Begin::Replay("fresh answer"))
    ));
}

#[tokio::test(start_paused = true)]
async fn a_late_ticket_dropped_does_not_release_a_newer_record() {
    let store = IdempotencyStore::new(TTL);
    let late = run(&store, b"pay 10");
    tokio::time::advance(TTL + Duration::from_secs(1)).await;
    let current = run(&store, b"pay 10");
    drop(late);
    assert_eq!(
        store.begin(Some("key"), b"pay 10").unwrap_err(),
        StoreError::InProgress,
        "dropping the late ticket must leave the running request's record alone"
    );
    drop(current);
    assert!(store.is_empty(), "its own ticket releases it");
}

/// A record lives for exactly its TTL: at that instant it is expired, for a new request
/// with another payload (which runs instead of being refused) and for purging.
#[tokio::test(start_paused = true)]
async fn a_record_expires_at_exactly_its_ttl() {
    let store = IdempotencyStore::new(Duration::from_secs(10));
    run(&store, b"first").complete("done");
    tokio::time::advance(Duration::from_secs(10)).await;
    assert_eq!(store.purge_expired(), 1, "expired at 10 s, so purged");
    run(&store, b"again").complete("done");
    tokio::time::advance(Duration::from_secs(10)).await;
    assert!(
        matches!(store.begin(Some("key"), b"other"), Ok(Begin::Run(_))),
        "at its expiry instant a record no longer claims the key, even for another payload"
    );
}

/// `complete` by key stores a response once: a finished request keeps its response.
#[tokio::test(start_paused = true)]
async fn complete_by_key_stores_only_over_a_running_request() {
    let store = IdempotencyStore::new(Duration::from_secs(60));
    assert!(
        !store.complete("key", "nobody ran it"),
        "no record, nothing to complete"
    );
    let ticket = run(&store, b"x");
    assert!(store.complete("key", "first"));
    assert!(!store.complete("key", "second"), "already done");
    drop(ticket);
    assert!(
        matches!(store.begin(Some("key"), b"x"), Ok(Begin::Replay(r)) if r == "first"),
        "the first response is the one replayed"
    );
}
