//! Two servers on loopback: the API (orders, CORS and CSRF endpoints) and the attacker's
//! site, each on a thread of its own with a current-thread tokio runtime; dropping a
//! [`Running`] server stops it.
//!
//! The API routes by hand in one handler ([`Api::handle`]): every request is counted by
//! name in [`Counters`], so the tests and the demo can tell what a browser actually sent
//! (a preflight, a PUT, a transfer with or without its cookie) from what the page could
//! read afterwards.
//!
//! | path | what it shows |
//! |---|---|
//! | `GET /orders`, `GET·DELETE /orders/{id}`, `POST /orders`, `GET /admin/users` | authentication (JWT or API key), the [`OrderPolicy`], 429 with `Retry-After` |
//! | `GET /cors/closed` | a response without CORS headers: sent, counted, unreadable cross-origin |
//! | `GET /cors/open` | `Access-Control-Allow-Origin` for allow-listed origins |
//! | `OPTIONS·PUT /cors/item` | a preflight approved for the allow-list, then the PUT |
//! | `OPTIONS·PUT /cors/locked` | a preflight refused: the PUT never arrives |
//! | `GET /cors/login`, `GET /cors/me-exact`, `/cors/me-star` | credentialed reads: the exact origin with `Allow-Credentials`, and `*` |
//! | `GET /csrf/{mode}/login`, `POST /csrf/{mode}/transfer` | a session cookie and a money transfer under each CSRF defence |
//! | `GET /probe/set/{variant}`, `/probe/echo` | which cookie attributes a browser keeps and sends where ([`PROBE_VARIANTS`]) |

use std::collections::{BTreeMap, HashMap};
use std::future::{IntoFuture, poll_fn};
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::pin::pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Poll;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, header};

use crate::auth::{ApiKeys, Tokens, constant_time_eq, sha256};
use crate::policy::{Access, Caller, OrderPolicy, Policy, Role, Route};
use crate::rate::{RateLimiter, RetryAfter};

/// The largest request body the API reads (OWASP API4: cap what a client can make the
/// server hold); larger is 413.
pub const MAX_BODY: usize = 4 * 1024;

/// How the API is set up.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Origins allowed to read CORS responses (exact `scheme://host:port` strings).
    pub cors_allowed: Vec<String>,
    /// The API's own origin, the only one the Origin check of `/csrf/origin` accepts.
    pub own_origin: String,
    /// Requests per second and burst per caller on the orders routes, and failed
    /// authentications per second and burst per client address.
    pub rate: (f64, u32),
    /// Whether the API is reached over TLS (directly or through a proxy that terminates
    /// it): only then does it send `Strict-Transport-Security`.
    pub https: bool,
}

/// Named request counts, shared by a server and whoever started it.
#[derive(Debug, Default, Clone)]
pub struct Counters(Arc<Mutex<BTreeMap<String, u64>>>);

impl Counters {
    /// Adds one to `name`.
    pub fn bump(&self, name: &str) {
        *self.lock().entry(name.to_owned()).or_default() += 1;
    }

    /// The count of `name` (0 if never bumped).
    pub fn get(&self, name: &str) -> u64 {
        self.lock().get(name).copied().unwrap_or(0)
    }

    /// Every count, by name.
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, u64>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The CSRF defences, one per `/csrf/{mode}` path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfMode {
    /// Session cookie `SameSite=None; Secure`, no other defence.
    None,
    /// Session cookie `SameSite=Lax`, no other defence.
    Lax,
    /// `SameSite=None; Secure`, and a synchronizer token in the form, checked.
    Token,
    /// `SameSite=None; Secure`, and the `Origin` header must be the API's own.
    Origin,
}

impl CsrfMode {
    /// Every mode, in the table's order.
    pub const ALL: [CsrfMode; 4] = [
        CsrfMode::None,
        CsrfMode::Lax,
        CsrfMode::Token,
        CsrfMode::Origin,
    ];

