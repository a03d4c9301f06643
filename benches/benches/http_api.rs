//! REST vs RPC, and the conditional GET: what reading one order costs over loopback.
//!
//! One group, `http_api_read_one_order`, one kept-alive connection to the orders API on
//! 127.0.0.1, one request per iteration, its whole response read:
//!
//! - `reference`: `GET /orders/1`, answered 200 with the order and its ETag;
//! - `not_modified`: the same GET with `If-None-Match: <the ETag>`, answered 304 with no
//!   body;
//! - `rpc`: JSON-RPC `order.get` at `POST /rpc`, answered 200 with the order inside an
//!   envelope.
//!
//! No production crate is the anchor and there is no target ratio: the bench shows what
//! each way of asking costs on the same server. Client and server share the machine, so
//! most of the time is the loopback round trip and both sides' HTTP parsing.
//!
//! Run with `cargo lab bench http-api` or `cargo bench -p benches --bench http_api`.

use criterion::{Criterion, criterion_group, criterion_main};
use http_api_contract::client::Client;
use serde_json::json;

fn read_one_order(c: &mut Criterion) {
    let server = http_api::start_blocking().expect("a server on 127.0.0.1");
    let mut client = Client::connect(server.addr()).expect("a loopback connection");
    let created = client
        .send_json(
            "POST",
            "/orders",
            &[],
            &json!({"item": "green tea, loose leaf", "quantity": 12}),
        )
        .expect("the order is created");
    let etag = created
        .header("etag")
        .expect("the 201 has an ETag")
        .to_string();
    let call =
        json!({"jsonrpc": "2.0", "method": "order.get", "params": {"id": 1}, "id": 1}).to_string();

    // The three answer what they should, or the comparison means nothing.
    let get = client.get("/orders/1", &[]).expect("answered");
    let cached = client
        .get("/orders/1", &[("if-none-match", &etag)])
        .expect("answered");
    let rpc = client
        .send(
            "POST",
            "/rpc",
            &[("content-type", "application/json")],
            call.as_bytes(),
        )
        .expect("answered");
    assert_eq!(
        (get.status, cached.status, cached.body.len()),
        (200, 304, 0)
    );
    assert_eq!(rpc.json()["result"], get.json());

    let mut group = c.benchmark_group("http_api_read_one_order");
    group.bench_function("reference", |b| {
        b.iter(|| client.get("/orders/1", &[]).expect("answered").status)
    });
    group.bench_function("not_modified", |b| {
        b.iter(|| {
            client
                .get("/orders/1", &[("if-none-match", &etag)])
                .expect("answered")
                .status
        })
    });
    group.bench_function("rpc", |b| {
        b.iter(|| {
            client
                .send(
                    "POST",
                    "/rpc",
                    &[("content-type", "application/json")],
                    call.as_bytes(),
                )
                .expect("answered")
                .status
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::config();
    targets = read_one_order
}
criterion_main!(benches);
