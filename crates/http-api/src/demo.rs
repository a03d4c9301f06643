//! The demo: the orders API on 127.0.0.1, driven by a client that counts what crosses
//! the wire.
//!
//! 1. **Status codes**: every scenario of questions 18 and 21's table, each request
//!    sent for real, its expected and measured code side by side; the JSON-RPC error
//!    codes beside them.
//! 2. **Conditional GET against RPC**: `size` repeated reads of one order, as GETs
//!    with `If-None-Match` (304, no body) and as `order.get` calls (the whole order
//!    each time): body bytes counted.
//! 3. **Retries**: a PUT sent three times (a lost response, retried with the same
//!    `If-Match`) changes the order once; a POST sent three times creates three orders
//!    (the retry topic's idempotency keys are the fix).
//! 4. **A dashboard of 20 orders**: REST, a list and then each order (1 + 20 round
//!    trips), against one JSON-RPC batch (1 round trip).
//!
//! Every claim rests on counts (status codes, bytes, round trips, orders); the time per
//! request is shown beside them and asserted nowhere. The seed picks the orders' items
//! and quantities, so it changes the byte counts and nothing else.

use std::time::Instant;

use evidence::format::nanos;
use evidence::{Claim, DemoConfig, Report, Table};
use http_api_contract::client::{Client, Response};
use rand::RngExt;
use serde_json::{Value, json};

use crate::rpc;

/// The number of orders on the dashboard.
pub const DASHBOARD: usize = 20;
/// How many times a client retries in the retry claims.
pub const RETRIES: usize = 3;

/// Runs the demo: `config.size` repeated reads in part 2, the rest fixed.
///
/// # Panics
///
/// When no server can be started on 127.0.0.1 or a request fails at the socket level:
/// the machine, not the API, is then broken.
pub fn run(config: &DemoConfig) -> Report {
    let mut rng = evidence::workload::rng(config.seed);
    let mut report = Report::new(
        "http-api",
        format!(
            "the orders API on 127.0.0.1: status codes, {} repeated reads, retries, a dashboard of {DASHBOARD}",
            config.size
        ),
    );
    let mut order = || {
        let quantity: u64 = rng.random_range(1..=1000);
        let len: usize = rng.random_range(8..=60);
        let item: String = (0..len)
            .map(|_| char::from(rng.random_range(b'a'..=b'z')))
            .collect();
        json!({ "item": item, "quantity": quantity })
    };

    status_codes(&mut report, order());
    conditional_get(&mut report, config.size, order());
    retries(&mut report, order());
    let dashboard: Vec<Value> = (0..DASHBOARD).map(|_| order()).collect();
    dashboard_round_trips(&mut report, &dashboard);
    report.notes.push(
        "Times are wall-clock on loopback with client and server on one machine, shown \
         beside the counts and asserted nowhere; the bench (cargo lab bench http-api) \
         measures them properly."
            .to_string(),
    );
    report
}

/// A running server and a client connected to it.
fn connect() -> (crate::RunningServer, Client) {
    let server = crate::start_blocking().expect("a server on 127.0.0.1");
    let client = Client::connect(server.addr()).expect("a loopback connection");
    (server, client)
}

fn send(
    c: &mut Client,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    c.send(method, path, headers, body.as_bytes())
        .expect("a request over loopback")
}

const JSON: (&str, &str) = ("content-type", "application/json");

