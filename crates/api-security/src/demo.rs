//! The demo: every claim of the answer's engineering part, on counted requests and rows.
//!
//! 1. **Authorization matrix.** Every route × every caller, sent over HTTP to the API on
//!    loopback with a real HS256 token, against the written-out table
//!    ([`expected_access`]); customer 2 asking for customer 1's order gets 404.
//! 2. **Token validation.** `alg: none`, an edited role, a swapped algorithm, an
//!    expired token, a token for another audience and one not valid yet: each 401 with
//!    `WWW-Authenticate`; the valid token and a valid API key get 200.
//! 3. **Injection.** The same search concatenated and parameterised against SQLite: the
//!    input `' OR '1'='1` returns every row from the first, none from the second.
//! 4. **Rate limits.** Over HTTP, burst 5 at one request per 1,000 s: 5 pass, then 429
//!    with `Retry-After: 1000`. Then `size` seeded requests on 10 keys against the
//!    [`RateLimiter`]: no window of any length lets more than `burst + rate × W` through,
//!    and every decision equals the naive token bucket's.
//! 5. **Security headers.** `nosniff`, a CSP, `no-store`; HSTS only when served over TLS.
//! 6. **CORS and CSRF**, as the server decides them: each scenario sent with the
//!    headers and cookies a browser sends (the model in [`scenarios`]), counted on the
//!    server. The browser test (`tests/suite/chromium.rs`) runs the same scenarios in
//!    headless Chromium and checks it agrees with this table.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use api_security_contract::{Limiter, TokenBucket};
use rand::RngExt;

use evidence::format::count;
use evidence::{Claim, DemoConfig, Report, Table};

use crate::auth::{ApiKeys, Claims, Tokens, forge, unix_now};
use crate::client::send;
use crate::injection::{CLASSIC, Orders};
use crate::scenarios::{self, Scenario};
use crate::server::{Api, ApiConfig, Running, bind, start_attacker};
use crate::{Column, RateLimiter, Route, expected_access};

/// The demo's HS256 secret (a real one comes from a secrets manager, never the code).
pub const SECRET: &[u8] = b"interview-lab demo secret, 32+ bytes long";
/// The tokens' issuer.
pub const ISSUER: &str = "https://auth.interview-lab.test";
/// The tokens' audience: this API.
pub const AUDIENCE: &str = "orders-api";
/// The rate of the window check: requests per second per key.
const WINDOW_RATE: f64 = 10.0;
/// The burst of the window check.
const WINDOW_BURST: u32 = 10;
/// Keys in the window check.
const WINDOW_KEYS: usize = 10;

/// Runs the demo.
pub fn run(config: &DemoConfig) -> Report {
    let mut report = Report::new("api-security", "Securing an API; CORS and CSRF");
    authorization(&mut report);
    tokens(&mut report);
    injection(&mut report, config.size as u64);
    rate_limits(&mut report, config);
    headers(&mut report);
    cors_csrf(&mut report);
    report
}

/// The API's tokens.
pub fn tokens_for_demo() -> Tokens {
    Tokens::new(SECRET, ISSUER, AUDIENCE)
}

/// Starts an API on loopback with `cors_allowed` origins and the given rate.
///
/// # Panics
///
/// When no loopback port can be bound (the demo cannot run without one).
pub fn start_api(cors_allowed: Vec<String>, rate: (f64, u32), https: bool) -> Running {
    let listener = bind().expect("a loopback port for the API");
    let own = format!("http://{}", listener.local_addr().expect("a bound address"));
    let config = ApiConfig {
        cors_allowed,
        own_origin: own,
        rate,
        https,
    };
    Api::new(config, tokens_for_demo(), ApiKeys::default())
        .start(listener)
        .expect("the API starts on loopback")
}

/// The status the API answers for `route` as `column`, on a fresh API whose order 1
/// belongs to user 1 (a fresh one per cell, since a DELETE that passes removes it).
pub fn matrix_status(column: Column, route: Route) -> u16 {
    let api = start_api(Vec::new(), (1_000.0, 1_000), false);
    let token = column
        .caller()
        .map(|caller| tokens_for_demo().issue(caller, Duration::from_secs(300)));
    let auth = token.as_ref().map(|t| format!("Bearer {t}"));
    let mut headers = vec![("content-type", "application/json")];
    if let Some(auth) = &auth {
        headers.push(("authorization", auth));
    }
    let (method, path) = route.method_and_path();
    let path = path.replace("{id}", "1");
    let body: &[u8] = if route == Route::CreateOrder {
        br#"{"item":"pen"}"#
    } else {
        b""
    };
    send(api.addr(), method, &path, &headers, body)
        .expect("the API answers on loopback")
        .status
}

