//! The replicas of [`crate::kv`] as tokio tasks behind real sockets on 127.0.0.1: the
//! messages the simulation counts are the bytes these connections carry.
//!
//! Each replica listens on its own port (the OS picks one: port 0) and answers every
//! frame (a 4-byte little-endian length, then a [`Message`] encoding) on the connection
//! it came from. [`QuorumClient`] writes to and reads from all replicas and returns
//! after W acknowledgements or R replies, as the simulation's quorum clients do, read
//! repair included. Replication between replicas (`forward`) is the simulation's
//! business; over TCP the client talks to every replica itself.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::kv::{Message, Replica, To, Version};

/// The largest frame a replica accepts: a message is at most a few dozen bytes.
const MAX_FRAME: u32 = 1024;

/// A running cluster: one listening task per replica.
pub struct Cluster {
    addrs: Vec<SocketAddr>,
    replicas: Vec<Arc<Mutex<Replica>>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Cluster {
    /// Starts `n` replicas, each listening on 127.0.0.1 at a port the OS picks.
    ///
    /// # Errors
    ///
    /// If a listener cannot be bound.
    pub async fn start(n: u32) -> io::Result<Cluster> {
        let mut cluster = Cluster {
            addrs: Vec::new(),
            replicas: Vec::new(),
            tasks: Vec::new(),
        };
        for id in 0..n {
            let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
            cluster.addrs.push(listener.local_addr()?);
            let replica = Arc::new(Mutex::new(Replica::new(id, n)));
            cluster.replicas.push(Arc::clone(&replica));
            cluster.tasks.push(tokio::spawn(serve(listener, replica)));
        }
        Ok(cluster)
    }

    /// The replicas' addresses.
    pub fn addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// A copy of replica `i`'s state.
    ///
    /// # Panics
    ///
    /// If `i` is out of range.
    pub fn replica(&self, i: usize) -> Replica {
        self.replicas[i]
            .lock()
            .expect("a replica task panicked")
            .clone()
    }

    /// Stops every replica task; their listeners and connections close.
    pub fn stop(self) {
        for task in self.tasks {
            task.abort();
        }
    }
}

/// Accepts connections and answers each frame on the connection it came from.
async fn serve(listener: TcpListener, replica: Arc<Mutex<Replica>>) {
    while let Ok((stream, _)) = listener.accept().await {
        let replica = Arc::clone(&replica);
        tokio::spawn(async move {
            let _ = answer(stream, replica).await;
        });
    }
}

async fn answer(mut stream: TcpStream, replica: Arc<Mutex<Replica>>) -> io::Result<()> {
    loop {
        let message = match read_frame(&mut stream).await? {
            Some(m) => m,
            None => return Ok(()),
        };
        let out = replica
            .lock()
            .expect("a replica task panicked")
            .handle(message);
        for (to, reply) in out {
            if to == To::Sender {
                write_frame(&mut stream, &reply).await?;
            }
        }
    }
}

/// Writes one frame; returns the bytes written.
pub async fn write_frame(stream: &mut TcpStream, message: &Message) -> io::Result<usize> {
    let mut bytes = Vec::with_capacity(4 + message.wire_len());
    bytes.extend_from_slice(&(message.wire_len() as u32).to_le_bytes());
    message.encode(&mut bytes);
    stream.write_all(&bytes).await?;
    Ok(bytes.len())
}

/// Reads one frame; `None` at a clean end of stream.
///
/// # Errors
///
/// A broken connection, a frame over the size limit or bytes that do not decode.
pub async fn read_frame(stream: &mut TcpStream) -> io::Result<Option<Message>> {
    let mut len = [0u8; 4];
    match stream.read_exact(&mut len).await {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {len} bytes is over the {MAX_FRAME}-byte limit"),
        ));
    }
    let mut body = vec![0u8; len as usize];
    stream.read_exact(&mut body).await?;
    Message::decode(&body)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// A client holding one connection to each replica, with quorum reads and writes.
pub struct QuorumClient {
    senders: Vec<mpsc::UnboundedSender<Message>>,
    replies: mpsc::UnboundedReceiver<(usize, Message)>,
    tasks: Vec<JoinHandle<()>>,
    request: u64,
    /// Bytes written to and read from the sockets, frames included.
    bytes: Arc<std::sync::atomic::AtomicU64>,
}

