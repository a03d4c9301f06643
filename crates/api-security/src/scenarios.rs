//! The CORS and CSRF scenarios of question 20, and a model of what a browser does in
//! each, so the demo can run them without a browser and the browser test can compare
//! Chromium with the model.
//!
//! Setting: the API on `http://127.0.0.1:<a>` and a page on `http://localhost:<b>`.
//! Those are different origins *and* different sites (a site is the scheme and the
//! registrable domain; ports do not count, so two ports of one host would be
//! same-site, and SameSite would not apply). For each scenario the model sends the
//! requests a browser would send (the `Origin` header, the preflight, the cookie or not),
//! and decides what the page may read with the CORS check of the Fetch Standard.
//!
//! Cookies follow what Chromium 156 does with a fresh profile, as the browser tests
//! show: cookies go with top-level navigations by their `SameSite` attribute (a
//! cross-site POST carries `SameSite=None` cookies only), and a cross-site `fetch`
//! carries none at all, because third-party cookies are blocked
//! ([`THIRD_PARTY_COOKIES`]). That is why blocking third-party cookies does not stop
//! CSRF: the attack is a top-level form POST, not a subresource request.

use std::net::SocketAddr;

use crate::client::{Reply, send};
use crate::server::{Counters, CsrfMode};

/// One scenario of the CORS/CSRF table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// A cross-origin `fetch` of a response without CORS headers.
    CorsClosed,
    /// The same with `Access-Control-Allow-Origin` naming the page's origin.
    CorsOpen,
    /// A `PUT` with a JSON body: preflighted, approved, then sent.
    PreflightApproved,
    /// The same against a path whose preflight is refused.
    PreflightRefused,
    /// A credentialed read answered with the exact origin and `Allow-Credentials`.
    CredentialsExact,
    /// A credentialed read answered with `Access-Control-Allow-Origin: *`.
    CredentialsStar,
    /// A cross-site form POST to `/transfer`, under each CSRF defence.
    Csrf(CsrfMode),
}

impl Scenario {
    /// Every scenario, in the table's order.
    pub const ALL: [Scenario; 10] = [
        Scenario::CorsClosed,
        Scenario::CorsOpen,
        Scenario::PreflightApproved,
        Scenario::PreflightRefused,
        Scenario::CredentialsExact,
        Scenario::CredentialsStar,
        Scenario::Csrf(CsrfMode::None),
        Scenario::Csrf(CsrfMode::Lax),
        Scenario::Csrf(CsrfMode::Token),
        Scenario::Csrf(CsrfMode::Origin),
    ];

