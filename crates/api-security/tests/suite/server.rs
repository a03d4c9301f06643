//! The API over loopback: the authorization matrix route by route, 401 with
//! `WWW-Authenticate`, 429 with `Retry-After`, API keys, body limits and mass assignment,
//! and the security headers.

use std::time::Duration;

use api_security::client::send;
use api_security::demo::{matrix_status, start_api, tokens_for_demo};
use api_security::{Caller, Column, Role, Route, expected_access};

fn bearer(caller: Caller) -> String {
    format!(
        "Bearer {}",
        tokens_for_demo().issue(caller, Duration::from_secs(300))
    )
}

const ALICE: Caller = Caller {
    user: 1,
    role: Role::Customer,
};

#[test]
fn every_route_answers_every_caller_as_the_matrix_says() {
    let mut wrong = Vec::new();
    for route in Route::ALL {
        for column in Column::ALL {
            let got = matrix_status(column, route);
            let expected = expected_access(column, route).status(route);
            if got != expected {
                wrong.push(format!(
                    "{route} as {}: {got}, expected {expected}",
                    column.name()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "matrix cells wrong over HTTP:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_customer_lists_only_their_own_orders_and_support_sees_all() {
    let api = start_api(Vec::new(), (1_000.0, 1_000), false);
    let bob = Caller {
        user: 2,
        role: Role::Customer,
    };
    let auth = bearer(bob);
    let created = send(
        api.addr(),
        "POST",
        "/orders",
        &[
            ("authorization", &auth),
            ("content-type", "application/json"),
        ],
        br#"{"item":"lamp"}"#,
    )
    .unwrap();
    assert_eq!(created.status, 201, "{}", created.body);
    let mine = send(
        api.addr(),
        "GET",
        "/orders",
        &[("authorization", &auth)],
        b"",
    )
    .unwrap();
    assert_eq!(mine.body, r#"[{"id":2,"item":"lamp","owner":2}]"#);
    let support = bearer(Caller {
        user: 3,
        role: Role::Support,
    });
    let all = send(
        api.addr(),
        "GET",
        "/orders",
        &[("authorization", &support)],
        b"",
    )
    .unwrap();
    assert_eq!(all.body.matches("\"id\"").count(), 2, "{}", all.body);
}

#[test]
fn unknown_fields_and_oversized_bodies_are_refused() {
    let api = start_api(Vec::new(), (1_000.0, 1_000), false);
    let auth = bearer(ALICE);
    let headers = [
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
    ];
    let mass_assignment = send(
        api.addr(),
        "POST",
        "/orders",
        &headers,
        br#"{"item":"pen","owner":2}"#,
    )
    .unwrap();
    assert_eq!(mass_assignment.status, 422, "setting owner must be refused");
    let huge = format!(r#"{{"item":"{}"}}"#, "x".repeat(5_000));
    let too_big = send(api.addr(), "POST", "/orders", &headers, huge.as_bytes()).unwrap();
    assert_eq!(too_big.status, 413);
}

#[test]
fn an_expired_token_gets_401_with_a_bearer_challenge() {
    let api = start_api(Vec::new(), (1_000.0, 1_000), false);
    let tokens = tokens_for_demo();
    let expired = tokens.issue_at(
        ALICE,
        api_security::auth::unix_now() - 7_200,
        Duration::from_secs(60),
    );
    let reply = send(
        api.addr(),
        "GET",
        "/orders/1",
        &[("authorization", &format!("Bearer {expired}"))],
        b"",
    )
    .unwrap();
    assert_eq!(reply.status, 401);
    let challenge = reply.header("www-authenticate").unwrap_or("");
    assert!(
        challenge.starts_with("Bearer ")
            && challenge.contains(r#"error="invalid_token""#)
            && challenge.contains("expired"),
        "{challenge}"
    );
    let anonymous = send(api.addr(), "GET", "/orders/1", &[], b"").unwrap();
    assert_eq!(anonymous.status, 401);
    assert_eq!(
        anonymous.header("www-authenticate"),
        Some(r#"Bearer realm="orders""#)
    );
}

#[test]
fn past_the_burst_the_api_answers_429_with_retry_after_in_whole_seconds() {
    // One request per 2.5 s, burst 3: the 4th waits 2.5 s minus the few ms spent, so
    // Retry-After rounds up to 3.
    let api = start_api(Vec::new(), (0.4, 3), false);
    let auth = bearer(ALICE);
    let statuses: Vec<u16> = (0..5)
        .map(|_| {
            send(
                api.addr(),
                "GET",
                "/orders",
                &[("authorization", &auth)],
                b"",
            )
            .unwrap()
        })
        .map(|r| {
            if r.status == 429 {
                assert_eq!(r.header("retry-after"), Some("3"), "2.5 s rounded up");
            }
            r.status
        })
        .collect();
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    // Another caller has a budget of their own.
    let bob = bearer(Caller {
        user: 2,
        role: Role::Customer,
    });
    let other = send(
        api.addr(),
        "GET",
        "/orders",
        &[("authorization", &bob)],
        b"",
    )
    .unwrap();
    assert_eq!(other.status, 200);
}

#[test]
fn failed_logins_spend_a_budget_per_client_and_past_it_get_429() {
    // Burst 3, then one failure per 2.5 s: guessing tokens or keys is rate limited.
    let api = start_api(Vec::new(), (0.4, 3), false);
    let guesses = [
        ("authorization", "Bearer not-a-token"),
        ("x-api-key", "ak_0_guess"),
        ("authorization", "Bearer still-not-a-token"),
        ("x-api-key", "ak_1_guess"),
        ("authorization", "Basic d3Jvbmc="),
    ];
    let statuses: Vec<u16> = guesses
        .iter()
        .map(|&(name, value)| send(api.addr(), "GET", "/orders", &[(name, value)], b"").unwrap())
        .map(|r| {
            if r.status == 429 {
                assert_eq!(r.header("retry-after"), Some("3"), "2.5 s rounded up");
            }
            r.status
        })
        .collect();
    assert_eq!(statuses, [401, 401, 401, 429, 429]);
    // A right guess now is answered like a wrong one, or the status would reveal it.
    let right = send(
        api.addr(),
        "GET",
        "/orders",
        &[("authorization", &bearer(ALICE))],
        b"",
    )
    .unwrap();
    assert_eq!(
        right.status, 429,
        "valid credentials from a client past its budget"
    );
    // Requests without credentials guess nothing and keep their own budget.
    let anonymous = send(api.addr(), "GET", "/orders", &[], b"").unwrap();
    assert_eq!(anonymous.status, 401);
}

#[test]
fn the_transfer_page_shows_form_fields_as_text_not_markup() {
    let api = start_api(Vec::new(), (1_000.0, 1_000), false);
    let login = send(api.addr(), "GET", "/csrf/none/login", &[], b"").unwrap();
    let sid = login
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("the login sets a session cookie")
        .to_owned();
    // to=<script>alert(1)</script>, amount=<b>x</b>, percent-encoded as a form sends them.
    let form = b"to=%3Cscript%3Ealert(1)%3C%2Fscript%3E&amount=%3Cb%3Ex%3C%2Fb%3E";
    let reply = send(
        api.addr(),
        "POST",
        "/csrf/none/transfer",
        &[
            ("cookie", &sid),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        form,
    )
    .unwrap();
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .body
            .contains("transferred &lt;b&gt;x&lt;/b&gt; to &lt;script&gt;alert(1)&lt;/script&gt;"),
        "both fields appear escaped: {}",
        reply.body
    );
    for raw in ["<script>", "<b>"] {
        assert!(
            !reply.body.contains(raw),
            "{raw} from the form reached the page as markup: {}",
            reply.body
        );
    }
}

#[test]
fn api_keys_authenticate_machine_clients_and_wrong_keys_get_401() {
    use api_security::server::{Api, ApiConfig, bind};
    let mut keys = api_security::ApiKeys::default();
    let support = Caller {
        user: 3,
        role: Role::Support,
    };
    let key = keys.issue(support, &mut evidence::workload::rng(3));
    let listener = bind().unwrap();
    let config = ApiConfig {
        cors_allowed: Vec::new(),
        own_origin: String::new(),
        rate: (1_000.0, 1_000),
        https: false,
    };
    let api = Api::new(config, tokens_for_demo(), keys)
        .start(listener)
        .unwrap();
    let ok = send(api.addr(), "GET", "/orders/1", &[("x-api-key", &key)], b"").unwrap();
    assert_eq!(ok.status, 200, "support reads any order");
    let mut wrong = key.clone();
    wrong.pop();
    wrong.push(if key.ends_with('0') { '1' } else { '0' });
    let refused = send(
        api.addr(),
        "GET",
        "/orders/1",
        &[("x-api-key", &wrong)],
        b"",
    )
    .unwrap();
    assert_eq!(refused.status, 401);
    let forbidden = send(
        api.addr(),
        "DELETE",
        "/orders/1",
        &[("x-api-key", &key)],
        b"",
    )
    .unwrap();
    assert_eq!(forbidden.status, 403, "support deletes nothing");
}

#[test]
fn security_headers_are_on_every_response_and_hsts_only_over_tls() {
    let plain = start_api(Vec::new(), (1_000.0, 1_000), false);
    let tls = start_api(Vec::new(), (1_000.0, 1_000), true);
    for path in ["/orders", "/nowhere", "/csrf/lax/login", "/cors/open"] {
        let reply = send(plain.addr(), "GET", path, &[], b"").unwrap();
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
        assert!(
            reply
                .header("content-security-policy")
                .is_some_and(|c| c.contains("frame-ancestors 'none'")),
            "{path}"
        );
        assert_eq!(
            reply.header("strict-transport-security"),
            None,
            "no HSTS on plain HTTP: {path}"
        );
        let secure = send(tls.addr(), "GET", path, &[], b"").unwrap();
        assert!(
            secure
                .header("strict-transport-security")
                .is_some_and(|h| h.starts_with("max-age=31536000")),
            "HSTS over TLS: {path}"
        );
    }
}

#[test]
fn cors_preflight_is_refused_for_origins_off_the_allow_list() {
    let api = start_api(vec!["http://localhost:1".into()], (1_000.0, 1_000), false);
    let ask = |origin: &str| {
        send(
            api.addr(),
            "OPTIONS",
            "/cors/item",
            &[
                ("origin", origin),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "content-type"),
            ],
            b"",
        )
        .unwrap()
    };
    let allowed = ask("http://localhost:1");
    assert_eq!(allowed.status, 204);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("http://localhost:1")
    );
    assert_eq!(allowed.header("vary"), Some("Origin"));
    // A suffix or prefix of an allowed origin is another origin.
    for other in ["http://localhost:10", "http://evil.localhost:1", "null"] {
        let refused = ask(other);
        assert_eq!(refused.status, 403, "{other}");
        assert_eq!(
            refused.header("access-control-allow-origin"),
            None,
            "{other}"
        );
    }
}