impl QuorumClient {
    /// Connects to every address.
    ///
    /// # Errors
    ///
    /// If a connection fails.
    pub async fn connect(addrs: &[SocketAddr]) -> io::Result<QuorumClient> {
        use std::sync::atomic::{AtomicU64, Ordering};
        let (reply_tx, replies) = mpsc::unbounded_channel();
        let bytes = Arc::new(AtomicU64::new(0));
        let mut senders = Vec::new();
        let mut tasks = Vec::new();
        for (i, addr) in addrs.iter().enumerate() {
            let stream = TcpStream::connect(addr).await?;
            let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
            senders.push(tx);
            let reply_tx = reply_tx.clone();
            let bytes = Arc::clone(&bytes);
            tasks.push(tokio::spawn(async move {
                let mut stream = stream;
                loop {
                    tokio::select! {
                        outgoing = rx.recv() => match outgoing {
                            Some(m) => match write_frame(&mut stream, &m).await {
                                Ok(n) => { bytes.fetch_add(n as u64, Ordering::Relaxed); }
                                Err(_) => return,
                            },
                            None => return,
                        },
                        incoming = read_frame(&mut stream) => match incoming {
                            Ok(Some(m)) => {
                                bytes.fetch_add(4 + m.wire_len() as u64, Ordering::Relaxed);
                                if reply_tx.send((i, m)).is_err() { return; }
                            }
                            _ => return,
                        },
                    }
                }
            }));
        }
        Ok(QuorumClient {
            senders,
            replies,
            tasks,
            request: 0,
            bytes,
        })
    }

    /// Writes `value` under `key` at `timestamp` to every replica and returns once `w`
    /// have acknowledged.
    ///
    /// # Errors
    ///
    /// If the connections close before `w` acknowledgements arrive.
    pub async fn write(&mut self, key: u64, version: Version, w: usize) -> io::Result<()> {
        self.request += 1;
        let request = self.request;
        self.broadcast(Message::Write {
            request,
            key,
            version,
            forward: false,
        });
        let mut acks = 0;
        while acks < w {
            match self.replies.recv().await {
                Some((_, Message::WriteAck { request: r })) if r == request => acks += 1,
                Some(_) => {}
                None => return Err(closed()),
            }
        }
        Ok(())
    }

    /// Reads `key` from every replica, returns the newest of the first `r` replies, and
    /// repairs the replies among them that were older. Returns the version and the
    /// number of repairs sent.
    ///
    /// # Errors
    ///
    /// If the connections close before `r` replies arrive.
    pub async fn read(&mut self, key: u64, r: usize) -> io::Result<(Option<Version>, usize)> {
        self.request += 1;
        let request = self.request;
        self.broadcast(Message::Read { request, key });
        let mut replies = Vec::new();
        while replies.len() < r {
            match self.replies.recv().await {
                Some((
                    i,
                    Message::ReadReply {
                        request: q,
                        version,
                        ..
                    },
                )) if q == request => replies.push((i, version)),
                Some(_) => {}
                None => return Err(closed()),
            }
        }
        let newest = replies
            .iter()
            .filter_map(|(_, v)| *v)
            .max_by_key(Version::stamp);
        let mut repairs = 0;
        if let Some(newest) = newest {
            for (i, v) in &replies {
                if newest.newer_than(v.as_ref()) {
                    repairs += 1;
                    let _ = self.senders[*i].send(Message::Repair {
                        key,
                        version: newest,
                    });
                }
            }
        }
        Ok((newest, repairs))
    }

    /// Sends one message to replica `i` only (a write that reaches one replica, as
    /// when the others are slow or the write was partial).
    pub fn send_to(&self, i: usize, message: Message) {
        let _ = self.senders[i].send(message);
    }

    /// Bytes written to and read from the sockets so far, length prefixes included.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Closes the connections.
    pub fn close(self) {
        for t in self.tasks {
            t.abort();
        }
    }

    fn broadcast(&self, message: Message) {
        for s in &self.senders {
            let _ = s.send(message.clone());
        }
    }
}

fn closed() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "a replica closed its connection",
    )
}
