//! `cargo lab serve`: the lab as a local web page, served by the same binary.
//!
//! An axum server on loopback shows what the terminal shows, laid out for a browser:
//! the catalogue, each question's answer, a demo's report with its tables and charts,
//! and an exercise's cases updating live as the learner saves. It holds no concept logic:
//! every page calls the functions `list`, `show`, `demo`, `check` and `hint` use
//! (`catalogue`, `run`, `exercise`, `state`, `watch`), so the page and the terminal share
//! one `.lab/` state and cannot disagree.
//!
//! # Layout
//!
//! - this file: the command (bind, print the URL, run), the router, and the request
//!   guard every request passes (Host and Origin checks, security headers, the
//!   render-time header);
//! - `pages`: the catalogue and the question pages;
//! - `demo`: the demo page, running a demo in the background, one run per topic;
//! - `exercise`: the exercise page, hints, and the live updates (server-sent events fed
//!   by the same file watcher `watch` uses);
//! - `drill`: the drill, step by step, on the `practice` crate's sessions and the same
//!   journal as `cargo lab drill`;
//! - `html`: escaping and the page layout; `markdown`: answers to HTML;
//!   `highlight`: code colouring; `chart`: SVG charts;
//! - `style.css`, `app.js`: served from the binary (`include_str!`); the script only
//!   adds the live updates, the demo's progress clock and the drill's countdown;
//!   everything else works without it.
//!
//! # Safety
//!
//! The page can run programs (demos, tests) and write the learner's state, so:
//!
//! - it binds loopback only; `--bind` refuses anything else (exit 2);
//! - every request's `Host` must name this server (a DNS-rebinding page on another
//!   site resolves its own name to 127.0.0.1, but cannot make the browser send a
//!   `Host` of `127.0.0.1:<port>`);
//! - every state-changing request is a POST carrying the CSRF token this process drew at
//!   start (a page elsewhere cannot read it), and a POST whose `Origin` is another site
//!   is refused: the two defences the api-security topic explains;
//! - a demo runs under a time limit, one run per topic at a time;
//! - a drill step's form names the step it answers, so a repeated post is refused;
//! - every string from an answer, a report, a test or a path is escaped (`html`);
//! - responses carry a Content-Security-Policy that allows only this server's own
//!   scripts, styles and connections, so nothing on a page can reach elsewhere.

mod chart;
mod demo;
mod drill;
mod exercise;
mod highlight;
mod html;
mod markdown;
mod pages;

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use crate::LabError;

/// The port `serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8070;

/// `cargo lab serve`'s options.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The port to listen on; 0 picks a free one (the URL printed says which).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// The address to listen on: loopback only (127.0.0.1, ::1 or localhost); anything
    /// else is refused, since the page runs programs on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Opens the page in the desktop's browser (with xdg-open).
    #[arg(long)]
    open: bool,
}