/// Part 1: every scenario, expected against measured.
fn status_codes(report: &mut Report, order: Value) {
    let (_server, mut c) = connect();
    let body = order.to_string();
    let mut table = Table::new(
        "status codes: each scenario sent over HTTP",
        ["scenario", "request", "expected", "measured"],
    );
    let mut rows: Vec<(String, String, u16, u16)> = Vec::new();
    let mut row = |scenario: &str, request: String, expected: u16, r: &Response| {
        rows.push((scenario.to_string(), request, expected, r.status));
    };

    let created = send(&mut c, "POST", "/orders", &[JSON], &body);
    row("create", "POST /orders".into(), 201, &created);
    let location = created
        .header("location")
        .unwrap_or("/orders/1")
        .to_string();
    let etag = created.header("etag").unwrap_or("").to_string();
    let r = send(&mut c, "POST", "/orders", &[JSON], "{\"item\":");
    row("malformed JSON", "POST /orders {\"item\":".into(), 400, &r);
    let r = send(
        &mut c,
        "POST",
        "/orders",
        &[("content-type", "text/plain")],
        &body,
    );
    row(
        "another content type",
        "POST /orders as text/plain".into(),
        415,
        &r,
    );
    let r = send(
        &mut c,
        "POST",
        "/orders",
        &[JSON],
        r#"{"item":"tea","quantity":0}"#,
    );
    row(
        "a field out of range",
        "POST /orders quantity 0".into(),
        422,
        &r,
    );
    let big = format!("{body}{}", " ".repeat(http_api_contract::MAX_BODY_BYTES));
    let r = send(&mut c, "POST", "/orders", &[JSON], &big);
    row(
        "a body over 64 KiB",
        "POST /orders, 64 KiB + body".into(),
        413,
        &r,
    );
    let r = send(&mut c, "GET", &location, &[], "");
    row("read", format!("GET {location}"), 200, &r);
    let r = send(&mut c, "GET", &location, &[("if-none-match", &etag)], "");
    row(
        "read, copy current",
        format!("GET {location} If-None-Match"),
        304,
        &r,
    );
    let r = send(&mut c, "GET", "/orders/999999", &[], "");
    row("unknown order", "GET /orders/999999".into(), 404, &r);
    let r = send(&mut c, "PUT", &location, &[JSON], &body);
    row("replace, no If-Match", format!("PUT {location}"), 428, &r);
    let r = send(
        &mut c,
        "PUT",
        &location,
        &[JSON, ("if-match", "\"0.0\"")],
        &body,
    );
    row(
        "replace, stale If-Match",
        format!("PUT {location} If-Match stale"),
        412,
        &r,
    );
    let r = send(
        &mut c,
        "PUT",
        &location,
        &[JSON, ("if-match", &etag)],
        &body,
    );
    row(
        "replace",
        format!("PUT {location} If-Match current"),
        200,
        &r,
    );
    let r = send(&mut c, "GET", "/orders?limit=10", &[], "");
    row("list", "GET /orders?limit=10".into(), 200, &r);
    let r = send(&mut c, "GET", "/orders?limit=0", &[], "");
    row("list, bad limit", "GET /orders?limit=0".into(), 400, &r);
    let r = send(&mut c, "PATCH", &location, &[JSON], &body);
    let allow = r.header("allow").unwrap_or("none").to_string();
    row(
        "another method",
        format!("PATCH {location} (Allow: {allow})"),
        405,
        &r,
    );
    let r = send(&mut c, "DELETE", &location, &[], "");
    row("delete", format!("DELETE {location}"), 204, &r);
    let r = send(&mut c, "DELETE", &location, &[], "");
    row("delete again", format!("DELETE {location}"), 404, &r);

    let mut problems = 0;
    let mut errors = 0;
    let mut matching = 0;
    for (scenario, request, expected, measured) in &rows {
        table.push([
            scenario.clone(),
            request.clone(),
            expected.to_string(),
            measured.to_string(),
        ]);
        matching += usize::from(expected == measured);
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        format!(
            "each of the {} scenarios of the status-code table gets its code",
            rows.len()
        ),
        format!(
            "{matching} of {} measured codes are the expected ones",
            rows.len()
        ),
        matching == rows.len(),
    ));

    // Every error body is a problem; counted on a second pass over fresh requests,
    // since the rows above keep only the codes.
    for (method, path, headers, body) in [
        ("POST", "/orders", vec![JSON], "{".to_string()),
        (
            "POST",
            "/orders",
            vec![("content-type", "text/plain")],
            body.clone(),
        ),
        ("POST", "/orders", vec![JSON], "{}".to_string()),
        ("GET", "/orders/999999", vec![], String::new()),
        ("PUT", "/orders/1", vec![JSON], body.clone()),
        ("GET", "/orders?limit=x", vec![], String::new()),
        ("PATCH", "/orders", vec![], String::new()),
    ] {
        let r = send(&mut c, method, path, &headers, &body);
        errors += 1;
        let b = r.json();
        let is_problem = r.header("content-type") == Some("application/problem+json")
            && ["type", "title", "detail"].iter().all(|f| b[f].is_string())
            && b["status"].as_u64() == Some(u64::from(r.status));
        problems += usize::from(is_problem);
    }
    report.claims.push(Claim::new(
        "every error body is an RFC 9457 problem (application/problem+json with type, title, status, detail)",
        format!("{problems} of {errors} error responses"),
        problems == errors,
    ));

    let mut rpc_table = Table::new(
        "JSON-RPC 2.0 at POST /rpc: errors travel in an HTTP 200",
        ["call", "expected code", "measured code", "HTTP status"],
    );
    let calls = [
        ("not JSON", "{\"jsonrpc\":".to_string(), rpc::PARSE_ERROR),
        ("not a request", "42".to_string(), rpc::INVALID_REQUEST),
        (
            "unknown method",
            rpc_call("order.ship", json!({}), 1),
            rpc::METHOD_NOT_FOUND,
        ),
        (
            "bad params",
            rpc_call("order.create", json!({"item": "tea"}), 2),
            rpc::INVALID_PARAMS,
        ),
        (
            "no such order",
            rpc_call("order.get", json!({"id": 999_999}), 3),
            rpc::ORDER_NOT_FOUND,
        ),
    ];
    let mut rpc_matching = 0;
    for (what, body, expected) in &calls {
        let r = send(&mut c, "POST", "/rpc", &[JSON], body);
        let code = r.json()["error"]["code"].as_i64().unwrap_or(0);
        rpc_matching += usize::from(code == *expected && r.status == 200);
        rpc_table.push([
            what.to_string(),
            expected.to_string(),
            code.to_string(),
            r.status.to_string(),
        ]);
    }
    report.tables.push(rpc_table);
    report.claims.push(Claim::new(
        "JSON-RPC answers the specification's error codes, every one inside an HTTP 200",
        format!("{rpc_matching} of {} calls", calls.len()),
        rpc_matching == calls.len(),
    ));
}

