//! The plumbing: an axum router on 127.0.0.1 that turns requests into facts, runs a
//! [`Decide`] under the store's lock, applies the effect and renders the reply.
//!
//! The server runs on a thread of its own with a current-thread tokio runtime, so a
//! caller can drive it from blocking code or from any runtime, and dropping the
//! [`RunningServer`] stops it: the listener closes and every connection is dropped.

use std::any::Any;
use std::future::{Future, IntoFuture, poll_fn};
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::panic::AssertUnwindSafe;
use std::pin::pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Poll;
use std::thread::JoinHandle;

use axum::Router;
use axum::body::{Body as HttpBody, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};

use crate::{
    Body, Create, Decide, Delete, List, MAX_BODY_BYTES, Payload, Read, Replace, Reply, Store,
};

/// The store every handler of one server shares. Decisions run under its lock, and
/// their effects are applied before it is released, so two concurrent PUTs with the
/// same `If-Match` cannot both succeed.
pub type SharedStore = Arc<Mutex<Store>>;

/// What the handlers share: the decisions and the store.
#[derive(Clone)]
struct App {
    decide: Arc<dyn Decide>,
    store: SharedStore,
}

/// A server running on 127.0.0.1; dropping it stops it.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    store: SharedStore,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// The address it listens on: 127.0.0.1 and the port the OS chose.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A copy of the store as it is now, for tests and demos that check what requests
    /// changed.
    pub fn snapshot(&self) -> Store {
        self.store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server may have stopped on its own (its thread panicked); then there
            // is nobody to tell.
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // The thread only drops its runtime after the signal, so this is quick; a
            // panic there was already printed.
            let _ = thread.join();
        }
    }
}

/// Serves `decide` on 127.0.0.1 at a port the OS chooses, with an empty store.
///
/// Routes: `POST /orders`, `GET /orders`, `GET`/`PUT`/`DELETE /orders/{id}` (HEAD too,
/// wherever GET is), and whatever `extra` adds (it is given the shared store, so the
/// reference adds its JSON-RPC endpoint on the same orders). Any other method on a
/// known path gets 405 with `Allow`; any other path, or an id that is not a number, 404.
/// A handler that panics gets a 500 problem with a generic detail, and the panic is
/// printed on the server's stderr.
///
/// # Errors
///
/// When the listener cannot be bound or the runtime cannot be built.
pub fn serve(
    decide: Arc<dyn Decide>,
    extra: impl FnOnce(SharedStore) -> Router,
) -> io::Result<RunningServer> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let store: SharedStore = Arc::new(Mutex::new(Store::new()));
    let app = App {
        decide,
        store: Arc::clone(&store),
    };
    let router = Router::new()
        .route(
            "/orders",
            with_allow(get(list).post(create), "GET, HEAD, POST"),
        )
        .route(
            "/orders/{id}",
            with_allow(
                get(read).put(replace).delete(delete),
                "GET, HEAD, PUT, DELETE",
            ),
        )
        .with_state(app)
        .merge(extra(Arc::clone(&store)))
        .fallback(|| async { render(Reply::problem(404, "no resource at this path")) })
        .layer(axum::middleware::from_fn(catch_panics));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name(format!("http-api {addr}"))
        .spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(e) => {
                        eprintln!("http-api: cannot serve on {addr}: {e}");
                        return;
                    }
                };
                let mut serving = pin!(axum::serve(listener, router).into_future());
                let mut stopped = pin!(stopped);
                // Whichever comes first: the stop signal (or the RunningServer gone)
                // or the server failing. Returning drops the server and then the
                // runtime, which drops every connection task.
                poll_fn(|cx| {
                    if stopped.as_mut().poll(cx).is_ready() {
                        return Poll::Ready(());
                    }
                    serving.as_mut().poll(cx).map(|_| ())
                })
                .await;
            });
        })?;
    Ok(RunningServer {
        addr,
        store,
        stop: Some(stop),
        thread: Some(thread),
    })
}

/// Adds the 405 fallback, with its `Allow` header, to a path's method router.
fn with_allow(methods: MethodRouter<App>, allow: &'static str) -> MethodRouter<App> {
    methods.fallback(move || async move {
        render(Reply::problem(405, format!("this path allows {allow} only")).header("allow", allow))
    })
}

async fn create(State(app): State<App>, headers: HeaderMap, body: HttpBody) -> Response {
    let bytes = read_body(body).await;
    let content_type = header_str(&headers, header::CONTENT_TYPE);
    decide(&app, |d, store| {
        d.create(
            &Create {
                content_type,
                body: payload(&bytes),
            },
            store,
        )
    })
}

async fn read(State(app): State<App>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Some(id) = order_id(&id) else {
        return unknown_id();
    };
    let if_none_match = header_str(&headers, header::IF_NONE_MATCH);
    decide(&app, |d, store| d.read(&Read { id, if_none_match }, store))
}

