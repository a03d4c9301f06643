//! The reference decisions: one pure function per route of the orders resource.
//!
//! Each reads the request's facts and the store and returns the reply; the order of
//! the checks is the lesson. For a write, RFC 9110 (section 13.2.2) puts the checks a
//! request would fail without its preconditions first (the order exists), then the
//! preconditions (`If-Match`: 428 when missing, 412 when stale), and only then the
//! content (413, 415, 400, 422), so a client whose copy is stale learns that before
//! it learns about a typo in a body it must rebuild anyway.

use http_api_contract::{
    BodyError, Create, DEFAULT_LIMIT, Decide, Delete, Effect, List, MAX_BODY_BYTES, MAX_LIMIT,
    NewOrder, Order, Payload, Read, Replace, Reply, Store, if_match_holds, if_none_match_hits,
    is_json,
};

/// The reference decisions for the orders API (see [`Decide`] for the contract).
#[derive(Debug, Clone, Copy, Default)]
pub struct Orders;

/// Tells clients (and any cache on the way) that a stored copy may be used only after
/// revalidating it with the ETag: the conditional GET the demo counts.
const CACHE_CONTROL: &str = "no-cache";

impl Decide for Orders {
    fn create(&self, request: &Create<'_>, store: &Store) -> Reply {
        let new = match body(request.content_type, request.body) {
            Ok(new) => new,
            Err((status, detail)) => return Reply::problem(status, detail),
        };
        let order = Order {
            id: store.next_id(),
            item: new.item,
            quantity: new.quantity,
            version: 1,
        };
        Reply::status(201)
            .header("location", order.location())
            .header("etag", order.etag())
            .json(order.to_json())
            .effect(Effect::Insert(order))
    }

    fn read(&self, request: &Read<'_>, store: &Store) -> Reply {
        let Some(order) = store.get(request.id) else {
            return not_found(request.id);
        };
        let etag = order.etag();
        if request
            .if_none_match
            .is_some_and(|header| if_none_match_hits(header, &etag))
        {
            // The client's copy is current: no body, and the validators again so a
            // cache can refresh its entry.
            return Reply::status(304)
                .header("etag", etag)
                .header("cache-control", CACHE_CONTROL);
        }
        Reply::status(200)
            .header("etag", etag)
            .header("cache-control", CACHE_CONTROL)
            .json(order.to_json())
    }

    fn replace(&self, request: &Replace<'_>, store: &Store) -> Reply {
        let Some(current) = store.get(request.id) else {
            return not_found(request.id);
        };
        let Some(if_match) = request.if_match else {
            return Reply::problem(
                428,
                "PUT needs If-Match with the order's current ETag (GET it first), so a \
                 change made since cannot be overwritten unseen",
            );
        };
        if !if_match_holds(if_match, &current.etag()) {
            return Reply::problem(
                412,
                format!(
                    "the order changed since that ETag: it is now {}; GET it and retry",
                    current.etag()
                ),
            );
        }
        let new = match body(request.content_type, request.body) {
            Ok(new) => new,
            Err((status, detail)) => return Reply::problem(status, detail),
        };
        let order = Order {
            id: current.id,
            item: new.item,
            quantity: new.quantity,
            version: current.version + 1,
        };
        Reply::status(200)
            .header("etag", order.etag())
            .json(order.to_json())
            .effect(Effect::Update(order))
    }

    fn delete(&self, request: &Delete<'_>, store: &Store) -> Reply {
        let Some(current) = store.get(request.id) else {
            return not_found(request.id);
        };
        if let Some(if_match) = request.if_match
            && !if_match_holds(if_match, &current.etag())
        {
            return Reply::problem(
                412,
                format!(
                    "the order changed since that ETag: it is now {}",
                    current.etag()
                ),
            );
        }
        Reply::status(204).effect(Effect::Remove(request.id))
    }

    fn list(&self, request: &List<'_>, store: &Store) -> Reply {
        let limit = match request.limit {
            None => DEFAULT_LIMIT,
            Some(text) => match text.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Reply::problem(
                        400,
                        format!("limit must be a whole number from 1 to {MAX_LIMIT}, not {text:?}"),
                    );
                }
            },
        };
        let after = match request.cursor {
            None => 0,
            Some(text) => match decode_cursor(text) {
                Some(after) => after,
                None => {
                    return Reply::problem(
                        400,
                        format!("cursor {text:?} is not one this API gave: pass a page's next"),
                    );
                }
            },
        };
        // One more than the page, to know whether a next page exists without a
        // second pass.
        let mut page: Vec<&Order> = store.after(after).take(limit + 1).collect();
        let next = if page.len() > limit {
            page.truncate(limit);
            page.last().map(|last| encode_cursor(last.id))
        } else {
            None
        };
        let items: Vec<serde_json::Value> = page.iter().map(|o| o.to_json()).collect();
        Reply::status(200).json(serde_json::json!({ "items": items, "next": next }))
    }
}

/// A cursor is the last id of the page before, behind a prefix: opaque to clients (they
/// pass `next` back as given), stable under inserts and deletes (unlike an offset), and
/// checkable. A production API would also sign or encrypt it.
fn encode_cursor(after: u64) -> String {
    format!("after-{after}")
}

fn decode_cursor(cursor: &str) -> Option<u64> {
    let digits = cursor.strip_prefix("after-")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The body of a create or replace, or the refusal's status and detail: 413, then
/// 415, then 400 or 422.
fn body(content_type: Option<&str>, payload: Payload<'_>) -> Result<NewOrder, (u16, String)> {
    let Payload::Complete(bytes) = payload else {
        return Err((413, format!("the body is over {MAX_BODY_BYTES} bytes")));
    };
    if !is_json(content_type) {
        return Err((
            415,
            format!(
                "send the order as application/json, not {}",
                content_type.unwrap_or("a body with no Content-Type")
            ),
        ));
    }
    NewOrder::parse(bytes).map_err(|e| match e {
        BodyError::Malformed(_) => (400, e.to_string()),
        BodyError::Invalid { .. } => (422, e.to_string()),
    })
}

fn not_found(id: u64) -> Reply {
    Reply::problem(404, format!("there is no order {id}"))
}
