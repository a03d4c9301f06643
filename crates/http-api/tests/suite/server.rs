//! The server's plumbing: start and stop, 404 and 405, HEAD, a panicking handler, and
//! concurrent conditional writes.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use http_api_contract::client::Client;
use http_api_contract::{Create, Decide, Delete, List, Read, Replace, Reply, Store};
use testkit::watchdog::within;

const WATCHDOG: Duration = Duration::from_secs(30);

#[test]
fn start_serves_from_a_current_thread_runtime_and_drop_stops_it() {
    within(WATCHDOG, "start and drop", || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let server = runtime.block_on(http_api::start()).expect("a server");
        let addr = server.addr();
        assert!(
            addr.ip().is_loopback(),
            "the server listens on 127.0.0.1 only"
        );
        let mut c = Client::connect(addr).expect("a connection");
        assert_eq!(c.get("/orders", &[]).unwrap().status, 200);
        drop(server);
        assert!(
            Client::connect(addr).is_err(),
            "after drop nothing listens on {addr}"
        );
        assert!(
            c.get("/orders", &[]).is_err(),
            "and open connections are closed"
        );
    });
}

#[test]
fn other_methods_get_405_with_allow_and_other_paths_404() {
    let server = http_api::start_blocking().expect("a server");
    let mut c = Client::connect(server.addr()).expect("a connection");
    for (method, path, allow) in [
        ("PUT", "/orders", "GET, HEAD, POST"),
        ("DELETE", "/orders", "GET, HEAD, POST"),
        ("POST", "/orders/1", "GET, HEAD, PUT, DELETE"),
        ("PATCH", "/orders/1", "GET, HEAD, PUT, DELETE"),
        ("POST", "/openapi.json", "GET, HEAD"),
        ("DELETE", "/openapi.json", "GET, HEAD"),
    ] {
        let r = c.send(method, path, &[], &[]).unwrap();
        assert_eq!(
            (r.status, r.header("allow")),
            (405, Some(allow)),
            "{method} {path}"
        );
        assert_eq!(
            r.header("content-type"),
            Some("application/problem+json"),
            "{method} {path}"
        );
        assert_eq!(r.json()["status"], 405, "{method} {path}: a problem body");
    }
    for path in ["/nowhere", "/orders/abc", "/orders/-1", "/orders/1/items"] {
        let r = c.get(path, &[]).unwrap();
        assert_eq!(r.status, 404, "GET {path}");
        assert_eq!(r.json()["status"], 404, "GET {path}: a problem body");
    }
}

#[test]
fn head_answers_like_get_without_the_body() {
    let server = http_api::start_blocking().expect("a server");
    let mut c = Client::connect(server.addr()).expect("a connection");
    let created = c
        .send_json(
            "POST",
            "/orders",
            &[],
            &serde_json::json!({"item": "tea", "quantity": 1}),
        )
        .unwrap();
    let head = c.send("HEAD", "/orders/1", &[], &[]).unwrap();
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(head.header("etag"), created.header("etag"));
    assert_eq!(
        c.get("/orders/1", &[]).unwrap().status,
        200,
        "the connection is still usable"
    );
}

/// Decisions that panic on reads with a message no client may see.
struct Panicky;

impl Decide for Panicky {
    fn create(&self, _: &Create<'_>, _: &Store) -> Reply {
        Reply::status(201)
    }
    fn read(&self, _: &Read<'_>, _: &Store) -> Reply {
        panic!("secret: the database password is hunter2")
    }
    fn replace(&self, _: &Replace<'_>, _: &Store) -> Reply {
        Reply::status(200).effect(http_api_contract::Effect::Remove(77))
    }
    fn delete(&self, _: &Delete<'_>, _: &Store) -> Reply {
        Reply::problem(204, "a 204 with a body")
    }
    fn list(&self, _: &List<'_>, _: &Store) -> Reply {
        Reply::status(200).header("bad header", "x")
    }
}

#[test]
fn a_panic_or_a_broken_decision_is_a_generic_500() {
    within(WATCHDOG, "a panicking handler", || {
        let server =
            http_api_contract::serve(Arc::new(Panicky), |_| axum::Router::new()).expect("a server");
        let mut c = Client::connect(server.addr()).expect("a connection");
        for (method, path) in [
            ("GET", "/orders/1"),
            ("PUT", "/orders/1"),
            ("DELETE", "/orders/1"),
            ("GET", "/orders"),
        ] {
            let r = c.send(method, path, &[], &[]).unwrap();
            assert_eq!(r.status, 500, "{method} {path}");
            assert_eq!(r.header("content-type"), Some("application/problem+json"));
            let body = r.text();
            assert!(
                !body.contains("secret") && !body.contains("hunter2") && !body.contains("77"),
                "a 500 tells nothing of the internals: {body}"
            );
            assert_eq!(r.json()["status"], 500);
        }
        // The server, and the lock the panic happened under, still work.
        let ok = c.send("POST", "/orders", &[], b"").unwrap();
        assert_eq!(ok.status, 201);
    });
}

#[test]
fn of_concurrent_puts_with_one_if_match_exactly_one_wins() {
    within(WATCHDOG, "concurrent conditional PUTs", || {
        let server = http_api::start_blocking().expect("a server");
        let addr = server.addr();
        let mut c = Client::connect(addr).expect("a connection");
        let created = c
            .send_json(
                "POST",
                "/orders",
                &[],
                &serde_json::json!({"item": "tea", "quantity": 1}),
            )
            .unwrap();
        let etag = created.header("etag").unwrap().to_string();
        let writers = 8;
        let barrier = Arc::new(Barrier::new(writers));
        let handles: Vec<_> = (0..writers)
            .map(|i| {
                let (barrier, etag) = (Arc::clone(&barrier), etag.clone());
                std::thread::spawn(move || {
                    let mut c = Client::connect(addr).expect("a connection");
                    let body = serde_json::json!({"item": "tea", "quantity": i + 2});
                    barrier.wait();
                    c.send_json("PUT", "/orders/1", &[("if-match", &etag)], &body)
                        .unwrap()
                        .status
                })
            })
            .collect();
        let mut statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        statuses.sort_unstable();
        let mut expected = vec![200];
        expected.extend(std::iter::repeat_n(412, writers - 1));
        assert_eq!(
            statuses, expected,
            "one PUT wins; the rest see a stale ETag"
        );
        assert_eq!(server.snapshot().get(1).map(|o| o.version), Some(2));
    });
}