    /// The path segment.
    pub fn name(self) -> &'static str {
        match self {
            CsrfMode::None => "none",
            CsrfMode::Lax => "lax",
            CsrfMode::Token => "token",
            CsrfMode::Origin => "origin",
        }
    }

    fn parse(name: &str) -> Option<CsrfMode> {
        CsrfMode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The session cookie's `SameSite` attributes.
    pub fn cookie_attributes(self) -> &'static str {
        match self {
            CsrfMode::Lax => "SameSite=Lax",
            _ => "SameSite=None; Secure",
        }
    }
}

/// A server running on 127.0.0.1; dropping it stops it.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    counters: Counters,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its request counts.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The API's state: the orders, the credentials, the limiter, the CSRF sessions.
pub struct Api {
    config: ApiConfig,
    tokens: Tokens,
    keys: ApiKeys,
    limiter: RateLimiter,
    /// Order id → (owner, item).
    orders: Mutex<BTreeMap<u64, (u64, String)>>,
    /// Session id → (mode, synchronizer token).
    sessions: Mutex<HashMap<String, (CsrfMode, String)>>,
    counters: Counters,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Api {
    /// An API with `tokens` and `keys` as its credentials and order 1 (item `book`)
    /// owned by user 1.
    pub fn new(config: ApiConfig, tokens: Tokens, keys: ApiKeys) -> Self {
        let limiter = RateLimiter::new(config.rate.0, config.rate.1);
        Api {
            config,
            tokens,
            keys,
            limiter,
            orders: Mutex::new(BTreeMap::from([(1, (1, "book".to_owned()))])),
            sessions: Mutex::new(HashMap::new()),
            counters: Counters::default(),
        }
    }

    /// Starts the API on `listener` (bound by the caller, so both servers' origins are
    /// known before either starts).
    ///
    /// # Errors
    ///
    /// When the runtime or the listener cannot be set up.
    pub fn start(self, listener: TcpListener) -> io::Result<Running> {
        let counters = self.counters.clone();
        let api = Arc::new(self);
        let router = Router::new().fallback(move |request: Request<Body>| {
            let api = Arc::clone(&api);
            async move { api.handle(request).await }
        });
        start(listener, router, counters)
    }

    /// Routes and answers one request, adding the security headers to every response.
    pub async fn handle(&self, request: Request<Body>) -> Response<Body> {
        let (parts, body) = request.into_parts();
        let path = parts.uri.path().to_owned();
        let body = match to_bytes(body, MAX_BODY).await {
            Ok(body) => body,
            Err(_) => {
                return self.secure(reply(413, "text/plain", "request body over 4 KiB"), false);
            }
        };
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let headers = &parts.headers;
        let method = &parts.method;
        let response = match segments.as_slice() {
            ["orders"] | ["orders", _] | ["admin", "users"] => {
                // The peer's address when served by `start`, which records it; a request
                // handed to `handle` directly shares one budget with all such requests.
                let client = parts
                    .extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map_or_else(
                        || "unauthenticated".to_owned(),
                        |peer| peer.ip().to_string(),
                    );
                self.orders(method, &segments, headers, &body, &client)
            }
            ["cors", what] => self.cors(method, what, headers),
            ["probe", "set", variant] => probe_set(variant),
            ["probe", "echo"] => self.probe_echo(headers),
            ["csrf", mode, action] => match CsrfMode::parse(mode) {
                Some(mode) => self.csrf(method, mode, action, headers, &body),
                None => reply(404, "text/plain", "no such CSRF mode"),
            },
            _ => reply(404, "text/plain", "no resource at this path"),
        };
        let html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        self.secure(response, html)
    }

    /// The security headers: `nosniff` and `no-store` everywhere, a Content Security
    /// Policy (a strict one for pages, `default-src 'none'` for data), and HSTS only over
    /// TLS (RFC 6797 has browsers ignore it on plain HTTP).
    fn secure(&self, mut response: Response<Body>, html: bool) -> Response<Body> {
        let h = response.headers_mut();
        h.insert(
            "x-content-type-options",
            HeaderValue::from_static("nosniff"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(
            "content-security-policy",
            HeaderValue::from_static(if html {
                "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            } else {
                "default-src 'none'; frame-ancestors 'none'"
            }),
        );
        if self.config.https {
            h.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000; includeSubDomains"),
            );
        }
        response
    }

    /// The orders routes: authenticate, rate-limit, authorize, act.
    ///
    /// Failed authentications spend a budget of their own, keyed by `client` (the peer's
    /// IP address): past it, every request from that client that carries credentials is
    /// answered 429, the right ones too, or a guesser could tell a hit from the status.
    /// That also locks out an honest user behind the same address; production systems
    /// add a budget per account and back off per client rather than lock.
    fn orders(
        &self,
        method: &Method,
        segments: &[&str],
        headers: &HeaderMap,
        body: &[u8],
        client: &str,
    ) -> Response<Body> {
        let route = match (method.as_str(), segments) {
            ("GET", ["orders"]) => Route::ListOrders,
            ("POST", ["orders"]) => Route::CreateOrder,
            ("GET", ["orders", _]) => Route::ReadOrder,
            ("DELETE", ["orders", _]) => Route::DeleteOrder,
            ("GET", ["admin", "users"]) => Route::ListUsers,
            _ => return reply(405, "text/plain", "method not allowed on this path"),
        };
        let failures = format!("failed-auth:{client}");
        let caller = match self.authenticate(headers) {
            Ok(None) => None,
            Ok(Some(caller)) => match self.limiter.peek_at(&failures, self.limiter.elapsed()) {
                Ok(()) => Some(caller),
                Err(wait) => return self.too_many(wait),
            },
            Err(challenge) => {
                if let Err(wait) = self.limiter.check(&failures) {
                    return self.too_many(wait);
                }
                self.counters.bump("orders:401");
                return with_header(
                    reply(401, "text/plain", "authentication required"),
                    header::WWW_AUTHENTICATE,
                    &challenge,
                );
            }
        };
        let limit_key =
            caller.map_or_else(|| "anonymous".to_owned(), |c| format!("user:{}", c.user));
        if let Err(wait) = self.limiter.check(&limit_key) {
            return self.too_many(wait);
        }
        let id = segments.get(1).and_then(|s| s.parse::<u64>().ok());
        let mut orders = self.orders.lock().unwrap_or_else(PoisonError::into_inner);
        let owner = id.and_then(|id| orders.get(&id).map(|o| o.0));
        let access = OrderPolicy::decide(caller, route, owner);
        if access != Access::Allow {
            self.counters
                .bump(&format!("orders:{}", access.status(route)));
            let response = reply(access.status(route), "text/plain", "refused");
            return match access {
                Access::Unauthenticated => with_header(
                    response,
                    header::WWW_AUTHENTICATE,
                    r#"Bearer realm="orders""#,
                ),
                _ => response,
            };
        }
        let caller = caller.expect("an allowed request has a caller");
        self.counters
            .bump(&format!("orders:{}", route.success_status()));
        match route {
            Route::ListOrders => {
                let mine: Vec<_> = orders
                    .iter()
                    .filter(|(_, o)| caller.role != Role::Customer || o.0 == caller.user)
                    .map(|(id, o)| serde_json::json!({"id": id, "owner": o.0, "item": o.1}))
                    .collect();
                json(200, &serde_json::Value::from(mine))
            }
            Route::ReadOrder => {
                let id = id.expect("a found order has an id");
                let (owner, item) = &orders[&id];
                json(
                    200,
                    &serde_json::json!({"id": id, "owner": owner, "item": item}),
                )
            }
            Route::CreateOrder => match parse_new_order(body) {
                Ok(item) => {
                    let id = orders.keys().next_back().map_or(1, |last| last + 1);
                    orders.insert(id, (caller.user, item.clone()));
                    json(
                        201,
                        &serde_json::json!({"id": id, "owner": caller.user, "item": item}),
                    )
                }
                Err(why) => reply(422, "text/plain", why),
            },
            Route::DeleteOrder => {
                orders.remove(&id.expect("a found order has an id"));
                reply(204, "text/plain", "")
            }
            Route::ListUsers => json(200, &serde_json::json!([1, 2, 3, 4])),
        }
    }

    /// 429 with `Retry-After` in whole seconds, rounded up.
    fn too_many(&self, wait: RetryAfter) -> Response<Body> {
        self.counters.bump("orders:429");
        with_header(
            reply(429, "text/plain", "too many requests"),
            header::RETRY_AFTER,
            &wait.whole_seconds().to_string(),
        )
    }

    /// `Ok(Some(caller))` for a valid bearer token or API key, `Ok(None)` for a request
    /// without credentials, `Err(challenge)` for credentials that fail (their
    /// `WWW-Authenticate` value).
    fn authenticate(&self, headers: &HeaderMap) -> Result<Option<Caller>, String> {
        if let Some(value) = headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or_else(|| r#"Bearer realm="orders", error="invalid_request""#.to_owned())?;
            return self
                .tokens
                .verify(token)
                .map(Some)
                .map_err(|e| e.www_authenticate());
        }
        if let Some(value) = headers.get("x-api-key") {
            return value
                .to_str()
                .ok()
                .and_then(|key| self.keys.verify(key))
                .map(Some)
                .ok_or_else(|| r#"ApiKey realm="orders", error="invalid_key""#.to_owned());
        }
        Ok(None)
    }

    /// The CORS endpoints.
    fn cors(&self, method: &Method, what: &str, headers: &HeaderMap) -> Response<Body> {
        let origin = header_str(headers, header::ORIGIN);
        let allowed = origin
            .as_deref()
            .filter(|o| self.config.cors_allowed.iter().any(|a| a == o));
        let name = format!("cors:{} {what}", method.as_str());
        self.counters.bump(&name);
        match (method.as_str(), what) {
            ("GET", "closed") => json(200, &serde_json::json!({"secret": "closed"})),
            ("GET", "open") => {
                let response = json(200, &serde_json::json!({"secret": "open"}));
                allow_origin(response, allowed, false)
            }
            ("OPTIONS", "item" | "locked") => {
                let asked_method = header_str(headers, "access-control-request-method");
                let asked_headers = header_str(headers, "access-control-request-headers");
                self.counters.bump(&format!(
                    "preflight: {what} asked {} with headers {}",
                    asked_method.as_deref().unwrap_or("-"),
                    asked_headers.as_deref().unwrap_or("-")
                ));
                let approve = what == "item"
                    && allowed.is_some()
                    && asked_method.as_deref() == Some("PUT")
                    && asked_headers
                        .as_deref()
                        .is_none_or(|h| h.split(',').all(|h| h.trim() == "content-type"));
                if !approve {
                    return reply(403, "text/plain", "preflight refused");
                }
                let response = reply(204, "text/plain", "");
                let response = with_header(response, "access-control-allow-methods", "GET, PUT");
                let response =
                    with_header(response, "access-control-allow-headers", "content-type");
                let response = with_header(response, "access-control-max-age", "600");
                allow_origin(response, allowed, false)
            }
            ("PUT", "item" | "locked") => {
                let response = json(200, &serde_json::json!({"stored": what}));
                allow_origin(response, allowed, false)
            }
            ("GET", "login") => {
                let (id, _) = self.new_session(CsrfMode::None);
                with_header(
                    reply(
                        200,
                        "text/html; charset=utf-8",
                        "<!doctype html><title>logged in</title><p>logged in",
                    ),
                    header::SET_COOKIE,
                    &format!("cors_sid={id}; Path=/cors; HttpOnly; SameSite=None; Secure"),
                )
            }
            ("GET", "me-exact" | "me-star" | "me-no-credentials") => {
                let user = if self.session(headers, "cors_sid").is_some() {
                    self.counters.bump(&format!("{name} with cookie"));
                    "victim"
                } else {
                    "nobody"
                };
                let response = json(200, &serde_json::json!({"user": user}));
                match what {
                    "me-exact" => allow_origin(response, allowed, true),
                    "me-star" => {
                        let response = with_header(response, "access-control-allow-origin", "*");
                        with_header(response, "access-control-allow-credentials", "true")
                    }
                    _ => allow_origin(response, allowed, false),
                }
            }
            _ => reply(404, "text/plain", "no such CORS endpoint"),
        }
    }

    /// The CSRF endpoints: a login that sets the session cookie, and the transfer.
    fn csrf(
        &self,
        method: &Method,
        mode: CsrfMode,
        action: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Response<Body> {
        let m = mode.name();
        match (method.as_str(), action) {
            ("GET", "login") => {
                let (id, token) = self.new_session(mode);
                let page = format!(
                    "<!doctype html><title>bank</title><p>logged in ({m})</p>\
                     <form method=post action=/csrf/{m}/transfer>\
                     <input type=hidden name=csrf value={token}>\
                     <input name=to value=friend><input name=amount value=5>\
                     <button id=send>send</button></form>"
                );
                with_header(
                    reply(200, "text/html; charset=utf-8", &page),
                    header::SET_COOKIE,
                    &format!(
                        "sid={id}; Path=/csrf/{m}; HttpOnly; {}",
                        mode.cookie_attributes()
                    ),
                )
            }
            ("POST", "transfer") => {
                self.counters.bump(&format!("csrf:{m}:arrived"));
                let Some((_, expected)) = self.session(headers, "sid").filter(|s| s.0 == mode)
                else {
                    self.counters.bump(&format!("csrf:{m}:refused"));
                    return page(401, "refused: no session cookie came with the request");
                };
                self.counters.bump(&format!("csrf:{m}:with cookie"));
                let form = parse_form(body);
                let refusal = match mode {
                    CsrfMode::Token => {
                        let sent = form.get("csrf").map(String::as_str).unwrap_or("");
                        (!constant_time_eq(&sha256(sent.as_bytes()), &sha256(expected.as_bytes())))
                            .then_some("refused: the CSRF token is missing or wrong")
                    }
                    CsrfMode::Origin => {
                        let origin = header_str(headers, header::ORIGIN);
                        (origin.as_deref() != Some(self.config.own_origin.as_str()))
                            .then_some("refused: the Origin is not this site")
                    }
                    CsrfMode::None | CsrfMode::Lax => None,
                };
                if let Some(why) = refusal {
                    self.counters.bump(&format!("csrf:{m}:refused"));
                    return page(403, why);
                }
                self.counters.bump(&format!("csrf:{m}:transferred"));
                page(
                    200,
                    &format!(
                        "transferred {} to {}",
                        form.get("amount").map_or("?", String::as_str),
                        form.get("to").map_or("?", String::as_str)
                    ),
                )
            }
            _ => reply(404, "text/plain", "no such CSRF endpoint"),
        }
    }

    /// The names of the `probe_*` cookies the request carried, as JSON, readable by the
    /// allow-listed origins with credentials.
    fn probe_echo(&self, headers: &HeaderMap) -> Response<Body> {
        let mut names: Vec<String> = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(|(n, _)| n.starts_with("probe_"))
            .map(|(n, _)| n.trim_start_matches("probe_").to_owned())
            .collect();
        names.sort();
        let origin = header_str(headers, header::ORIGIN);
        let allowed = origin
            .as_deref()
            .filter(|o| self.config.cors_allowed.iter().any(|a| a == o));
        allow_origin(json(200, &serde_json::json!(names)), allowed, true)
    }

    /// A new session for `mode` with a fresh synchronizer token; returns both.
    fn new_session(&self, mode: CsrfMode) -> (String, String) {
        let id = random_hex();
        let token = random_hex();
        self.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.clone(), (mode, token.clone()));
        (id, token)
    }

    /// The session named by the cookie `name`, if the request carries a valid one.
    fn session(&self, headers: &HeaderMap, name: &str) -> Option<(CsrfMode, String)> {
        let id = cookie(headers, name)?;
        self.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .cloned()
    }
}

/// The cookie variants `GET /probe/set/{variant}` sets, to find out which ones a
/// browser keeps on plain-HTTP loopback and which it sends cross-site.
pub const PROBE_VARIANTS: [(&str, &str); 5] = [
    ("none-insecure", "SameSite=None"),
    ("none-secure", "SameSite=None; Secure"),
    ("lax", "SameSite=Lax"),
    ("strict", "SameSite=Strict"),
    ("default", ""),
];

/// Sets the cookie `probe_{variant}` with the variant's attributes.
fn probe_set(variant: &str) -> Response<Body> {
    let Some((_, attributes)) = PROBE_VARIANTS.iter().find(|(v, _)| *v == variant) else {
        return reply(404, "text/plain", "no such cookie variant");
    };
    with_header(
        reply(
            200,
            "text/html; charset=utf-8",
            "<!doctype html><title>set</title><p>set",
        ),
        header::SET_COOKIE,
        &format!("probe_{variant}=1; Path=/probe; {attributes}"),
    )
}

/// The attacker's site: pages on another origin that target the API.
///
/// - `GET /` a blank page to run the CORS scripts from;
/// - `GET /csrf/{mode}`: a page whose hidden form posts a transfer to the API's
///   `/csrf/{mode}/transfer`, submitted by script on load, with a guessed CSRF token;
/// - `GET /probe/post`, `GET /probe/link`: a cross-site form POST, and a cross-site
///   navigation, to the API's cookie echo (`/probe/echo`).
///
/// # Errors
///
/// When the runtime or the listener cannot be set up.
pub fn start_attacker(listener: TcpListener, api_origin: String) -> io::Result<Running> {
    let counters = Counters::default();
    let seen = counters.clone();
    let router = Router::new().fallback(move |request: Request<Body>| {
        let api = api_origin.clone();
        let seen = seen.clone();
        async move {
            let path = request.uri().path().to_owned();
            seen.bump(&format!("attacker:{path}"));
            if path == "/probe/post" || path == "/probe/link" {
                // Top-level cross-site requests to the API's cookie echo: a form POST
                // submitted on load, or a navigation as if a link were followed.
                let go = if path == "/probe/post" {
                    format!(
                        "<form id=f method=post action={api}/probe/echo></form>\
                             <script>document.getElementById('f').submit()</script>"
                    )
                } else {
                    format!("<script>location.href = '{api}/probe/echo'</script>")
                };
                return reply(
                    200,
                    "text/html; charset=utf-8",
                    &format!("<!doctype html><title>probe</title>{go}"),
                );
            }
            match path.strip_prefix("/csrf/") {
                Some(mode) if CsrfMode::parse(mode).is_some() => reply(
                    200,
                    "text/html; charset=utf-8",
                    &format!(
                        "<!doctype html><title>win a prize</title>\
                         <form id=f method=post action={api}/csrf/{mode}/transfer>\
                         <input type=hidden name=to value=mallory>\
                         <input type=hidden name=amount value=100>\
                         <input type=hidden name=csrf value=guessed></form>\
                         <script>document.getElementById('f').submit()</script>"
                    ),
                ),
                _ => reply(
                    200,
                    "text/html; charset=utf-8",
                    "<!doctype html><title>another site</title><p>another site",
                ),
            }
        }
    });
    start(listener, router, counters)
}

/// Binds a listener on 127.0.0.1 at a free port.
///
/// # Errors
///
/// When no port can be bound.
pub fn bind() -> io::Result<TcpListener> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
}

fn start(listener: TcpListener, router: Router, counters: Counters) -> io::Result<Running> {
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name(format!("api-security {addr}"))
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    eprintln!("api-security: cannot serve on {addr}");
                    return;
                };
                let mut serving = pin!(
                    axum::serve(
                        listener,
                        router.into_make_service_with_connect_info::<SocketAddr>(),
                    )
                    .into_future()
                );
                let mut stopped = pin!(stopped);
                // The stop signal (or the Running handle dropped) or the server failing,
                // whichever comes first; returning drops every connection task.
                poll_fn(|cx| {
                    if stopped.as_mut().poll(cx).is_ready() {
                        return Poll::Ready(());
                    }
                    serving.as_mut().poll(cx).map(|_| ())
                })
                .await;
            });
        })?;
    Ok(Running {
        addr,
        counters,
        stop: Some(stop),
        thread: Some(thread),
    })
}

