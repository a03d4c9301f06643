//! Latency numbers measured on this machine, the way "Latency numbers every programmer
//! should know" lists them: one operation at a time, each timed as the best of three
//! rounds ([`evidence::measure::best_ns_per_op`]).
//!
//! What each measurement does, and what it leaves out:
//!
//! - **L1 and main memory** chase pointers around a random single cycle of cache lines
//!   ([`Chase`]): each load's address is the value the previous load returned, so no
//!   prefetcher or out-of-order core can start the next one early. 16 KiB stays in L1;
//!   the main-memory chase covers the demo's `--size` in MiB, far beyond the last-level
//!   cache at the default 256 MiB. With 4 KiB pages most steps also miss the TLB, as a
//!   random reference in a big heap does.
//! - **mutex**: `std::sync::Mutex` locked and unlocked by one thread (uncontended).
//! - **hash map lookup**: a present key in a 1,024-entry `HashMap<u64, u64>` (SipHash),
//!   cache-resident.
//! - **copy 1 MiB**: `copy_from_slice` between two 1 MiB buffers (cache-resident after
//!   the first round).
//! - **read 1 MiB from memory**: summing the whole main-memory buffer as `u64`s, per MiB.
//! - **disk**: a temporary file, written and `fsync`ed first, then read with `O_DIRECT`
//!   where the file system allows it (Linux), which bypasses the page cache; without it
//!   the page cache serves the reads and the report says so. A virtual disk's host may
//!   still cache them. 4 KiB at random aligned offsets, and 1 MiB sequential reads.
//! - **fsync**: a 4 KiB write followed by `File::sync_all` (fsync) on a file in a
//!   directory that is not a tmpfs (where fsync returns at once).
//! - **loopback round trip**: 64 bytes to an echo thread over TCP on 127.0.0.1 (port
//!   0: the OS picks a free one), `TCP_NODELAY` set, and 64 bytes back.
//! - **process start**: spawning `true` (or this executable with a bad argument) and
//!   waiting for it to exit.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::thread::JoinHandle;

use rand::{RngExt, SeedableRng};

use evidence::measure::best_ns_per_op;
use evidence::workload::{WorkloadRng, rng};

/// Bytes in a cache line on every x86-64 and most ARM cores.
pub const LINE: usize = 64;
/// Bytes in a page (and the block `O_DIRECT` reads align to).
pub const PAGE: usize = 4_096;
/// A mebibyte.
pub const MIB: usize = 1 << 20;
/// Bytes of the L1 chase: well inside every L1 data cache (32-48 KiB per core today).
pub const L1_BYTES: usize = 16 * 1_024;

/// The operations the demo times, in the order the table lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Op {
    /// One load from L1.
    L1,
    /// One load from main memory.
    Memory,
    /// Lock and unlock an uncontended mutex.
    Mutex,
    /// Look up a present key in a small hash map.
    HashLookup,
    /// Copy 1 MiB.
    Copy1Mib,
    /// Read 1 MiB sequentially from main memory.
    Read1MibMemory,
    /// Read 4 KiB at a random offset of a file.
    Disk4KibRandom,
    /// Read 1 MiB sequentially from a file.
    Disk1Mib,
    /// Write 4 KiB and fsync.
    Fsync4Kib,
    /// A TCP round trip over loopback.
    Loopback,
    /// Start a process and wait for it.
    ProcessStart,
}

impl Op {
    /// Every operation, in table order.
    pub const ALL: [Op; 11] = [
        Op::L1,
        Op::Mutex,
        Op::HashLookup,
        Op::Memory,
        Op::Copy1Mib,
        Op::Read1MibMemory,
        Op::Loopback,
        Op::Disk4KibRandom,
        Op::Disk1Mib,
        Op::Fsync4Kib,
        Op::ProcessStart,
    ];