fn rpc_call(method: &str, params: Value, id: u64) -> String {
    json!({ "jsonrpc": "2.0", "method": method, "params": params, "id": id }).to_string()
}

/// Part 2: `reads` conditional GETs against `reads` `order.get` calls.
fn conditional_get(report: &mut Report, reads: usize, order: Value) {
    let (_server, mut c) = connect();
    let created = send(&mut c, "POST", "/orders", &[JSON], &order.to_string());
    let location = created
        .header("location")
        .unwrap_or("/orders/1")
        .to_string();
    let id = created.json()["id"].as_u64().unwrap_or(1);

    // The first GET fills the client's cache; every repeat revalidates it.
    let first = send(&mut c, "GET", &location, &[], "");
    let etag = first.header("etag").unwrap_or("").to_string();
    let order_bytes = first.body.len() as u64;
    let before = c.traffic();
    let started = Instant::now();
    let mut not_modified = 0;
    for _ in 0..reads {
        let r = send(&mut c, "GET", &location, &[("if-none-match", &etag)], "");
        not_modified += usize::from(r.status == 304);
    }
    let rest_time = started.elapsed();
    let rest = c.traffic();
    let rest_body = rest.body_bytes_received - before.body_bytes_received;
    let rest_wire = rest.bytes_received - before.bytes_received;

    let call = rpc_call("order.get", json!({ "id": id }), 1);
    let started = Instant::now();
    for _ in 0..reads {
        send(&mut c, "POST", "/rpc", &[JSON], &call);
    }
    let rpc_time = started.elapsed();
    let rpc = c.traffic();
    let rpc_body = rpc.body_bytes_received - rest.body_bytes_received;
    let rpc_wire = rpc.bytes_received - rest.bytes_received;

    // The plain GET, for the time beside.
    let started = Instant::now();
    for _ in 0..reads {
        send(&mut c, "GET", &location, &[], "");
    }
    let plain_time = started.elapsed();
    let per = |d: std::time::Duration| nanos(d.as_nanos() as f64 / reads.max(1) as f64);

    report.tables.push(
        Table::new(
            format!("{reads} repeated reads of one order ({order_bytes} body bytes)"),
            [
                "how",
                "answers",
                "body bytes received",
                "all bytes received",
                "time per read",
            ],
        )
        .row([
            "GET with If-None-Match".to_string(),
            format!("{not_modified} x 304"),
            rest_body.to_string(),
            rest_wire.to_string(),
            per(rest_time),
        ])
        .row([
            "JSON-RPC order.get".to_string(),
            format!("{reads} x 200"),
            rpc_body.to_string(),
            rpc_wire.to_string(),
            per(rpc_time),
        ])
        .row([
            "plain GET (no validator)".to_string(),
            format!("{reads} x 200"),
            (order_bytes * reads as u64).to_string(),
            "-".to_string(),
            per(plain_time),
        ]),
    );
    report.claims.push(Claim::new(
        "a repeated GET with If-None-Match transfers 0 body bytes (304), while RPC's order.get transfers the whole order every time",
        format!(
            "{reads} conditional GETs: {not_modified} x 304, {rest_body} body bytes; {reads} order.get calls: {rpc_body} body bytes ({} per call)",
            rpc_body / reads.max(1) as u64
        ),
        not_modified == reads && rest_body == 0 && rpc_body >= order_bytes * reads as u64,
    ));
}

