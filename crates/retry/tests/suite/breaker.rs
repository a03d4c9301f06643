//! Circuit-breaker state transitions, on tokio's paused clock.

use std::time::Duration;

use retry::{BreakerConfig, BreakerState, CircuitBreaker, Rejected};

fn config() -> BreakerConfig {
    BreakerConfig {
        failure_rate: 0.5,
        window: 10,
        min_calls: 4,
        cool_down: Duration::from_secs(2),
        probes: 2,
    }
}

fn calls(breaker: &CircuitBreaker, outcomes: &[bool]) {
    for &ok in outcomes {
        breaker
            .try_call()
            .expect("the breaker lets the call through");
        breaker.record(ok);
    }
}

#[tokio::test(start_paused = true)]
async fn closed_stays_closed_below_the_failure_rate() {
    let b = CircuitBreaker::new(config());
    calls(&b, &[true, false, true, true, false, true, true, true]);
    assert_eq!(b.state(), BreakerState::Closed, "2 failures of 8");
}

#[tokio::test(start_paused = true)]
async fn too_few_calls_never_open_it() {
    let b = CircuitBreaker::new(config());
    calls(&b, &[false, false, false]);
    assert_eq!(
        b.state(),
        BreakerState::Closed,
        "3 failures, but min_calls is 4"
    );
    calls(&b, &[false]);
    assert!(
        matches!(b.state(), BreakerState::Open { .. }),
        "the 4th failure opens it"
    );
}

#[tokio::test(start_paused = true)]
async fn open_refuses_until_the_cool_down_then_half_opens() {
    let b = CircuitBreaker::new(config());
    calls(&b, &[false; 4]);
    assert_eq!(b.try_call(), Err(Rejected));
    tokio::time::advance(Duration::from_millis(1_999)).await;
    assert_eq!(b.try_call(), Err(Rejected), "1.999 s of a 2 s cool-down");
    tokio::time::advance(Duration::from_millis(1)).await;
    assert_eq!(b.state(), BreakerState::HalfOpen);
}

#[tokio::test(start_paused = true)]
async fn half_open_allows_only_its_probes_and_closes_when_they_succeed() {
    let b = CircuitBreaker::new(config());
    calls(&b, &[false; 4]);
    tokio::time::advance(Duration::from_secs(2)).await;
    assert!(b.try_call().is_ok() && b.try_call().is_ok(), "two probes");
    assert_eq!(
        b.try_call(),
        Err(Rejected),
        "a third call waits for the probes"
    );
    b.record(true);
    assert_eq!(
        b.state(),
        BreakerState::HalfOpen,
        "one probe of two succeeded"
    );
    b.record(true);
    assert_eq!(b.state(), BreakerState::Closed);
    calls(&b, &[false, false, false]);
    assert_eq!(b.state(), BreakerState::Closed, "the window started clean");
}

#[tokio::test(start_paused = true)]
async fn a_failed_probe_opens_it_again() {
    let b = CircuitBreaker::new(config());
    calls(&b, &[false; 4]);
    tokio::time::advance(Duration::from_secs(2)).await;
    b.try_call().unwrap();
    b.record(false);
    assert!(matches!(b.state(), BreakerState::Open { .. }));
    assert_eq!(b.try_call(), Err(Rejected));
    tokio::time::advance(Duration::from_secs(2)).await;
    assert_eq!(
        b.state(),
        BreakerState::HalfOpen,
        "another cool-down, another chance"
    );
}
