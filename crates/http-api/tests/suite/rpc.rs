//! JSON-RPC 2.0 at `/rpc`: the procedures, batches, notifications and the
//! specification's error codes, on the same store as the REST routes.

use http_api::Store;
use http_api::rpc::{
    INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND, ORDER_NOT_FOUND, PARSE_ERROR, answer,
};
use http_api_contract::client::Client;
use serde_json::{Value, json};

fn call(method: &str, params: Value, id: u64) -> Value {
    json!({ "jsonrpc": "2.0", "method": method, "params": params, "id": id })
}

fn ask(store: &mut Store, request: &Value) -> Option<Value> {
    answer(request.to_string().as_bytes(), store)
}

fn code(answer: &Option<Value>) -> Option<i64> {
    answer.as_ref()?["error"]["code"].as_i64()
}

#[test]
fn create_get_and_delete_an_order() {
    let mut store = Store::new();
    let created = ask(
        &mut store,
        &call("order.create", json!({"item": "tea", "quantity": 2}), 1),
    )
    .expect("a call with an id is answered");
    assert_eq!(created["id"], 1);
    assert_eq!(
        created["result"],
        json!({"id": 1, "item": "tea", "quantity": 2, "version": 1})
    );
    let got = ask(&mut store, &call("order.get", json!({"id": 1}), 2)).unwrap();
    assert_eq!(
        (got["id"].clone(), got["result"].clone()),
        (json!(2), created["result"].clone())
    );
    let deleted = ask(&mut store, &call("order.delete", json!({"id": 1}), 3)).unwrap();
    assert_eq!(deleted["result"], true);
    assert_eq!(
        code(&ask(&mut store, &call("order.get", json!({"id": 1}), 4))),
        Some(ORDER_NOT_FOUND)
    );
    assert!(store.is_empty());
}

#[test]
fn the_specifications_error_codes() {
    let mut store = Store::new();
    let parse = answer(b"{\"jsonrpc\": ", &mut store);
    assert_eq!(
        (code(&parse), parse.unwrap()["id"].clone()),
        (Some(PARSE_ERROR), Value::Null)
    );
    for invalid in [
        json!(42),
        json!({"method": "order.get", "params": {"id": 1}, "id": 1}),
        json!({"jsonrpc": "1.0", "method": "order.get", "id": 1}),
        json!({"jsonrpc": "2.0", "method": 7, "id": 1}),
        json!({"jsonrpc": "2.0", "method": "order.get", "params": "x", "id": 1}),
        json!({"jsonrpc": "2.0", "method": "order.get", "id": {"no": "objects"}}),
        json!([]),
    ] {
        assert_eq!(
            code(&ask(&mut store, &invalid)),
            Some(INVALID_REQUEST),
            "{invalid}"
        );
    }
    let unknown = ask(&mut store, &call("order.ship", json!({}), 9));
    assert_eq!(code(&unknown), Some(METHOD_NOT_FOUND));
    assert_eq!(unknown.unwrap()["id"], 9, "the error echoes the id");
    for params in [
        json!({"item": "tea"}),
        json!({"item": "", "quantity": 1}),
        json!([1, 2]),
    ] {
        let bad = ask(&mut store, &call("order.create", params.clone(), 1));
        assert_eq!(code(&bad), Some(INVALID_PARAMS), "order.create {params}");
    }
    let bad_id = ask(&mut store, &call("order.get", json!({"id": "one"}), 1));
    assert_eq!(code(&bad_id), Some(INVALID_PARAMS));
    assert!(store.is_empty(), "no failed call created anything");
}

#[test]
fn a_batch_is_answered_in_order_without_its_notifications() {
    let mut store = Store::new();
    let batch = json!([
        call("order.create", json!({"item": "a", "quantity": 1}), 1),
        {"jsonrpc": "2.0", "method": "order.create", "params": {"item": "b", "quantity": 2}},
        call("order.get", json!({"id": 2}), 3),
        42,
        call("order.nope", json!({}), 5),
    ]);
    let answers = ask(&mut store, &batch).expect("a batch with calls is answered");
    let answers = answers.as_array().expect("a batch gets an array");
    let ids: Vec<Value> = answers.iter().map(|a| a["id"].clone()).collect();
    assert_eq!(
        ids,
        [json!(1), json!(3), Value::Null, json!(5)],
        "the notification gets no answer"
    );
    assert_eq!(answers[1]["result"]["item"], "b", "the notification ran");
    assert_eq!(answers[2]["error"]["code"], INVALID_REQUEST);
    assert_eq!(answers[3]["error"]["code"], METHOD_NOT_FOUND);
    assert_eq!(store.len(), 2);
    let only_notifications =
        json!([{"jsonrpc": "2.0", "method": "order.delete", "params": {"id": 1}}]);
    assert_eq!(ask(&mut store, &only_notifications), None);
    assert_eq!(store.len(), 1, "the notification deleted order 1");
}

#[test]
fn rpc_and_rest_share_the_orders_over_http() {
    let server = http_api::start_blocking().expect("a server");
    let mut c = Client::connect(server.addr()).expect("a connection");
    let r = c
        .send_json(
            "POST",
            "/rpc",
            &[],
            &call("order.create", json!({"item": "tea", "quantity": 3}), 1),
        )
        .unwrap();
    assert_eq!(
        (r.status, r.header("content-type")),
        (200, Some("application/json"))
    );
    let rest = c.get("/orders/1", &[]).unwrap();
    assert_eq!(
        rest.json(),
        r.json()["result"],
        "the order RPC created is the REST resource"
    );
    let error = c.send("POST", "/rpc", &[], b"nonsense").unwrap();
    assert_eq!(
        (error.status, error.json()["error"]["code"].as_i64()),
        (200, Some(PARSE_ERROR))
    );
    let notification = json!({"jsonrpc": "2.0", "method": "order.delete", "params": {"id": 1}});
    let quiet = c.send_json("POST", "/rpc", &[], &notification).unwrap();
    assert_eq!(
        (quiet.status, quiet.body.len()),
        (204, 0),
        "nothing to answer: 204"
    );
    assert_eq!(c.get("/orders/1", &[]).unwrap().status, 404);
    let get = c.get("/rpc", &[]).unwrap();
    assert_eq!((get.status, get.header("allow")), (405, Some("POST")));
}