    /// What the table calls it.
    pub fn label(self) -> &'static str {
        match self {
            Op::L1 => "L1-resident read (pointer chase, 16 KiB)",
            Op::Memory => "main-memory reference (pointer chase)",
            Op::Mutex => "mutex lock/unlock, uncontended",
            Op::HashLookup => "hash map lookup (1,024 keys, SipHash)",
            Op::Copy1Mib => "copy 1 MiB (cache-resident)",
            Op::Read1MibMemory => "read 1 MiB sequentially from memory",
            Op::Disk4KibRandom => "read 4 KiB at a random offset of a file",
            Op::Disk1Mib => "read 1 MiB sequentially from a file",
            Op::Fsync4Kib => "write 4 KiB and fsync",
            Op::Loopback => "TCP round trip on 127.0.0.1 (64 B each way)",
            Op::ProcessStart => "start a process and wait for it",
        }
    }

    /// The figure "Latency numbers every programmer should know" gives (2012 version)
    /// for the nearest line, with that line; `None` where it has none.
    pub fn quoted_2012(self) -> Option<(f64, &'static str)> {
        match self {
            Op::L1 => Some((0.5, "L1 cache reference")),
            Op::Memory => Some((100.0, "main memory reference")),
            Op::Mutex => Some((25.0, "mutex lock/unlock")),
            Op::Read1MibMemory => Some((250_000.0, "read 1 MB sequentially from memory")),
            Op::Disk4KibRandom => Some((150_000.0, "read 4 KB randomly from SSD")),
            Op::Disk1Mib => Some((1_000_000.0, "read 1 MB sequentially from SSD")),
            Op::Loopback => Some((500_000.0, "round trip within the same datacenter")),
            Op::HashLookup | Op::Copy1Mib | Op::Fsync4Kib | Op::ProcessStart => None,
        }
    }
}

/// A random single cycle through the cache lines of a buffer: line `i`'s first word
/// holds the index of the word to load next.
///
/// Built with Sattolo's algorithm, the variant of Fisher-Yates that yields one cycle
/// through all n elements (Fisher-Yates itself yields any permutation, usually several
/// cycles, so a chase could loop in a few lines and measure a cache instead of memory).
#[derive(Debug)]
pub struct Chase {
    words: Vec<u64>,
    lines: usize,
}

/// What walking a [`Chase`] once around counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Walk {
    /// Loads until the walk came back to line 0.
    pub steps: u64,
    /// Lines in the buffer.
    pub lines: u64,
    /// Steps whose next line was in the same 4 KiB page (where a prefetcher or an open
    /// DRAM row could help).
    pub same_page: u64,
    /// Steps to the line right after the current one.
    pub adjacent: u64,
}

impl Chase {
    /// A chase over `bytes` (rounded down to whole lines, at least two), shuffled by
    /// `seed`.
    pub fn new(bytes: usize, seed: u64) -> Chase {
        let lines = (bytes / LINE).max(2);
        let words_per_line = LINE / 8;
        let mut order: Vec<u32> = (0..lines as u32).collect();
        let mut rng = rng(seed);
        // Sattolo: j < i strictly, so no element stays in place and one cycle remains.
        for i in (1..lines).rev() {
            let j = rng.random_range(0..i);
            order.swap(i, j);
        }
        let mut words = vec![0u64; lines * words_per_line];
        for (line, &next) in order.iter().enumerate() {
            words[line * words_per_line] = next as u64 * words_per_line as u64;
        }
        Chase { words, lines }
    }

    /// Walks the cycle once from line 0, counting (not timing) its steps.
    pub fn walk(&self) -> Walk {
        let words_per_line = (LINE / 8) as u64;
        let lines_per_page = (PAGE / LINE) as u64;
        let mut walk = Walk {
            steps: 0,
            lines: self.lines as u64,
            same_page: 0,
            adjacent: 0,
        };
        let mut at = 0u64;
        loop {
            let next = self.words[at as usize];
            walk.steps += 1;
            let (from, to) = (at / words_per_line, next / words_per_line);
            walk.same_page += u64::from(from / lines_per_page == to / lines_per_page);
            walk.adjacent += u64::from(to == from + 1);
            at = next;
            // A broken chase might never return to 0: stop after one lap's worth.
            if at == 0 || walk.steps > walk.lines {
                return walk;
            }
        }
    }

