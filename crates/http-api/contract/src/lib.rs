//! The http-api contract: what question 18 and 21's reference and the learner's exercise
//! both implement, the server that runs either on loopback, and the cases both must pass.
//!
//! The orders API is split in two halves:
//!
//! - the **decisions** ([`Decide`]): one pure function per route, from the request's
//!   facts ([`Create`], [`Read`], [`Replace`], [`Delete`], [`List`]) and the store's
//!   state ([`Store`]) to a [`Reply`]: the status code, the headers, the body, and the
//!   change to make to the store ([`Effect`]). This is where REST's meaning lives (which
//!   status, which ETag, which precondition), and what the exercise asks for;
//! - the **plumbing** ([`serve`]): an axum router on 127.0.0.1 that turns each request
//!   into facts, runs the decision under the store's lock, applies its effect, renders
//!   the reply, answers 404 and 405 (with `Allow`) for paths and methods it does not
//!   route, and turns a panicking handler into a generic 500 problem.
//!
//! Beside them: [`client::Client`], a small HTTP/1.1 client over a `TcpStream` that
//! counts bytes and round trips; [`model::Model`], the naive oracle (a list of orders
//! and the status each request should get); and [`cases`], the named cases, which
//! drive a server over real HTTP on loopback.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases
//! and cannot import the reference's solution:
//!
//! ```text
//! // exercises/http-api/tests/conformance.rs
//! http_api_contract::conformance_tests!(http_api_exercise::Orders);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
pub mod client;
pub mod model;
mod server;

use std::collections::BTreeMap;
use std::fmt;

/// The JSON library the bodies are built with, for implementations that have no
/// dependency of their own on it (the exercise).
pub use serde_json;
pub use server::{RunningServer, SharedStore, render, serve};

/// The largest request body the API reads: a larger one gets 413 Content Too Large.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The longest `item` name, in characters.
pub const MAX_ITEM_CHARS: usize = 100;
/// The smallest and largest `quantity`.
pub const QUANTITY: std::ops::RangeInclusive<u64> = 1..=1000;
/// The page size of `GET /orders` when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;
/// The largest `limit` `GET /orders` accepts.
pub const MAX_LIMIT: usize = 100;

/// One order, as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// Assigned by the store on creation, never reused.
    pub id: u64,
    /// What was ordered: 1 to [`MAX_ITEM_CHARS`] characters.
    pub item: String,
    /// How many: within [`QUANTITY`].
    pub quantity: u64,
    /// 1 on creation, one more on every replacement; the ETag is made from it.
    pub version: u64,
}

impl Order {
    /// The order's strong entity tag, `"<id>.<version>"`: it changes whenever the
    /// representation does, so a cache holding it is current exactly when it matches.
    ///
    /// ```
    /// # use http_api_contract::Order;
    /// let order = Order { id: 7, item: "tea".into(), quantity: 2, version: 3 };
    /// assert_eq!(order.etag(), "\"7.3\"");
    /// ```
    pub fn etag(&self) -> String {
        format!("\"{}.{}\"", self.id, self.version)
    }

    /// Where the order lives: `/orders/<id>`.
    pub fn location(&self) -> String {
        format!("/orders/{}", self.id)
    }

    /// The order as the JSON body the API sends: `id`, `item`, `quantity`, `version`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "item": self.item,
            "quantity": self.quantity,
            "version": self.version,
        })
    }
}

/// The fields a client sends to create or replace an order, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    /// 1 to [`MAX_ITEM_CHARS`] characters.
    pub item: String,
    /// Within [`QUANTITY`].
    pub quantity: u64,
}

/// Why a request body is not a [`NewOrder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Not JSON at all, or JSON that is not an object: the syntax is wrong (400).
    Malformed(String),
    /// Well-formed JSON whose `field` is missing or out of range: the syntax is right,
    /// the content is not (422).
    Invalid {
        /// The field at fault: `item` or `quantity`.
        field: &'static str,
        /// What it must be, naming the field.
        reason: String,
    },
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Malformed(why) => write!(f, "the body is not a JSON object: {why}"),
            BodyError::Invalid { reason, .. } => f.write_str(reason),
        }
    }
}

impl std::error::Error for BodyError {}

