//! # Exercise: the orders API's decisions
//!
//! Questions 18 and 21 ask what REST is and which status codes a backend API uses.
//! Here you write the part of a REST API where that knowledge lives: for each route, a
//! pure function from the request's facts and the store's state to the status code,
//! the headers, the body, and the change to make. The router around it is given
//! (`http_api_contract::serve`): it reads requests into facts, calls your function
//! under the store's lock, applies the effect and sends the reply over real HTTP.
//!
//! | route | success | refusals, in the order to check them |
//! |---|---|---|
//! | `POST /orders` | 201, `Location`, `ETag`, the order | 413, 415, 400, 422 |
//! | `GET /orders/{id}` | 200, `ETag`, the order; 304 if `If-None-Match` matches | 404 |
//! | `PUT /orders/{id}` | 200, the new `ETag`, the order (version + 1) | 404, 428, 412, then as POST |
//! | `DELETE /orders/{id}` | 204 | 404, 412 (only if `If-Match` is sent) |
//! | `GET /orders?limit=&cursor=` | 200, `{"items": [...], "next": ...}` | 400 |
//!
//! Every refusal is `Reply::problem(status, detail)`: an RFC 9457 problem body.
//!
//! The cases start your decisions on 127.0.0.1 and send requests to them. Run them
//! with `cargo lab check http-api`; stuck, run `cargo lab hint http-api`. Each
//! `// TODO:` marks a place to edit. A decision that panics (a `todo!()` still there)
//! answers 500, and its message is printed above the failing case.

// The stub's parameters are unused until you fill in the bodies; delete this line once
// the `todo!()`s are gone, so the compiler can point out anything left unused.
#![allow(unused_variables)]

/// `serde_json::json!` builds a body: `serde_json::json!({"items": items, "next": next})`.
pub use http_api_contract::serde_json;
pub use http_api_contract::{
    BodyError, Create, DEFAULT_LIMIT, Decide, Delete, Effect, List, MAX_BODY_BYTES, MAX_LIMIT,
    NewOrder, Order, Payload, Read, Replace, Reply, Store, if_match_holds, if_none_match_hits,
    is_json,
};

/// Your decisions. The cases build it with `Orders::default()`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Orders;

impl Decide for Orders {
    /// `POST /orders`: check the body (`Payload::TooLarge` is 413; `is_json` false is
    /// 415; `NewOrder::parse` says 400 or 422), then build the `Order` with id
    /// `store.next_id()` and version 1, and answer 201 with `Location`
    /// (`order.location()`), `ETag` (`order.etag()`), the order (`order.to_json()`) and
    /// `Effect::Insert(order)`.
    fn create(&self, request: &Create<'_>, store: &Store) -> Reply {
        // TODO: refuse a bad body (413, 415, 400, 422), else insert and answer 201.
        todo!("decide POST /orders")
    }

    /// `GET /orders/{id}`: 404 for an unknown id; 304 (no body, the `ETag` again) when
    /// `If-None-Match` lists the order's ETag (`if_none_match_hits`); else 200 with
    /// the `ETag`, `Cache-Control: no-cache` and the order.
    fn read(&self, request: &Read<'_>, store: &Store) -> Reply {
        // TODO: look the order up with `store.get(request.id)`, then choose 404, 304 or 200.
        todo!("decide GET /orders/{{id}}")
    }

    /// `PUT /orders/{id}`: 404 for an unknown id, 428 without `If-Match`, 412 when it
    /// does not hold (`if_match_holds`), then the body as in `create`; success is 200
    /// with the order at version + 1, its new `ETag`, and `Effect::Update`.
    fn replace(&self, request: &Replace<'_>, store: &Store) -> Reply {
        // TODO: check existence, then the precondition, then the body.
        todo!("decide PUT /orders/{{id}}")
    }

    /// `DELETE /orders/{id}`: 404 for an unknown id, 412 when an `If-Match` is sent
    /// and does not hold, else 204 (no body) with `Effect::Remove(id)`.
    fn delete(&self, request: &Delete<'_>, store: &Store) -> Reply {
        // TODO: 404, 412 or 204.
        todo!("decide DELETE /orders/{{id}}")
    }

    /// `GET /orders?limit=&cursor=`: `limit` is a whole number from 1 to `MAX_LIMIT`
    /// (default `DEFAULT_LIMIT`), `cursor` the `next` of the page before (absent: from
    /// the start); anything else is 400. Answer 200 with
    /// `{"items": [orders...], "next": a cursor, or null on the last page}`, the orders
    /// in id order after the cursor (`store.after(id)`).
    fn list(&self, request: &List<'_>, store: &Store) -> Reply {
        // TODO: parse limit and cursor (400 if bad), then build the page and its next.
        todo!("decide GET /orders")
    }
}
