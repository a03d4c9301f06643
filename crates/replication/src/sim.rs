//! A deterministic simulation of replicas on an unreliable network, in the style of
//! FoundationDB's simulation testing: one thread, one seeded random generator, one
//! queue of timed events, so a seed replays the same run exactly.
//!
//! The network ([`Sim`]) delays each message by a random number of ticks, drops some,
//! and cuts links across a partition. The scenarios run the [`Replica`] state machine
//! of [`crate::kv`] (or the CRDTs of [`crate::crdt`]) under it and count what clients
//! observe:
//!
//! - [`quorum`]: leaderless, clients write to N replicas and wait for W acks, read from
//!   N and wait for R replies, with read repair: stale reads for R = W = 1 against
//!   R + W > N;
//! - [`leader`]: a single leader replicating asynchronously, reads from followers:
//!   stale reads against replication delay;
//! - [`sessions`]: each operation goes to one replica, chosen by a sticky hash of the
//!   client or at random: read-your-writes and monotonic-read violations;
//! - [`conflicts`]: concurrent read-modify-write of shopping carts under last-writer-
//!   wins against version vectors (siblings);
//! - [`heal`]: a partition, then Merkle-tree anti-entropy at an interval: time to
//!   converge.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use rand::RngExt;

use evidence::workload::{WorkloadRng, rng};

use crate::crdt::{LwwRegister, MvRegister};
use crate::kv::{Message, Replica, To, Version};
use crate::merkle;

/// How the simulated network behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetConfig {
    /// The shortest delay of a message, in ticks (at least 1).
    pub min_delay: u64,
    /// The longest delay.
    pub max_delay: u64,
    /// The fraction of messages lost, from 0 to 1.
    pub drop_rate: f64,
}

impl NetConfig {
    /// A network that delays messages by 1 to `max_delay` ticks and loses none.
    pub fn reliable(max_delay: u64) -> Self {
        NetConfig {
            min_delay: 1,
            max_delay: max_delay.max(1),
            drop_rate: 0.0,
        }
    }
}

/// What crossed the network.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NetStats {
    /// Messages sent.
    pub sent: u64,
    /// Messages lost to drops or partitions.
    pub dropped: u64,
    /// Bytes sent.
    pub bytes: u64,
}

/// Something with a size on the wire.
pub trait Wire {
    /// Its encoded length in bytes.
    fn wire_len(&self) -> usize;
}

impl Wire for Message {
    fn wire_len(&self) -> usize {
        Message::wire_len(self)
    }
}

/// An event due at a tick: a message arriving at node `to`, or a timer of node `to`
/// (`from == to`).
struct Due<E> {
    at: u64,
    seq: u64,
    from: usize,
    to: usize,
    event: E,
}

impl<E> PartialEq for Due<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl<E> Eq for Due<E> {}
impl<E> PartialOrd for Due<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Due<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// The simulated network and clock: events come out in (tick, send order), so the run
/// depends on the seed alone.
pub struct Sim<E> {
    now: u64,
    seq: u64,
    queue: BinaryHeap<Reverse<Due<E>>>,
    rng: WorkloadRng,
    config: NetConfig,
    /// The partition side of each node, when the network is split.
    sides: Option<Vec<u8>>,
    stats: NetStats,
}

impl<E: Wire> Sim<E> {
    /// A network with no events, seeded.
    ///
    /// # Panics
    ///
    /// If the delays are not `1 <= min <= max` or the drop rate is outside 0..=1.
    pub fn new(config: NetConfig, seed: u64) -> Self {
        assert!(
            1 <= config.min_delay && config.min_delay <= config.max_delay,
            "message delays must satisfy 1 <= min ({}) <= max ({})",
            config.min_delay,
            config.max_delay
        );
        assert!(
            (0.0..=1.0).contains(&config.drop_rate),
            "the drop rate {} is not a fraction from 0 to 1",
            config.drop_rate
        );
        Sim {
            now: 0,
            seq: 0,
            queue: BinaryHeap::new(),
            rng: rng(seed),
            config,
            sides: None,
            stats: NetStats::default(),
        }
    }

    /// The current tick.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// The generator the scenario draws its own choices from.
    pub fn rng(&mut self) -> &mut WorkloadRng {
        &mut self.rng
    }

