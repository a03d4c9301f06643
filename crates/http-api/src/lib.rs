#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod demo;
pub mod orders;
pub mod rpc;

use std::io;
use std::sync::Arc;

use axum::http::header;
use axum::routing::get;
pub use http_api_contract::{RunningServer, Store};

pub use orders::Orders;

/// The API's OpenAPI 3.1 document, served at `GET /openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Starts the orders API on 127.0.0.1 at a free port, with an empty store: the REST
/// routes (`/orders`, `/orders/{id}`), JSON-RPC 2.0 at `/rpc` on the same orders, and
/// the OpenAPI document at `/openapi.json`. Dropping the returned server stops it.
///
/// The server runs on a thread of its own, so this works from any tokio runtime
/// (current-thread included) and the caller may use blocking clients.
///
/// # Errors
///
/// When no loopback port can be bound or the server's runtime cannot be built.
pub async fn start() -> io::Result<RunningServer> {
    start_blocking()
}

/// [`start`] for code without an async runtime (the demo and the bench).
///
/// # Errors
///
/// As [`start`].
pub fn start_blocking() -> io::Result<RunningServer> {
    http_api_contract::serve(Arc::new(Orders), |store| {
        rpc::router(store).route(
            "/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }).fallback(
                || async {
                    http_api_contract::render(
                        http_api_contract::Reply::problem(
                            405,
                            "the OpenAPI document is read with GET",
                        )
                        .header("allow", "GET, HEAD"),
                    )
                },
            ),
        )
    })
}