    /// Nanoseconds per dependent load, over `steps` loads, best of 3 rounds.
    pub fn ns_per_load(&self, steps: usize) -> f64 {
        best_ns_per_op(3, || {
            let words = black_box(&self.words[..]);
            let mut at = 0usize;
            for _ in 0..steps {
                at = words[at] as usize;
            }
            black_box(at);
            steps
        })
    }

    /// Nanoseconds per MiB of summing the whole buffer, best of 3 rounds.
    pub fn ns_per_mib_read(&self) -> f64 {
        let mib = (self.words.len() * 8 / MIB).max(1);
        best_ns_per_op(3, || {
            let sum = black_box(&self.words[..])
                .iter()
                .fold(0u64, |a, &w| a.wrapping_add(w));
            black_box(sum);
            mib
        })
    }

    /// The buffer's size in bytes.
    pub fn bytes(&self) -> usize {
        self.words.len() * 8
    }
}

/// Nanoseconds per uncontended lock and unlock of a `std::sync::Mutex`.
pub fn mutex_ns() -> f64 {
    let lock = Mutex::new(0u64);
    const OPS: usize = 200_000;
    best_ns_per_op(3, || {
        let lock = black_box(&lock);
        for _ in 0..OPS {
            *lock.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        }
        OPS
    })
}

/// Nanoseconds per lookup of a present key in a 1,024-entry `HashMap` (std's SipHash).
pub fn hash_lookup_ns(seed: u64) -> f64 {
    let mut rng = rng(seed);
    let keys: Vec<u64> = (0..1_024).map(|_| rng.random()).collect();
    let map: HashMap<u64, u64> = keys.iter().map(|&k| (k, k)).collect();
    let probes: Vec<u64> = (0..100_000)
        .map(|_| keys[rng.random_range(0..keys.len())])
        .collect();
    best_ns_per_op(3, || {
        let map = black_box(&map);
        let mut found = 0u64;
        for k in &probes {
            found = found.wrapping_add(map.get(k).copied().unwrap_or(0));
        }
        black_box(found);
        probes.len()
    })
}

/// Nanoseconds per copy of 1 MiB.
pub fn copy_mib_ns() -> f64 {
    let source = vec![7u8; MIB];
    let mut target = vec![0u8; MIB];
    const COPIES: usize = 64;
    best_ns_per_op(3, || {
        for _ in 0..COPIES {
            black_box(&mut target[..]).copy_from_slice(black_box(&source[..]));
        }
        COPIES
    })
}

/// A file the demo created, deleted when dropped.
#[derive(Debug)]
struct TempFile {
    path: PathBuf,
    file: File,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// The files for the disk measurements, and what the reads bypass.
#[derive(Debug)]
pub struct Disk {
    data: TempFile,
    /// The data file opened for reading, with `O_DIRECT` where it was accepted.
    reader: File,
    sync: TempFile,
    /// Whether reads bypass the page cache.
    pub direct: bool,
    /// Where the files are, and its file system type.
    pub place: String,
    rng: WorkloadRng,
}

/// Bytes of the data file: 32 MiB of random bytes, written once.
pub const DISK_FILE_BYTES: usize = 32 * MIB;

impl Disk {
    /// Creates the two files (a 32 MiB data file, written and fsynced, and a small
    /// one for the fsync timing) in a directory that is not a tmpfs.
    ///
    /// # Errors
    ///
    /// The files cannot be created or written.
    pub fn new(seed: u64) -> std::io::Result<Disk> {
        let (dir, fs_type) = place_for_files();
        let stem = format!("system-design-latency-{}-{seed}", std::process::id());
        let data_path = dir.join(format!("{stem}.data"));
        let mut data = TempFile {
            file: File::create(&data_path)?,
            path: data_path,
        };
        let mut rng = WorkloadRng::seed_from_u64(seed);
        let mut chunk = vec![0u8; MIB];
        for _ in 0..DISK_FILE_BYTES / MIB {
            rng.fill(&mut chunk[..]);
            data.file.write_all(&chunk)?;
        }
        data.file.sync_all()?;
        let (reader, direct) = open_direct(&data.path)?;
        let sync_path = dir.join(format!("{stem}.sync"));
        let sync = TempFile {
            file: OpenOptions::new()
                .create(true)
                .truncate(true)
                .write(true)
                .open(&sync_path)?,
            path: sync_path,
        };
        Ok(Disk {
            data,
            reader,
            sync,
            direct,
            place: format!("{} ({fs_type})", dir.display()),
            rng,
        })
    }

