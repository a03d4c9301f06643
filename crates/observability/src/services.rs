//! Three services on 127.0.0.1 (gateway → inventory → pricing), instrumented the way
//! the answer describes: W3C `traceparent` on every hop, one JSON log line per event
//! carrying the trace and span ids, RED metrics per route at `/metrics` (Prometheus
//! text format, from `prometheus-client`), and a `tracing` layer that collects the
//! finished spans for the demo to read back.
//!
//! Latency runs on a simulated clock: each service adds its own simulated work (a few
//! hundred microseconds, derived from its span id) to what its dependency reported in
//! the `x-sim-us` response header, and the fault switch adds its delay to pricing the
//! same way, without sleeping. The sockets, the HTTP, the propagation, the logs and the
//! metrics are real; only the time is counted rather than waited for, so every number
//! repeats under a seed.
//!
//! Everything runs on one current-thread tokio runtime, inside
//! `tracing::subscriber::with_default`: no global subscriber, so tests run in parallel.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::get;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram as PromHistogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Instrument, Subscriber, info, info_span};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// How long a whole run may take before the watchdog fails it: a hang must fail in
/// bounded time, not stall a test or the demo.
pub const WATCHDOG: Duration = Duration::from_secs(60);

/// The fault switch on pricing: slow for one request in `slow_one_in` (0: never), or
/// failing every request with 503.
#[derive(Debug, Default)]
pub struct Fault {
    /// One pricing request in this many gets `delay_us` added; 0 switches it off.
    pub slow_one_in: AtomicU64,
    /// The simulated delay added to a slow request, in microseconds.
    pub delay_us: AtomicU64,
    /// Whether pricing answers 503 to everything.
    pub failing: AtomicBool,
}

/// A W3C trace context: `00-<trace id: 32 hex>-<parent span id: 16 hex>-<flags>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceParent {
    /// The trace's id, shared by every span of the request.
    pub trace_id: u128,
    /// The id of the span that made the call.
    pub span_id: u64,
}

impl TraceParent {
    /// Reads a `traceparent` header; `None` when it is malformed or has all-zero ids
    /// (the W3C rule: a receiver then starts a new trace).
    ///
    /// ```
    /// use observability::services::TraceParent;
    /// let h = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    /// let tp = TraceParent::parse(h).unwrap();
    /// assert_eq!(tp.to_string(), h);
    /// assert!(TraceParent::parse("00-0af7-b7ad-01").is_none());
    /// ```
    pub fn parse(header: &str) -> Option<TraceParent> {
        let mut parts = header.trim().split('-');
        let (version, trace, span, flags) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
        if version != "00" || !hex(trace, 32) || !hex(span, 16) || !hex(flags, 2) {
            return None;
        }
        let trace_id = u128::from_str_radix(trace, 16).ok()?;
        let span_id = u64::from_str_radix(span, 16).ok()?;
        (trace_id != 0 && span_id != 0).then_some(TraceParent { trace_id, span_id })
    }
}

impl std::fmt::Display for TraceParent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "00-{:032x}-{:016x}-01", self.trace_id, self.span_id)
    }
}

/// A finished span, as the collector layer keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanRecord {
    /// The service that made the span.
    pub service: String,
    /// The trace it belongs to (32 hex digits).
    pub trace_id: String,
    /// Its own id (16 hex digits).
    pub span_id: String,
    /// The calling span's id, empty for a root span.
    pub parent_id: String,
    /// Its duration on the simulated clock, in microseconds.
    pub sim_us: u64,
}

/// What one run of the services produced.
#[derive(Debug, Default)]
pub struct Telemetry {
    /// Every JSON log line, in order.
    pub logs: Vec<String>,
    /// Every finished span.
    pub spans: Vec<SpanRecord>,
}

/// One request the client sent to the gateway, and what came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The HTTP status.
    pub status: u16,
    /// The trace id the gateway reported (`x-trace-id`).
    pub trace_id: String,
    /// The simulated latency the gateway reported (`x-sim-us`).
    pub sim_us: u64,
}

/// The result of [`run`]: the client's view, the telemetry, and each service's
/// `/metrics` text, scraped after the requests.
#[derive(Debug, Default)]
pub struct Run {
    /// One entry per request sent, in order.
    pub sent: Vec<Sent>,
    /// Logs and spans.
    pub telemetry: Telemetry,
    /// `(service, /metrics body)` for gateway, inventory and pricing.
    pub metrics: Vec<(String, String)>,
}