/// Runs the server until interrupted.
///
/// # Errors
///
/// A non-loopback `--bind` or a port in use (exit 2), or the runtime cannot start.
pub fn serve(root: &Path, args: &Args) -> Result<ExitCode, LabError> {
    let ip = loopback(&args.bind)?;
    let listener = TcpListener::bind(SocketAddr::new(ip, args.port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            LabError::usage(format!(
                "port {} is in use; pick another with --port N, or --port 0 for any free one",
                args.port
            ))
        } else {
            LabError::io(format!("cannot listen on {ip}:{}", args.port), e)
        }
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| LabError::io("cannot read the listening address", e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| LabError::io("cannot set up the listener", e))?;
    let app = Arc::new(App::new(root, address));
    let url = app.url.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| LabError::io("cannot start the server's runtime", e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| LabError::io("cannot set up the listener", e))?;
        println!("serving interview-lab at {url} (Ctrl-C stops it)");
        let _ = std::io::stdout().flush();
        if args.open {
            open_browser(&url);
        }
        axum::serve(listener, router(app))
            .await
            .map_err(|e| LabError::io("the server stopped", e))
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `text` as a loopback address, or the one-line refusal.
fn loopback(text: &str) -> Result<IpAddr, LabError> {
    let ip = if text.eq_ignore_ascii_case("localhost") {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        text.parse::<IpAddr>().map_err(|_| {
            LabError::usage(format!(
                "--bind {text} is not an IP address; serve listens on loopback only (127.0.0.1)"
            ))
        })?
    };
    if ip.is_loopback() {
        Ok(ip)
    } else {
        Err(LabError::usage(format!(
            "--bind {text} is not a loopback address; serve runs demos and tests on this \
             machine, so it listens on 127.0.0.1 only"
        )))
    }
}

/// `--open`: hands the URL to xdg-open, or says it cannot.
fn open_browser(url: &str) {
    match std::process::Command::new("xdg-open")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(_) => println!("opened {url} with xdg-open"),
        Err(_) => println!("--open: xdg-open is not installed here; open {url} yourself"),
    }
}

/// What every handler shares.
pub struct App {
    /// The workspace root.
    root: PathBuf,
    /// The topics, found once at start: a topic added while the server runs appears
    /// after a restart (the learner's progress, read on every request, is always fresh).
    catalogue: crate::catalogue::Catalogue,
    /// `http://127.0.0.1:<port>/`, as printed.
    url: String,
    /// The `Host` values that name this server, and the matching `Origin`s.
    hosts: Vec<String>,
    origins: Vec<String>,
    /// The CSRF token every form carries: random, drawn at start, never sent elsewhere.
    token: String,
    demos: demo::Demos,
    live: exercise::Live,
    drills: drill::Drills,
}

impl App {
    fn new(root: &Path, address: SocketAddr) -> App {
        let port = address.port();
        let shown = match address.ip() {
            IpAddr::V6(ip) => format!("[{ip}]:{port}"),
            IpAddr::V4(ip) => format!("{ip}:{port}"),
        };
        let hosts = vec![shown.clone(), format!("localhost:{port}")];
        let catalogue = crate::catalogue::Catalogue::load(root);
        crate::browse::warn_broken(&catalogue);
        App {
            root: root.to_path_buf(),
            catalogue,
            url: format!("http://{shown}/"),
            origins: hosts.iter().map(|h| format!("http://{h}")).collect(),
            hosts,
            token: random_token(),
            demos: demo::Demos::default(),
            live: exercise::Live::default(),
            drills: drill::Drills::default(),
        }
    }

    /// The refusal of a POST whose form does not carry this server's token, or `None`
    /// when it does.
    fn refuse_token(&self, given: &str) -> Option<Response> {
        // Compare without stopping at the first difference, so the time taken does not
        // tell an attacker how much of a guess was right.
        let same = given.len() == self.token.len()
            && given
                .bytes()
                .zip(self.token.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        (!same).then(|| {
            error_page(
                StatusCode::FORBIDDEN,
                "Request refused",
                "this form did not carry the page's CSRF token; reload the page and try again",
            )
        })
    }
}

/// 128 random bits as hex, from the kernel's generator (std's randomly keyed hasher if
/// it cannot be read).
fn random_token() -> String {
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if read.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default()
                    .as_nanos(),
            );
            chunk.copy_from_slice(&hasher.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every route.
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::catalogue))
        .route("/question/{number}", get(pages::question))
        .route("/question/{number}/full", get(pages::question_full))
        .route("/demo/{topic}", get(demo::page))
        .route("/demo/{topic}/run", post(demo::start))
        .route("/exercise/{topic}", get(exercise::page))
        .route("/exercise/{topic}/events", get(exercise::events))
        .route("/exercise/{topic}/check", post(exercise::recheck))
        .route("/exercise/{topic}/hint", post(exercise::hint))
        .route("/drill", get(drill::queue))
        .route("/drill/start", post(drill::start))
        .route("/drill/{id}", get(drill::step).post(drill::answer))
        .route("/static/style.css", get(style))
        .route("/static/app.js", get(script))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// What every request passes through: the Host and Origin checks, then the handler,
/// then the security headers and `Server-Timing: render;dur=<ms>`, the time the server
/// took to build the response (the browser tests read it).
/// Why a request another site made is refused, if it is. Browsers say where a request
/// comes from in `Sec-Fetch-Site`; from another site (or another port of this one), only
/// a top-level navigation to a page that changes nothing is let through: the catalogue,
/// a question, a demo's page, the drill's queue. Anything else (an `<img>` or a script
/// pointing at an exercise page, which would start its watcher and builds; an event
/// stream; a drill step) is refused. Requests without the header (non-browser clients,
/// the tests) are not affected; POSTs are checked for their token and Origin anyway.
fn cross_site_refusal(request: &Request) -> Option<&'static str> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
    };
    if !matches!(header("sec-fetch-site"), "cross-site" | "same-site") {
        return None;
    }
    let path = request.uri().path();
    let read_only = path == "/"
        || path == "/drill"
        || (path.starts_with("/question/"))
        || (path.starts_with("/demo/") && !path.ends_with("/run"));
    let navigation = request.method() == Method::GET && header("sec-fetch-mode") == "navigate";
    if navigation && read_only {
        None
    } else {
        Some(
            "another site may not make this request; open it from the lab's own pages \
             (start at the catalogue)",
        )
    }
}

