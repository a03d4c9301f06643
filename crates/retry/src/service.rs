//! A payment service on 127.0.0.1 with injected faults, and a client that retries.
//!
//! Built on hyper (HTTP/1.1 over tokio) rather than axum: one endpoint needs no
//! router, and hyper's connection-level API lets the faults be real ones. Failing the
//! service future makes hyper drop the connection with no response, which is how
//! "the request never arrived" and "the charge was made but the response was lost"
//! look to a client: a connection closed mid-request, indistinguishable from each
//! other. That ambiguity is the whole reason idempotency keys exist.
//!
//! `POST /payments` with a JSON body `{"payment": 17, "amount": 500}` charges once
//! and answers `201 {"payment": 17, "charge": 1}`. With an [`IdempotencyStore`], the
//! `Idempotency-Key` header is required and repeats get the stored answer.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use dashmap::DashMap;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use parking_lot::Mutex;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::{Begin, IdempotencyStore, RetryPolicy, Verdict, retry};

/// A charge request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// The client's payment id: what must be charged exactly once.
    pub payment: u64,
    /// Amount in cents.
    pub amount: u64,
}

/// The service's answer to a charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The payment charged.
    pub payment: u64,
    /// The charge's id, from the service.
    pub charge: u64,
}

/// Which faults the service injects, as probabilities per request (each at most one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Faults {
    /// Drop the connection before doing anything.
    pub drop_request: f64,
    /// Charge, then drop the connection instead of answering.
    pub drop_response: f64,
    /// Answer 503 with `Retry-After` (and `retry-after-ms`) without charging.
    pub unavailable: f64,
    /// Wait `slow_for` before charging and answering.
    pub slow: f64,
    /// How long a slow request takes.
    pub slow_for: Duration,
    /// The wait a 503 asks for.
    pub retry_after: Duration,
    /// The seed of the fault draws.
    pub seed: u64,
}

impl Faults {
    /// No faults.
    pub fn none() -> Self {
        Faults {
            drop_request: 0.0,
            drop_response: 0.0,
            unavailable: 0.0,
            slow: 0.0,
            slow_for: Duration::ZERO,
            retry_after: Duration::ZERO,
            seed: 0,
        }
    }

    /// `total` split evenly over the four faults.
    pub fn evenly(total: f64, slow_for: Duration, retry_after: Duration, seed: u64) -> Self {
        let each = total / 4.0;
        Faults {
            drop_request: each,
            drop_response: each,
            unavailable: each,
            slow: each,
            slow_for,
            retry_after,
            seed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    DropRequest,
    DropResponse,
    Unavailable,
    Slow,
}

/// Totals the service counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ServiceStats {
    /// Requests received (every attempt of every payment).
    pub requests: u64,
    /// Charges applied.
    pub charges: u64,
    /// Distinct payments charged at least once.
    pub payments_charged: u64,
    /// Charges beyond the first for a payment: double charges.
    pub duplicate_charges: u64,
    /// Answers replayed from the idempotency store.
    pub replays: u64,
    /// Requests refused by the store (409, 422, 400).
    pub refused: u64,
}

struct Shared {
    store: Option<IdempotencyStore<Receipt>>,
    faults: Faults,
    rng: Mutex<evidence::workload::WorkloadRng>,
    charges_by_payment: DashMap<u64, u64>,
    requests: AtomicU64,
    charges: AtomicU64,
    replays: AtomicU64,
    refused: AtomicU64,
}

/// A running payment service; stops when [`shutdown`](PaymentService::shutdown) is
/// called or the value is dropped.
pub struct PaymentService {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl PaymentService {
    /// Binds 127.0.0.1 on a free port and serves. With `store`, every request must
    /// carry an `Idempotency-Key`.
    ///
    /// # Errors
    ///
    /// If the port cannot be bound.
    pub async fn start(
        store: Option<IdempotencyStore<Receipt>>,
        faults: Faults,
    ) -> std::io::Result<PaymentService> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            store,
            faults,
            rng: Mutex::new(evidence::workload::rng(faults.seed)),
            charges_by_payment: DashMap::new(),
            requests: AtomicU64::new(0),
            charges: AtomicU64::new(0),
            replays: AtomicU64::new(0),
            refused: AtomicU64::new(0),
        });
        let (stop, mut stopped) = watch::channel(false);
        let serving = Arc::clone(&shared);
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let shared = Arc::clone(&serving);
                        connections.spawn(async move {
                            let service = hyper::service::service_fn(move |req| {
                                handle(Arc::clone(&shared), req)
                            });
                            // A fault fails the service future: hyper then drops the
                            // connection, which is the point.
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        });
                    }
                    _ = stopped.changed() => break,
                }
            }
            connections.abort_all();
        });
        Ok(PaymentService {
            addr,
            shared,
            stop,
            task: Some(task),
        })
    }

    /// Where the service listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What the service has counted so far.
    pub fn stats(&self) -> ServiceStats {
        let s = &self.shared;
        let mut duplicate_charges = 0;
        for entry in s.charges_by_payment.iter() {
            duplicate_charges += entry.value().saturating_sub(1);
        }
        ServiceStats {
            requests: s.requests.load(Ordering::Relaxed),
            charges: s.charges.load(Ordering::Relaxed),
            payments_charged: s.charges_by_payment.len() as u64,
            duplicate_charges,
            replays: s.replays.load(Ordering::Relaxed),
            refused: s.refused.load(Ordering::Relaxed),
        }
    }

    /// How many times `payment` was charged.
    pub fn charges_for(&self, payment: u64) -> u64 {
        self.shared
            .charges_by_payment
            .get(&payment)
            .map_or(0, |c| *c)
    }

    /// Stops accepting and closes every connection.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for PaymentService {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// The error that makes hyper drop a connection.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("fault injected: connection dropped")
    }
}