    /// Nanoseconds per 4 KiB read at a random page of the data file, best of 3 rounds
    /// of 64 reads.
    ///
    /// # Errors
    ///
    /// The first read that fails or comes back short: a failed read takes no time
    /// worth reporting, so there is no figure rather than a wrong one.
    pub fn random_4kib_ns(&mut self) -> std::io::Result<f64> {
        let mut buffer = vec![0u8; 2 * PAGE];
        let start = buffer.as_ptr().align_offset(PAGE);
        let pages = DISK_FILE_BYTES / PAGE;
        let offsets: Vec<u64> = (0..3 * 64)
            .map(|_| (self.rng.random_range(0..pages) * PAGE) as u64)
            .collect();
        let mut rounds = offsets.chunks(64);
        let reader = &self.reader;
        let mut failure = None;
        let ns = best_ns_per_op(3, || {
            let round = rounds.next().unwrap_or(&[]);
            for &offset in round {
                let read = reader.read_at(&mut buffer[start..start + PAGE], offset);
                note_failure(&mut failure, read, PAGE);
            }
            round.len().max(1)
        });
        failure.map_or(Ok(ns), Err)
    }

    /// Nanoseconds per 1 MiB sequential read of the data file, best of 3 rounds of 8
    /// reads, each round at a different part of the file.
    ///
    /// # Errors
    ///
    /// As [`Disk::random_4kib_ns`].
    pub fn read_mib_ns(&mut self) -> std::io::Result<f64> {
        let mut buffer = vec![0u8; MIB + PAGE];
        let start = buffer.as_ptr().align_offset(PAGE);
        let mut round = 0;
        let reader = &self.reader;
        let mut failure = None;
        let ns = best_ns_per_op(3, || {
            for i in 0..8 {
                let offset = ((round * 8 + i) % (DISK_FILE_BYTES / MIB) * MIB) as u64;
                let read = reader.read_at(&mut buffer[start..start + MIB], offset);
                note_failure(&mut failure, read, MIB);
            }
            round += 1;
            8
        });
        failure.map_or(Ok(ns), Err)
    }

    /// Nanoseconds per 4 KiB write and fsync, best of 3 rounds of 10.
    ///
    /// # Errors
    ///
    /// The first write or fsync that fails (or a short write).
    pub fn fsync_ns(&mut self) -> std::io::Result<f64> {
        let block = vec![1u8; PAGE];
        let file = &self.sync.file;
        let mut failure = None;
        let ns = best_ns_per_op(3, || {
            for _ in 0..10 {
                note_failure(&mut failure, file.write_at(&block, 0), PAGE);
                if let Err(e) = file.sync_all() {
                    failure.get_or_insert(e);
                }
            }
            10
        });
        failure.map_or(Ok(ns), Err)
    }

    /// The data file's path (for tests: it is deleted with the `Disk`).
    pub fn data_path(&self) -> &Path {
        &self.data.path
    }
}

/// Keeps the first failure of a read or write of `expected` bytes: an error, or fewer
/// bytes than asked for.
fn note_failure(
    failure: &mut Option<std::io::Error>,
    done: std::io::Result<usize>,
    expected: usize,
) {
    if failure.is_some() {
        return;
    }
    match done {
        Ok(n) if n == expected => {}
        Ok(n) => {
            *failure = Some(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("{n} of {expected} bytes"),
            ));
        }
        Err(e) => *failure = Some(e),
    }
}

