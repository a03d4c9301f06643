//! The harness itself, in a real browser: a page served on loopback is loaded, its script
//! runs, a click changes it, a wait sees the change, a screenshot is a PNG, and the only
//! URLs the page loaded are on 127.0.0.1.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use browser::{Browser, Error, IGNORE_REASON};

const PAGE: &str = "<!doctype html><title>harness</title>\
<p id=out>before</p><button id=b onclick=\"document.getElementById('out').textContent='clicked '+(++window.n)\">go</button>\
<input id=t><script>window.n = 0; setTimeout(() => document.body.dataset.late = 'yes', 200);</script>";

/// Serves `PAGE` to every request on a loopback port until the test ends; counts requests.
fn serve() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]);
            let (status, body) = if request.starts_with("GET / ") {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                ("200 OK", PAGE)
            } else {
                ("404 Not Found", "no")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, hits)
}

#[test]
#[ignore = "needs Chromium and chromedriver (apt install chromium chromium-driver; .ci/run does)"]
fn loads_clicks_waits_and_screenshots_a_loopback_page() {
    assert!(IGNORE_REASON.contains("chromium-driver"));
    let (url, hits) = serve();
    let browser = Browser::launch().expect("browser starts");
    browser.goto(&url).unwrap();
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "one page load"
    );
    assert_eq!(browser.text("#out").unwrap(), "before");
    browser.click("#b").unwrap();
    browser.click("#b").unwrap();
    assert_eq!(browser.text("#out").unwrap(), "clicked 2");
    browser.type_into("#t", "hello").unwrap();
    assert_eq!(
        browser
            .eval("return document.getElementById('t').value")
            .unwrap(),
        "hello"
    );
    let late = browser
        .wait_for("document.body.dataset.late", Duration::from_secs(10))
        .unwrap();
    assert_eq!(late, "yes");
    let fetched = browser
        .eval_async("const r = await fetch('/missing'); return r.status;")
        .unwrap();
    assert_eq!(fetched, 404);
    let thrown = browser.eval_async("throw new Error('boom');").unwrap_err();
    assert!(thrown.to_string().contains("boom"), "{thrown}");
    assert_eq!(browser.count("p").unwrap(), 1);
    assert_eq!(browser.count("table").unwrap(), 0);
    for loaded in browser.resource_urls().unwrap() {
        assert!(
            loaded.starts_with("http://127.0.0.1:"),
            "left loopback: {loaded}"
        );
    }
    let shot = browser::screenshot_dir("browser").join("harness.png");
    let size = browser.screenshot(&shot).unwrap();
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(png.len(), size);
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
}

#[test]
#[ignore = "needs Chromium and chromedriver (apt install chromium chromium-driver; .ci/run does)"]
fn a_condition_that_never_holds_times_out_with_its_last_value() {
    let (url, _) = serve();
    let browser = Browser::launch().expect("browser starts");
    browser.goto(&url).unwrap();
    match browser.wait_for("document.title + '!' === 'x'", Duration::from_millis(300)) {
        Err(Error::Timeout { last, .. }) => assert_eq!(last, false),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[test]
fn a_missing_binary_is_named_with_its_variable() {
    let missing = std::env::temp_dir().join("lab-browser-no-such-chromium");
    let err = browser::locate(|variable| {
        (variable == "LAB_CHROMIUM").then(|| missing.clone().into_os_string())
    })
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("lab-browser-no-such-chromium"), "{text}");
    assert!(text.contains("LAB_CHROMIUM"), "{text}");
}