fn authorization(report: &mut Report) {
    let mut table = Table::new(
        "authorization matrix: status per route and caller (order 1 belongs to user 1)",
        std::iter::once("route").chain(Column::ALL.iter().map(|c| c.name())),
    );
    let mut right = 0;
    let mut cells = 0;
    let mut bola = 0;
    for route in Route::ALL {
        let mut row = vec![route.to_string()];
        for column in Column::ALL {
            let got = matrix_status(column, route);
            let expected = expected_access(column, route).status(route);
            cells += 1;
            right += usize::from(got == expected);
            if column == Column::OtherCustomer && route == Route::ReadOrder {
                bola = got;
            }
            row.push(if got == expected {
                got.to_string()
            } else {
                format!("{got} (expected {expected})")
            });
        }
        table.push(row);
    }
    report.tables.push(table);
    report.claims.push(Claim::new(
        "every route answers every caller as the authorization matrix says, over HTTP with real tokens",
        format!("{right} of {cells} cells as the table says"),
        right == cells,
    ));
    report.claims.push(Claim::new(
        "customer 2 reading customer 1's order gets 404: not the order (BOLA), not a 403 that confirms it exists",
        format!("GET /orders/1 as customer 2: {bola}"),
        bola == 404,
    ));
}

fn tokens(report: &mut Report) {
    let api = start_api(Vec::new(), (1_000.0, 1_000), false);
    let tokens = tokens_for_demo();
    let alice = crate::Caller {
        user: 1,
        role: crate::Role::Customer,
    };
    let valid = tokens.issue(alice, Duration::from_secs(300));
    let now = unix_now();
    let other = |aud: &str, iss: &str, nbf: u64| {
        tokens.sign(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &Claims {
                sub: "1".into(),
                role: "customer".into(),
                iss: iss.into(),
                aud: aud.into(),
                exp: now + 3_600,
                nbf,
                iat: now,
            },
        )
    };
    let forged = [
        ("alg: none, signature removed", forge::alg_none(&valid)),
        (
            "role edited to admin, old signature",
            forge::promote_to_admin(&valid),
        ),
        ("header switched to HS512", forge::with_alg(&valid, "HS512")),
        (
            "expired an hour ago",
            tokens.issue_at(alice, now - 7_200, Duration::from_secs(3_600)),
        ),
        ("for another audience", other("billing-api", ISSUER, now)),
        (
            "from another issuer",
            other(AUDIENCE, "https://evil.test", now),
        ),
        (
            "not valid for another hour",
            other(AUDIENCE, ISSUER, now + 3_600),
        ),
    ];
    let mut table = Table::new(
        "tokens presented to GET /orders/1",
        ["token", "status", "WWW-Authenticate"],
    );
    let get = |auth: &str| {
        send(
            api.addr(),
            "GET",
            "/orders/1",
            &[("authorization", &format!("Bearer {auth}"))],
            b"",
        )
        .expect("the API answers on loopback")
    };
    let ok = get(&valid);
    table.push([
        "valid HS256 token".to_string(),
        ok.status.to_string(),
        "-".into(),
    ]);
    let mut refused = 0;
    for (what, token) in &forged {
        let reply = get(token);
        let challenge = reply.header("www-authenticate").unwrap_or("-").to_owned();
        refused += usize::from(reply.status == 401 && challenge.contains("invalid_token"));
        table.push([what.to_string(), reply.status.to_string(), challenge]);
    }
    let mut keys = ApiKeys::default();
    let support = crate::Caller {
        user: 3,
        role: crate::Role::Support,
    };
    let key = keys.issue(support, &mut evidence::workload::rng(1));
    let leaked = keys
        .stored_bytes()
        .windows(key.len())
        .any(|w| w == key.as_bytes());
    report.tables.push(table);
    report.claims.push(Claim::new(
        "a valid token is accepted, and every forged, expired or misaddressed one gets 401 with WWW-Authenticate: Bearer error=\"invalid_token\"",
        format!(
            "valid: {}; refused with the challenge: {refused} of {}",
            ok.status,
            forged.len()
        ),
        ok.status == 200 && refused == forged.len(),
    ));
    report.claims.push(Claim::new(
        "API keys are stored as SHA-256 hashes: the key is found, and its text appears nowhere in the store",
        format!(
            "verify(key): {}; key text in the stored bytes: {}",
            if keys.verify(&key) == Some(support) { "support user 3" } else { "not found" },
            if leaked { "yes" } else { "no" }
        ),
        keys.verify(&key) == Some(support) && !leaked,
    ));
}