    /// Sends `event` from node `from` to node `to`: it arrives after a random delay,
    /// unless it is dropped or the two nodes are on different sides of a partition.
    pub fn send(&mut self, from: usize, to: usize, event: E) {
        self.stats.sent += 1;
        self.stats.bytes += event.wire_len() as u64;
        let cut = self
            .sides
            .as_ref()
            .is_some_and(|s| s.get(from) != s.get(to));
        if cut || self.rng.random_bool(self.config.drop_rate) {
            self.stats.dropped += 1;
            return;
        }
        let delay = self
            .rng
            .random_range(self.config.min_delay..=self.config.max_delay);
        self.push(self.now + delay, from, to, event);
    }

    /// A timer: `event` for node `node` at tick `at` (not sent, never lost).
    pub fn at(&mut self, at: u64, node: usize, event: E) {
        self.push(at.max(self.now), node, node, event);
    }

    /// Splits the network: `sides[n]` is node n's side; messages between sides are lost.
    pub fn partition(&mut self, sides: Vec<u8>) {
        self.sides = Some(sides);
    }

    /// Joins the network again.
    pub fn heal(&mut self) {
        self.sides = None;
    }

    /// The next event, advancing the clock to it: `(from, to, event)`.
    pub fn next_event(&mut self) -> Option<(usize, usize, E)> {
        let Reverse(due) = self.queue.pop()?;
        self.now = due.at;
        Some((due.from, due.to, due.event))
    }

    /// What was sent so far.
    pub fn stats(&self) -> NetStats {
        self.stats
    }

    fn push(&mut self, at: u64, from: usize, to: usize, event: E) {
        self.seq += 1;
        self.queue.push(Reverse(Due {
            at,
            seq: self.seq,
            from,
            to,
            event,
        }));
    }
}

/// The events of the key-value scenarios: messages, and a client's timer to start its
/// next operation.
#[derive(Debug, Clone)]
enum Kv {
    Net(Message),
    Start,
}

impl Wire for Kv {
    fn wire_len(&self) -> usize {
        match self {
            Kv::Net(m) => m.wire_len(),
            Kv::Start => 0,
        }
    }
}

/// What clients of a key-value scenario observed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KvStats {
    /// Reads that completed.
    pub reads: u64,
    /// Reads that returned an older version than a write acknowledged before the read
    /// began.
    pub stale_reads: u64,
    /// Writes acknowledged.
    pub writes: u64,
    /// Reads that returned an older version than the client's own last write to the key.
    pub read_your_writes_violations: u64,
    /// Reads that returned an older version than the client's previous read of the key.
    pub monotonic_read_violations: u64,
    /// Read-repair messages sent.
    pub repairs: u64,
    /// The network's counts.
    pub net: NetStats,
}

/// The shape of a key-value workload.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Workload {
    /// Replicas.
    pub replicas: u32,
    /// Clients, each with one operation in flight at a time (a session).
    pub clients: u32,
    /// Distinct keys.
    pub keys: u64,
    /// Operations in all.
    pub operations: u64,
    /// The fraction of operations that are writes.
    pub write_fraction: f64,
    /// The network. Clients have no timeouts: with drops, an operation whose quorum
    /// never answers stalls its client for the rest of the run (the demo measures
    /// staleness without drops, and drops in the partition scenario).
    pub net: NetConfig,
}

/// How a scenario routes a client's operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// Writes to all N, wait for W; reads from all N, wait for R; read repair.
    Quorum { r: u32, w: u32 },
    /// Writes to the leader (replica 0), which replicates; reads from a random follower.
    Leader,
    /// Each operation to one replica, which coordinates: the client's own replica.
    Sticky,
    /// Each operation to one replica chosen at random.
    Random,
}

/// Leaderless quorums: every write goes to all `N` replicas and completes after `w`
/// acknowledgements; every read asks all `N` and completes after `r` replies, returning
/// the newest, then repairs the replicas that replied with older versions.
///
/// # Panics
///
/// If `r` or `w` is 0 or exceeds the number of replicas.
pub fn quorum(workload: &Workload, r: u32, w: u32, seed: u64) -> KvStats {
    let n = workload.replicas;
    assert!(
        (1..=n).contains(&r) && (1..=n).contains(&w),
        "R = {r} and W = {w} must each be between 1 and N = {n}"
    );
    run_kv(workload, Route::Quorum { r, w }, seed)
}

