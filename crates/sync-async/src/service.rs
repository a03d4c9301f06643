//! A loopback service that answers after a delay, and three clients over it.
//!
//! The protocol is one line each way: the client sends a request number and a newline,
//! the service waits its delay and sends the number back. It is the smallest stand-in
//! for a downstream call (a database query, an HTTP request to another service) whose
//! time is spent waiting, not computing.
//!
//! - [`Service`]: a tokio TCP server on 127.0.0.1, port chosen by the system, on a
//!   thread of its own; it counts the requests it served and the most it held at once,
//!   and stops when dropped;
//! - [`sequential`]: one blocking `std::net::TcpStream`, one request after another;
//! - [`threads`]: a thread per request, blocking, at most a given number alive at once;
//! - [`concurrent`]: async, through [`fetch_all`], on the caller's
//!   runtime; [`request`] is one async call.
//!
//! Production code would frame messages (length prefixes, HTTP), pool connections
//! instead of opening one per request, and put deadlines on the server side too.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

use crate::{CallError, fetch_all};

/// How long a blocking client waits on a socket before giving up: far longer than any
/// delay the demo uses, so it only turns a hang into an error.
const SOCKET_TIMEOUT: Duration = Duration::from_secs(30);

/// A running loopback service. Dropping it stops it: the listener closes and every
/// connection is dropped.
#[derive(Debug)]
pub struct Service {
    addr: SocketAddr,
    counts: Arc<Counts>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

#[derive(Debug, Default)]
struct Counts {
    served: AtomicU64,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
}

impl Service {
    /// Starts a service on 127.0.0.1 (a port the system picks) that answers each
    /// request after `delay`, on a current-thread runtime on a thread of its own.
    ///
    /// # Errors
    ///
    /// When the socket cannot be bound or the runtime or thread cannot be created.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let service = sync_async::service::Service::start(Duration::from_millis(1)).unwrap();
    /// assert_eq!(sync_async::service::sequential(service.addr(), 3).unwrap(), [0, 1, 2]);
    /// assert_eq!((service.served(), service.max_in_flight()), (3, 1));
    /// ```
    pub fn start(delay: Duration) -> io::Result<Service> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let counts = Arc::new(Counts::default());
        let (stop, stopped) = oneshot::channel::<()>();
        let served = Arc::clone(&counts);
        let thread = thread::Builder::new()
            .name("loopback-service".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => {
                            tokio::spawn(accept(listener, delay, served));
                        }
                        Err(e) => eprintln!("the loopback service cannot listen: {e}"),
                    }
                    // Runs until `stop` is sent or dropped; dropping the runtime then
                    // drops the accept loop and every connection.
                    let _ = stopped.await;
                });
            })?;
        Ok(Service {
            addr,
            counts,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address to connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Requests answered so far.
    pub fn served(&self) -> u64 {
        self.counts.served.load(Ordering::SeqCst)
    }

    /// The most requests held (read, not yet answered) at once since the start or the
    /// last [`reset_max`](Self::reset_max).
    pub fn max_in_flight(&self) -> u64 {
        self.counts.max_in_flight.load(Ordering::SeqCst)
    }

    /// Starts counting [`max_in_flight`](Self::max_in_flight) and
    /// [`served`](Self::served) afresh, for the next client.
    pub fn reset_max(&self) {
        self.counts.max_in_flight.store(0, Ordering::SeqCst);
        self.counts.served.store(0, Ordering::SeqCst);
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            // The service thread only waits; a panic there is already printed.
            let _ = thread.join();
        }
    }
}

async fn accept(listener: tokio::net::TcpListener, delay: Duration, counts: Arc<Counts>) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(serve(stream, delay, Arc::clone(&counts)));
            }
            // Out of file descriptors, say: wait a little instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(1)).await,
        }
    }
}

/// Answers each line of one connection after `delay`, until the client closes it.
async fn serve(stream: tokio::net::TcpStream, delay: Duration, counts: Arc<Counts>) {
    let (read, mut write) = stream.into_split();
    let mut lines = tokio::io::BufReader::new(read).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let now = counts.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        counts.max_in_flight.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(delay).await;
        // Counted before the answer goes out, so a client that has its answer finds it
        // counted.
        counts.in_flight.fetch_sub(1, Ordering::SeqCst);
        counts.served.fetch_add(1, Ordering::SeqCst);
        if write
            .write_all(format!("{line}\n").as_bytes())
            .await
            .is_err()
        {
            return;
        }
    }
}