fn injection(report: &mut Report, rows: u64) {
    let db = Orders::new(i64::try_from(rows).unwrap_or(i64::MAX), 100).expect("SQLite in memory");
    let concatenated = db
        .search_concatenated(CLASSIC)
        .expect("the injected query runs");
    let parameterised = db
        .search_parameterised(CLASSIC)
        .expect("the bound query runs");
    let honest = (
        db.search_concatenated("item-7").expect("query runs"),
        db.search_parameterised("item-7").expect("query runs"),
    );
    let mut table = Table::new(
        format!("rows returned from {} orders in SQLite", count(rows)),
        ["input", "concatenated", "parameterised"],
    );
    table.push([
        "item-7".to_string(),
        honest.0.to_string(),
        honest.1.to_string(),
    ]);
    table.push([
        CLASSIC.to_string(),
        concatenated.to_string(),
        parameterised.to_string(),
    ]);
    report.tables.push(table);
    report.claims.push(Claim::new(
        format!("the input {CLASSIC} returns every row from the concatenated query and none from the parameterised one"),
        format!(
            "concatenated: {} of {} rows; parameterised: {parameterised}; an honest search: {} and {}",
            count(concatenated as u64),
            count(rows),
            honest.0,
            honest.1
        ),
        concatenated as u64 == rows && parameterised == 0 && honest == (1, 1),
    ));
}

fn rate_limits(report: &mut Report, config: &DemoConfig) {
    // Over HTTP: 5 at once, then one per 1,000 s.
    let api = start_api(Vec::new(), (0.001, 5), false);
    let token = tokens_for_demo().issue(
        crate::Caller {
            user: 1,
            role: crate::Role::Customer,
        },
        Duration::from_secs(300),
    );
    let auth = format!("Bearer {token}");
    let replies: Vec<_> = (0..8)
        .map(|_| {
            send(
                api.addr(),
                "GET",
                "/orders",
                &[("authorization", &auth)],
                b"",
            )
            .expect("the API answers on loopback")
        })
        .collect();
    let passed = replies.iter().filter(|r| r.status == 200).count();
    let limited = replies.iter().filter(|r| r.status == 429).count();
    let retry = replies
        .iter()
        .find(|r| r.status == 429)
        .and_then(|r| r.header("retry-after"))
        .unwrap_or("-")
        .to_owned();
    report.claims.push(Claim::new(
        "over HTTP, a client past its burst gets 429 with Retry-After in whole seconds, rounded up",
        format!("burst 5, 1 per 1,000 s, 8 requests: {passed} × 200, {limited} × 429, Retry-After: {retry}"),
        passed == 5 && limited == 3 && retry == "1000",
    ));

    // The window check on `size` seeded requests.
    let mut rng = evidence::workload::rng(config.seed);
    let limiter = RateLimiter::new(WINDOW_RATE, WINDOW_BURST);
    let model = TokenBucket::new(WINDOW_RATE, WINDOW_BURST);
    let mut passed: Vec<Vec<u64>> = vec![Vec::new(); WINDOW_KEYS];
    let keys: Vec<String> = (0..WINDOW_KEYS).map(|k| format!("client-{k}")).collect();
    let mut t = 0u64;
    let mut agree = 0usize;
    let started = Instant::now();
    for _ in 0..config.size {
        // Bursty arrivals: mostly close together, sometimes a pause.
        t += if rng.random_bool(0.97) {
            rng.random_range(0..1_000_000)
        } else {
            rng.random_range(0..1_000_000_000)
        };
        // Half the traffic from one hot client, the rest spread over all ten.
        let key = if rng.random_bool(0.5) {
            0
        } else {
            rng.random_range(0..WINDOW_KEYS)
        };
        let now = Duration::from_nanos(t);
        let decision = limiter.check_at(&keys[key], now);
        agree += usize::from(decision == model.check_at(&keys[key], now));
        if decision.is_ok() {
            passed[key].push(t);
        }
    }
    let elapsed = started.elapsed();
    let worst = passed
        .iter()
        .map(|times| worst_excess(times, WINDOW_RATE))
        .fold(0.0f64, f64::max);
    let total: usize = passed.iter().map(Vec::len).sum();
    report.claims.push(Claim::new(
        format!(
            "no window of any length W lets more than burst + rate × W requests of one key through ({WINDOW_BURST} + {WINDOW_RATE}/s × W)"
        ),
        format!(
            "{} requests on {WINDOW_KEYS} keys over {:.1} s, {} passed; the largest count − rate × W over every window: {worst:.2} (bound {WINDOW_BURST})",
            count(config.size as u64),
            t as f64 / 1e9,
            count(total as u64)
        ),
        worst <= f64::from(WINDOW_BURST) + 1e-6 && worst >= f64::from(WINDOW_BURST) - 1.0,
    ));
    report.claims.push(Claim::new(
        "GCRA, one stored time per key, decides exactly as the naive token bucket does",
        format!(
            "{} of {} decisions and waits equal",
            count(agree as u64),
            count(config.size as u64)
        ),
        agree == config.size,
    ));
    report.notes.push(format!(
        "the window check ran {} checks of the reference limiter and the naive bucket in {:.1} ms (timing shown, not claimed; the bench compares the limiter with governor)",
        count(config.size as u64),
        elapsed.as_secs_f64() * 1e3
    ));
}