/// A single leader (replica 0) applies each write, acknowledges it, and replicates it
/// to the followers asynchronously; reads go to a random follower.
///
/// # Panics
///
/// If the workload has fewer than two replicas (no follower to read from).
pub fn leader(workload: &Workload, seed: u64) -> KvStats {
    assert!(
        workload.replicas >= 2,
        "a leader with followers needs at least 2 replicas, not {}",
        workload.replicas
    );
    run_kv(workload, Route::Leader, seed)
}

/// Each operation goes to one replica, which applies a write, acknowledges it and
/// replicates it to the others, and answers a read from its own store; `sticky` sends a
/// client always to the same replica, otherwise each operation picks one at random.
pub fn sessions(workload: &Workload, sticky: bool, seed: u64) -> KvStats {
    run_kv(
        workload,
        if sticky { Route::Sticky } else { Route::Random },
        seed,
    )
}

/// One client's operation in flight.
#[derive(Debug, Clone)]
struct Pending {
    request: u64,
    key: u64,
    started: u64,
    write: Option<Version>,
    /// Acks (writes) or replies (reads) so far.
    answers: u32,
    needed: u32,
    /// Replies to a read: replica and version.
    replies: Vec<(usize, Option<Version>)>,
    /// Once complete: the version a read returned.
    result: Option<Option<Version>>,
}

/// A version's last-writer-wins order: (timestamp, writer).
type Stamp = (u64, u32);