/// Opens `path` for reading with `O_DIRECT` where the OS and file system accept it.
#[cfg(target_os = "linux")]
fn open_direct(path: &Path) -> std::io::Result<(File, bool)> {
    use std::os::unix::fs::OpenOptionsExt;
    match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECT)
        .open(path)
    {
        Ok(file) => Ok((file, true)),
        Err(_) => Ok((File::open(path)?, false)),
    }
}

/// Opens `path` for reading: no `O_DIRECT` outside Linux, so the page cache serves it.
#[cfg(not(target_os = "linux"))]
fn open_direct(path: &Path) -> std::io::Result<(File, bool)> {
    Ok((File::open(path)?, false))
}

/// A directory for the temporary files whose file system really writes to a device:
/// the system's temporary directory unless it is a tmpfs (RAM: fsync costs nothing),
/// else the directory of this executable (the build's target directory). Returns the
/// directory and its file system type ("unknown" without `/proc/mounts`).
fn place_for_files() -> (PathBuf, String) {
    let mut candidates = vec![std::env::temp_dir()];
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        candidates.push(dir);
    }
    let typed: Vec<(PathBuf, String)> = candidates
        .into_iter()
        .map(|d| {
            let t = fs_type(&d);
            (d, t)
        })
        .collect();
    typed
        .iter()
        .find(|(_, t)| t != "tmpfs" && t != "ramfs")
        .unwrap_or(&typed[0])
        .clone()
}

/// The type of the file system `dir` is on, from the longest matching mount point in
/// `/proc/mounts`.
fn fs_type(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mounts = fs::read_to_string("/proc/mounts").unwrap_or_default();
    mounts
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let (_, point, kind) = (parts.next()?, parts.next()?, parts.next()?);
            dir.starts_with(point)
                .then(|| (point.len(), kind.to_string()))
        })
        .max_by_key(|(len, _)| *len)
        .map_or_else(|| "unknown".to_string(), |(_, kind)| kind)
}

/// An echo server on 127.0.0.1 and a client connected to it; dropping it closes the
/// connection and joins the server thread.
#[derive(Debug)]
pub struct Loopback {
    client: Option<TcpStream>,
    server: Option<JoinHandle<()>>,
}

/// Bytes of each message of the loopback round trip.
pub const MESSAGE: usize = 64;

impl Loopback {
    /// Starts the echo thread on a port the OS picks and connects to it.
    ///
    /// # Errors
    ///
    /// The socket cannot be bound or connected.
    pub fn start() -> std::io::Result<Loopback> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let server = std::thread::spawn(move || {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let _ = stream.set_nodelay(true);
            let mut message = [0u8; MESSAGE];
            while stream.read_exact(&mut message).is_ok() {
                if stream.write_all(&message).is_err() {
                    return;
                }
            }
        });
        let client = TcpStream::connect(address)?;
        client.set_nodelay(true)?;
        Ok(Loopback {
            client: Some(client),
            server: Some(server),
        })
    }

    /// Nanoseconds per round trip, best of 3 rounds of 1,000.
    pub fn round_trip_ns(&mut self) -> f64 {
        let Some(client) = self.client.as_mut() else {
            return f64::NAN;
        };
        let mut message = [0u8; MESSAGE];
        best_ns_per_op(3, || {
            for i in 0..1_000u32 {
                message[..4].copy_from_slice(&i.to_le_bytes());
                if client.write_all(&message).is_err() || client.read_exact(&mut message).is_err() {
                    break;
                }
            }
            1_000
        })
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.shutdown(Shutdown::Both);
        }
        if let Some(server) = self.server.take() {
            let _ = server.join();
        }
    }
}

/// Nanoseconds to start a process and wait for it, best of 3 rounds of 10: `true`, or
/// this executable with a bad `--size` (which exits at once) where `true` is missing.
pub fn process_start_ns() -> f64 {
    let command = || {
        if Command::new("true").status().is_ok() {
            Command::new("true")
        } else {
            let mut own = Command::new(std::env::current_exe().unwrap_or_else(|_| "true".into()));
            own.args(["--size", "0"]);
            own
        }
    };
    let mut template = command();
    best_ns_per_op(3, || {
        for _ in 0..10 {
            let _ = template
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        10
    })
}