impl std::error::Error for Dropped {}

fn respond(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    shared.requests.fetch_add(1, Ordering::Relaxed);
    let key = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if req.method() != hyper::Method::POST || req.uri().path() != "/payments" {
        return Ok(respond(StatusCode::NOT_FOUND, "POST /payments".into()));
    }
    let body = match req.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => return Err(Dropped),
    };
    let fault = {
        let f = &shared.faults;
        let draw: f64 = shared.rng.lock().random();
        let mut edge = 0.0;
        [
            (f.drop_request, Fault::DropRequest),
            (f.drop_response, Fault::DropResponse),
            (f.unavailable, Fault::Unavailable),
            (f.slow, Fault::Slow),
        ]
        .into_iter()
        .find_map(|(p, fault)| {
            edge += p;
            (draw < edge).then_some(fault)
        })
    };
    match fault {
        Some(Fault::DropRequest) => return Err(Dropped),
        Some(Fault::Unavailable) => {
            let after = shared.faults.retry_after;
            let mut response = respond(StatusCode::SERVICE_UNAVAILABLE, "try again".into());
            let headers = response.headers_mut();
            headers.insert(
                "retry-after",
                after.as_secs().max(1).to_string().parse().expect("digits"),
            );
            headers.insert(
                "retry-after-ms",
                after.as_millis().to_string().parse().expect("digits"),
            );
            return Ok(response);
        }
        Some(Fault::Slow) => tokio::time::sleep(shared.faults.slow_for).await,
        Some(Fault::DropResponse) | None => {}
    }
    let Ok(payment) = serde_json::from_slice::<Payment>(&body) else {
        return Ok(respond(
            StatusCode::BAD_REQUEST,
            "expected {\"payment\": id, \"amount\": cents}".into(),
        ));
    };
    let receipt = match &shared.store {
        None => charge(&shared, payment),
        Some(store) => match store.begin(key.as_deref(), &body) {
            Err(refused) => {
                shared.refused.fetch_add(1, Ordering::Relaxed);
                let status = StatusCode::from_u16(refused.status()).expect("a valid status");
                return Ok(respond(status, refused.to_string()));
            }
            Ok(Begin::Replay(receipt)) => {
                shared.replays.fetch_add(1, Ordering::Relaxed);
                receipt
            }
            Ok(Begin::Run(ticket)) => {
                let receipt = charge(&shared, payment);
                ticket.complete(receipt);
                receipt
            }
        },
    };
    if fault == Some(Fault::DropResponse) {
        return Err(Dropped);
    }
    let body = serde_json::to_string(&receipt).expect("a receipt serialises");
    Ok(respond(StatusCode::CREATED, body))
}