async fn replace(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: HttpBody,
) -> Response {
    let Some(id) = order_id(&id) else {
        return unknown_id();
    };
    let bytes = read_body(body).await;
    let request = Replace {
        id,
        if_match: header_str(&headers, header::IF_MATCH),
        content_type: header_str(&headers, header::CONTENT_TYPE),
        body: payload(&bytes),
    };
    decide(&app, |d, store| d.replace(&request, store))
}

async fn delete(State(app): State<App>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Some(id) = order_id(&id) else {
        return unknown_id();
    };
    let if_match = header_str(&headers, header::IF_MATCH);
    decide(&app, |d, store| d.delete(&Delete { id, if_match }, store))
}

async fn list(State(app): State<App>, request: Request) -> Response {
    let query = request.uri().query().unwrap_or("");
    let limit = query_param(query, "limit");
    let cursor = query_param(query, "cursor");
    decide(&app, |d, store| d.list(&List { limit, cursor }, store))
}

/// Runs a decision under the store's lock and applies its effect before letting go.
fn decide(app: &App, decision: impl FnOnce(&dyn Decide, &Store) -> Reply) -> Response {
    // A decision that panicked left the store as it was (decisions only read it), so a
    // poisoned lock still guards consistent data.
    let mut store = app.store.lock().unwrap_or_else(PoisonError::into_inner);
    let reply = decision(app.decide.as_ref(), &store);
    if let Err(why) = store.apply(reply.effect.clone()) {
        eprintln!("http-api: a decision's effect does not fit the store: {why}");
        return render(internal_error());
    }
    drop(store);
    render(reply)
}

/// Turns a reply into an HTTP response.
///
/// Body and status are checked against each other: a 204 or 304 with a body, or a
/// header name or value that is not valid HTTP, is a decision's bug and becomes a 500.
pub fn render(reply: Reply) -> Response {
    let Ok(status) = StatusCode::from_u16(reply.status) else {
        eprintln!("http-api: a decision chose status {}", reply.status);
        return render(internal_error());
    };
    let (content_type, bytes) = match &reply.body {
        Body::Empty => (None, Vec::new()),
        Body::Json(value) => (Some("application/json"), value.to_string().into_bytes()),
        Body::Problem(problem) => (
            Some("application/problem+json"),
            problem.to_json().to_string().into_bytes(),
        ),
    };
    if matches!(reply.status, 204 | 304) && !bytes.is_empty() {
        eprintln!("http-api: a {} reply must not have a body", reply.status);
        return render(internal_error());
    }
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    match content_type {
        Some(ct) => {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        None => {
            headers.remove(header::CONTENT_TYPE);
        }
    }
    for (name, value) in &reply.headers {
        match (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => {
                headers.append(name, value);
            }
            _ => {
                eprintln!("http-api: a decision sent an invalid header {name}: {value:?}");
                return render(internal_error());
            }
        }
    }
    response
}

/// The 500 every internal failure gets: nothing about what went wrong inside, which
/// was printed on the server's side.
fn internal_error() -> Reply {
    Reply::problem(
        500,
        "the server failed to handle this request; it has been logged",
    )
}

/// Catches a panic anywhere in the handler: the client gets the generic 500 problem,
/// the server's stderr gets the panic message, and the connection stays usable.
async fn catch_panics(request: Request, next: Next) -> Response {
    let mut handling = pin!(next.run(request));
    let outcome = poll_fn(|cx| {
        match std::panic::catch_unwind(AssertUnwindSafe(|| handling.as_mut().poll(cx))) {
            Ok(Poll::Ready(response)) => Poll::Ready(Ok(response)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(payload)),
        }
    })
    .await;
    outcome.unwrap_or_else(|payload| {
        eprintln!("http-api: a handler panicked: {}", panic_message(&*payload));
        render(internal_error())
    })
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a panic with no message)")
}

/// Reads the body, stopping past [`MAX_BODY_BYTES`]; `None` when it is longer. A body
/// that fails to arrive (the client went away) reads as empty: nobody is there to see
/// the answer.
async fn read_body(body: HttpBody) -> Option<Bytes> {
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => Some(bytes),
        Err(e) if is_length_limit(&e) => None,
        Err(_) => Some(Bytes::new()),
    }
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.to_string().contains("length limit") {
            return true;
        }
        source = e.source();
    }
    false
}

fn payload(bytes: &Option<Bytes>) -> Payload<'_> {
    match bytes {
        Some(bytes) => Payload::Complete(bytes),
        None => Payload::TooLarge,
    }
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// An id in a path: a decimal `u64`, nothing else (no sign, no spaces).
fn order_id(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn unknown_id() -> Response {
    render(Reply::problem(404, "order ids are decimal numbers"))
}

/// The first value of `name` in a query string, as sent (the API's values are numbers
/// and cursors, which need no percent-decoding).
fn query_param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}
