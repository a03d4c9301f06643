//! The OpenAPI document describes what the server really sends: every response of a
//! whole conformance run (the contract's cases, JSON-RPC calls and the demo's status
//! table) is validated against the document's schema for its path, method and status,
//! body and headers, with a JSON Schema 2020-12 validator (boon).

use std::collections::BTreeSet;

use boon::{Compiler, SchemaIndex, Schemas};
use http_api::Orders;
use http_api_contract::cases;
use http_api_contract::client::{Client, Exchange, recording};
use serde_json::{Value, json};

const DOC_URL: &str = "http://localhost/openapi.json";

/// The document, compiled on demand at JSON pointers into it.
struct Validator {
    doc: Value,
    compiler: Compiler,
    schemas: Schemas,
}

impl Validator {
    fn new() -> Validator {
        let doc: Value = serde_json::from_str(http_api::OPENAPI).expect("the document is JSON");
        let mut compiler = Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        compiler
            .add_resource(DOC_URL, doc.clone())
            .expect("the document loads");
        Validator {
            doc,
            compiler,
            schemas: Schemas::new(),
        }
    }

    fn compile(&mut self, pointer: &str) -> SchemaIndex {
        self.compiler
            .compile(&format!("{DOC_URL}#{pointer}"), &mut self.schemas)
            .unwrap_or_else(|e| panic!("the schema at {pointer} compiles: {e:#}"))
    }

    /// The problems with one exchange, as lines.
    fn check(&mut self, exchange: &Exchange) -> Vec<String> {
        let r = &exchange.response;
        let what = format!("{} {} -> {}", exchange.method, exchange.path, r.status);
        let path = exchange.path.split('?').next().unwrap_or("");
        let template = match path {
            "/orders" | "/rpc" | "/openapi.json" => Some(path.to_string()),
            p if p.starts_with("/orders/") => Some("/orders/{id}".to_string()),
            _ => None,
        };
        let method = exchange.method.to_ascii_lowercase();
        let operation = template.as_ref().and_then(|t| {
            let pointer = format!("/paths/{}/{method}", escape(t));
            self.doc.pointer(&pointer).map(|_| pointer)
        });
        // Paths and methods the document does not list answer a problem (404, 405).
        let Some(operation) = operation else {
            if method == "head" {
                return Vec::new();
            }
            return self.body(
                &what,
                r,
                "/components/schemas/Problem",
                "application/problem+json",
            );
        };
        let status = r.status.to_string();
        let response = [status.as_str(), "default"]
            .into_iter()
            .map(|s| format!("{operation}/responses/{s}"))
            .find(|p| self.doc.pointer(p).is_some());
        let Some(response) = response else {
            return vec![format!(
                "{what}: the document lists no {status} and no default"
            )];
        };
        let mut problems = Vec::new();
        let content_type = r.header("content-type").map(str::to_string);
        match (
            &content_type,
            self.doc.pointer(&format!("{response}/content")).cloned(),
        ) {
            (None, None) => {
                if !r.body.is_empty() {
                    problems.push(format!("{what}: a body the document does not describe"));
                }
            }
            (Some(ct), Some(content)) if content.get(ct).is_some() => {
                let pointer = format!("{response}/content/{}/schema", escape(ct));
                problems.extend(self.body(&what, r, &pointer, ct));
            }
            (ct, _) => problems.push(format!(
                "{what}: content type {ct:?} is not the one the document gives"
            )),
        }
        let headers = self
            .doc
            .pointer(&format!("{response}/headers"))
            .and_then(Value::as_object)
            .map(|h| h.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        for name in headers {
            let Some(value) = r.header(&name) else {
                problems.push(format!("{what}: the document promises a {name} header"));
                continue;
            };
            let at = format!("{response}/headers/{name}");
            let pointer = match self
                .doc
                .pointer(&format!("{at}/$ref"))
                .and_then(Value::as_str)
            {
                Some(reference) => format!("{}/schema", reference.trim_start_matches('#')),
                None => format!("{at}/schema"),
            };
            let index = self.compile(&pointer);
            if let Err(e) = self.schemas.validate(&json!(value), index) {
                problems.push(format!("{what}: header {name}: {value} does not fit: {e}"));
            }
        }
        problems
    }

    fn body(
        &mut self,
        what: &str,
        r: &http_api_contract::client::Response,
        pointer: &str,
        ct: &str,
    ) -> Vec<String> {
        if r.header("content-type") != Some(ct) {
            return vec![format!(
                "{what}: expected {ct}, got {:?}",
                r.header("content-type")
            )];
        }
        let Ok(body) = serde_json::from_slice::<Value>(&r.body) else {
            return vec![format!("{what}: the body is not JSON: {}", r.text())];
        };
        let index = self.compile(pointer);
        match self.schemas.validate(&body, index) {
            Ok(()) => Vec::new(),
            Err(e) => vec![format!("{what}: the body does not fit {pointer}: {e}")],
        }
    }
}

/// `~` and `/` escaped for a JSON pointer.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn rpc_and_extras() {
    let server = http_api::start_blocking().expect("a server");
    let mut c = Client::connect(server.addr()).expect("a connection");
    let call = |m: &str, p: Value, id: u64| {
        json!({"jsonrpc": "2.0", "method": m, "params": p, "id": id}).to_string()
    };
    let rpc_bodies = [
        call("order.create", json!({"item": "tea", "quantity": 2}), 1),
        call("order.get", json!({"id": 1}), 2),
        call("order.get", json!({"id": 99}), 3),
        call("order.nope", json!({}), 4),
        "{".to_string(),
        "[]".to_string(),
        format!(
            "[{}, {}]",
            call("order.get", json!({"id": 1}), 5),
            call("order.delete", json!({"id": 1}), 6)
        ),
        r#"{"jsonrpc":"2.0","method":"order.get","params":{"id":1}}"#.to_string(),
    ];
    for body in rpc_bodies {
        c.send(
            "POST",
            "/rpc",
            &[("content-type", "application/json")],
            body.as_bytes(),
        )
        .expect("answered");
    }
    c.get("/rpc", &[]).expect("answered");
    c.get("/openapi.json", &[]).expect("answered");
    c.get("/nowhere", &[]).expect("answered");
    c.send("PATCH", "/orders", &[], &[]).expect("answered");
    c.send("HEAD", "/orders", &[], &[]).expect("answered");
}