/// The key-value scenarios' common loop.
///
/// # Panics
///
/// If the workload has no replica, client or key, or a write fraction outside 0..=1.
fn run_kv(workload: &Workload, route: Route, seed: u64) -> KvStats {
    assert!(
        workload.replicas >= 1 && workload.clients >= 1 && workload.keys >= 1,
        "a workload needs at least one replica, client and key: {} replicas, {} clients, {} keys",
        workload.replicas,
        workload.clients,
        workload.keys
    );
    assert!(
        (0.0..=1.0).contains(&workload.write_fraction),
        "the write fraction {} is not a fraction from 0 to 1",
        workload.write_fraction
    );
    let n = workload.replicas as usize;
    let clients = workload.clients as usize;
    let mut sim: Sim<Kv> = Sim::new(workload.net, seed);
    let mut replicas: Vec<Replica> = (0..n as u32).map(|id| Replica::new(id, n as u32)).collect();
    let mut stats = KvStats::default();
    let mut pending: Vec<Option<Pending>> = vec![None; clients];
    // Acknowledged writes per key: (tick acknowledged, stamp).
    let mut acked: BTreeMap<u64, Vec<(u64, Stamp)>> = BTreeMap::new();
    // Per client and key: its last write's stamp, its last read's.
    let mut session: BTreeMap<(usize, u64), (Stamp, Stamp)> = BTreeMap::new();
    let mut issued = 0u64;
    let mut request = 0u64;
    for c in 0..clients {
        sim.at(c as u64 % 3, n + c, Kv::Start);
    }
    while let Some((from, to, event)) = sim.next_event() {
        if to < n {
            // A replica: handle the message, send what it answers.
            let Kv::Net(message) = event else { continue };
            for (dest, out) in replicas[to].handle(message) {
                let dest = match dest {
                    To::Sender => from,
                    To::Replica(r) => r as usize,
                };
                sim.send(to, dest, Kv::Net(out));
            }
            continue;
        }
        let c = to - n;
        match event {
            Kv::Start => {
                if issued == workload.operations {
                    continue;
                }
                issued += 1;
                request += 1;
                let key = sim.rng().random_range(0..workload.keys);
                let is_write = sim.rng().random_bool(workload.write_fraction);
                let now = sim.now();
                let version = Version {
                    timestamp: now,
                    writer: c as u32,
                    value: request,
                };
                let targets: Vec<usize> = match route {
                    Route::Quorum { .. } => (0..n).collect(),
                    Route::Leader if is_write => vec![0],
                    Route::Leader => vec![1 + sim.rng().random_range(0..n - 1)],
                    Route::Sticky => vec![c % n],
                    Route::Random => vec![sim.rng().random_range(0..n)],
                };
                let needed = match route {
                    Route::Quorum { r, w } => {
                        if is_write {
                            w
                        } else {
                            r
                        }
                    }
                    _ => 1,
                };
                let forward = !matches!(route, Route::Quorum { .. });
                for &t in &targets {
                    let message = if is_write {
                        Message::Write {
                            request,
                            key,
                            version,
                            forward,
                        }
                    } else {
                        Message::Read { request, key }
                    };
                    sim.send(to, t, Kv::Net(message));
                }
                pending[c] = Some(Pending {
                    request,
                    key,
                    started: now,
                    write: is_write.then_some(version),
                    answers: 0,
                    needed,
                    replies: Vec::new(),
                    result: None,
                });
            }
            Kv::Net(Message::WriteAck { request: id }) => {
                let Some(p) = pending[c].as_mut().filter(|p| p.request == id) else {
                    continue;
                };
                p.answers += 1;
                if p.answers == p.needed {
                    let v = p.write.expect("an ack answers a write");
                    stats.writes += 1;
                    acked.entry(p.key).or_default().push((sim.now(), v.stamp()));
                    session.entry((c, p.key)).or_default().0 = v.stamp();
                    let next = sim.now() + 1 + sim.rng().random_range(0..3);
                    sim.at(next, to, Kv::Start);
                }
            }
            Kv::Net(Message::ReadReply {
                request: id,
                version,
                ..
            }) => {
                let Some(p) = pending[c].as_mut().filter(|p| p.request == id) else {
                    continue;
                };
                p.answers += 1;
                p.replies.push((from, version));
                if let Some(result) = p.result {
                    // A late reply: repair it if it is older than what the read returned.
                    if let Some(newest) = result
                        && newest.newer_than(version.as_ref())
                    {
                        stats.repairs += 1;
                        sim.send(
                            to,
                            from,
                            Kv::Net(Message::Repair {
                                key: p.key,
                                version: newest,
                            }),
                        );
                    }
                    continue;
                }
                if p.answers < p.needed {
                    continue;
                }
                let newest = p
                    .replies
                    .iter()
                    .filter_map(|(_, v)| *v)
                    .max_by_key(Version::stamp);
                p.result = Some(newest);
                let got = newest.map_or((0, 0), |v| v.stamp());
                stats.reads += 1;
                let latest_acked = acked
                    .get(&p.key)
                    .into_iter()
                    .flatten()
                    .filter(|&&(at, _)| at <= p.started)
                    .map(|&(_, s)| s)
                    .max();
                if latest_acked.is_some_and(|s| got < s) {
                    stats.stale_reads += 1;
                }
                let (own_write, last_read) = session.entry((c, p.key)).or_default();
                if got < *own_write {
                    stats.read_your_writes_violations += 1;
                }
                if got < *last_read {
                    stats.monotonic_read_violations += 1;
                }
                *last_read = (*last_read).max(got);
                if matches!(route, Route::Quorum { .. })
                    && let Some(newest) = newest
                {
                    let key = p.key;
                    let stale: Vec<usize> = p
                        .replies
                        .iter()
                        .filter(|(_, v)| newest.newer_than(v.as_ref()))
                        .map(|&(r, _)| r)
                        .collect();
                    for r in stale {
                        stats.repairs += 1;
                        sim.send(
                            to,
                            r,
                            Kv::Net(Message::Repair {
                                key,
                                version: newest,
                            }),
                        );
                    }
                }
                let next = sim.now() + 1 + sim.rng().random_range(0..3);
                sim.at(next, to, Kv::Start);
            }
            Kv::Net(_) => {}
        }
    }
    stats.net = sim.stats();
    stats
}

/// How the cart scenario resolves concurrent writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// A [`LwwRegister`]: the write with the larger timestamp wins, the other is lost.
    LastWriterWins,
    /// A [`MvRegister`]: concurrent writes stay as siblings, merged on the next write.
    VersionVectors,
}

/// What the cart scenario counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CartStats {
    /// Items added (each an acknowledged read-modify-write).
    pub added: u64,
    /// Added items missing from the converged carts.
    pub lost: u64,
    /// The most siblings any replica held for one cart at once.
    pub max_siblings: u64,
    /// Writes that found siblings to merge (concurrent writes detected).
    pub sibling_merges: u64,
    /// Whether all replicas ended with the same carts.
    pub converged: bool,
    /// The network's counts.
    pub net: NetStats,
}

/// A cart register under either policy.
#[derive(Debug, Clone)]
enum Cart {
    Lww(LwwRegister<BTreeSet<u64>>),
    Mv(MvRegister<BTreeSet<u64>>),
}