/// The most any window's count exceeds `rate × W` by, over every window that starts
/// and ends at a passed request: max over i ≤ j of (j − i + 1) − rate × (t_j − t_i),
/// in one pass by keeping the best start so far.
pub fn worst_excess(times: &[u64], rate: f64) -> f64 {
    let mut best_start = f64::NEG_INFINITY;
    let mut worst = 0.0f64;
    for (j, t) in times.iter().enumerate() {
        let t = *t as f64 / 1e9;
        // Window i..=j: (j + 1 − rate·t_j) + (rate·t_i − i).
        best_start = best_start.max(rate * t - j as f64);
        worst = worst.max((j + 1) as f64 - rate * t + best_start);
    }
    worst
}

fn headers(report: &mut Report) {
    let plain = start_api(Vec::new(), (1_000.0, 1_000), false);
    let tls = start_api(Vec::new(), (1_000.0, 1_000), true);
    let a = send(plain.addr(), "GET", "/orders", &[], b"").expect("answers");
    let b = send(tls.addr(), "GET", "/orders", &[], b"").expect("answers");
    let page = send(plain.addr(), "GET", "/csrf/token/login", &[], b"").expect("answers");
    let mut table = Table::new(
        "security headers",
        ["header", "API over HTTP", "API behind TLS", "HTML page"],
    );
    let mut all = true;
    for (name, want_plain, want_tls, want_page) in [
        ("x-content-type-options", true, true, true),
        ("content-security-policy", true, true, true),
        ("cache-control", true, true, true),
        ("strict-transport-security", false, true, false),
    ] {
        let cell = |r: &crate::client::Reply| r.header(name).unwrap_or("-").to_owned();
        all &= a.header(name).is_some() == want_plain
            && b.header(name).is_some() == want_tls
            && page.header(name).is_some() == want_page;
        table.push([name.to_string(), cell(&a), cell(&b), cell(&page)]);
    }
    let page_csp = page.header("content-security-policy").unwrap_or("");
    all &= page_csp.contains("form-action 'self'") && page_csp.contains("frame-ancestors 'none'");
    report.tables.push(table);
    report.claims.push(Claim::new(
        "every response carries nosniff, no-store and a CSP (pages: form-action 'self', frame-ancestors 'none'); HSTS only over TLS",
        if all { "all present where expected, HSTS absent on plain HTTP" } else { "a header is missing or misplaced (see the table)" },
        all,
    ));
}

