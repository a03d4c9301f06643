//! A small blocking HTTP/1.1 client over one kept-alive `TcpStream`, for tests, the
//! demo and the bench: it sends exactly the bytes it is told to, and counts what
//! crosses the wire (bytes each way, body bytes received, round trips).
//!
//! It reads responses framed by `Content-Length` or chunked encoding, and knows that
//! 204, 304 and answers to HEAD have no body. Production code would use hyper's client
//! (or reqwest on top of it); this one is here so every byte the claims count is one
//! the test can see.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// How long a read or write may block before the request fails: a server that hangs
/// fails the test in bounded time.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// One response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers, names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body (decoded when it came chunked).
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, or `Null` when it is empty or not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The body as text, lossily, for messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What a [`Client`] has sent and received so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Traffic {
    /// Requests answered.
    pub round_trips: u64,
    /// Bytes written: request lines, headers and bodies.
    pub bytes_sent: u64,
    /// Bytes read: status lines, headers and bodies.
    pub bytes_received: u64,
    /// Of those, response body bytes (after chunked decoding).
    pub body_bytes_received: u64,
}

/// A kept-alive connection to one server.
#[derive(Debug)]
pub struct Client {
    addr: SocketAddr,
    reader: BufReader<TcpStream>,
    traffic: Traffic,
}

impl Client {
    /// Connects to `addr`.
    ///
    /// # Errors
    ///
    /// When the connection is refused or the socket cannot be set up.
    pub fn connect(addr: SocketAddr) -> io::Result<Client> {
        let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)?;
        stream.set_read_timeout(Some(IO_TIMEOUT))?;
        stream.set_write_timeout(Some(IO_TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(Client {
            addr,
            reader: BufReader::new(stream),
            traffic: Traffic::default(),
        })
    }

    /// What crossed the wire so far.
    pub fn traffic(&self) -> Traffic {
        self.traffic
    }

    /// Sends one request and reads its response. `headers` are sent as given, after
    /// `Host` and, when there is a body, `Content-Length`.
    ///
    /// # Errors
    ///
    /// When the connection fails, times out ([`IO_TIMEOUT`]), or the response is not
    /// HTTP/1.1 this client can read.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Response> {
        let mut request = format!("{method} {path} HTTP/1.1\r\nhost: {}\r\n", self.addr);
        if !body.is_empty() || matches!(method, "POST" | "PUT" | "PATCH") {
            request.push_str(&format!("content-length: {}\r\n", body.len()));
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(body);
        self.reader.get_mut().write_all(&bytes)?;
        self.traffic.bytes_sent += bytes.len() as u64;
        let response = self.read_response(method == "HEAD")?;
        if let Some(log) = RECORDING
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            log.push(Exchange {
                method: method.to_string(),
                path: path.to_string(),
                response: response.clone(),
            });
        }
        self.traffic.round_trips += 1;
        self.traffic.body_bytes_received += response.body.len() as u64;
        Ok(response)
    }

    /// `GET path` with these headers.
    ///
    /// # Errors
    ///
    /// As [`Client::send`].
    pub fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> io::Result<Response> {
        self.send("GET", path, headers, &[])
    }

    /// `method path` with a JSON body (`Content-Type: application/json`) and these
    /// headers.
    ///
    /// # Errors
    ///
    /// As [`Client::send`].
    pub fn send_json(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &serde_json::Value,
    ) -> io::Result<Response> {
        let mut all = vec![("content-type", "application/json")];
        all.extend_from_slice(headers);
        self.send(method, path, &all, body.to_string().as_bytes())
    }

    fn read_line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        let n = self.reader.read_line(&mut line)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        self.traffic.bytes_received += n as u64;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }

    fn read_exact(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut buf = vec![0; n];
        self.reader.read_exact(&mut buf)?;
        self.traffic.bytes_received += n as u64;
        Ok(buf)
    }

    fn read_response(&mut self, head: bool) -> io::Result<Response> {
        let status_line = self.read_line()?;
        let status = status_line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| bad(format!("not an HTTP/1.1 status line: {status_line:?}")))?;
        let mut headers = Vec::new();
        loop {
            let line = self.read_line()?;
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| bad(format!("not a header line: {line:?}")))?;
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
        let mut response = Response {
            status,
            headers,
            body: Vec::new(),
        };
        if head || matches!(status, 100..=199 | 204 | 304) {
            return Ok(response);
        }
        if response
            .header("transfer-encoding")
            .is_some_and(|te| te.eq_ignore_ascii_case("chunked"))
        {
            loop {
                let size_line = self.read_line()?;
                let size =
                    usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                        .map_err(|_| bad(format!("not a chunk size: {size_line:?}")))?;
                if size == 0 {
                    // Trailers, then the blank line.
                    while !self.read_line()?.is_empty() {}
                    break;
                }
                let chunk = self.read_exact(size)?;
                response.body.extend_from_slice(&chunk);
                self.read_line()?;
            }
        } else if let Some(length) = response.header("content-length") {
            let length: usize = length
                .parse()
                .map_err(|_| bad(format!("not a content length: {length:?}")))?;
            response.body = self.read_exact(length)?;
        }
        Ok(response)
    }
}

/// One request and its response, as [`recording`] keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The request's method.
    pub method: String,
    /// The request's path and query.
    pub path: String,
    /// The response.
    pub response: Response,
}

/// Every exchange of every [`Client`] in the process, while a recording runs.
static RECORDING: Mutex<Option<Vec<Exchange>>> = Mutex::new(None);

/// Runs `work` while recording every exchange of every [`Client`] in the process, and
/// returns them with `work`'s result: a test that checks each response of a whole
/// conformance run (against an OpenAPI document, say) records the run. Exchanges of
/// other threads that run meanwhile are recorded too.
///
/// # Panics
///
/// When `work` panics (the recording is stopped first), or when a recording is
/// already running.
pub fn recording<T>(work: impl FnOnce() -> T) -> (T, Vec<Exchange>) {
    {
        let mut log = RECORDING.lock().unwrap_or_else(PoisonError::into_inner);
        assert!(log.is_none(), "one recording at a time");
        *log = Some(Vec::new());
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    let log = RECORDING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .unwrap_or_default();
    match outcome {
        Ok(value) => (value, log),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn bad(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
