//! CORS and CSRF in a real browser: headless Chromium loads a page on
//! `http://localhost:<b>` (another site than the API's `http://127.0.0.1:<a>`), runs each
//! scenario there, and the test compares what the page got and what the API counted with
//! the demo's model of the browser. Run with
//! `cargo test -p api-security -- --ignored --nocapture chromium` to see the tables.

use std::time::Duration;

use api_security::demo::{origin, start_api};
use api_security::scenarios::{self, Scenario};
use api_security::server::{PROBE_VARIANTS, Running, bind, start_attacker};
use browser::{Browser, IGNORE_REASON, Value};

/// The API, the other site's server, and the other site's origin.
fn servers() -> (Running, Running, String) {
    let listener = bind().expect("a loopback port");
    let port = listener.local_addr().expect("bound").port();
    let page_origin = format!("http://localhost:{port}");
    let api = start_api(vec![page_origin.clone()], (1_000.0, 1_000), false);
    let attacker = start_attacker(listener, origin(api.addr())).expect("the other site starts");
    (api, attacker, page_origin)
}

fn text(value: Value) -> String {
    match value {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// A `fetch` from the page, read back: `read <body>`, or `blocked` when the browser
/// refused the page the response (a TypeError).
fn fetch_from_page(browser: &Browser, url: &str, init: &str) -> String {
    let script = format!(
        "try {{ const r = await fetch('{url}', {init}); return 'read ' + await r.text(); }} \
         catch (e) {{ return 'blocked'; }}"
    );
    text(browser.eval_async(&script).expect("the script runs"))
}

/// Runs `scenario` in the browser and returns what the page got.
fn in_chromium(browser: &Browser, api: &str, page: &str, scenario: Scenario) -> String {
    match scenario {
        Scenario::CorsClosed | Scenario::CorsOpen => {
            browser.goto(&format!("{page}/")).unwrap();
            let path = if scenario == Scenario::CorsClosed {
                "closed"
            } else {
                "open"
            };
            fetch_from_page(browser, &format!("{api}/cors/{path}"), "{}")
        }
        Scenario::PreflightApproved | Scenario::PreflightRefused => {
            browser.goto(&format!("{page}/")).unwrap();
            let path = if scenario == Scenario::PreflightApproved {
                "item"
            } else {
                "locked"
            };
            fetch_from_page(
                browser,
                &format!("{api}/cors/{path}"),
                "{method: 'PUT', headers: {'content-type': 'application/json'}, body: '{}'}",
            )
        }
        Scenario::CredentialsExact | Scenario::CredentialsStar => {
            // The victim logs in on the API's own site first.
            browser.goto(&format!("{api}/cors/login")).unwrap();
            browser.goto(&format!("{page}/")).unwrap();
            let path = if scenario == Scenario::CredentialsExact {
                "me-exact"
            } else {
                "me-star"
            };
            fetch_from_page(
                browser,
                &format!("{api}/cors/{path}"),
                "{credentials: 'include'}",
            )
        }
        Scenario::Csrf(mode) => {
            browser
                .goto(&format!("{api}/csrf/{}/login", mode.name()))
                .unwrap();
            // The other site's page submits its hidden form on load; the browser follows
            // to the API's answer, whose text says what happened.
            browser
                .goto(&format!("{page}/csrf/{}", mode.name()))
                .unwrap();
            let outcome = browser
                .wait_for(
                    "location.pathname.endsWith('/transfer') && document.getElementById('outcome') \
                     && document.getElementById('outcome').textContent",
                    Duration::from_secs(10),
                )
                .expect("the form was submitted and the API answered");
            text(outcome)
        }
    }
}

#[test]
#[ignore = "needs Chromium and chromedriver (apt install chromium chromium-driver; .ci/run does)"]
fn chromium_does_what_the_model_says_for_cors_and_csrf() {
    assert!(IGNORE_REASON.contains("chromium"));
    let (api, _attacker, page) = servers();
    let (model_api, _model_attacker, model_page) = servers();
    let browser = Browser::launch().expect("Chromium starts");
    let api_origin = origin(api.addr());
    let mut rows = Vec::new();
    let mut disagreements = Vec::new();
    for scenario in Scenario::ALL {
        let seen = in_chromium(&browser, &api_origin, &page, scenario);
        let modelled = scenarios::modelled(model_api.addr(), &model_page, scenario).unwrap();
        let counted = scenario.server_cell(api.counters());
        let model_counted = scenario.server_cell(model_api.counters());
        if seen != modelled || counted != model_counted {
            disagreements.push(format!(
                "{}: Chromium {counted} / {seen:?}; model {model_counted} / {modelled:?}",
                scenario.describe()
            ));
        }
        rows.push((scenario.describe(), counted, seen));
    }
    let _ = browser.screenshot(&browser::screenshot_dir("api-security").join("last-scenario.png"));
    println!("CORS and CSRF in headless Chromium: page on {page}, API on {api_origin}");
    println!("| what the page does | the server counted | the page got |");
    println!("|---|---|---|");
    for (what, counted, seen) in &rows {
        println!("| {what} | {counted} | {seen} |");
    }
    assert!(
        disagreements.is_empty(),
        "Chromium and the model disagree:\n{}",
        disagreements.join("\n")
    );
    // The table's point, stated outright.
    let transferred = |mode: &str| api.counters().get(&format!("csrf:{mode}:transferred"));
    assert_eq!(
        (
            transferred("none"),
            transferred("lax"),
            transferred("token"),
            transferred("origin")
        ),
        (1, 0, 0, 0),
        "only the undefended SameSite=None session moves money"
    );
    assert_eq!(
        api.counters().get("cors:PUT locked"),
        0,
        "a refused preflight stops the PUT"
    );
    assert_eq!(
        api.counters().get("cors:GET closed"),
        1,
        "the unreadable GET was still sent"
    );
}

/// Which cookies Chromium keeps when they are set over plain HTTP on 127.0.0.1, and
/// which it sends from `http://localhost:<b>`, another site: on a credentialed `fetch`,
/// a form POST and a navigation.
#[test]
#[ignore = "needs Chromium and chromedriver (apt install chromium chromium-driver; .ci/run does)"]
fn chromium_keeps_secure_cookies_on_loopback_http_and_sends_them_cross_site_only_on_top_level_requests()
 {
    let (api, _attacker, page) = servers();
    let browser = Browser::launch().expect("Chromium starts");
    let api_origin = origin(api.addr());
    for (variant, _) in PROBE_VARIANTS {
        browser
            .goto(&format!("{api_origin}/probe/set/{variant}"))
            .unwrap();
    }
    browser.goto(&format!("{api_origin}/probe/echo")).unwrap();
    let same_site = browser.eval("return document.body.innerText").unwrap();
    browser.goto(&format!("{page}/")).unwrap();
    let cross_site = fetch_from_page(
        &browser,
        &format!("{api_origin}/probe/echo"),
        "{credentials: 'include'}",
    );
    browser.goto(&format!("{page}/probe/post")).unwrap();
    let posted = browser
        .wait_for(
            "location.pathname === '/probe/echo' && document.body.innerText",
            Duration::from_secs(10),
        )
        .unwrap();
    browser.goto(&format!("{page}/probe/link")).unwrap();
    let linked = browser
        .wait_for(
            "location.pathname === '/probe/echo' && document.body.innerText",
            Duration::from_secs(10),
        )
        .unwrap();
    let (same_site, posted, linked) = (text(same_site), text(posted), text(linked));
    println!("cookies set over http://127.0.0.1 (Path=/probe), by their attributes, sent back:");
    println!("| request | cookies sent |");
    println!("|---|---|");
    println!("| same-site navigation to the API | {same_site} |");
    println!("| cross-site fetch with credentials from {page} | {cross_site} |");
    println!("| cross-site top-level form POST | {posted} |");
    println!("| cross-site top-level navigation (a link) | {linked} |");
    // Kept: Chromium treats http://127.0.0.1 as a secure context, so `Secure` cookies
    // set over plain HTTP there are stored; `SameSite=None` without `Secure` is refused.
    assert_eq!(
        same_site, r#"["default","lax","none-secure","strict"]"#,
        "the cookies Chromium stored"
    );
    assert_eq!(
        cross_site, "read []",
        "a cross-site fetch: third-party cookies blocked"
    );
    // The default cookie goes too: it was set seconds ago, and Chromium still sends a
    // cookie without a SameSite attribute on a top-level cross-site POST for its first
    // 2 minutes ("Lax-allowing-unsafe"); an explicit Lax or Strict cookie stays home.
    assert_eq!(
        posted, r#"["default","none-secure"]"#,
        "a cross-site form POST"
    );
    assert_eq!(
        linked, r#"["default","lax","none-secure"]"#,
        "a cross-site navigation"
    );
}
