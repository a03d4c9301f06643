//! Headless Chromium for interview-lab's browser tests.
//!
//! [`Browser::launch`] starts Debian's `chromedriver` on a free loopback port, opens a
//! headless Chromium session through it (WebDriver, by the `fantoccini` client) with a
//! fresh profile in a temporary directory, and gives a blocking API to the tests: go to
//! a page, run JavaScript, click, type, wait for a condition, take a screenshot. Dropping
//! the [`Browser`] ends the session, stops the driver and deletes the profile.
//!
//! The tests that use it are `#[ignore]`d (they need a browser the machine may not have)
//! and `.ci/run` runs them with `--ignored` after installing `chromium` and
//! `chromium-driver` with apt. [`Browser::launch`] fails with [`Error::NotInstalled`],
//! naming what is missing, when either binary is absent.
//!
//! Chromium is started with the flags a closed, headless CI machine needs: no sandbox
//! (CI runs as root), no GPU, and no background networking, component updates, sync or
//! QUIC, so the only requests the browser makes are the ones a test's pages make.
//! [`Builder::arg`] adds more (say `--host-resolver-rules`).

use std::fmt;
use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
pub use serde_json::Value;

/// Where Chromium is looked for when `LAB_CHROMIUM` is not set (Debian's package).
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
/// Where chromedriver is looked for when `LAB_CHROMEDRIVER` is not set.
pub const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The reason the browser tests give in `#[ignore = ...]`, kept in one place.
pub const IGNORE_REASON: &str =
    "needs Chromium and chromedriver (apt install chromium chromium-driver; .ci/run does)";

/// What can go wrong driving the browser.
#[derive(Debug)]
pub enum Error {
    /// A binary the browser needs is not installed: its path and the variable that
    /// overrides it.
    NotInstalled {
        /// The path looked at.
        path: PathBuf,
        /// The environment variable that names another path.
        variable: &'static str,
    },
    /// chromedriver did not start or did not answer.
    Driver(String),
    /// A WebDriver command failed (a script threw, an element was not found, ...).
    Command(String),
    /// [`Browser::wait_for`] gave up: the condition and how long it waited.
    Timeout {
        /// The JavaScript condition that never became true.
        condition: String,
        /// How long it was polled.
        waited: Duration,
        /// What the condition returned last.
        last: Value,
    },
    /// Writing a screenshot failed.
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotInstalled { path, variable } => write!(
                f,
                "{} not found (install Debian's chromium and chromium-driver, or set {variable})",
                path.display()
            ),
            Error::Driver(why) => write!(f, "chromedriver: {why}"),
            Error::Command(why) => write!(f, "browser command failed: {why}"),
            Error::Timeout {
                condition,
                waited,
                last,
            } => write!(
                f,
                "waited {waited:?} for `{condition}`; it last returned {last}"
            ),
            Error::Io(e) => write!(f, "screenshot: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<fantoccini::error::CmdError> for Error {
    fn from(e: fantoccini::error::CmdError) -> Self {
        Error::Command(e.to_string())
    }
}

/// A result of a browser operation.
pub type Result<T> = std::result::Result<T, Error>;

/// The paths of the two binaries, from `LAB_CHROMIUM` / `LAB_CHROMEDRIVER` or Debian's
/// defaults; an error names the first one missing.
pub fn find() -> Result<(PathBuf, PathBuf)> {
    locate(std::env::var_os)
}

/// [`find`] with the environment given as a function (so tests need not set variables).
pub fn locate(
    var: impl Fn(&'static str) -> Option<std::ffi::OsString>,
) -> Result<(PathBuf, PathBuf)> {
    let pick = |variable: &'static str, default: &str| {
        let path = var(variable)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(default));
        if path.is_file() {
            Ok(path)
        } else {
            Err(Error::NotInstalled { path, variable })
        }
    };
    Ok((
        pick("LAB_CHROMIUM", DEFAULT_CHROMIUM)?,
        pick("LAB_CHROMEDRIVER", DEFAULT_CHROMEDRIVER)?,
    ))
}

