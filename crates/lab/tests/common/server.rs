//! `cargo lab serve` as the tests run it: started on a free port (`--port 0`), its URL
//! read from the line it prints, stopped (by its own PID) when the test ends; and a
//! plain HTTP/1.1 client over a TCP socket, so the tests that need no browser need no
//! HTTP crate either.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `lab serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>/`.
    pub url: String,
    /// `127.0.0.1:<port>`.
    pub host: String,
    /// From starting the process to its printed URL.
    pub started_in: Duration,
    /// From starting the process to the first 200 for `/`.
    pub first_page_in: Duration,
    lab_dir: Option<PathBuf>,
}

impl Server {
    /// `lab serve --port 0` in the real workspace, with a scratch `LAB_DIR` of its own.
    pub fn start(name: &str) -> Server {
        let lab_dir = std::env::temp_dir().join(format!("lab-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&lab_dir);
        let mut command = Command::new(env!("CARGO_BIN_EXE_lab"));
        command
            .current_dir(super::workspace())
            .env("LAB_DIR", &lab_dir)
            .env("CARGO_TARGET_DIR", target_dir());
        let mut server = Server::spawn(command);
        server.lab_dir = Some(lab_dir);
        server
    }

    /// Starts `command` (a `lab` command, its directory and environment set) with
    /// `serve --port 0` and waits for the URL it prints.
    pub fn spawn(mut command: Command) -> Server {
        let started = Instant::now();
        let mut child = command
            .args(["serve", "--port", "0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("lab serve starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .expect("lab serve prints a line");
        let started_in = started.elapsed();
        // Keep reading its output so the pipe never fills.
        std::thread::spawn(move || for _ in stdout.lines() {});
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        let host = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let mut server = Server {
            child,
            url,
            host,
            started_in,
            first_page_in: Duration::ZERO,
            lab_dir: None,
        };
        assert_eq!(server.get("/").status, 200, "the catalogue answers");
        server.first_page_in = started.elapsed();
        server
    }

    /// `GET path` with a correct Host.
    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], "")
    }

    /// A request to this server; `headers` are added after Host (a `Host` among them
    /// replaces it).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Response {
        let mut stream = TcpStream::connect(&self.host).expect("the server accepts");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nconnection: close\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("host: {}\r\n", self.host));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if method == "POST" {
            head.push_str(&format!(
                "content-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Response::parse(&String::from_utf8_lossy(&raw))
    }

    /// The CSRF token the server's forms carry.
    pub fn token(&self) -> String {
        let page = self.get("/demo/lru-cache").body;
        let at = page
            .find("name=\"csrf\" value=\"")
            .expect("a form with a token")
            + 19;
        page[at..at + 32].to_string()
    }

    /// Where the server writes state (its `LAB_DIR`), when [`Server::start`] made one.
    pub fn lab_dir(&self) -> Option<&Path> {
        self.lab_dir.as_deref()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(dir) = &self.lab_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// The target directory this test run builds into (from the `lab` binary's path), so
/// the demos `serve` builds reuse what is compiled.
pub fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_lab"))
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/lab")
        .to_path_buf()
}

/// An HTTP response: status, headers (names lowercased), body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    fn parse(raw: &str) -> Response {
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// The first header called `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The server's render time from `Server-Timing: render;dur=<ms>`.
    pub fn render_ms(&self) -> f64 {
        self.header("server-timing")
            .and_then(|v| v.split("dur=").nth(1))
            .and_then(|v| v.parse().ok())
            .expect("a Server-Timing header")
    }
}
