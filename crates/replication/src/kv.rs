//! The replicated key-value store the simulation runs: one [`Replica`] per node, the
//! [`Message`]s they exchange, and their wire format.
//!
//! A replica is a state machine: [`Replica::handle`] takes one message and returns the
//! messages to send, so the same code runs under the deterministic simulation
//! ([`crate::sim`]) and as tokio tasks over TCP ([`crate::tcp`]). Values are resolved
//! last-writer-wins by [`Version`] stamp, as Cassandra resolves cells.

use std::collections::BTreeMap;
use std::fmt;

/// One stored write: the value and the stamp last-writer-wins orders by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Version {
    /// When the write was issued (simulated ticks, or any clock the writer uses).
    pub timestamp: u64,
    /// The writer (a client id), which breaks timestamp ties.
    pub writer: u32,
    /// The value written.
    pub value: u64,
}

impl Version {
    /// The order last-writer-wins uses: timestamp, then writer.
    pub fn stamp(&self) -> (u64, u32) {
        (self.timestamp, self.writer)
    }

    /// Whether this write beats `other` (a missing version loses to any).
    pub fn newer_than(&self, other: Option<&Version>) -> bool {
        other.is_none_or(|o| self.stamp() > o.stamp())
    }
}

/// What replicas and clients send each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Store `version` under `key` and acknowledge; with `forward`, also replicate it
    /// to every other replica (the replica acts as leader or coordinator).
    Write {
        /// Echoed in the acknowledgement.
        request: u64,
        /// The key.
        key: u64,
        /// The write.
        version: Version,
        /// Whether the receiver replicates it to its peers.
        forward: bool,
    },
    /// A write was applied (or was older than what the replica holds: either way the
    /// replica now holds something at least as new).
    WriteAck {
        /// The write's request id.
        request: u64,
    },
    /// Return what is stored under `key`.
    Read {
        /// Echoed in the reply.
        request: u64,
        /// The key.
        key: u64,
    },
    /// The answer to a [`Message::Read`].
    ReadReply {
        /// The read's request id.
        request: u64,
        /// The key.
        key: u64,
        /// What the replica holds, if anything.
        version: Option<Version>,
    },
    /// Store `version` if it is newer; no reply. Replication from a leader or a
    /// coordinator, and read repair.
    Repair {
        /// The key.
        key: u64,
        /// The write.
        version: Version,
    },
}

/// Where a message [`Replica::handle`] returns goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum To {
    /// Back to whoever sent the message handled.
    Sender,
    /// To replica number `n`.
    Replica(u32),
}

/// One replica: a last-writer-wins map from keys to versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replica {
    id: u32,
    replicas: u32,
    store: BTreeMap<u64, Version>,
}

impl Replica {
    /// Replica number `id` of `replicas`, empty.
    ///
    /// # Panics
    ///
    /// If `id` is not below `replicas`.
    pub fn new(id: u32, replicas: u32) -> Self {
        assert!(
            id < replicas,
            "replica id {id} is out of range: the cluster has {replicas} replicas (0..{replicas})"
        );
        Replica {
            id,
            replicas,
            store: BTreeMap::new(),
        }
    }

    /// This replica's number.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Handles one message and returns what to send in response.
    pub fn handle(&mut self, message: Message) -> Vec<(To, Message)> {
        match message {
            Message::Write {
                request,
                key,
                version,
                forward,
            } => {
                self.apply(key, version);
                let mut out = vec![(To::Sender, Message::WriteAck { request })];
                if forward {
                    out.extend(
                        (0..self.replicas)
                            .filter(|&r| r != self.id)
                            .map(|r| (To::Replica(r), Message::Repair { key, version })),
                    );
                }
                out
            }
            Message::Read { request, key } => vec![(
                To::Sender,
                Message::ReadReply {
                    request,
                    key,
                    version: self.store.get(&key).copied(),
                },
            )],
            Message::Repair { key, version } => {
                self.apply(key, version);
                Vec::new()
            }
            // Replies are for clients; a replica that receives one ignores it.
            Message::WriteAck { .. } | Message::ReadReply { .. } => Vec::new(),
        }
    }

    /// Stores `version` under `key` if it is newer than what is held; returns whether
    /// it was.
    pub fn apply(&mut self, key: u64, version: Version) -> bool {
        let slot = self.store.get(&key);
        if version.newer_than(slot) {
            self.store.insert(key, version);
            true
        } else {
            false
        }
    }

    /// What is stored under `key`.
    pub fn get(&self, key: u64) -> Option<&Version> {
        self.store.get(&key)
    }

    /// The whole store, by key.
    pub fn store(&self) -> &BTreeMap<u64, Version> {
        &self.store
    }