fn charge(shared: &Shared, payment: Payment) -> Receipt {
    let charge = shared.charges.fetch_add(1, Ordering::Relaxed) + 1;
    *shared
        .charges_by_payment
        .entry(payment.payment)
        .or_insert(0) += 1;
    Receipt {
        payment: payment.payment,
        charge,
    }
}

/// Why one attempt failed, as the client sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptError {
    /// No connection, a dropped connection, or no answer within the attempt timeout:
    /// the charge may or may not have happened.
    Network(String),
    /// The attempt timed out.
    Timeout,
    /// An HTTP error status, with the server's requested wait if it gave one.
    Status {
        /// The status code.
        status: u16,
        /// `retry-after-ms`, or else `Retry-After` in seconds.
        retry_after: Option<Duration>,
    },
}

impl std::fmt::Display for AttemptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttemptError::Network(why) => write!(f, "network error: {why}"),
            AttemptError::Timeout => f.write_str("no answer before the attempt timeout"),
            AttemptError::Status { status, .. } => write!(f, "HTTP {status}"),
        }
    }
}

/// Which failed attempts are worth retrying: network errors and timeouts (the charge
/// is unknown: safe to retry only with a key), 409 (the first attempt still runs),
/// 429 and 5xx; honouring the server's wait. 400 and 422 are the client's bug.
pub fn classify(error: &AttemptError) -> Verdict {
    match error {
        AttemptError::Network(_) | AttemptError::Timeout => Verdict::Retry,
        AttemptError::Status {
            status,
            retry_after,
        } => match (status, retry_after) {
            (409 | 429 | 500..=599, Some(after)) => Verdict::RetryAfter(*after),
            (409 | 429 | 500..=599, None) => Verdict::Retry,
            _ => Verdict::Permanent,
        },
    }
}

/// Sends one attempt of `payment` to `addr` on a fresh connection, with `key` as its
/// `Idempotency-Key` if given, giving up after `timeout`.
///
/// # Errors
///
/// See [`AttemptError`].
pub async fn send_payment(
    addr: SocketAddr,
    payment: Payment,
    key: Option<&str>,
    timeout: Duration,
) -> Result<Receipt, AttemptError> {
    match tokio::time::timeout(timeout, attempt(addr, payment, key)).await {
        Ok(result) => result,
        Err(_) => Err(AttemptError::Timeout),
    }
}

async fn attempt(
    addr: SocketAddr,
    payment: Payment,
    key: Option<&str>,
) -> Result<Receipt, AttemptError> {
    let network = |e: &dyn std::fmt::Display| AttemptError::Network(e.to_string());
    let stream = TcpStream::connect(addr).await.map_err(|e| network(&e))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| network(&e))?;
    let driver = tokio::spawn(connection);
    let mut request = Request::post("/payments")
        .header("host", addr.to_string())
        .header("content-type", "application/json");
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let body = serde_json::to_string(&payment).expect("a payment serialises");
    let request = request
        .body(Full::new(Bytes::from(body)))
        .expect("a valid request");
    let result = async {
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| network(&e))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
        };
        let retry_after = header("retry-after-ms")
            .map(Duration::from_millis)
            .or_else(|| header("retry-after").map(Duration::from_secs));
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| network(&e))?
            .to_bytes();
        if status != 201 {
            return Err(AttemptError::Status {
                status,
                retry_after,
            });
        }
        serde_json::from_slice(&body).map_err(|e| network(&e))
    }
    .await;
    driver.abort();
    result
}

/// Charges `payment` through the service at `addr`, retrying per `policy` and
/// [`classify`], with `key` (the same on every attempt) if given.
///
/// # Errors
///
/// The last attempt's error, when retrying stopped.
pub async fn pay(
    addr: SocketAddr,
    payment: Payment,
    key: Option<&str>,
    policy: &RetryPolicy<'_>,
    attempt_timeout: Duration,
) -> Result<Receipt, crate::RetryError<AttemptError>> {
    retry(
        policy,
        |_| send_payment(addr, payment, key, attempt_timeout),
        classify,
    )
    .await
}