impl Cart {
    fn items(&self) -> BTreeSet<u64> {
        match self {
            Cart::Lww(r) => r.get().cloned().unwrap_or_default(),
            // The application's merge of siblings: the union (an item deleted on one
            // side comes back, the flaw the Dynamo paper reports for the cart).
            Cart::Mv(r) => r.values().into_iter().flatten().copied().collect(),
        }
    }
    fn merge(&mut self, other: &Cart) {
        match (self, other) {
            (Cart::Lww(a), Cart::Lww(b)) => a.merge(b),
            (Cart::Mv(a), Cart::Mv(b)) => a.merge(b),
            _ => unreachable!("one policy per run"),
        }
    }
    fn siblings(&self) -> u64 {
        match self {
            Cart::Lww(_) => 1,
            Cart::Mv(r) => r.siblings() as u64,
        }
    }
}

/// A cart's whole state sent to another replica (state-based replication).
#[derive(Debug, Clone)]
enum CartEvent {
    State { cart: u64, state: Cart },
    Add,
}

impl Wire for CartEvent {
    fn wire_len(&self) -> usize {
        match self {
            // The cart id, the items, and the version: 12 bytes per clock entry or one
            // LWW stamp.
            CartEvent::State { state, .. } => {
                8 + match state {
                    Cart::Lww(r) => 12 + 8 * r.get().map_or(0, BTreeSet::len),
                    Cart::Mv(r) => {
                        r.values().iter().map(|v| 8 * v.len()).sum::<usize>()
                            + 12 * r.context().len() * r.siblings()
                    }
                }
            }
            CartEvent::Add => 0,
        }
    }
}

/// Shopping carts under concurrent updates: `adds` times, a client adds a new item to
/// one of `carts` carts through a random one of `replicas` replicas (read the cart,
/// add the item, write it back), one add every 1 to 3 ticks; each replica sends its new
/// cart state to the others over `net`. When everything has been delivered, counts the
/// items that survived.
///
/// # Panics
///
/// If there is no replica or no cart.
pub fn conflicts(
    policy: Policy,
    replicas: u32,
    carts: u64,
    adds: u64,
    net: NetConfig,
    seed: u64,
) -> CartStats {
    assert!(
        replicas >= 1 && carts >= 1,
        "the cart scenario needs a replica and a cart: {replicas} replicas, {carts} carts"
    );
    let n = replicas as usize;
    let mut sim: Sim<CartEvent> = Sim::new(net, seed);
    let fresh = |r: u32| match policy {
        Policy::LastWriterWins => Cart::Lww(LwwRegister::new(r)),
        Policy::VersionVectors => Cart::Mv(MvRegister::new(r)),
    };
    let mut state: Vec<BTreeMap<u64, Cart>> = vec![BTreeMap::new(); n];
    let mut stats = CartStats::default();
    let mut added: Vec<(u64, u64)> = Vec::new();
    let mut t = 0;
    for _ in 0..adds {
        t += 1 + sim.rng().random_range(0..3);
        sim.at(t, n, CartEvent::Add);
    }
    let mut item = 0;
    while let Some((_, to, event)) = sim.next_event() {
        match event {
            CartEvent::Add => {
                let r = sim.rng().random_range(0..n);
                let cart = sim.rng().random_range(0..carts);
                item += 1;
                let now = sim.now();
                let entry = state[r].entry(cart).or_insert_with(|| fresh(r as u32));
                if entry.siblings() > 1 {
                    stats.sibling_merges += 1;
                }
                let mut items = entry.items();
                items.insert(item);
                match entry {
                    Cart::Lww(reg) => {
                        reg.set(items, now);
                    }
                    Cart::Mv(reg) => reg.set(items),
                }
                stats.added += 1;
                added.push((cart, item));
                let snapshot = entry.clone();
                for peer in (0..n).filter(|&p| p != r) {
                    sim.send(
                        r,
                        peer,
                        CartEvent::State {
                            cart,
                            state: snapshot.clone(),
                        },
                    );
                }
            }
            CartEvent::State { cart, state: other } => {
                let entry = state[to].entry(cart).or_insert_with(|| fresh(to as u32));
                entry.merge(&other);
                stats.max_siblings = stats.max_siblings.max(entry.siblings());
            }
        }
    }
    let first: BTreeMap<u64, BTreeSet<u64>> =
        state[0].iter().map(|(&c, s)| (c, s.items())).collect();
    stats.converged = state.iter().all(|s| {
        s.len() == first.len()
            && s.iter()
                .all(|(c, cart)| first.get(c) == Some(&cart.items()))
    });
    stats.lost = added
        .iter()
        .filter(|(cart, item)| !first.get(cart).is_some_and(|s| s.contains(item)))
        .count() as u64;
    stats.net = sim.stats();
    stats
}