/// Part 3: a PUT and a POST, each sent [`RETRIES`] times.
fn retries(report: &mut Report, order: Value) {
    let (server, mut c) = connect();
    let body = order.to_string();
    let created = send(&mut c, "POST", "/orders", &[JSON], &body);
    let location = created
        .header("location")
        .unwrap_or("/orders/1")
        .to_string();
    let id = created.json()["id"].as_u64().unwrap_or(1);
    let etag = created.header("etag").unwrap_or("").to_string();
    let mut changed = order.clone();
    changed["quantity"] = json!(order["quantity"].as_u64().unwrap_or(1) % 1000 + 1);
    let changed = changed.to_string();

    let mut put_codes = Vec::new();
    for _ in 0..RETRIES {
        let r = send(
            &mut c,
            "PUT",
            &location,
            &[JSON, ("if-match", &etag)],
            &changed,
        );
        put_codes.push(r.status);
    }
    let version = server.snapshot().get(id).map_or(0, |o| o.version);
    let before = server.snapshot().len();
    let mut post_codes = Vec::new();
    for _ in 0..RETRIES {
        post_codes.push(send(&mut c, "POST", "/orders", &[JSON], &body).status);
    }
    let created_by_posts = server.snapshot().len() - before;
    let codes = |v: &[u16]| v.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
    report.claims.push(Claim::new(
        format!("retrying a PUT {RETRIES} times changes the order once (the same If-Match makes the retries 412)"),
        format!("PUT answers {}; the order's version went from 1 to {version}", codes(&put_codes)),
        version == 2,
    ));
    report.claims.push(Claim::new(
        format!("retrying a POST {RETRIES} times without an idempotency key creates {RETRIES} orders (the retry topic adds the key)"),
        format!("POST answers {}; {created_by_posts} orders created", codes(&post_codes)),
        created_by_posts == RETRIES,
    ));
}

/// Part 4: the dashboard, REST against one batch.
fn dashboard_round_trips(report: &mut Report, orders: &[Value]) {
    let (_server, mut c) = connect();
    for order in orders {
        send(&mut c, "POST", "/orders", &[JSON], &order.to_string());
    }
    let n = orders.len();

    let before = c.traffic();
    let started = Instant::now();
    let page = send(&mut c, "GET", &format!("/orders?limit={n}"), &[], "").json();
    let ids: Vec<u64> = page["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|o| o["id"].as_u64()).collect())
        .unwrap_or_default();
    let mut rest_orders = 0;
    for id in &ids {
        let r = send(&mut c, "GET", &format!("/orders/{id}"), &[], "");
        rest_orders += usize::from(r.status == 200);
    }
    let rest_time = started.elapsed();
    let rest = c.traffic();

    let batch: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "jsonrpc": "2.0", "method": "order.get", "params": { "id": id }, "id": id }))
        .collect();
    let started = Instant::now();
    let answer = send(
        &mut c,
        "POST",
        "/rpc",
        &[JSON],
        &Value::Array(batch).to_string(),
    )
    .json();
    let rpc_time = started.elapsed();
    let rpc = c.traffic();
    let rpc_orders = answer
        .as_array()
        .map_or(0, |a| a.iter().filter(|r| r["result"].is_object()).count());

    let rest_trips = rest.round_trips - before.round_trips;
    let rpc_trips = rpc.round_trips - rest.round_trips;
    report.tables.push(
        Table::new(
            format!("a dashboard of {n} orders"),
            [
                "how",
                "round trips",
                "orders received",
                "bytes sent",
                "bytes received",
                "time",
            ],
        )
        .row([
            "REST: GET /orders, then GET /orders/{id} each".to_string(),
            rest_trips.to_string(),
            rest_orders.to_string(),
            (rest.bytes_sent - before.bytes_sent).to_string(),
            (rest.bytes_received - before.bytes_received).to_string(),
            nanos(rest_time.as_nanos() as f64),
        ])
        .row([
            "JSON-RPC: one batch of order.get".to_string(),
            rpc_trips.to_string(),
            rpc_orders.to_string(),
            (rpc.bytes_sent - rest.bytes_sent).to_string(),
            (rpc.bytes_received - rest.bytes_received).to_string(),
            nanos(rpc_time.as_nanos() as f64),
        ]),
    );
    report.claims.push(Claim::new(
        format!("a dashboard of {n} orders costs REST 1 + {n} round trips and one JSON-RPC batch 1"),
        format!(
            "REST: {rest_trips} round trips for {rest_orders} orders; JSON-RPC batch: {rpc_trips} for {rpc_orders}"
        ),
        rest_trips == n as u64 + 1 && rest_orders == n && rpc_trips == 1 && rpc_orders == n,
    ));
    report.notes.push(
        "The REST list already carries each order, so a client that needs no per-order ETag \
         stops at 1 round trip: a compound representation is REST's answer to N + 1, as a \
         batch is RPC's."
            .to_string(),
    );
}