fn cors_csrf(report: &mut Report) {
    let attacker_listener = bind().expect("a loopback port for the other site");
    let attacker_port = attacker_listener
        .local_addr()
        .expect("a bound address")
        .port();
    // The page's origin is localhost: another site than 127.0.0.1.
    let page_origin = format!("http://localhost:{attacker_port}");
    let api = start_api(vec![page_origin.clone()], (1_000.0, 1_000), false);
    let _attacker = start_attacker(attacker_listener, format!("http://{}", api.addr()))
        .expect("the other site starts");
    let mut table = Table::new(
        format!(
            "CORS and CSRF as the server decides them: page on {page_origin}, API on http://{} (browser behaviour modelled; the Chromium test checks it)",
            api.addr()
        ),
        ["what the page does", "the server counted", "the page gets"],
    );
    let mut outcomes = Vec::new();
    for scenario in Scenario::ALL {
        let outcome = scenarios::modelled(api.addr(), &page_origin, scenario)
            .expect("the API answers on loopback");
        table.push([
            scenario.describe().to_string(),
            scenario.server_cell(api.counters()),
            outcome.clone(),
        ]);
        outcomes.push((scenario, outcome));
    }
    report.tables.push(table);
    let c = api.counters();
    let outcome = |s: Scenario| {
        outcomes
            .iter()
            .find(|(x, _)| *x == s)
            .map(|(_, o)| o.as_str())
            .unwrap_or("")
    };
    report.claims.push(Claim::new(
        "CORS controls reading, not sending: the cross-origin GET without CORS headers reached the server, and only the one with Allow-Origin was readable",
        format!(
            "closed: {} arrived, page got {:?}; open: {} arrived, page got {:?}",
            c.get("cors:GET closed"),
            outcome(Scenario::CorsClosed),
            c.get("cors:GET open"),
            outcome(Scenario::CorsOpen)
        ),
        c.get("cors:GET closed") == 1
            && outcome(Scenario::CorsClosed) == "blocked"
            && outcome(Scenario::CorsOpen).starts_with("read"),
    ));
    report.claims.push(Claim::new(
        "a PUT with a JSON body is preflighted; when the preflight is refused the PUT never arrives",
        format!(
            "approved: {}; refused: {}",
            Scenario::PreflightApproved.server_cell(c),
            Scenario::PreflightRefused.server_cell(c)
        ),
        c.get("cors:OPTIONS item") == 1
            && c.get("cors:PUT item") == 1
            && c.get("cors:OPTIONS locked") == 1
            && c.get("cors:PUT locked") == 0,
    ));
    report.claims.push(Claim::new(
        "a credentialed read needs the exact origin and Allow-Credentials: with * the page reads nothing",
        format!(
            "exact: {:?}; *: {:?}",
            outcome(Scenario::CredentialsExact),
            outcome(Scenario::CredentialsStar),
        ),
        outcome(Scenario::CredentialsExact).starts_with("read")
            && outcome(Scenario::CredentialsStar) == "blocked"
            && c.get("cors:GET me-star") == 1,
    ));
    let transferred: Vec<String> = crate::server::CsrfMode::ALL
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                m.name(),
                c.get(&format!("csrf:{}:transferred", m.name()))
            )
        })
        .collect();
    let only_none = crate::server::CsrfMode::ALL.iter().all(|m| {
        let n = c.get(&format!("csrf:{}:transferred", m.name()));
        n == u64::from(*m == crate::server::CsrfMode::None)
    });
    report.claims.push(Claim::new(
        "the cross-site form POST moves money only with SameSite=None and no other defence; Lax, a synchronizer token and an Origin check each stop it",
        format!("transfers by mode: {}", transferred.join(", ")),
        only_none && c.get("csrf:lax:arrived") == 1 && c.get("csrf:lax:with cookie") == 0,
    ));
    report.notes.push(
        "the CORS/CSRF table models the browser (which requests it sends, with which cookies, and the CORS check on the answer); \
         to see real Chromium do the same, run `cargo test -p api-security -- --ignored --nocapture chromium` \
         (needs `apt install chromium chromium-driver`)"
            .to_string(),
    );
}

/// The loopback address of a running server, as an origin.
pub fn origin(addr: SocketAddr) -> String {
    format!("http://{addr}")
}
