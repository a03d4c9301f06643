//! The payment service over a real network (127.0.0.1): 2,000 payments through 30%
//! injected faults. With idempotency keys every payment is charged exactly once; the
//! same run without keys double-charges. The service starts and stops inside each test.

use std::time::Duration;

use retry::demo::send_payments;
use retry::service::{AttemptError, Faults, Payment, PaymentService, send_payment};
use retry::{IdempotencyStore, Verdict};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_payments_are_charged_exactly_once_with_keys() {
    let run = send_payments(2_000, 0.3, 7, true).await;
    assert_eq!(run.succeeded, 2_000, "every payment succeeded: {run:?}");
    assert_eq!(run.charges, 2_000, "exactly 2,000 charges: {run:?}");
    assert_eq!(run.payments_charged, 2_000, "none lost: {run:?}");
    assert_eq!(run.duplicate_charges, 0, "none twice: {run:?}");
    assert!(run.requests > 2_400, "the faults forced retries: {run:?}");
    assert!(
        run.replays > 0,
        "some retries were answered from the store: {run:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_run_without_keys_charges_twice() {
    let run = send_payments(2_000, 0.3, 7, false).await;
    assert_eq!(run.succeeded, 2_000, "{run:?}");
    assert!(
        run.duplicate_charges > 50,
        "dropped responses and slow answers are retried and charged again: {run:?}"
    );
    assert_eq!(
        run.payments_charged, 2_000,
        "every payment was charged at least once: {run:?}"
    );
}

#[tokio::test]
async fn the_service_answers_the_drafts_statuses() {
    let store = IdempotencyStore::new(Duration::from_secs(60));
    let service = PaymentService::start(Some(store), Faults::none())
        .await
        .unwrap();
    let addr = service.addr();
    let pay = Payment {
        payment: 1,
        amount: 500,
    };
    let timeout = Duration::from_secs(5);
    let first = send_payment(addr, pay, Some("k"), timeout).await.unwrap();
    let again = send_payment(addr, pay, Some("k"), timeout).await.unwrap();
    assert_eq!(first, again, "a repeat gets the stored receipt");
    assert_eq!(service.charges_for(1), 1);
    let other = Payment {
        payment: 1,
        amount: 999,
    };
    assert_eq!(
        send_payment(addr, other, Some("k"), timeout).await,
        Err(AttemptError::Status {
            status: 422,
            retry_after: None
        })
    );
    assert_eq!(
        send_payment(addr, pay, None, timeout).await,
        Err(AttemptError::Status {
            status: 400,
            retry_after: None
        })
    );
    assert_eq!(
        retry::service::classify(&AttemptError::Status {
            status: 422,
            retry_after: None
        }),
        Verdict::Permanent
    );
    service.shutdown().await;
}

#[tokio::test]
async fn a_503_carries_its_wait_and_a_dropped_connection_is_a_network_error() {
    let unavailable = Faults {
        unavailable: 1.0,
        retry_after: Duration::from_millis(7),
        ..Faults::none()
    };
    let service = PaymentService::start(None, unavailable).await.unwrap();
    let pay = Payment {
        payment: 2,
        amount: 1,
    };
    let error = send_payment(service.addr(), pay, None, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        AttemptError::Status {
            status: 503,
            retry_after: Some(Duration::from_millis(7))
        }
    );
    assert_eq!(
        retry::service::classify(&error),
        Verdict::RetryAfter(Duration::from_millis(7))
    );
    service.shutdown().await;

    let dropping = Faults {
        drop_response: 1.0,
        ..Faults::none()
    };
    let service = PaymentService::start(None, dropping).await.unwrap();
    let error = send_payment(service.addr(), pay, None, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(matches!(error, AttemptError::Network(_)), "{error:?}");
    assert_eq!(
        service.charges_for(2),
        1,
        "the charge happened; the answer was lost"
    );
    service.shutdown().await;
}