    /// The number of keys held.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }
}

/// The bytes one stored entry takes on the wire: key, timestamp, value (8 bytes each)
/// and writer (4).
pub const ENTRY_BYTES: usize = 28;

/// A message that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(String);

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WireError {}

impl Message {
    /// Appends the message's encoding to `out`: a tag byte, then fixed-width
    /// little-endian fields. [`Message::decode`] reads it back.
    ///
    /// ```
    /// use replication::kv::{Message, Version};
    /// let m = Message::Repair { key: 7, version: Version { timestamp: 3, writer: 1, value: 9 } };
    /// let mut bytes = Vec::new();
    /// m.encode(&mut bytes);
    /// assert_eq!(bytes.len(), m.wire_len());
    /// assert_eq!(Message::decode(&bytes), Ok(m));
    /// ```
    pub fn encode(&self, out: &mut Vec<u8>) {
        fn version(out: &mut Vec<u8>, v: &Version) {
            out.extend_from_slice(&v.timestamp.to_le_bytes());
            out.extend_from_slice(&v.writer.to_le_bytes());
            out.extend_from_slice(&v.value.to_le_bytes());
        }
        match self {
            Message::Write {
                request,
                key,
                version: v,
                forward,
            } => {
                out.push(1);
                out.extend_from_slice(&request.to_le_bytes());
                out.extend_from_slice(&key.to_le_bytes());
                version(out, v);
                out.push(u8::from(*forward));
            }
            Message::WriteAck { request } => {
                out.push(2);
                out.extend_from_slice(&request.to_le_bytes());
            }
            Message::Read { request, key } => {
                out.push(3);
                out.extend_from_slice(&request.to_le_bytes());
                out.extend_from_slice(&key.to_le_bytes());
            }
            Message::ReadReply {
                request,
                key,
                version: v,
            } => {
                out.push(4);
                out.extend_from_slice(&request.to_le_bytes());
                out.extend_from_slice(&key.to_le_bytes());
                match v {
                    Some(v) => {
                        out.push(1);
                        version(out, v);
                    }
                    None => out.push(0),
                }
            }
            Message::Repair { key, version: v } => {
                out.push(5);
                out.extend_from_slice(&key.to_le_bytes());
                version(out, v);
            }
        }
    }

    /// The length of [`Message::encode`]'s output, without encoding.
    pub fn wire_len(&self) -> usize {
        const VERSION: usize = 20;
        1 + match self {
            Message::Write { .. } => 8 + 8 + VERSION + 1,
            Message::WriteAck { .. } => 8,
            Message::Read { .. } => 16,
            Message::ReadReply { version, .. } => 16 + 1 + version.map_or(0, |_| VERSION),
            Message::Repair { .. } => 8 + VERSION,
        }
    }

    /// Decodes one message that [`Message::encode`] wrote.
    ///
    /// # Errors
    ///
    /// An unknown tag, a truncated message or bytes left over.
    pub fn decode(bytes: &[u8]) -> Result<Message, WireError> {
        let mut r = Reader { bytes, at: 0 };
        let message = match r.u8()? {
            1 => Message::Write {
                request: r.u64()?,
                key: r.u64()?,
                version: r.version()?,
                forward: r.u8()? != 0,
            },
            2 => Message::WriteAck { request: r.u64()? },
            3 => Message::Read {
                request: r.u64()?,
                key: r.u64()?,
            },
            4 => Message::ReadReply {
                request: r.u64()?,
                key: r.u64()?,
                version: match r.u8()? {
                    0 => None,
                    _ => Some(r.version()?),
                },
            },
            5 => Message::Repair {
                key: r.u64()?,
                version: r.version()?,
            },
            tag => return Err(WireError(format!("unknown message tag {tag}"))),
        };
        if r.at != bytes.len() {
            return Err(WireError(format!(
                "{} bytes left over after a message of {}",
                bytes.len() - r.at,
                r.at
            )));
        }
        Ok(message)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let end = self.at + N;
        let slice = self.bytes.get(self.at..end).ok_or_else(|| {
            WireError(format!(
                "message truncated: needed {end} bytes, got {}",
                self.bytes.len()
            ))
        })?;
        self.at = end;
        Ok(slice.try_into().expect("N bytes"))
    }
    fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.take::<1>()?[0])
    }
    fn u64(&mut self) -> Result<u64, WireError> {
        Ok(u64::from_le_bytes(self.take()?))
    }
    fn version(&mut self) -> Result<Version, WireError> {
        Ok(Version {
            timestamp: self.u64()?,
            writer: u32::from_le_bytes(self.take()?),
            value: self.u64()?,
        })
    }
}