async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !app.hosts.iter().any(|h| h == host) {
        return error_page(
            StatusCode::MISDIRECTED_REQUEST,
            "Unknown host",
            &format!(
                "this server answers only as {}; a page that reached it by another name is refused",
                app.url
            ),
        );
    }
    if let Some(why) = cross_site_refusal(&request) {
        return error_page(StatusCode::FORBIDDEN, "Request refused", why);
    }
    if request.method() == Method::POST {
        let origin = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|h| h.to_str().ok());
        if let Some(origin) = origin
            && !app.origins.iter().any(|o| o == origin)
        {
            return error_page(
                StatusCode::FORBIDDEN,
                "Request refused",
                &format!("a form from {origin} may not change anything here"),
            );
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // `same-origin`, not `no-referrer`: under `no-referrer` a browser sends
    // `Origin: null` with the page's own form posts, and the Origin check above would
    // refuse them; links to elsewhere still carry no referrer.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    let millis = started.elapsed().as_secs_f64() * 1e3;
    if let Ok(value) = HeaderValue::from_str(&format!("render;dur={millis:.2}")) {
        headers.insert("server-timing", value);
    }
    response
}

/// A whole page with `status`: a title and one paragraph, plus a way back.
fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!(
        "<p class=\"error\">{}</p>\n<p><a href=\"/\">Back to the questions</a></p>",
        html::escape(message)
    );
    let page = html::layout(&html::Page {
        title,
        body,
        ..html::Page::default()
    });
    (status, Html(page)).into_response()
}

/// A [`LabError`] (an unknown topic, a question out of range) as a 404 page: it names
/// something this server does not have.
fn missing(error: &LabError) -> Response {
    error_page(StatusCode::NOT_FOUND, "Not found", &error.to_string())
}

/// Any path no route matches.
async fn not_found(request: Request) -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Not found",
        &format!("there is no page at {}", request.uri().path()),
    )
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("style.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("app.js"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_are_accepted() {
        for good in ["127.0.0.1", "::1", "localhost", "127.0.0.2"] {
            assert!(loopback(good).unwrap().is_loopback(), "{good}");
        }
        for bad in ["0.0.0.0", "192.168.1.5", "::", "example.com"] {
            let err = loopback(bad).unwrap_err();
            assert_eq!(err.exit_code(), ExitCode::from(2), "{bad}");
            assert!(err.to_string().contains("127.0.0.1"), "{err}");
        }
    }

    #[test]
    fn tokens_are_random_and_checked_whole() {
        let app = App::new(Path::new("/nonexistent"), "127.0.0.1:8070".parse().unwrap());
        assert_eq!(app.token.len(), 32);
        assert_ne!(app.token, random_token());
        assert!(app.refuse_token(&app.token).is_none());
        assert!(app.refuse_token("").is_some());
        assert!(app.refuse_token(&app.token[..31]).is_some());
        let mut wrong = app.token.clone().into_bytes();
        wrong[31] = if wrong[31] == b'0' { b'1' } else { b'0' };
        assert!(
            app.refuse_token(&String::from_utf8(wrong).unwrap())
                .is_some()
        );
    }
}
