//! `cargo lab serve` over plain HTTP, no browser: every page answers, an unknown path is
//! a 404 page, a POST without the token or from another origin is refused, a request
//! naming another host is refused, a path with markup comes back escaped, the server
//! will not bind anything but loopback, and a demo runs one at a time per topic. The
//! browser tests are in `serve_browser.rs`.

mod common;

use std::time::{Duration, Instant};

use common::server::Server;
use common::{run_lab_scratch, stderr};

#[test]
fn every_page_answers_and_an_unknown_path_is_a_404_page() {
    let server = Server::start("pages");
    assert!(
        server.started_in < Duration::from_secs(2),
        "serve printed its URL after {:?}",
        server.started_in
    );
    for path in [
        "/",
        "/question/1",
        "/question/11",
        "/question/11/full",
        "/question/29",
        "/demo/lru-cache",
        "/exercise/lru-cache",
        "/static/style.css",
        "/static/app.js",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}: {}", response.body);
        assert!(
            response
                .header("content-security-policy")
                .is_some_and(|csp| csp.contains("default-src 'none'")),
            "{path}"
        );
    }
    for path in [
        "/nope",
        "/question/0",
        "/question/30",
        "/question/eleven",
        "/demo/no-such-topic",
        "/exercise/no-such-topic",
        "/static/missing.css",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(
            response.body.contains("<h1>Not found</h1>"),
            "{path}: {}",
            response.body
        );
        assert!(response.body.contains("href=\"/\""), "a way back: {path}");
    }
    // The server survived every one of them.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn the_catalogue_lists_the_29_questions_and_renders_fast() {
    let server = Server::start("catalogue");
    let page = server.get("/");
    for n in 1..=29 {
        assert!(
            page.body.contains(&format!("href=\"/question/{n}\"")),
            "question {n}"
        );
    }
    // Server-side render time, as the Server-Timing header reports it.
    for path in ["/", "/question/11", "/demo/lru-cache"] {
        let ms = server.get(path).render_ms();
        println!("render {path}: {ms:.2} ms");
        assert!(ms < 100.0, "{path} took {ms} ms to render");
    }
}

#[test]
fn posts_need_the_token_and_this_origin_and_requests_this_host() {
    let server = Server::start("csrf");
    let token = server.token();
    let body = format!("csrf={token}");
    let no_token = server.request("POST", "/exercise/lru-cache/hint", &[], "csrf=");
    assert_eq!(no_token.status, 403, "{}", no_token.body);
    assert!(no_token.body.contains("CSRF token"));
    let wrong = server.request(
        "POST",
        "/exercise/lru-cache/hint",
        &[],
        "csrf=0123456789abcdef0123456789abcdef",
    );
    assert_eq!(wrong.status, 403);
    let elsewhere = server.request(
        "POST",
        "/exercise/lru-cache/hint",
        &[("origin", "http://evil.example")],
        &body,
    );
    assert_eq!(elsewhere.status, 403, "a right token from the wrong origin");
    assert!(elsewhere.body.contains("evil.example"));
    let opaque = server.request(
        "POST",
        "/exercise/lru-cache/hint",
        &[("origin", "null")],
        &body,
    );
    assert_eq!(opaque.status, 403, "a sandboxed frame's opaque origin");
    let rebound = server.request("GET", "/", &[("host", "evil.example:80")], "");
    assert_eq!(rebound.status, 421, "a DNS-rebinding page's Host");
    let get_instead = server.get("/exercise/lru-cache/hint");
    assert_eq!(get_instead.status, 405, "state changes only by POST");
    // Nothing was recorded by the refused requests; the right one is.
    let state = server.lab_dir().unwrap().join("state.json");
    assert!(!state.exists(), "a refused POST wrote state");
    let origin = server.url.trim_end_matches('/').to_string();
    let ok = server.request(
        "POST",
        "/exercise/lru-cache/hint",
        &[("origin", origin.as_str())],
        &body,
    );
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(ok.header("location"), Some("/exercise/lru-cache#hint-1"));
    let text = std::fs::read_to_string(state).unwrap();
    assert!(text.contains("\"lru-cache\": 1"), "{text}");
    let page = server.get("/exercise/lru-cache");
    assert!(
        page.body.contains("id=\"hint-1\""),
        "the revealed hint is shown"
    );
    assert!(
        page.body.contains("Show hint 2 of"),
        "and the next is one click away"
    );
}

#[test]
fn markup_in_a_path_comes_back_escaped() {
    let server = Server::start("escape");
    for path in [
        "/%3Cscript%3Ealert(1)%3C/script%3E",
        "/demo/%3Cscript%3E",
        "/question/%3Cscript%3E",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(
            !response.body.contains("<script>"),
            "{path}: {}",
            response.body
        );
    }
}

#[test]
fn serve_binds_loopback_only() {
    for address in ["0.0.0.0", "192.168.1.10", "::"] {
        let o = run_lab_scratch("serve-bind", &["serve", "--bind", address, "--port", "0"]);
        assert_eq!(o.status.code(), Some(2), "{address}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains("127.0.0.1 only"), "{err}");
    }
}

#[test]
fn a_demo_runs_one_at_a_time_and_its_report_appears() {
    let server = Server::start("demo");
    let token = server.token();
    let run = format!("csrf={token}&size=100000");
    let first = server.request("POST", "/demo/lru-cache/run", &[], &run);
    assert_eq!(first.status, 303, "{}", first.body);
    // The run is marked before the redirect is sent, so this one finds it going on.
    let second = server.request("POST", "/demo/lru-cache/run", &[], &run);
    assert_eq!(second.status, 409, "{}", second.body);
    assert!(second.body.contains("one run at a time"));
    let bad_size = server.request(
        "POST",
        "/demo/hashmap/run",
        &[],
        &format!("csrf={token}&size=0"),
    );
    assert_eq!(bad_size.status, 400, "{}", bad_size.body);
    let deadline = Instant::now() + Duration::from_secs(300);
    let page = loop {
        let page = server.get("/demo/lru-cache");
        if !page.body.contains("data-running=") {
            break page;
        }
        assert!(Instant::now() < deadline, "the demo never finished");
        std::thread::sleep(Duration::from_millis(250));
    };
    assert!(page.body.contains("every claim holds"), "{}", page.body);
    assert!(page.body.contains("<svg"), "a chart");
    assert!(!page.body.contains("class=\"claim fails\""));
    let ms = page.render_ms();
    println!("render /demo/lru-cache with its report: {ms:.2} ms");
    assert!(ms < 100.0, "{ms} ms");
}