/// Options for [`Browser`]: extra Chromium flags and the window size.
#[derive(Debug, Clone)]
pub struct Builder {
    args: Vec<String>,
    width: u32,
    height: u32,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            args: Vec::new(),
            width: 1280,
            height: 900,
        }
    }
}

impl Builder {
    /// Adds a Chromium command-line flag, such as `--ignore-certificate-errors`.
    pub fn arg(mut self, flag: impl Into<String>) -> Self {
        self.args.push(flag.into());
        self
    }

    /// The window size at launch in CSS pixels (1280 × 900 by default). Headless
    /// Chromium keeps a minimum window width of about 500 px at launch; for a phone's
    /// width use [`Browser::resize`] after launching.
    pub fn window(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// Starts chromedriver and a headless Chromium session.
    pub fn launch(self) -> Result<Browser> {
        let (chromium, chromedriver) = find()?;
        let profile = TempDir::new("profile").map_err(Error::Io)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Driver(format!("tokio runtime: {e}")))?;
        let (driver, port) = start_driver(&chromedriver, &profile.0)?;
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--disable-extensions".into(),
            "--disable-default-apps".into(),
            "--no-first-run".into(),
            "--no-default-browser-check".into(),
            "--hide-scrollbars".into(),
            format!("--window-size={},{}", self.width, self.height),
            format!("--user-data-dir={}", profile.0.join("chromium").display()),
        ];
        args.extend(self.args);
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), Value::from("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": chromium, "args": args }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut driver = DriverProcess(driver);
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let attempt = runtime.block_on(
                ClientBuilder::new(HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&url),
            );
            match attempt {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    if let Ok(Some(status)) = driver.0.try_wait() {
                        return Err(Error::Driver(format!("exited with {status}: {e}")));
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => return Err(Error::Driver(format!("no session after 30 s: {e}"))),
            }
        };
        Ok(Browser {
            client: Some(client),
            runtime,
            _driver: driver,
            _profile: profile,
        })
    }
}

/// Starts chromedriver on a free loopback port and waits until it says it is ready.
fn start_driver(chromedriver: &Path, dir: &Path) -> Result<(Child, u16)> {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map_err(|e| Error::Driver(format!("no free port: {e}")))?
        .port();
    let mut child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .arg(format!(
            "--log-path={}",
            dir.join("chromedriver.log").display()
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::Driver(format!("{}: {e}", chromedriver.display())))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if line.contains("started successfully") {
                let _ = tx.send(());
            }
        }
    });
    if rx.recv_timeout(Duration::from_secs(20)).is_err() {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Error::Driver(format!(
            "did not report a start on port {port} within 20 s"
        )));
    }
    Ok((child, port))
}

/// A headless Chromium session. Every method blocks until the browser has answered.
pub struct Browser {
    client: Option<Client>,
    runtime: tokio::runtime::Runtime,
    _driver: DriverProcess,
    _profile: TempDir,
}

impl fmt::Debug for Browser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Browser")
            .field("profile", &self._profile.0)
            .finish_non_exhaustive()
    }
}

impl Browser {
    /// Starts a browser with the default options ([`Builder::default`]).
    pub fn launch() -> Result<Browser> {
        Builder::default().launch()
    }

    /// Options before starting.
    pub fn builder() -> Builder {
        Builder::default()
    }

    fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("the session is open until drop")
    }

    /// Navigates to `url` and waits for the page's load event.
    pub fn goto(&self, url: &str) -> Result<()> {
        Ok(self.runtime.block_on(self.client().goto(url))?)
    }

    /// The page's current URL.
    pub fn url(&self) -> Result<String> {
        Ok(self
            .runtime
            .block_on(self.client().current_url())?
            .to_string())
    }

    /// Runs `script` as a function body in the page and returns what it `return`s
    /// (JSON-converted; DOM elements come back as WebDriver references).
    pub fn eval(&self, script: &str) -> Result<Value> {
        Ok(self
            .runtime
            .block_on(self.client().execute(script, Vec::new()))?)
    }

    /// Runs `script`, which may `await`, as the body of an async function and returns the
    /// value its promise resolves to; a rejection is an [`Error::Command`] with its message.
    pub fn eval_async(&self, script: &str) -> Result<Value> {
        let wrapped = format!(
            "const done = arguments[arguments.length - 1];\n\
             (async () => {{ {script} }})().then(\n\
               v => done({{ ok: v === undefined ? null : v }}),\n\
               e => done({{ err: String(e && e.stack || e) }}));"
        );
        let out = self
            .runtime
            .block_on(self.client().execute_async(&wrapped, Vec::new()))?;
        match out {
            Value::Object(mut map) => {
                if let Some(err) = map.remove("err") {
                    Err(Error::Command(err.as_str().unwrap_or("").to_string()))
                } else {
                    Ok(map.remove("ok").unwrap_or(Value::Null))
                }
            }
            other => Ok(other),
        }
    }

    /// Polls the JavaScript expression `condition` every 50 ms until it is truthy and
    /// returns its value; after `timeout` fails with [`Error::Timeout`] and its last value.
    pub fn wait_for(&self, condition: &str, timeout: Duration) -> Result<Value> {
        let start = Instant::now();
        let script = format!("return ({condition});");
        loop {
            let last = self.eval(&script)?;
            let truthy = match &last {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return Ok(last);
            }
            if start.elapsed() >= timeout {
                return Err(Error::Timeout {
                    condition: condition.to_string(),
                    waited: start.elapsed(),
                    last,
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clicks the first element matching the CSS `selector`.
    pub fn click(&self, selector: &str) -> Result<()> {
        self.runtime.block_on(async {
            let element = self.client().find(Locator::Css(selector)).await?;
            element.click().await
        })?;
        Ok(())
    }

    /// Types `text` into the first element matching `selector`, as keystrokes.
    pub fn type_into(&self, selector: &str, text: &str) -> Result<()> {
        self.runtime.block_on(async {
            let element = self.client().find(Locator::Css(selector)).await?;
            element.send_keys(text).await
        })?;
        Ok(())
    }

    /// The rendered text of the first element matching `selector`.
    pub fn text(&self, selector: &str) -> Result<String> {
        Ok(self.runtime.block_on(async {
            let element = self.client().find(Locator::Css(selector)).await?;
            element.text().await
        })?)
    }

    /// How many elements match `selector` (0 when none).
    pub fn count(&self, selector: &str) -> Result<usize> {
        Ok(self
            .runtime
            .block_on(self.client().find_all(Locator::Css(selector)))?
            .len())
    }

    /// The page's HTML as the browser now has it.
    pub fn source(&self) -> Result<String> {
        Ok(self.runtime.block_on(self.client().source())?)
    }

    /// The URL of every resource the current page has loaded (the Resource Timing
    /// entries, plus the page itself): what a test checks to prove no request left
    /// loopback.
    pub fn resource_urls(&self) -> Result<Vec<String>> {
        let list = self.eval(
            "return [location.href].concat(\
               performance.getEntriesByType('resource').map(e => e.name));",
        )?;
        Ok(list
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Takes a PNG screenshot of the viewport and writes it to `path` (creating its
    /// directory); returns the PNG's size in bytes.
    pub fn screenshot(&self, path: &Path) -> Result<usize> {
        let png = self.runtime.block_on(self.client().screenshot())?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(Error::Io)?;
        }
        std::fs::write(path, &png).map_err(Error::Io)?;
        Ok(png.len())
    }

    /// Resizes the window (to check a page at a phone's 375 px width, say).
    pub fn resize(&self, width: u32, height: u32) -> Result<()> {
        Ok(self
            .runtime
            .block_on(self.client().set_window_size(width, height))?)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.close()).await
            });
        }
    }
}

/// chromedriver, killed on drop (it takes its Chromium with it once the session ends).
struct DriverProcess(Child);

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> std::io::Result<TempDir> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "lab-browser-{what}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where browser tests keep their screenshots: `<target>/screenshots/<test>/`, never
/// committed. `target` is found from the test binary's own path.
pub fn screenshot_dir(test: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/<profile>/deps/<test-binary>
    let target = exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    target.join("screenshots").join(test)
}