/// 128 bits from the operating system's CSPRNG, in hex: unguessable session ids and
/// tokens.
fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn reply(status: u16, content_type: &str, body: &str) -> Response<Body> {
    let mut response = Response::new(Body::from(body.to_owned()));
    *response.status_mut() = StatusCode::from_u16(status).expect("the API uses valid statuses");
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

fn json(status: u16, value: &serde_json::Value) -> Response<Body> {
    reply(status, "application/json", &value.to_string())
}

/// A small HTML page whose text is `text`, so the browser can read the outcome back.
/// `text` is escaped: it may carry form fields, and unescaped they would be stored
/// nowhere but still run as script in the victim's page (reflected XSS).
fn page(status: u16, text: &str) -> Response<Body> {
    reply(
        status,
        "text/html; charset=utf-8",
        &format!(
            "<!doctype html><title>bank</title><p id=outcome>{}</p>",
            html_escape(text)
        ),
    )
}

/// `text` with the five characters that HTML gives meaning replaced by their character
/// references (OWASP's XSS prevention rule for element content and quoted attributes).
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

fn with_header(
    mut response: Response<Body>,
    name: impl axum::http::header::IntoHeaderName,
    value: &str,
) -> Response<Body> {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
    response
}

/// `Access-Control-Allow-Origin` naming the allowed origin (and `Vary: Origin`, since
/// the answer depends on it), plus `Access-Control-Allow-Credentials: true` if asked.
fn allow_origin(
    response: Response<Body>,
    origin: Option<&str>,
    credentials: bool,
) -> Response<Body> {
    let response = with_header(response, header::VARY, "Origin");
    let Some(origin) = origin else {
        return response;
    };
    let response = with_header(response, header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    if credentials {
        with_header(response, header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
    } else {
        response
    }
}

fn header_str(headers: &HeaderMap, name: impl axum::http::header::AsHeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The value of cookie `name` in the request's `Cookie` headers.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
}

/// An `application/x-www-form-urlencoded` body, decoded.
fn parse_form(body: &[u8]) -> HashMap<String, String> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (percent_decode(k), percent_decode(v)))
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                match (
                    bytes.get(i + 1).and_then(|b| hex(*b)),
                    bytes.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `POST /orders` body: a JSON object with exactly one field, `item`, a string of 1 to
/// 100 characters. Unknown fields are refused (no mass assignment of `owner` or `id`).
fn parse_new_order(body: &[u8]) -> Result<String, &'static str> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| "the body is not JSON")?;
    let object = value.as_object().ok_or("the body must be a JSON object")?;
    if object.keys().any(|k| k != "item") {
        return Err("only the field item may be set");
    }
    let item = object
        .get("item")
        .and_then(|v| v.as_str())
        .ok_or("item must be a string")?;
    if item.is_empty() || item.chars().count() > 100 {
        return Err("item must be 1 to 100 characters");
    }
    Ok(item.to_owned())
}