    /// What the page does, as the table's first column says it.
    pub fn describe(self) -> &'static str {
        match self {
            Scenario::CorsClosed => "fetch GET, no CORS headers",
            Scenario::CorsOpen => "fetch GET, Allow-Origin: the page",
            Scenario::PreflightApproved => "fetch PUT JSON, preflight approved",
            Scenario::PreflightRefused => "fetch PUT JSON, preflight refused",
            Scenario::CredentialsExact => "fetch with cookies, exact origin + Allow-Credentials",
            Scenario::CredentialsStar => "fetch with cookies, Allow-Origin: *",
            Scenario::Csrf(CsrfMode::None) => "form POST /transfer, SameSite=None, no token",
            Scenario::Csrf(CsrfMode::Lax) => "form POST /transfer, SameSite=Lax",
            Scenario::Csrf(CsrfMode::Token) => "form POST /transfer, synchronizer token",
            Scenario::Csrf(CsrfMode::Origin) => "form POST /transfer, Origin checked",
        }
    }

    /// The server counts that tell what arrived, each with its label.
    pub fn counted(self) -> Vec<(&'static str, String)> {
        match self {
            Scenario::CorsClosed => vec![("GET", "cors:GET closed".into())],
            Scenario::CorsOpen => vec![("GET", "cors:GET open".into())],
            Scenario::PreflightApproved => vec![
                ("OPTIONS", "cors:OPTIONS item".into()),
                ("PUT", "cors:PUT item".into()),
            ],
            Scenario::PreflightRefused => vec![
                ("OPTIONS", "cors:OPTIONS locked".into()),
                ("PUT", "cors:PUT locked".into()),
            ],
            Scenario::CredentialsExact => vec![
                ("GET", "cors:GET me-exact".into()),
                ("with cookie", "cors:GET me-exact with cookie".into()),
            ],
            Scenario::CredentialsStar => vec![
                ("GET", "cors:GET me-star".into()),
                ("with cookie", "cors:GET me-star with cookie".into()),
            ],
            Scenario::Csrf(mode) => vec![
                ("POST", format!("csrf:{}:arrived", mode.name())),
                ("with cookie", format!("csrf:{}:with cookie", mode.name())),
                ("transferred", format!("csrf:{}:transferred", mode.name())),
            ],
        }
    }

    /// The server's counts for this scenario, as one cell: `OPTIONS 1, PUT 0`.
    pub fn server_cell(self, counters: &Counters) -> String {
        self.counted()
            .iter()
            .map(|(label, name)| format!("{label} {}", counters.get(name)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether the modelled browser sends cookies on cross-site subresource requests
/// (`fetch`, images, iframes). Chromium 156 with a fresh profile does not: the
/// `chromium_keeps_secure_cookies_...` test shows a credentialed cross-site `fetch`
/// arriving with no cookie.
pub const THIRD_PARTY_COOKIES: bool = false;

/// What the page ended up with: `read ...`, `blocked`, or the transfer page's text.
pub type PageOutcome = String;

/// The CORS check of the Fetch Standard (section 3.2.5): may a page of `origin` read
/// `reply`? Without credentials `*` or the exact origin will do; with credentials only
/// the exact origin, and `Access-Control-Allow-Credentials: true` too.
///
/// ```
/// use api_security::client::Reply;
/// use api_security::scenarios::cors_allows;
///
/// let star = Reply {
///     status: 200,
///     headers: vec![("access-control-allow-origin".into(), "*".into())],
///     body: String::new(),
/// };
/// assert!(cors_allows(&star, "http://localhost:8080", false));
/// assert!(!cors_allows(&star, "http://localhost:8080", true));
/// ```
pub fn cors_allows(reply: &Reply, origin: &str, credentials: bool) -> bool {
    let allowed = reply.header("access-control-allow-origin");
    if credentials {
        allowed == Some(origin) && reply.header("access-control-allow-credentials") == Some("true")
    } else {
        allowed == Some(origin) || allowed == Some("*")
    }
}

/// Runs `scenario` against the API at `api` the way a browser on the page's origin
/// `page_origin` would, and returns what the page ends up with; the API's counters
/// record what arrived.
///
/// # Errors
///
/// When a request to the API fails.
pub fn modelled(
    api: SocketAddr,
    page_origin: &str,
    scenario: Scenario,
) -> std::io::Result<PageOutcome> {
    let origin = ("origin", page_origin);
    let read = |reply: &Reply, credentials: bool| {
        if cors_allows(reply, page_origin, credentials) {
            format!("read {}", reply.body)
        } else {
            "blocked".to_owned()
        }
    };
    Ok(match scenario {
        Scenario::CorsClosed => read(&send(api, "GET", "/cors/closed", &[origin], b"")?, false),
        Scenario::CorsOpen => read(&send(api, "GET", "/cors/open", &[origin], b"")?, false),
        Scenario::PreflightApproved | Scenario::PreflightRefused => {
            let path = if scenario == Scenario::PreflightApproved {
                "/cors/item"
            } else {
                "/cors/locked"
            };
            // A JSON body is not a "simple" request: the browser asks first.
            let preflight = send(
                api,
                "OPTIONS",
                path,
                &[
                    origin,
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", "content-type"),
                ],
                b"",
            )?;
            let approved = (200..300).contains(&preflight.status)
                && cors_allows(&preflight, page_origin, false)
                && preflight
                    .header("access-control-allow-methods")
                    .is_some_and(|m| m.split(',').any(|m| m.trim() == "PUT"));
            if !approved {
                return Ok("blocked".to_owned());
            }
            let put = send(
                api,
                "PUT",
                path,
                &[origin, ("content-type", "application/json")],
                b"{}",
            )?;
            read(&put, false)
        }
        Scenario::CredentialsExact | Scenario::CredentialsStar => {
            // The victim logged in on the API's own site; the cookie is SameSite=None,
            // but a cross-site fetch is a third-party request.
            let login = send(api, "GET", "/cors/login", &[], b"")?;
            let cookie = session_cookie(&login);
            let path = if scenario == Scenario::CredentialsExact {
                "/cors/me-exact"
            } else {
                "/cors/me-star"
            };
            let mut headers = vec![origin];
            if THIRD_PARTY_COOKIES {
                headers.push(("cookie", &cookie));
            }
            let reply = send(api, "GET", path, &headers, b"")?;
            read(&reply, true)
        }
        Scenario::Csrf(mode) => {
            let login = send(
                api,
                "GET",
                &format!("/csrf/{}/login", mode.name()),
                &[],
                b"",
            )?;
            let cookie = session_cookie(&login);
            // A cross-site top-level POST: SameSite=Lax (and Strict) cookies stay home.
            let sends_cookie = !set_cookie(&login).contains("SameSite=Lax");
            let mut headers = vec![
                origin,
                ("content-type", "application/x-www-form-urlencoded"),
                ("sec-fetch-site", "cross-site"),
            ];
            if sends_cookie {
                headers.push(("cookie", &cookie));
            }
            let reply = send(
                api,
                "POST",
                &format!("/csrf/{}/transfer", mode.name()),
                &headers,
                b"to=mallory&amount=100&csrf=guessed",
            )?;
            outcome_text(&reply.body)
        }
    })
}

/// The text of the transfer page's `#outcome` paragraph.
pub fn outcome_text(html: &str) -> String {
    html.split("<p id=outcome>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or(html)
        .to_owned()
}

fn set_cookie(reply: &Reply) -> &str {
    reply.header("set-cookie").unwrap_or("")
}

/// `name=value` of the reply's `Set-Cookie`.
fn session_cookie(reply: &Reply) -> String {
    set_cookie(reply).split(';').next().unwrap_or("").to_owned()
}