/// What the partition scenario counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HealStats {
    /// Writes accepted during the partition.
    pub writes: u64,
    /// Keys on which the replicas disagreed when the partition healed.
    pub divergent_keys: u64,
    /// Ticks from the heal until every replica held the same store, if it happened
    /// before the horizon.
    pub ticks_to_converge: Option<u64>,
    /// Anti-entropy exchanges run until then.
    pub rounds: u64,
    /// Bytes those exchanges sent (hashes and entries).
    pub sync_bytes: u64,
}

/// A partition and its repair: `writes` writes, one per tick, each to a random one of
/// three replicas that replicates it to the others, while replica 0 is cut off from
/// replicas 1 and 2 (and `drop_rate` of the other messages are lost too). Then the
/// network heals, writes stop, and every `interval` ticks (none when `None`) one pair
/// of replicas, in turn, runs a Merkle-tree anti-entropy exchange. Watches until
/// `horizon` ticks after the heal.
///
/// # Panics
///
/// If `keys` or `interval` is 0, or `drop_rate` is outside 0..=1.
pub fn heal(
    writes: u64,
    keys: u64,
    interval: Option<u64>,
    horizon: u64,
    drop_rate: f64,
    seed: u64,
) -> HealStats {
    const N: usize = 3;
    assert!(keys >= 1, "the partition scenario needs at least one key");
    assert!(
        interval != Some(0),
        "an anti-entropy interval of 0 ticks never lets time pass"
    );
    let net = NetConfig {
        min_delay: 1,
        max_delay: 5,
        drop_rate,
    };
    let mut sim: Sim<Kv> = Sim::new(net, seed);
    let mut replicas: Vec<Replica> = (0..N as u32).map(|id| Replica::new(id, N as u32)).collect();
    sim.partition(vec![0, 1, 1, 2]);
    let client = N;
    for t in 0..writes {
        sim.at(t, client, Kv::Start);
    }
    let mut stats = HealStats {
        writes,
        ..HealStats::default()
    };
    let mut request = 0;
    // The partition lasts while writes arrive; then the last deliveries drain.
    while let Some((from, to, event)) = sim.next_event() {
        if to < N {
            if let Kv::Net(m) = event {
                for (dest, out) in replicas[to].handle(m) {
                    let dest = match dest {
                        To::Sender => from,
                        To::Replica(r) => r as usize,
                    };
                    sim.send(to, dest, Kv::Net(out));
                }
            }
            continue;
        }
        if let Kv::Start = event {
            request += 1;
            let r = sim.rng().random_range(0..N);
            let key = sim.rng().random_range(0..keys);
            let version = Version {
                timestamp: sim.now(),
                writer: 0,
                value: request,
            };
            // The client sits with the replica it writes to (on its side).
            replicas[r].handle(Message::Write {
                request,
                key,
                version,
                forward: false,
            });
            for peer in (0..N).filter(|&p| p != r) {
                sim.send(r, peer, Kv::Net(Message::Repair { key, version }));
            }
        }
    }
    sim.heal();
    let all_keys: BTreeSet<u64> = replicas
        .iter()
        .flat_map(|r| r.store().keys().copied())
        .collect();
    stats.divergent_keys = all_keys
        .iter()
        .filter(|&&k| {
            let v = replicas[0].get(k);
            replicas.iter().any(|r| r.get(k) != v)
        })
        .count() as u64;
    let converged = |rs: &[Replica]| rs.iter().all(|r| r.store() == rs[0].store());
    if converged(&replicas) {
        stats.ticks_to_converge = Some(0);
        return stats;
    }
    let Some(interval) = interval else {
        return stats;
    };
    let depth = merkle::depth_for(keys as usize, 8);
    let pairs = [(0, 1), (1, 2), (2, 0)];
    let mut t = interval;
    while t <= horizon {
        let (a, b) = pairs[stats.rounds as usize % pairs.len()];
        let (lo, hi) = (a.min(b), a.max(b));
        let (left, right) = replicas.split_at_mut(hi);
        let s = merkle::sync(&mut left[lo], &mut right[0], depth);
        stats.rounds += 1;
        stats.sync_bytes += s.bytes as u64;
        if converged(&replicas) {
            stats.ticks_to_converge = Some(t);
            break;
        }
        t += interval;
    }
    stats
}
