//! The loopback service and its three clients, on real sockets on 127.0.0.1, each
//! test starting and stopping its own service under a watchdog.

use std::num::NonZeroUsize;
use std::time::Duration;

use sync_async::CallError;
use sync_async::service::{Service, concurrent, sequential, threads};
use testkit::watchdog::within;

const WATCHDOG: Duration = Duration::from_secs(30);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn the_sequential_client_has_one_request_in_flight() {
    let (answers, served, peak) = within(WATCHDOG, "the sequential client", || {
        let service = Service::start(Duration::from_millis(1)).unwrap();
        let answers = sequential(service.addr(), 10).unwrap();
        (answers, service.served(), service.max_in_flight())
    });
    assert_eq!(answers, (0..10).collect::<Vec<_>>());
    assert_eq!((served, peak), (10, 1));
}

#[test]
fn the_thread_client_keeps_to_its_thread_limit() {
    let (answers, alive, served, peak) = within(WATCHDOG, "the thread client", || {
        let service = Service::start(Duration::from_millis(5)).unwrap();
        let (answers, alive) = threads(service.addr(), 40, NonZeroUsize::new(8).unwrap()).unwrap();
        (answers, alive, service.served(), service.max_in_flight())
    });
    assert_eq!(answers, (0..40).collect::<Vec<_>>());
    // At least two at once: 40 requests of 5 ms each, started a thread apiece, overlap
    // (a client that waited for each answer before starting the next would show 1).
    assert!(
        (2..=8).contains(&alive),
        "{alive} threads alive at once, limit 8, and more than one expected"
    );
    assert_eq!(served, 40);
    assert!(
        (2..=8).contains(&peak),
        "the service held {peak} requests at once: limit 8, and more than one expected"
    );
}

#[test]
fn the_async_client_answers_in_order_within_its_limit() {
    let (answers, served, peak) = within(WATCHDOG, "the async client", || {
        let service = Service::start(Duration::from_millis(5)).unwrap();
        let answers = runtime().block_on(concurrent(
            service.addr(),
            50,
            NonZeroUsize::new(10).unwrap(),
            Duration::from_secs(20),
        ));
        (answers, service.served(), service.max_in_flight())
    });
    assert_eq!(answers.len(), 50);
    for (i, a) in answers.iter().enumerate() {
        assert!(
            matches!(a, Ok(Ok(n)) if *n == i as u64),
            "request {i} got {a:?}"
        );
    }
    assert_eq!(served, 50);
    assert!(
        (2..=10).contains(&peak),
        "the service held {peak} requests at once: limit 10, and more than one expected"
    );
}

#[test]
fn a_slow_service_times_the_async_calls_out() {
    let (answers, served) = within(WATCHDOG, "calls to a slow service", || {
        let service = Service::start(Duration::from_secs(60)).unwrap();
        let answers = runtime().block_on(concurrent(
            service.addr(),
            5,
            NonZeroUsize::new(5).unwrap(),
            Duration::from_millis(50),
        ));
        // Dropping the service with requests still held must not wait for them.
        let served = service.served();
        drop(service);
        (answers, served)
    });
    assert_eq!(answers.len(), 5);
    assert!(
        answers
            .iter()
            .all(|a| matches!(a, Err(CallError::TimedOut))),
        "{answers:?}"
    );
    assert_eq!(served, 0);
}

#[test]
fn reset_starts_the_counts_afresh() {
    within(WATCHDOG, "two clients in turn", || {
        let service = Service::start(Duration::from_millis(1)).unwrap();
        sequential(service.addr(), 3).unwrap();
        service.reset_max();
        assert_eq!((service.served(), service.max_in_flight()), (0, 0));
        sequential(service.addr(), 2).unwrap();
        assert_eq!((service.served(), service.max_in_flight()), (2, 1));
    });
}