/// Starts the three services on 127.0.0.1 port 0, sends `requests` GET /quote requests
/// one after another to the gateway, scrapes every `/metrics`, stops the services and
/// returns what was seen. `seed` fixes the ids and the simulated work.
///
/// # Errors
///
/// The I/O error when the runtime cannot start, a socket cannot be bound or a request
/// fails at the transport level; `TimedOut` when the whole run takes longer than
/// [`WATCHDOG`]. The services are stopped either way.
///
/// ```no_run
/// use std::sync::Arc;
/// use observability::services::{Fault, run};
///
/// let run = run(10, 1, Arc::new(Fault::default())).expect("loopback services");
/// assert_eq!(run.sent.len(), 10);
/// ```
pub fn run(requests: usize, seed: u64, fault: Arc<Fault>) -> std::io::Result<Run> {
    let sink = Arc::new(Mutex::new(Telemetry::default()));
    let subscriber = tracing_subscriber::registry().with(TelemetryLayer { sink: sink.clone() });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let (sent, metrics) = tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            tokio::time::timeout(WATCHDOG, drive(requests, seed, fault))
                .await
                .unwrap_or_else(|_| {
                    Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!(
                            "watchdog: the services did not finish {requests} requests in {WATCHDOG:?}"
                        ),
                    ))
                })
        })
    })?;
    // Dropping the runtime cancels the service tasks, whether the run finished or not.
    drop(runtime);
    let telemetry = std::mem::take(&mut *sink.lock().expect("telemetry lock"));
    Ok(Run {
        sent,
        telemetry,
        metrics,
    })
}

/// Starts the services, sends the requests and scrapes `/metrics`.
async fn drive(
    requests: usize,
    seed: u64,
    fault: Arc<Fault>,
) -> std::io::Result<(Vec<Sent>, Vec<(String, String)>)> {
    let ids = Arc::new(Ids {
        seed,
        next: AtomicU64::new(1),
    });
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let pricing = start(
        "pricing",
        "/price",
        None,
        ids.clone(),
        Some(fault),
        stopped.clone(),
    )
    .await?;
    let inventory = start(
        "inventory",
        "/stock",
        Some(pricing),
        ids.clone(),
        None,
        stopped.clone(),
    )
    .await?;
    let gateway = start("gateway", "/quote", Some(inventory), ids, None, stopped).await?;
    let mut sent = Vec::with_capacity(requests);
    for _ in 0..requests {
        let reply = http_get(gateway, "/quote", None).await?;
        sent.push(Sent {
            status: reply.status,
            trace_id: reply.header("x-trace-id").unwrap_or_default().to_string(),
            sim_us: reply
                .header("x-sim-us")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
        });
    }
    let mut metrics = Vec::new();
    for (name, addr) in [
        ("gateway", gateway),
        ("inventory", inventory),
        ("pricing", pricing),
    ] {
        let reply = http_get(addr, "/metrics", None).await?;
        metrics.push((name.to_string(), reply.body));
    }
    let _ = stop.send(true);
    Ok((sent, metrics))
}

/// Span and trace ids from the seed: a counter run through SplitMix64.
struct Ids {
    seed: u64,
    next: AtomicU64,
}

impl Ids {
    fn next(&self) -> u64 {
        splitmix(self.seed ^ self.next.fetch_add(1, Ordering::Relaxed)).max(1)
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Labels of the RED metrics: route and status.
type Labels = Vec<(String, String)>;

fn duration_histogram() -> PromHistogram {
    // 100 µs to about 1.6 s, doubling.
    PromHistogram::new(exponential_buckets(0.000_1, 2.0, 15))
}

struct Service {
    name: &'static str,
    route: &'static str,
    downstream: Option<SocketAddr>,
    ids: Arc<Ids>,
    fault: Option<Arc<Fault>>,
    calls: AtomicU64,
    registry: Registry,
    requests: Family<Labels, Counter>,
    duration: Family<Labels, PromHistogram, fn() -> PromHistogram>,
}

async fn start(
    name: &'static str,
    route: &'static str,
    downstream: Option<SocketAddr>,
    ids: Arc<Ids>,
    fault: Option<Arc<Fault>>,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<SocketAddr> {
    let mut registry = Registry::default();
    let requests = Family::<Labels, Counter>::default();
    let duration = Family::<Labels, PromHistogram, fn() -> PromHistogram>::new_with_constructor(
        duration_histogram,
    );
    registry.register(
        "requests",
        "Requests handled, by route and status",
        requests.clone(),
    );
    registry.register(
        "request_duration_seconds",
        "Request duration on the simulated clock, by route",
        duration.clone(),
    );
    let service = Arc::new(Service {
        name,
        route,
        downstream,
        ids,
        fault,
        calls: AtomicU64::new(0),
        registry,
        requests,
        duration,
    });
    let app = Router::new()
        .route(route, get(handle))
        .route("/metrics", get(metrics))
        .with_state(service);
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        // axum's `serve` retries failed accepts rather than returning an error, so this
        // returns `Ok` once `stopped` turns true; a service that died anyway would show
        // as the client's connection error.
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.wait_for(|s| *s).await;
            })
            .await;
    });
    Ok(addr)
}