/// Sends requests `0..n` one after another over one blocking connection: each waits
/// for its answer before the next is sent. Returns the answers.
///
/// # Errors
///
/// When connecting, writing or reading fails, or an answer is not the number sent.
pub fn sequential(addr: SocketAddr, n: u64) -> io::Result<Vec<u64>> {
    let stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(SOCKET_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let mut answers = Vec::with_capacity(n as usize);
    for i in 0..n {
        writer.write_all(format!("{i}\n").as_bytes())?;
        answers.push(read_answer(&mut reader, i)?);
    }
    Ok(answers)
}

/// Sends requests `0..n`, each on a thread of its own with a blocking connection of its
/// own, at most `max_threads` threads alive at once (a thread is spawned when one
/// ends). Returns the answers in request order and the most threads alive at once.
///
/// # Errors
///
/// The first request that failed, or a thread that could not be spawned.
pub fn threads(
    addr: SocketAddr,
    n: u64,
    max_threads: NonZeroUsize,
) -> io::Result<(Vec<u64>, usize)> {
    let alive = Mutex::new((0usize, 0usize)); // (alive now, most alive)
    let ended = Condvar::new();
    let answers: io::Result<Vec<u64>> = thread::scope(|scope| {
        let mut handles = Vec::with_capacity(n as usize);
        for i in 0..n {
            let mut count = lock(&alive);
            while count.0 == max_threads.get() {
                count = ended.wait(count).unwrap_or_else(PoisonError::into_inner);
            }
            count.0 += 1;
            count.1 = count.1.max(count.0);
            drop(count);
            let (alive, ended) = (&alive, &ended);
            let handle = thread::Builder::new().spawn_scoped(scope, move || {
                let answer = one_blocking_request(addr, i);
                lock(alive).0 -= 1;
                ended.notify_one();
                answer
            });
            match handle {
                Ok(handle) => handles.push(handle),
                Err(e) => {
                    lock(alive).0 -= 1;
                    return Err(e);
                }
            }
        }
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    Ok((answers?, lock(&alive).1))
}

/// Locks the thread counters: only counts are under the lock, so a poisoned one is as
/// good as any.
fn lock(m: &Mutex<(usize, usize)>) -> std::sync::MutexGuard<'_, (usize, usize)> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn one_blocking_request(addr: SocketAddr, i: u64) -> io::Result<u64> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(SOCKET_TIMEOUT))?;
    stream.write_all(format!("{i}\n").as_bytes())?;
    read_answer(&mut BufReader::new(stream), i)
}

fn read_answer(reader: &mut impl BufRead, sent: u64) -> io::Result<u64> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("the service closed the connection before answering request {sent}"),
        ));
    }
    check_answer(&line, sent)
}

fn check_answer(line: &str, sent: u64) -> io::Result<u64> {
    match line.trim_end().parse::<u64>() {
        Ok(n) if n == sent => Ok(n),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("request {sent} got the answer {:?}", line.trim_end()),
        )),
    }
}

/// One async request: connect, send `i`, wait for the answer. The future holds the
/// connection and the buffers while it waits: its size is what a waiting request costs
/// (`size_of_val`), against a thread's stack.
///
/// # Errors
///
/// When connecting, writing or reading fails, or the answer is not `i`.
pub async fn request(addr: SocketAddr, i: u64) -> io::Result<u64> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.write_all(format!("{i}\n").as_bytes()).await?;
    let mut line = String::new();
    if tokio::io::BufReader::new(&mut stream)
        .read_line(&mut line)
        .await?
        == 0
    {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("the service closed the connection before answering request {i}"),
        ));
    }
    check_answer(&line, i)
}

/// Sends requests `0..n` through [`fetch_all`]: at most `limit` in flight, each under
/// `timeout`, on the caller's runtime (which needs I/O and time enabled). The answers
/// come back in request order.
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::time::Duration;
///
/// use sync_async::service::{Service, concurrent};
///
/// let service = Service::start(Duration::from_millis(5)).unwrap();
/// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
/// let answers = runtime.block_on(concurrent(service.addr(), 20, NonZeroUsize::new(10).unwrap(), Duration::from_secs(10)));
/// assert_eq!(answers.len(), 20);
/// assert!(answers.iter().enumerate().all(|(i, a)| matches!(a, Ok(Ok(n)) if *n == i as u64)));
/// assert!(service.max_in_flight() <= 10);
/// ```
pub async fn concurrent(
    addr: SocketAddr,
    n: u64,
    limit: NonZeroUsize,
    timeout: Duration,
) -> Vec<Result<io::Result<u64>, CallError>> {
    fetch_all(0..n, limit, timeout, |i| request(addr, i)).await
}
