//! The contract of the orders API as named cases, so the reference and the learner's
//! exercise run the same checks. Each case serves the decisions under test on
//! 127.0.0.1 with [`serve`], sends real HTTP/1.1 requests with [`Client`], and checks
//! the status code, the headers and the body; all under a watchdog, so a server that
//! hangs fails in bounded time.
//!
//! Teaching order (the topic's manifest): create and its four refusals, read and the
//! conditional GET, replace and its preconditions, delete, the list, then random
//! sequences against the naive model.
//!
//! The generic functions only build the subject; the work is in non-generic functions,
//! compiled once here at the contract's opt-level, which keeps `cargo lab check` quick.

use std::sync::Arc;
use std::time::Duration;

use proptest::prelude::*;
use testkit::property::{TestCaseError, check_explained, steps};

use crate::client::{Client, Response};
use crate::model::{Model, Op, Tag};
use crate::{Decide, MAX_BODY_BYTES, reason_phrase, serve};

/// Wall-clock time a case may take before the watchdog calls it a hang.
const WATCHDOG: Duration = Duration::from_secs(60);

/// A valid order body.
const TEA: &str = r#"{"item":"tea","quantity":2}"#;

/// `POST /orders` with a valid body answers 201 with `Location: /orders/{id}`, an
/// `ETag`, and the order as JSON with `id` and `version` 1.
pub fn create_answers_201_with_location_etag_and_the_order<D: Decide + Default>() {
    run::<D>("creating an order", |c| {
        let r = post(c, TEA);
        expect(
            &r,
            201,
            "POST /orders with a valid order",
            "a new resource gets 201 Created",
        );
        let body = r.json();
        let id = body["id"].as_u64().unwrap_or_else(|| {
            panic!(
                "the 201's body must be the order with a numeric \"id\"; got {}",
                r.text()
            )
        });
        assert_eq!(
            r.header("location"),
            Some(format!("/orders/{id}").as_str()),
            "a 201 says where the new resource lives: Location: /orders/{id}"
        );
        assert_eq!(
            (
                body["item"].as_str(),
                body["quantity"].as_u64(),
                body["version"].as_u64()
            ),
            (Some("tea"), Some(2), Some(1)),
            "the 201's body is the order as stored: item, quantity, and version 1; got {}",
            r.text()
        );
        expect_etag(&r, "the 201");
        assert_eq!(
            r.header("content-type"),
            Some("application/json"),
            "an order is sent as application/json"
        );
        let second = post(c, TEA);
        expect(
            &second,
            201,
            "a second POST /orders",
            "each POST creates a new order",
        );
        assert_ne!(
            second.json()["id"].as_u64(),
            Some(id),
            "two orders never share an id"
        );
    });
}

/// A body that is not JSON answers 400, with a problem body.
pub fn create_rejects_malformed_json_with_400<D: Decide + Default>() {
    run::<D>("malformed JSON", |c| {
        for body in [r#"{"item":"tea","quantity":"#, "not json", "[1, 2]"] {
            let r = post(c, body);
            expect_problem(
                &r,
                400,
                &format!("POST /orders with body {body:?}"),
                "a body that is not a JSON object is a syntax error: 400 Bad Request",
            );
        }
        expect_nothing_created(c);
    });
}

/// A body in another content type answers 415, before the body is looked at.
pub fn create_rejects_other_content_types_with_415<D: Decide + Default>() {
    run::<D>("another content type", |c| {
        for content_type in ["text/plain", "application/xml"] {
            let r = c
                .send(
                    "POST",
                    "/orders",
                    &[("content-type", content_type)],
                    TEA.as_bytes(),
                )
                .expect("the request is answered");
            expect_problem(
                &r,
                415,
                &format!("POST /orders as {content_type}"),
                "the API reads application/json only: 415 Unsupported Media Type",
            );
        }
        let r = c
            .send("POST", "/orders", &[], TEA.as_bytes())
            .expect("the request is answered");
        expect_problem(
            &r,
            415,
            "POST /orders with no Content-Type",
            "without a Content-Type the server cannot know the body is JSON: 415",
        );
        let r = c
            .send(
                "POST",
                "/orders",
                &[("content-type", "application/json; charset=utf-8")],
                TEA.as_bytes(),
            )
            .expect("the request is answered");
        expect(
            &r,
            201,
            "POST /orders as application/json; charset=utf-8",
            "parameters after the media type do not change it",
        );
    });
}