impl NewOrder {
    /// Parses and validates a JSON body: an object with `item` (a string of 1 to 100
    /// characters) and `quantity` (an integer from 1 to 1000). Other fields are ignored.
    ///
    /// # Errors
    ///
    /// [`BodyError::Malformed`] when the bytes are not a JSON object,
    /// [`BodyError::Invalid`] naming the first field that is missing or out of range
    /// (`item` is checked before `quantity`).
    ///
    /// ```
    /// # use http_api_contract::{BodyError, NewOrder};
    /// let ok = NewOrder::parse(br#"{"item":"tea","quantity":2}"#).unwrap();
    /// assert_eq!((ok.item.as_str(), ok.quantity), ("tea", 2));
    /// assert!(matches!(NewOrder::parse(b"{"), Err(BodyError::Malformed(_))));
    /// let err = NewOrder::parse(br#"{"item":"tea","quantity":0}"#).unwrap_err();
    /// assert!(matches!(err, BodyError::Invalid { field: "quantity", .. }));
    /// ```
    pub fn parse(body: &[u8]) -> Result<NewOrder, BodyError> {
        let value: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| BodyError::Malformed(e.to_string()))?;
        Self::from_json(&value)
    }

    /// Validates an already parsed JSON value, as [`NewOrder::parse`] does.
    ///
    /// # Errors
    ///
    /// As [`NewOrder::parse`].
    pub fn from_json(value: &serde_json::Value) -> Result<NewOrder, BodyError> {
        let Some(object) = value.as_object() else {
            return Err(BodyError::Malformed(
                "expected a JSON object with item and quantity".to_string(),
            ));
        };
        let item = match object.get("item").and_then(|v| v.as_str()) {
            Some(item) if (1..=MAX_ITEM_CHARS).contains(&item.chars().count()) => item,
            _ => {
                return Err(BodyError::Invalid {
                    field: "item",
                    reason: format!("item must be a string of 1 to {MAX_ITEM_CHARS} characters"),
                });
            }
        };
        let quantity = match object.get("quantity").and_then(|v| v.as_u64()) {
            Some(q) if QUANTITY.contains(&q) => q,
            _ => {
                return Err(BodyError::Invalid {
                    field: "quantity",
                    reason: format!(
                        "quantity must be an integer from {} to {}",
                        QUANTITY.start(),
                        QUANTITY.end()
                    ),
                });
            }
        };
        Ok(NewOrder {
            item: item.to_string(),
            quantity,
        })
    }
}

/// The orders the API holds, in id order, and the id the next one gets.
///
/// Decisions read it; only the server changes it, by applying a decision's [`Effect`]
/// under the same lock the decision ran under, so a decision never acts on stale state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    orders: BTreeMap<u64, Order>,
    /// Ids are never reused, so a deleted order's URL stays 404.
    next_id: u64,
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    /// An empty store; the first order gets id 1.
    pub fn new() -> Store {
        Store {
            orders: BTreeMap::new(),
            next_id: 1,
        }
    }

    /// The order with this id, if there is one.
    pub fn get(&self, id: u64) -> Option<&Order> {
        self.orders.get(&id)
    }

    /// The id the next created order gets.
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// How many orders there are.
    pub fn len(&self) -> usize {
        self.orders.len()
    }

    /// Whether there are no orders.
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }

    /// The orders with ids above `after`, in id order.
    pub fn after(&self, after: u64) -> impl Iterator<Item = &Order> {
        self.orders
            .range(after.saturating_add(1)..)
            .map(|(_, order)| order)
    }

    /// Applies a decision's effect.
    ///
    /// # Errors
    ///
    /// When the effect does not fit the store (an insert whose id is not
    /// [`Store::next_id`], an update or removal of an order that is not there): the
    /// decision that made it has a bug, and the server answers 500.
    pub fn apply(&mut self, effect: Effect) -> Result<(), String> {
        match effect {
            Effect::None => Ok(()),
            Effect::Insert(order) => {
                if order.id != self.next_id {
                    return Err(format!(
                        "an insert must use id {} (Store::next_id), not {}",
                        self.next_id, order.id
                    ));
                }
                self.next_id += 1;
                self.orders.insert(order.id, order);
                Ok(())
            }
            Effect::Update(order) => match self.orders.get_mut(&order.id) {
                Some(slot) => {
                    *slot = order;
                    Ok(())
                }
                None => Err(format!("update of order {} that is not there", order.id)),
            },
            Effect::Remove(id) => match self.orders.remove(&id) {
                Some(_) => Ok(()),
                None => Err(format!("removal of order {id} that is not there")),
            },
        }
    }
}

/// What a decision changes in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Nothing: reads and refusals.
    None,
    /// A new order, whose id must be [`Store::next_id`].
    Insert(Order),
    /// The new state of an existing order.
    Update(Order),
    /// The order with this id goes away.
    Remove(u64),
}

