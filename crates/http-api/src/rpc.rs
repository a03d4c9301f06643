//! The same orders as JSON-RPC 2.0 at `POST /rpc`: one endpoint, named procedures.
//!
//! Methods: `order.create` (params `{"item", "quantity"}`, result the order),
//! `order.get` (params `{"id"}`, result the order), `order.delete` (params `{"id"}`,
//! result `true`). A request without an `id` is a notification (run, not answered); an
//! array is a batch, answered with an array of the answers in order, or with no body
//! (204) when every member was a notification.
//!
//! Errors are the specification's codes ([`PARSE_ERROR`], [`INVALID_REQUEST`],
//! [`METHOD_NOT_FOUND`], [`INVALID_PARAMS`]) and one of this API's own,
//! [`ORDER_NOT_FOUND`], inside an HTTP 200: the HTTP status no longer says what
//! happened, which is exactly what REST's uniform interface keeps and RPC gives up.
//!
//! The procedures run the REST decisions ([`Orders`]) on the same store, so the two
//! interfaces cannot disagree about validation; only the mapping differs.

use axum::Router;
use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::routing::post;
use http_api_contract::{
    Body, Create, Decide, Delete, MAX_BODY_BYTES, Payload, Read, Reply, SharedStore, Store, render,
};
use serde_json::{Value, json};

use crate::Orders;

/// Invalid JSON was received.
pub const PARSE_ERROR: i64 = -32700;
/// The JSON sent is not a valid request object.
pub const INVALID_REQUEST: i64 = -32600;
/// The method does not exist.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// Invalid method parameters.
pub const INVALID_PARAMS: i64 = -32602;
/// This API's own error (outside the reserved range -32768 to -32000): no such order.
pub const ORDER_NOT_FOUND: i64 = 404;

/// The `/rpc` route on `store`, with a 405 (and `Allow: POST`) for other methods.
pub fn router(store: SharedStore) -> Router {
    Router::new()
        .route(
            "/rpc",
            post(handle).fallback(|| async {
                render(Reply::problem(405, "JSON-RPC is sent with POST").header("allow", "POST"))
            }),
        )
        .with_state(store)
}

async fn handle(State(store): State<SharedStore>, body: HttpBody) -> axum::response::Response {
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return render(Reply::problem(
            413,
            format!("a JSON-RPC body is at most {MAX_BODY_BYTES} bytes"),
        ));
    };
    let answer = {
        let mut store = store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        answer(&bytes, &mut store)
    };
    match answer {
        Some(value) => render(Reply::status(200).json(value)),
        None => render(Reply::status(204)),
    }
}

/// The answer to a JSON-RPC body: `None` when nothing is to be sent back (only
/// notifications).
pub fn answer(body: &[u8], store: &mut Store) -> Option<Value> {
    let request: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(_) => return Some(error(Value::Null, PARSE_ERROR, "Parse error")),
    };
    match request {
        Value::Array(batch) if batch.is_empty() => Some(error(
            Value::Null,
            INVALID_REQUEST,
            "Invalid Request: an empty batch",
        )),
        Value::Array(batch) => {
            let answers: Vec<Value> = batch.iter().filter_map(|r| call(r, store)).collect();
            (!answers.is_empty()).then_some(Value::Array(answers))
        }
        single => call(&single, store),
    }
}

/// One call of a batch or a single request: its answer, or `None` for a notification.
fn call(request: &Value, store: &mut Store) -> Option<Value> {
    let Some(object) = request.as_object() else {
        return Some(error(
            Value::Null,
            INVALID_REQUEST,
            "Invalid Request: not an object",
        ));
    };
    let id = object.get("id").cloned();
    let id_ok = matches!(
        id,
        None | Some(Value::Null | Value::String(_) | Value::Number(_))
    );
    let method = object.get("method").and_then(Value::as_str);
    let params = object.get("params");
    let valid = object.get("jsonrpc") == Some(&json!("2.0"))
        && id_ok
        && method.is_some()
        && params.is_none_or(|p| p.is_object() || p.is_array());
    if !valid {
        let id = if id_ok {
            id.unwrap_or(Value::Null)
        } else {
            Value::Null
        };
        return Some(error(
            id,
            INVALID_REQUEST,
            "Invalid Request: needs jsonrpc \"2.0\", a string method, params as an object \
             or array, and an id that is a string, number or null",
        ));
    }
    let outcome = run(method.unwrap_or_default(), params, store);
    // A notification is run and not answered, even when it failed.
    let id = id?;
    Some(match outcome {
        Ok(result) => json!({ "jsonrpc": "2.0", "result": result, "id": id }),
        Err((code, message)) => error(id, code, &message),
    })
}

type Outcome = Result<Value, (i64, String)>;

fn run(method: &str, params: Option<&Value>, store: &mut Store) -> Outcome {
    match method {
        "order.create" => {
            let params = params.cloned().unwrap_or(Value::Null).to_string();
            let reply = Orders.create(
                &Create {
                    content_type: Some("application/json"),
                    body: Payload::Complete(params.as_bytes()),
                },
                store,
            );
            settle(reply, store)
        }
        "order.get" => {
            let id = id_param(params)?;
            settle(
                Orders.read(
                    &Read {
                        id,
                        if_none_match: None,
                    },
                    store,
                ),
                store,
            )
        }
        "order.delete" => {
            let id = id_param(params)?;
            settle(Orders.delete(&Delete { id, if_match: None }, store), store)
        }
        other => Err((METHOD_NOT_FOUND, format!("Method not found: {other}"))),
    }
}

/// Applies a decision's effect and maps its reply to a result or an error.
fn settle(reply: Reply, store: &mut Store) -> Outcome {
    let status = reply.status;
    let detail = match &reply.body {
        Body::Problem(problem) => problem.detail.clone(),
        _ => String::new(),
    };
    let result = match reply.body {
        Body::Json(value) => value,
        _ => Value::Bool(true),
    };
    match status {
        200..=299 => {
            store
                .apply(reply.effect)
                .map_err(|_| (-32603, "Internal error".to_string()))?;
            Ok(result)
        }
        404 => Err((ORDER_NOT_FOUND, detail)),
        _ => Err((INVALID_PARAMS, format!("Invalid params: {detail}"))),
    }
}

fn id_param(params: Option<&Value>) -> Result<u64, (i64, String)> {
    params
        .and_then(|p| p.get("id"))
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            (
                INVALID_PARAMS,
                "Invalid params: expected {\"id\": a positive integer}".to_string(),
            )
        })
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "error": { "code": code, "message": message }, "id": id })
}