async fn handle(
    State(svc): State<Arc<Service>>,
    headers: HeaderMap,
) -> (StatusCode, HeaderMap, String) {
    let parent = headers
        .get("traceparent")
        .and_then(|v| v.to_str().ok())
        .and_then(TraceParent::parse);
    let trace_id = parent.map_or_else(
        || u128::from(svc.ids.next()) << 64 | u128::from(svc.ids.next()),
        |p| p.trace_id,
    );
    let span_id = svc.ids.next();
    let span = info_span!(
        "request",
        service = svc.name,
        route = svc.route,
        trace_id = %format!("{trace_id:032x}"),
        span_id = %format!("{span_id:016x}"),
        parent_id = %parent.map_or(String::new(), |p| format!("{:016x}", p.span_id)),
        sim_us = tracing::field::Empty,
    );
    let svc2 = svc.clone();
    async move {
        let svc = svc2;
        info!(
            traceparent = parent.map(|p| p.to_string()).unwrap_or_default(),
            "request received"
        );
        // Own work on the simulated clock: 200 to 700 µs, from the span id.
        let mut sim_us = 200 + splitmix(span_id) % 500;
        let mut status = StatusCode::OK;
        if let Some(fault) = &svc.fault {
            let n = svc.calls.fetch_add(1, Ordering::Relaxed);
            let one_in = fault.slow_one_in.load(Ordering::Relaxed);
            if fault.failing.load(Ordering::Relaxed) {
                status = StatusCode::SERVICE_UNAVAILABLE;
            } else if one_in > 0 && n % one_in == one_in - 1 {
                sim_us += fault.delay_us.load(Ordering::Relaxed);
            }
        }
        if let Some(down) = svc.downstream {
            let context = TraceParent { trace_id, span_id }.to_string();
            let path = if down_is_pricing(svc.route) {
                "/price"
            } else {
                "/stock"
            };
            match http_get(down, path, Some(&context)).await {
                Ok(reply) => {
                    sim_us += reply
                        .header("x-sim-us")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    if reply.status != 200 {
                        status = StatusCode::BAD_GATEWAY;
                    }
                    info!(
                        dependency = path,
                        status = reply.status,
                        "dependency answered"
                    );
                }
                Err(e) => {
                    status = StatusCode::BAD_GATEWAY;
                    info!(dependency = path, error = %e, "dependency failed");
                }
            }
        }
        tracing::Span::current().record("sim_us", sim_us);
        let labels = vec![
            ("route".to_string(), svc.route.to_string()),
            ("status".to_string(), status.as_u16().to_string()),
        ];
        svc.requests.get_or_create(&labels).inc();
        svc.duration
            .get_or_create(&vec![("route".to_string(), svc.route.to_string())])
            .observe(sim_us as f64 / 1e6);
        info!(status = status.as_u16(), sim_us, "request handled");
        let mut out = HeaderMap::new();
        out.insert("x-sim-us", HeaderValue::from(sim_us));
        out.insert(
            "x-trace-id",
            HeaderValue::from_str(&format!("{trace_id:032x}")).expect("hex is a valid header"),
        );
        (status, out, String::new())
    }
    .instrument(span)
    .await
}

/// The gateway calls inventory; inventory calls pricing.
fn down_is_pricing(route: &str) -> bool {
    route == "/stock"
}

async fn metrics(State(svc): State<Arc<Service>>) -> (StatusCode, HeaderMap, String) {
    let mut body = String::new();
    encode(&mut body, &svc.registry).expect("encoding to a String cannot fail");
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    (StatusCode::OK, headers, body)
}