/// An RFC 9457 problem: the body of every error response, sent as
/// `application/problem+json` with `type`, `title`, `status` and `detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The status code, repeated in the body for clients that lose the status line.
    pub status: u16,
    /// What happened, for a person, in one sentence; never internals.
    pub detail: String,
}

impl Problem {
    /// A problem with this status and detail; `type` is `about:blank` and `title` the
    /// status's reason phrase, as RFC 9457 says for problems with no type of their own.
    pub fn new(status: u16, detail: impl Into<String>) -> Problem {
        Problem {
            status,
            detail: detail.into(),
        }
    }

    /// The problem as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "type": "about:blank",
            "title": reason_phrase(self.status),
            "status": self.status,
            "detail": self.detail,
        })
    }
}

/// What a response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body at all: 204 and 304 must not have one.
    Empty,
    /// A JSON document, sent as `application/json`.
    Json(serde_json::Value),
    /// An error, sent as `application/problem+json`.
    Problem(Problem),
}

/// A decision: the response to send and the change to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Headers beyond `Content-Type` and `Content-Length` (which the server sets from
    /// the body): `Location`, `ETag`, `Cache-Control`...
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
    /// What to change in the store.
    pub effect: Effect,
}

impl Reply {
    /// A reply with this status, no headers, no body and no effect.
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Body::Empty,
            effect: Effect::None,
        }
    }

    /// An error reply: `status` with a problem body.
    pub fn problem(status: u16, detail: impl Into<String>) -> Reply {
        Reply {
            body: Body::Problem(Problem::new(status, detail)),
            ..Reply::status(status)
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    /// Sets a JSON body.
    pub fn json(mut self, value: serde_json::Value) -> Reply {
        self.body = Body::Json(value);
        self
    }

    /// Sets the effect.
    pub fn effect(mut self, effect: Effect) -> Reply {
        self.effect = effect;
        self
    }
}

/// A request body as the server read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload<'a> {
    /// The whole body, at most [`MAX_BODY_BYTES`].
    Complete(&'a [u8]),
    /// The body was longer than [`MAX_BODY_BYTES`]; the server stopped reading it.
    TooLarge,
}

/// The facts of `POST /orders`.
#[derive(Debug, Clone, Copy)]
pub struct Create<'a> {
    /// The `Content-Type` header, if any (it may carry parameters: `; charset=utf-8`).
    pub content_type: Option<&'a str>,
    /// The body.
    pub body: Payload<'a>,
}

/// The facts of `GET /orders/{id}`.
#[derive(Debug, Clone, Copy)]
pub struct Read<'a> {
    /// The id in the path.
    pub id: u64,
    /// The `If-None-Match` header, if any: ETags the client already holds, or `*`.
    pub if_none_match: Option<&'a str>,
}

/// The facts of `PUT /orders/{id}`.
#[derive(Debug, Clone, Copy)]
pub struct Replace<'a> {
    /// The id in the path.
    pub id: u64,
    /// The `If-Match` header, if any: the ETag the client based its change on, or `*`.
    pub if_match: Option<&'a str>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// The body.
    pub body: Payload<'a>,
}

/// The facts of `DELETE /orders/{id}`.
#[derive(Debug, Clone, Copy)]
pub struct Delete<'a> {
    /// The id in the path.
    pub id: u64,
    /// The `If-Match` header, if any (optional on DELETE).
    pub if_match: Option<&'a str>,
}

/// The facts of `GET /orders?limit=&cursor=`.
#[derive(Debug, Clone, Copy)]
pub struct List<'a> {
    /// The `limit` query parameter as sent, if any.
    pub limit: Option<&'a str>,
    /// The `cursor` query parameter as sent, if any: the `next` of the previous page.
    pub cursor: Option<&'a str>,
}

