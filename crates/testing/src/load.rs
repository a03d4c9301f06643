//! Coordinated omission, measured: a loopback server that stalls once, and two load
//! generators that report very different p99s for the same stall.
//!
//! - [`closed_loop`]: one connection, each request sent when the previous reply arrives
//!   (`wrk`, `ab`, most hand-written benchmarks). During the stall it sends nothing, so
//!   the stall is one slow sample among tens of thousands.
//! - [`open_loop`]: requests sent on a fixed schedule whatever the replies do (wrk2),
//!   each timed from when it *should* have been sent; the requests due during the stall
//!   all wait, and all are counted.
//! - [`corrected`]: the closed loop's samples back-filled the way HdrHistogram's
//!   `recordValueWithExpectedInterval` does: a sample of `L` with an expected interval
//!   `I` also records `L - I`, `L - 2I`, ... down to `I`.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// A line-echo server on 127.0.0.1 that, between `stall_at` and `stall_at + stall`
/// after it starts, holds every reply until the stall ends (a GC pause, a lock held
/// too long, a full disk flush).
pub struct StallingServer {
    addr: std::net::SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl StallingServer {
    /// Binds 127.0.0.1:0 and starts serving.
    ///
    /// # Errors
    ///
    /// When the socket cannot be bound.
    pub fn start(stall_at: Duration, stall: Duration) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let start = Instant::now();
        let (from, until) = (start + stall_at, start + stall_at + stall);
        let stopping = Arc::clone(&stop);
        let accept = thread::spawn(move || {
            let mut handlers = Vec::new();
            for conn in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                handlers.push(thread::spawn(move || serve(conn, from, until)));
            }
            for h in handlers {
                let _ = h.join();
            }
        });
        Ok(StallingServer {
            addr,
            stop,
            accept: Some(accept),
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> std::net::SocketAddr {
        self.addr
    }
}

impl Drop for StallingServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve(conn: TcpStream, from: Instant, until: Instant) {
    let _ = conn.set_nodelay(true);
    let Ok(mut writer) = conn.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(conn);
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let now = Instant::now();
        if now >= from && now < until {
            thread::sleep(until - now);
        }
        if writer.write_all(line.as_bytes()).is_err() {
            return;
        }
    }
}

/// Latencies in microseconds, with the percentile a report prints.
#[derive(Debug, Clone, Default)]
pub struct Latencies {
    /// Every sample, sorted.
    pub sorted_us: Vec<u64>,
}

impl Latencies {
    fn from(mut samples: Vec<u64>) -> Self {
        samples.sort_unstable();
        Latencies { sorted_us: samples }
    }

    /// The value of rank `ceil(q × n)`; 0 with no samples.
    pub fn quantile(&self, q: f64) -> u64 {
        let n = self.sorted_us.len();
        if n == 0 {
            return 0;
        }
        let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
        self.sorted_us[rank - 1]
    }

    /// How many samples.
    pub fn count(&self) -> usize {
        self.sorted_us.len()
    }
}

/// One connection, one request at a time, for `run`: each latency timed from the send.
///
/// # Errors
///
/// When the connection fails.
pub fn closed_loop(addr: std::net::SocketAddr, run: Duration) -> std::io::Result<Latencies> {
    let conn = TcpStream::connect(addr)?;
    conn.set_nodelay(true)?;
    let mut writer = conn.try_clone()?;
    let mut reader = BufReader::new(conn);
    let mut samples = Vec::new();
    let mut line = String::new();
    let start = Instant::now();
    while start.elapsed() < run {
        let sent = Instant::now();
        writer.write_all(b"ping\n")?;
        line.clear();
        reader.read_line(&mut line)?;
        samples.push(sent.elapsed().as_micros() as u64);
    }
    Ok(Latencies::from(samples))
}

/// `rate` requests a second on a fixed schedule for `run`, pipelined on one
/// connection: each latency timed from the request's scheduled send time.
///
/// # Errors
///
/// When the connection fails.
pub fn open_loop(
    addr: std::net::SocketAddr,
    rate: u32,
    run: Duration,
) -> std::io::Result<Latencies> {
    let conn = TcpStream::connect(addr)?;
    conn.set_nodelay(true)?;
    let mut writer = conn.try_clone()?;
    let reader_conn = conn.try_clone()?;
    let interval = Duration::from_secs(1) / rate;
    let total = (run.as_secs_f64() * f64::from(rate)) as usize;
    let start = Instant::now();
    let reading = thread::spawn(move || -> std::io::Result<Vec<u64>> {
        let mut reader = BufReader::new(reader_conn);
        let mut line = String::new();
        let mut samples = Vec::with_capacity(total);
        for i in 0..total {
            line.clear();
            reader.read_line(&mut line)?;
            let due = start + interval * i as u32;
            samples.push(due.elapsed().as_micros() as u64);
        }
        Ok(samples)
    });
    for i in 0..total {
        let due = start + interval * i as u32;
        let now = Instant::now();
        if due > now {
            thread::sleep(due - now);
        }
        writer.write_all(b"ping\n")?;
    }
    let samples = reading
        .join()
        .map_err(|_| std::io::Error::other("the reader panicked"))??;
    let _ = conn.shutdown(Shutdown::Both);
    Ok(Latencies::from(samples))
}

/// HdrHistogram's correction: each sample `L` above `expected_us` also records
/// `L - expected_us`, `L - 2 × expected_us`, ... while above `expected_us`.
pub fn corrected(latencies: &Latencies, expected_us: u64) -> Latencies {
    let expected = expected_us.max(1);
    let mut out = Vec::with_capacity(latencies.count());
    for &l in &latencies.sorted_us {
        out.push(l);
        let mut missing = l;
        while missing > expected {
            missing -= expected;
            out.push(missing);
        }
    }
    Latencies::from(out)
}