/// A response from [`http_get`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Header names (lowercase) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Reply {
    /// The first header called `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 client: one GET on a fresh connection with `Connection: close`,
/// read to the end. Enough for loopback services that answer with a `Content-Length`
/// body; a production client pools connections and handles chunked bodies.
///
/// # Errors
///
/// An I/O error, or `InvalidData` for a response that is not HTTP/1.1.
pub async fn http_get(
    addr: SocketAddr,
    path: &str,
    traceparent: Option<&str>,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut request = format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    if let Some(tp) = traceparent {
        let _ = write!(request, "traceparent: {tp}\r\n");
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not an HTTP/1.1 response");
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(bad)?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.strip_prefix("HTTP/1.1 "))
        .and_then(|l| l.get(..3))
        .and_then(|c| c.parse().ok())
        .ok_or_else(bad)?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Reply {
        status,
        headers,
        body: body.to_string(),
    })
}

/// A subscriber with the services' telemetry layer (JSON logs and the span collector),
/// writing into `sink`: for measuring what the instrumentation costs.
pub fn telemetry_subscriber(sink: Arc<Mutex<Telemetry>>) -> impl Subscriber + Send + Sync {
    tracing_subscriber::registry().with(TelemetryLayer { sink })
}

/// The instrumentation of one request as a service does it, without the HTTP: a span
/// with the trace fields, three events, and the duration recorded. With
/// `sample_one_in = k > 0`, only request numbers divisible by k are traced (a head
/// sampling decision); the rest make no span and no log line.
pub fn instrumented_request(number: u64, sample_one_in: u64) {
    if sample_one_in > 0 && !number.is_multiple_of(sample_one_in) {
        return;
    }
    let span = info_span!(
        "request",
        service = "gateway",
        route = "/quote",
        trace_id = %format_args!("{:032x}", u128::from(number) << 64 | 1),
        span_id = %format_args!("{:016x}", number | 1),
        parent_id = "",
        sim_us = tracing::field::Empty,
    );
    let _entered = span.enter();
    info!(traceparent = "", "request received");
    info!(
        dependency = "/stock",
        status = 200u64,
        "dependency answered"
    );
    span.record("sim_us", 1_000 + number % 100);
    info!(
        status = 200u64,
        sim_us = 1_000 + number % 100,
        "request handled"
    );
}

/// The layer that writes JSON log lines and collects finished spans. It keeps each
/// span's fields in the span's extensions, so an event can name the trace and span it
/// happened in.
struct TelemetryLayer {
    sink: Arc<Mutex<Telemetry>>,
}

/// Collects a span's or an event's fields.
#[derive(Default)]
struct Fields {
    span: SpanRecord,
    json: serde_json::Map<String, serde_json::Value>,
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "service" => self.span.service = value.to_string(),
            "trace_id" => self.span.trace_id = value.to_string(),
            "span_id" => self.span.span_id = value.to_string(),
            "parent_id" => self.span.parent_id = value.to_string(),
            _ => {}
        }
        self.json.insert(field.name().to_string(), value.into());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "sim_us" {
            self.span.sim_us = value;
        }
        self.json.insert(field.name().to_string(), value.into());
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.json.insert(field.name().to_string(), value.into());
    }
}

impl<S> Layer<S> for TelemetryLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields.span);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            let mut ext = span.extensions_mut();
            if let Some(record) = ext.get_mut::<SpanRecord>() {
                let mut fields = Fields {
                    span: std::mem::take(record),
                    json: serde_json::Map::new(),
                };
                values.record(&mut fields);
                *record = fields.span;
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut line = serde_json::Map::new();
        line.insert("level".into(), event.metadata().level().as_str().into());
        if let Some(span) = ctx.event_span(event)
            && let Some(record) = span.extensions().get::<SpanRecord>()
        {
            line.insert("service".into(), record.service.clone().into());
            line.insert("trace_id".into(), record.trace_id.clone().into());
            line.insert("span_id".into(), record.span_id.clone().into());
        }
        line.extend(fields.json);
        let text = serde_json::Value::Object(line).to_string();
        self.sink.lock().expect("telemetry lock").logs.push(text);
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(&id)
            && let Some(record) = span.extensions_mut().remove::<SpanRecord>()
        {
            self.sink.lock().expect("telemetry lock").spans.push(record);
        }
    }
}