/// The API's decisions: one pure function per route, from the request's facts and the
/// store to the reply. The server calls them under the store's lock and applies the
/// reply's effect; they do no I/O and keep no state of their own.
///
/// The contract, route by route (the cases check each):
///
/// - `create`: 201 with `Location: /orders/{id}`, `ETag` and the order (`version` 1);
///   413 for a body over [`MAX_BODY_BYTES`], 415 for a content type other than
///   `application/json`, 400 for a body that is not a JSON object, 422 naming the field
///   for a missing or out-of-range one;
/// - `read`: 200 with the order, a strong `ETag` and `Cache-Control: no-cache`; 304 with
///   no body (and the `ETag`) when `If-None-Match` lists the current ETag or is `*`;
///   404 for an unknown id;
/// - `replace`: 404 for an unknown id, then 428 without `If-Match`, 412 when it does not
///   match, then the body as in `create`, and 200 with the order (`version` one more)
///   and its new `ETag`;
/// - `delete`: 204; 404 for an unknown id; 412 when an `If-Match` is sent and does not
///   match;
/// - `list`: 200 with `{"items": [...], "next": cursor or null}`, at most `limit`
///   (1 to [`MAX_LIMIT`], default [`DEFAULT_LIMIT`]) orders in id order after the
///   cursor; 400 for a bad `limit` or `cursor`.
///
/// Every error reply carries a [`Problem`] body.
pub trait Decide: Send + Sync + 'static {
    /// `POST /orders`.
    fn create(&self, request: &Create<'_>, store: &Store) -> Reply;
    /// `GET /orders/{id}`.
    fn read(&self, request: &Read<'_>, store: &Store) -> Reply;
    /// `PUT /orders/{id}`.
    fn replace(&self, request: &Replace<'_>, store: &Store) -> Reply;
    /// `DELETE /orders/{id}`.
    fn delete(&self, request: &Delete<'_>, store: &Store) -> Reply;
    /// `GET /orders`.
    fn list(&self, request: &List<'_>, store: &Store) -> Reply;
}

/// Whether a `Content-Type` is JSON: `application/json`, in any case, with or without
/// parameters such as `; charset=utf-8`.
///
/// ```
/// # use http_api_contract::is_json;
/// assert!(is_json(Some("application/json; charset=utf-8")));
/// assert!(!is_json(Some("text/plain")) && !is_json(None));
/// ```
pub fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// Whether an `If-None-Match` header lists `etag`, by RFC 9110's weak comparison (a
/// `W/` prefix is ignored), or is `*`.
///
/// ```
/// # use http_api_contract::if_none_match_hits;
/// assert!(if_none_match_hits("\"1.1\", W/\"1.2\"", "\"1.2\""));
/// assert!(!if_none_match_hits("\"1.1\"", "\"1.2\""));
/// ```
pub fn if_none_match_hits(header: &str, etag: &str) -> bool {
    header.trim() == "*"
        || header
            .split(',')
            .map(|tag| tag.trim())
            .any(|tag| tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// Whether an `If-Match` header lets a change to the representation tagged `etag`
/// through, by RFC 9110's strong comparison (a weak `W/` tag never matches), or is `*`.
///
/// ```
/// # use http_api_contract::if_match_holds;
/// assert!(if_match_holds("\"1.2\"", "\"1.2\"") && if_match_holds("*", "\"1.2\""));
/// assert!(!if_match_holds("W/\"1.2\"", "\"1.2\""));
/// ```
pub fn if_match_holds(header: &str, etag: &str) -> bool {
    header.trim() == "*"
        || header
            .split(',')
            .map(|tag| tag.trim())
            .any(|tag| tag == etag)
}

/// The reason phrase of the status codes the API uses (RFC 9110), or "Unknown".
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for a [`Decide`] type with a `Default`: each
    /// case serves it on 127.0.0.1 and drives it over HTTP.
    ///
    /// ```text
    /// http_api_contract::conformance_tests!(http_api_exercise::Orders);
    /// ```
    macro conformance_tests($($orders:ident)::+) {
        /// The decisions under test.
        type Subject = $($orders)::+;
    }
    cases [$crate::cases] {
        create_answers_201_with_location_etag_and_the_order::<Subject>(),
        create_rejects_malformed_json_with_400::<Subject>(),
        create_rejects_other_content_types_with_415::<Subject>(),
        create_names_the_bad_field_with_422::<Subject>(),
        create_rejects_a_body_over_64_kib_with_413::<Subject>(),
        read_answers_200_with_a_strong_etag::<Subject>(),
        read_answers_304_with_no_body_when_the_etag_matches::<Subject>(),
        read_answers_404_for_an_unknown_order::<Subject>(),
        replace_without_if_match_answers_428::<Subject>(),
        replace_with_a_stale_etag_answers_412::<Subject>(),
        replace_answers_200_with_a_new_etag::<Subject>(),
        delete_answers_204_then_404::<Subject>(),
        list_pages_through_every_order_with_next::<Subject>(),
        list_rejects_a_bad_limit_with_400::<Subject>(),
        agrees_with_the_model::<Subject>(),
    }
}