/// Well-formed JSON with a field missing or out of range answers 422, naming the
/// field in the problem's detail.
pub fn create_names_the_bad_field_with_422<D: Decide + Default>() {
    run::<D>("invalid fields", |c| {
        let long = "x".repeat(101);
        let cases = [
            (r#"{"quantity":2}"#.to_string(), "item"),
            (r#"{"item":"","quantity":2}"#.to_string(), "item"),
            (format!(r#"{{"item":"{long}","quantity":2}}"#), "item"),
            (r#"{"item":"tea"}"#.to_string(), "quantity"),
            (r#"{"item":"tea","quantity":0}"#.to_string(), "quantity"),
            (r#"{"item":"tea","quantity":1001}"#.to_string(), "quantity"),
            (r#"{"item":"tea","quantity":2.5}"#.to_string(), "quantity"),
        ];
        for (body, field) in cases {
            let r = post(c, &body);
            let what = format!("POST /orders with {body:.60}");
            expect_problem(
                &r,
                422,
                &what,
                "the JSON is well formed but a field is wrong: 422 Unprocessable Content",
            );
            let detail = r.json()["detail"].as_str().unwrap_or("").to_string();
            assert!(
                detail.contains(field),
                "{what}: the 422's detail must name the field at fault, {field:?}, so the \
                 client can fix it; it says {detail:?}"
            );
        }
        let r = post(c, r#"{"item":"x","quantity":1000}"#);
        expect(
            &r,
            201,
            "POST /orders with quantity 1000",
            "1000 is the largest valid quantity",
        );
    });
}

/// A body over 64 KiB answers 413, whatever it holds.
pub fn create_rejects_a_body_over_64_kib_with_413<D: Decide + Default>() {
    run::<D>("a large body", |c| {
        let padding = " ".repeat(MAX_BODY_BYTES);
        let big = format!("{TEA}{padding}");
        let r = post(c, &big);
        expect_problem(
            &r,
            413,
            &format!("POST /orders with a {} byte body", big.len()),
            "the API reads at most 64 KiB: 413 Content Too Large, before parsing",
        );
    });
    run::<D>("a body of exactly 64 KiB", |c| {
        let padding = " ".repeat(MAX_BODY_BYTES - TEA.len());
        let r = post(c, &format!("{TEA}{padding}"));
        expect(
            &r,
            201,
            "POST /orders with a body of exactly 64 KiB",
            "the limit itself is allowed",
        );
    });
}

/// `GET /orders/{id}` answers 200 with the order, a strong `ETag` that changes with it.
pub fn read_answers_200_with_a_strong_etag<D: Decide + Default>() {
    run::<D>("reading an order", |c| {
        let created = post(c, TEA);
        let location = created
            .header("location")
            .unwrap_or("/orders/1")
            .to_string();
        let r = c.get(&location, &[]).expect("the request is answered");
        expect(&r, 200, &format!("GET {location}"), "the order exists");
        assert_eq!(
            r.json(),
            created.json(),
            "GET returns the order as POST returned it"
        );
        let etag = expect_etag(&r, "the 200");
        assert!(
            !etag.starts_with("W/"),
            "the ETag must be strong (no W/ prefix), so If-Match can use it; got {etag}"
        );
        assert_eq!(
            Some(etag.as_str()),
            created.header("etag"),
            "the same representation has the same ETag"
        );
    });
}

/// `If-None-Match` with the current ETag answers 304 with no body; a changed order
/// answers 200 again.
pub fn read_answers_304_with_no_body_when_the_etag_matches<D: Decide + Default>() {
    run::<D>("a conditional GET", |c| {
        let created = post(c, TEA);
        let location = created
            .header("location")
            .unwrap_or("/orders/1")
            .to_string();
        let first = c.get(&location, &[]).expect("the request is answered");
        let etag = expect_etag(&first, "the 200");
        let again = c
            .get(&location, &[("if-none-match", &etag)])
            .expect("the request is answered");
        expect(
            &again,
            304,
            &format!("GET {location} with If-None-Match: {etag}"),
            "the client's copy is current: 304 Not Modified",
        );
        assert!(
            again.body.is_empty(),
            "a 304 has no body (the client has it); got {} bytes",
            again.body.len()
        );
        assert_eq!(
            again.header("etag"),
            Some(etag.as_str()),
            "a 304 repeats the ETag"
        );
        let other = c
            .get(&location, &[("if-none-match", "\"not-it\"")])
            .expect("the request is answered");
        expect(
            &other,
            200,
            &format!("GET {location} with If-None-Match: \"not-it\""),
            "the client's copy is not the current one: send it",
        );
    });
}

/// An unknown id answers 404 with a problem body, as does any path the API does not
/// have.
pub fn read_answers_404_for_an_unknown_order<D: Decide + Default>() {
    run::<D>("an unknown order", |c| {
        let r = c
            .get("/orders/12345", &[])
            .expect("the request is answered");
        expect_problem(
            &r,
            404,
            "GET /orders/12345 on an empty store",
            "there is no such order",
        );
    });
}

/// `PUT` without `If-Match` answers 428: the API will not let a client overwrite
/// changes it has not seen.
pub fn replace_without_if_match_answers_428<D: Decide + Default>() {
    run::<D>("PUT without If-Match", |c| {
        let created = post(c, TEA);
        let location = created
            .header("location")
            .unwrap_or("/orders/1")
            .to_string();
        let r = put(c, &location, None, r#"{"item":"tea","quantity":3}"#);
        expect_problem(
            &r,
            428,
            &format!("PUT {location} with no If-Match"),
            "the API requires a precondition on PUT to prevent lost updates: 428 Precondition Required",
        );
        let r = put(c, "/orders/999", Some("\"1.1\""), TEA);
        expect_problem(
            &r,
            404,
            "PUT /orders/999 (no such order)",
            "there is nothing to replace",
        );
    });
}

/// `PUT` with an ETag that is no longer current answers 412 and changes nothing.
pub fn replace_with_a_stale_etag_answers_412<D: Decide + Default>() {
    run::<D>("PUT with a stale ETag", |c| {
        let created = post(c, TEA);
        let location = created
            .header("location")
            .unwrap_or("/orders/1")
            .to_string();
        let etag = expect_etag(&created, "the 201");
        let ok = put(c, &location, Some(&etag), r#"{"item":"tea","quantity":3}"#);
        expect(
            &ok,
            200,
            &format!("PUT {location} with If-Match: {etag}"),
            "the ETag is current",
        );
        let late = put(c, &location, Some(&etag), r#"{"item":"tea","quantity":9}"#);
        expect_problem(
            &late,
            412,
            &format!("a second PUT {location} with the same, now stale, If-Match: {etag}"),
            "someone changed the order since this client read it: 412 Precondition Failed",
        );
        let now = c.get(&location, &[]).expect("the request is answered");
        assert_eq!(
            now.json()["quantity"].as_u64(),
            Some(3),
            "a PUT refused with 412 changes nothing: the quantity stays 3"
        );
    });
}

/// `PUT` with the current ETag replaces the order: 200, the new order (version one
/// more) and its new ETag; a bad body gets the same codes as in create.
pub fn replace_answers_200_with_a_new_etag<D: Decide + Default>() {
    run::<D>("replacing an order", |c| {
        let created = post(c, TEA);
        let location = created
            .header("location")
            .unwrap_or("/orders/1")
            .to_string();
        let etag = expect_etag(&created, "the 201");
        let bad = put(c, &location, Some(&etag), r#"{"item":"tea","quantity":0}"#);
        expect_problem(
            &bad,
            422,
            &format!("PUT {location} with quantity 0"),
            "as in create",
        );
        let r = put(
            c,
            &location,
            Some(&etag),
            r#"{"item":"coffee","quantity":5}"#,
        );
        expect(
            &r,
            200,
            &format!("PUT {location} with If-Match: {etag}"),
            "the ETag is current",
        );
        let body = r.json();
        assert_eq!(
            (
                body["item"].as_str(),
                body["quantity"].as_u64(),
                body["version"].as_u64()
            ),
            (Some("coffee"), Some(5), Some(2)),
            "the 200's body is the replaced order, version 2; got {}",
            r.text()
        );
        let new_etag = expect_etag(&r, "the PUT's 200");
        assert_ne!(new_etag, etag, "a changed order has a new ETag");
        let now = c.get(&location, &[]).expect("the request is answered");
        assert_eq!(now.json(), body, "GET after PUT returns the replaced order");
        let star = put(c, &location, Some("*"), TEA);
        expect(
            &star,
            200,
            &format!("PUT {location} with If-Match: *"),
            "* matches any current order",
        );
    });
}

/// `DELETE` answers 204 with no body; the order is gone, and deleting it again is 404.
pub fn delete_answers_204_then_404<D: Decide + Default>() {
    run::<D>("deleting an order", |c| {
        let created = post(c, TEA);
        let location = created
            .header("location")
            .unwrap_or("/orders/1")
            .to_string();
        let r = c
            .send("DELETE", &location, &[], &[])
            .expect("the request is answered");
        expect(
            &r,
            204,
            &format!("DELETE {location}"),
            "deleted, nothing to say: 204 No Content",
        );
        assert!(r.body.is_empty(), "a 204 has no body");
        let again = c
            .send("DELETE", &location, &[], &[])
            .expect("the request is answered");
        expect_problem(
            &again,
            404,
            &format!("DELETE {location} again"),
            "it is gone",
        );
        let read = c.get(&location, &[]).expect("the request is answered");
        expect_problem(
            &read,
            404,
            &format!("GET {location} after DELETE"),
            "it is gone",
        );
    });
}

/// `GET /orders?limit=` pages through every order in id order, each page's `next`
/// the cursor of the following one and `null` on the last.
pub fn list_pages_through_every_order_with_next<D: Decide + Default>() {
    run::<D>("listing orders", |c| {
        let mut ids = Vec::new();
        for _ in 0..7 {
            ids.push(post(c, TEA).json()["id"].as_u64().unwrap_or(0));
        }
        let deleted = ids.remove(3);
        c.send("DELETE", &format!("/orders/{deleted}"), &[], &[])
            .expect("the request is answered");
        let (seen, pages) = list_all(c, 2);
        assert_eq!(
            seen, ids,
            "following next from GET /orders?limit=2 must visit every order once, in id order"
        );
        assert_eq!(pages, 3, "6 orders at 2 a page are 3 pages");
        let r = c.get("/orders", &[]).expect("the request is answered");
        expect(
            &r,
            200,
            "GET /orders with no limit",
            "the default page size is 20",
        );
        assert_eq!(
            r.json()["items"].as_array().map(Vec::len),
            Some(6),
            "all 6 fit one page"
        );
        assert!(r.json()["next"].is_null(), "the last page's next is null");
    });
}

/// A `limit` that is not a number from 1 to 100, or a cursor the API did not make,
/// answers 400.
pub fn list_rejects_a_bad_limit_with_400<D: Decide + Default>() {
    run::<D>("a bad limit", |c| {
        for query in [
            "limit=0",
            "limit=101",
            "limit=ten",
            "limit=-1",
            "limit=",
            "cursor=zzz",
        ] {
            let r = c
                .get(&format!("/orders?{query}"), &[])
                .expect("the request is answered");
            expect_problem(
                &r,
                400,
                &format!("GET /orders?{query}"),
                "the query is malformed: limit is a number from 1 to 100, cursor is a next",
            );
        }
        let r = c
            .get("/orders?limit=100", &[])
            .expect("the request is answered");
        expect(&r, 200, "GET /orders?limit=100", "100 is the largest page");
    });
}

/// Random sequences of requests, against the server and the naive [`Model`]: every
/// status code agrees, and so does every order and list returned.
pub fn agrees_with_the_model<D: Decide + Default>() {
    property(Arc::new(D::default()));
}

fn property(decide: Arc<dyn Decide>) {
    testkit::watchdog::within(WATCHDOG, "random request sequences", move || {
        let op = prop_oneof![
            3 => prop_oneof![Just(0u64), 1..=1000u64, Just(1001u64)]
                .prop_map(|quantity| Op::Create { quantity }),
            2 => (1..6u64, tag()).prop_map(|(id, tag)| Op::Read { id, tag }),
            2 => (1..6u64, tag(), prop_oneof![Just(0u64), 1..=1000u64])
                .prop_map(|(id, tag, quantity)| Op::Replace { id, tag, quantity }),
            1 => (1..6u64).prop_map(|id| Op::Delete { id }),
            1 => prop_oneof![Just(0usize), 1..4usize, Just(101usize)]
                .prop_map(|limit| Op::ListAll { limit }),
        ];
        check_explained(
            &prop::collection::vec(op, 1..12),
            |ops| format!("an empty store, then:\n{}", steps(ops.iter())),
            |ops| replay(&decide, &ops),
        );
    });
}

fn tag() -> impl Strategy<Value = Tag> {
    prop_oneof![Just(Tag::Missing), Just(Tag::Current), Just(Tag::Stale)]
}

/// Runs `ops` on a fresh server and the model, comparing each answer.
fn replay(decide: &Arc<dyn Decide>, ops: &[Op]) -> Result<(), TestCaseError> {
    let server = serve(Arc::clone(decide), |_| axum::Router::new())
        .map_err(|e| TestCaseError::fail(format!("cannot start the server: {e}")))?;
    let mut c = Client::connect(server.addr()).expect("a loopback connection");
    let mut model = Model::new();
    // The ETag the server last gave for each id, for Tag::Current.
    let mut etags = std::collections::HashMap::<u64, String>::new();
    for (step, op) in ops.iter().enumerate() {
        let expected = model.apply(op);
        let header = |id: u64, tag: Tag| match tag {
            Tag::Missing => None,
            Tag::Current => Some(etags.get(&id).cloned().unwrap_or_else(|| "*".to_string())),
            Tag::Stale => Some("\"never\"".to_string()),
        };
        let (status, order, ids) = match op {
            Op::Create { quantity } => {
                let r = post(
                    &mut c,
                    &format!(r#"{{"item":"tea","quantity":{quantity}}}"#),
                );
                (r.status, order_of(&r, &mut etags), None)
            }
            Op::Read { id, tag } => {
                let value = header(*id, *tag);
                let hs: Vec<(&str, &str)> = value
                    .iter()
                    .map(|v| ("if-none-match", v.as_str()))
                    .collect();
                let r = c.get(&format!("/orders/{id}"), &hs).expect("answered");
                (r.status, order_of(&r, &mut etags), None)
            }
            Op::Replace { id, tag, quantity } => {
                let value = header(*id, *tag);
                let body = format!(r#"{{"item":"tea","quantity":{quantity}}}"#);
                let r = put(&mut c, &format!("/orders/{id}"), value.as_deref(), &body);
                (r.status, order_of(&r, &mut etags), None)
            }
            Op::Delete { id } => {
                let r = c
                    .send("DELETE", &format!("/orders/{id}"), &[], &[])
                    .expect("answered");
                (r.status, None, None)
            }
            Op::ListAll { limit } => {
                let r = c
                    .get(&format!("/orders?limit={limit}"), &[])
                    .expect("answered");
                if r.status == 200 {
                    let (ids, _) = list_all(&mut c, *limit);
                    (200, None, Some(ids))
                } else {
                    (r.status, None, None)
                }
            }
        };
        let step = step + 1;
        if status != expected.status {
            return Err(TestCaseError::fail(format!(
                "step {step} ({op}) got {status} {}, expected {} {}",
                reason_phrase(status),
                expected.status,
                reason_phrase(expected.status)
            )));
        }
        if expected.order.is_some() && order != expected.order {
            return Err(TestCaseError::fail(format!(
                "step {step} ({op}) returned (id, quantity, version) {order:?}, expected {:?}",
                expected.order
            )));
        }
        if ids != expected.ids {
            return Err(TestCaseError::fail(format!(
                "step {step} ({op}) listed ids {ids:?}, expected {:?}",
                expected.ids
            )));
        }
    }
    Ok(())
}

fn order_of(
    r: &Response,
    etags: &mut std::collections::HashMap<u64, String>,
) -> Option<(u64, u64, u64)> {
    let body = r.json();
    let order = (
        body["id"].as_u64()?,
        body["quantity"].as_u64()?,
        body["version"].as_u64()?,
    );
    if let Some(etag) = r.header("etag") {
        etags.insert(order.0, etag.to_string());
    }
    Some(order)
}

/// Follows `next` from `GET /orders?limit=`: every id seen, and the number of pages.
fn list_all(c: &mut Client, limit: usize) -> (Vec<u64>, usize) {
    let mut ids = Vec::new();
    let mut path = format!("/orders?limit={limit}");
    for pages in 1.. {
        let r = c.get(&path, &[]).expect("the request is answered");
        expect(&r, 200, &format!("GET {path}"), "a page of a valid listing");
        let body = r.json();
        let items = body["items"].as_array().unwrap_or_else(|| {
            panic!(
                "GET {path}: the body must have an \"items\" array; got {}",
                r.text()
            )
        });
        assert!(
            items.len() <= limit,
            "GET {path}: a page holds at most limit = {limit} orders, got {}",
            items.len()
        );
        ids.extend(items.iter().filter_map(|o| o["id"].as_u64()));
        match &body["next"] {
            serde_json::Value::Null => return (ids, pages),
            serde_json::Value::String(next) => {
                assert!(pages < 1000, "GET {path}: next never ends");
                path = format!("/orders?limit={limit}&cursor={next}");
            }
            other => panic!("GET {path}: next must be a string cursor or null, got {other}"),
        }
    }
    unreachable!("the loop returns")
}

/// Serves `D` on loopback and runs `check` with a client, under the watchdog.
fn run<D: Decide + Default>(what: &'static str, check: fn(&mut Client)) {
    run_dyn(Arc::new(D::default()), what, check);
}

fn run_dyn(decide: Arc<dyn Decide>, what: &'static str, check: fn(&mut Client)) {
    testkit::watchdog::within(WATCHDOG, what, move || {
        let server = serve(decide, |_| axum::Router::new()).expect("a server on 127.0.0.1");
        let mut client = Client::connect(server.addr()).expect("a loopback connection");
        check(&mut client);
    });
}

fn post(c: &mut Client, body: &str) -> Response {
    c.send(
        "POST",
        "/orders",
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
    .expect("the request is answered")
}

fn put(c: &mut Client, path: &str, if_match: Option<&str>, body: &str) -> Response {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(tag) = if_match {
        headers.push(("if-match", tag));
    }
    c.send("PUT", path, &headers, body.as_bytes())
        .expect("the request is answered")
}

/// Panics unless `r` has status `status`, saying what was sent and why that status.
fn expect(r: &Response, status: u16, what: &str, why: &str) {
    assert!(
        r.status == status,
        "{what}: expected {status} {} ({why}), got {} {}{}",
        reason_phrase(status),
        r.status,
        reason_phrase(r.status),
        if r.status == 500 {
            " (a panic in a decision, a todo!() left in, shows as 500: see the server's \
             message above)"
                .to_string()
        } else {
            format!("; body: {:.200}", r.text())
        }
    );
}

/// [`expect`], and the body is an RFC 9457 problem for that status.
fn expect_problem(r: &Response, status: u16, what: &str, why: &str) {
    expect(r, status, what, why);
    assert_eq!(
        r.header("content-type"),
        Some("application/problem+json"),
        "{what}: every error body is application/problem+json (RFC 9457)"
    );
    let body = r.json();
    for field in ["type", "title", "detail"] {
        assert!(
            body[field].is_string(),
            "{what}: a problem has a string {field:?}; got {}",
            r.text()
        );
    }
    assert_eq!(
        body["status"].as_u64(),
        Some(u64::from(status)),
        "{what}: a problem repeats the status code"
    );
}

fn expect_etag(r: &Response, what: &str) -> String {
    let etag = r
        .header("etag")
        .unwrap_or_else(|| panic!("{what} must carry an ETag header"));
    let opaque = etag.strip_prefix("W/").unwrap_or(etag);
    assert!(
        opaque.len() >= 2 && opaque.starts_with('"') && opaque.ends_with('"'),
        "{what}: an ETag is a quoted string, like \"1.1\"; got {etag}"
    );
    etag.to_string()
}

fn expect_nothing_created(c: &mut Client) {
    let r = c.get("/orders", &[]).expect("the request is answered");
    assert_eq!(
        r.json()["items"].as_array().map(Vec::len),
        Some(0),
        "a refused POST creates nothing; GET /orders shows {}",
        r.text()
    );
}