#[test]
fn every_response_of_a_conformance_run_fits_the_document() {
    let ((), exchanges) = recording(|| {
        cases::create_answers_201_with_location_etag_and_the_order::<Orders>();
        cases::create_rejects_malformed_json_with_400::<Orders>();
        cases::create_rejects_other_content_types_with_415::<Orders>();
        cases::create_names_the_bad_field_with_422::<Orders>();
        cases::create_rejects_a_body_over_64_kib_with_413::<Orders>();
        cases::read_answers_200_with_a_strong_etag::<Orders>();
        cases::read_answers_304_with_no_body_when_the_etag_matches::<Orders>();
        cases::read_answers_404_for_an_unknown_order::<Orders>();
        cases::replace_without_if_match_answers_428::<Orders>();
        cases::replace_with_a_stale_etag_answers_412::<Orders>();
        cases::replace_answers_200_with_a_new_etag::<Orders>();
        cases::delete_answers_204_then_404::<Orders>();
        cases::list_pages_through_every_order_with_next::<Orders>();
        cases::list_rejects_a_bad_limit_with_400::<Orders>();
        rpc_and_extras();
    });
    let mut validator = Validator::new();
    let problems: Vec<String> = exchanges.iter().flat_map(|e| validator.check(e)).collect();
    assert!(
        problems.is_empty(),
        "{} of {} responses do not fit the OpenAPI document:\n{}",
        problems.len(),
        exchanges.len(),
        problems.join("\n")
    );
    let statuses: BTreeSet<u16> = exchanges.iter().map(|e| e.response.status).collect();
    let wanted = [200, 201, 204, 304, 400, 404, 405, 412, 413, 415, 422, 428];
    let missing: Vec<u16> = wanted
        .into_iter()
        .filter(|s| !statuses.contains(s))
        .collect();
    assert!(missing.is_empty(), "the run never saw statuses {missing:?}");
}

#[test]
fn the_validator_refuses_a_response_that_breaks_the_document() {
    let mut validator = Validator::new();
    let broken = |status: u16, ct: &str, body: &str| Exchange {
        method: "GET".to_string(),
        path: "/orders/1".to_string(),
        response: http_api_contract::client::Response {
            status,
            headers: vec![
                ("content-type".to_string(), ct.to_string()),
                ("etag".to_string(), "\"1.1\"".to_string()),
            ],
            body: body.as_bytes().to_vec(),
        },
    };
    // An order without its version, a problem without its detail, a status not listed.
    let order = broken(
        200,
        "application/json",
        r#"{"id":1,"item":"tea","quantity":2}"#,
    );
    assert_eq!(
        validator.check(&order).len(),
        1,
        "{:?}",
        validator.check(&order)
    );
    let problem = broken(
        404,
        "application/problem+json",
        r#"{"type":"about:blank","title":"Not Found","status":404}"#,
    );
    assert_eq!(validator.check(&problem).len(), 1);
    let wrong_type = broken(200, "text/plain", "tea");
    assert_eq!(validator.check(&wrong_type).len(), 1);
    let fine = broken(
        200,
        "application/json",
        r#"{"id":1,"item":"tea","quantity":2,"version":1}"#,
    );
    assert!(
        validator.check(&fine).is_empty(),
        "{:?}",
        validator.check(&fine)
    );
}

#[test]
fn the_server_serves_the_document() {
    let server = http_api::start_blocking().expect("a server");
    let mut c = Client::connect(server.addr()).expect("a connection");
    let r = c.get("/openapi.json", &[]).expect("answered");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["openapi"], "3.1.0");
    assert_eq!(
        r.json(),
        serde_json::from_str::<Value>(http_api::OPENAPI).unwrap()
    );
}
