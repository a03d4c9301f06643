//! The simulation: the same seed replays the same run, and the scenarios count what
//! they claim to (each assertion here fails for some broken replica or client).

use replication::kv::{Message, Replica, To, Version};
use replication::sim::{self, NetConfig, Policy, Sim, Workload};

fn workload(operations: u64) -> Workload {
    Workload {
        replicas: 3,
        clients: 8,
        keys: 4,
        operations,
        write_fraction: 0.5,
        net: NetConfig::reliable(20),
    }
}

#[test]
fn the_same_seed_replays_the_same_run_and_another_seed_does_not() {
    let w = workload(2_000);
    assert_eq!(sim::quorum(&w, 1, 1, 5), sim::quorum(&w, 1, 1, 5));
    assert_ne!(sim::quorum(&w, 1, 1, 5), sim::quorum(&w, 1, 1, 6));
    assert_eq!(sim::sessions(&w, false, 5), sim::sessions(&w, false, 5));
    let net = NetConfig::reliable(10);
    assert_eq!(
        sim::conflicts(Policy::VersionVectors, 3, 2, 200, net, 5),
        sim::conflicts(Policy::VersionVectors, 3, 2, 200, net, 5)
    );
}

#[test]
fn every_operation_completes_on_a_reliable_network() {
    let s = sim::quorum(&workload(1_000), 2, 2, 1);
    assert_eq!(s.reads + s.writes, 1_000);
    assert_eq!(s.net.dropped, 0);
}

#[test]
fn strict_quorums_read_nothing_stale_and_repair_what_they_saw() {
    for seed in 0..5 {
        let s = sim::quorum(&workload(3_000), 2, 2, seed);
        assert_eq!(s.stale_reads, 0, "seed {seed}: {s:?}");
        assert!(
            s.repairs > 0,
            "R = 2 of 3 replies sees lagging replicas: {s:?}"
        );
    }
}

#[test]
fn a_network_that_delivers_instantly_in_order_has_no_stale_leader_reads() {
    // With every delay 1 tick, a follower applies a write (leader + 1) no later than the
    // client hears the ack (leader + 1), before any read can reach it.
    let w = Workload {
        net: NetConfig {
            min_delay: 1,
            max_delay: 1,
            drop_rate: 0.0,
        },
        ..workload(2_000)
    };
    assert_eq!(sim::leader(&w, 3).stale_reads, 0);
    let slow = Workload {
        net: NetConfig::reliable(40),
        ..workload(2_000)
    };
    assert!(sim::leader(&slow, 3).stale_reads > 0);
}

#[test]
fn partitions_and_drops_lose_messages() {
    let mut sim: Sim<Message> = Sim::new(
        NetConfig {
            min_delay: 2,
            max_delay: 2,
            drop_rate: 0.0,
        },
        1,
    );
    let m = Message::WriteAck { request: 1 };
    sim.partition(vec![0, 1]);
    sim.send(0, 1, m.clone());
    sim.send(0, 0, m.clone());
    sim.heal();
    sim.send(1, 0, m.clone());
    assert_eq!(sim.next_event().map(|(f, t, _)| (f, t)), Some((0, 0)));
    assert_eq!(sim.now(), 2);
    assert_eq!(sim.next_event().map(|(f, t, _)| (f, t)), Some((1, 0)));
    assert!(sim.next_event().is_none());
    let stats = sim.stats();
    assert_eq!((stats.sent, stats.dropped), (3, 1));
    assert_eq!(stats.bytes, 3 * m.wire_len() as u64);
}

#[test]
#[should_panic(expected = "must each be between 1 and N = 3")]
fn a_quorum_larger_than_n_is_refused() {
    sim::quorum(&workload(10), 4, 1, 1);
}

#[test]
#[should_panic(expected = "1 <= min (0)")]
fn a_zero_delay_is_refused() {
    let _: Sim<Message> = Sim::new(
        NetConfig {
            min_delay: 0,
            max_delay: 1,
            drop_rate: 0.0,
        },
        1,
    );
}

#[test]
fn anti_entropy_converges_and_more_often_is_sooner() {
    let fast = sim::heal(300, 200, Some(5), 10_000, 0.0, 2);
    let slow = sim::heal(300, 200, Some(50), 10_000, 0.0, 2);
    let never = sim::heal(300, 200, None, 10_000, 0.0, 2);
    assert!(fast.divergent_keys > 0);
    assert!(fast.ticks_to_converge.unwrap() < slow.ticks_to_converge.unwrap());
    assert_eq!(never.ticks_to_converge, None);
}

#[test]
fn last_writer_wins_loses_cart_items_and_version_vectors_do_not() {
    let net = NetConfig::reliable(10);
    let lww = sim::conflicts(Policy::LastWriterWins, 3, 2, 500, net, 4);
    let vv = sim::conflicts(Policy::VersionVectors, 3, 2, 500, net, 4);
    assert!(lww.lost > 0 && lww.converged, "{lww:?}");
    assert!(
        vv.lost == 0 && vv.converged && vv.max_siblings > 1,
        "{vv:?}"
    );
}

#[test]
fn a_replica_keeps_the_newest_version_and_acknowledges_every_write() {
    let mut r = Replica::new(1, 3);
    let new = Version {
        timestamp: 5,
        writer: 1,
        value: 50,
    };
    let old = Version {
        timestamp: 4,
        writer: 9,
        value: 40,
    };
    let out = r.handle(Message::Write {
        request: 1,
        key: 7,
        version: new,
        forward: true,
    });
    assert_eq!(out[0], (To::Sender, Message::WriteAck { request: 1 }));
    assert_eq!(
        out[1..].iter().map(|(to, _)| *to).collect::<Vec<_>>(),
        [To::Replica(0), To::Replica(2)]
    );
    assert!(
        r.handle(Message::Repair {
            key: 7,
            version: old
        })
        .is_empty()
    );
    assert_eq!(r.get(7), Some(&new));
    let reply = r.handle(Message::Read { request: 2, key: 7 });
    assert_eq!(
        reply,
        [(
            To::Sender,
            Message::ReadReply {
                request: 2,
                key: 7,
                version: Some(new)
            }
        )]
    );
}

#[test]
fn messages_round_trip_and_bad_bytes_are_errors() {
    let v = Version {
        timestamp: 1,
        writer: 2,
        value: 3,
    };
    for m in [
        Message::Write {
            request: 1,
            key: 2,
            version: v,
            forward: true,
        },
        Message::WriteAck { request: 9 },
        Message::Read { request: 3, key: 4 },
        Message::ReadReply {
            request: 5,
            key: 6,
            version: None,
        },
        Message::ReadReply {
            request: 5,
            key: 6,
            version: Some(v),
        },
        Message::Repair { key: 8, version: v },
    ] {
        let mut bytes = Vec::new();
        m.encode(&mut bytes);
        assert_eq!(bytes.len(), m.wire_len());
        assert_eq!(Message::decode(&bytes), Ok(m.clone()));
        assert!(Message::decode(&bytes[..bytes.len() - 1]).is_err());
        bytes.push(0);
        assert!(Message::decode(&bytes).is_err());
    }
    assert!(
        Message::decode(&[42])
            .unwrap_err()
            .to_string()
            .contains("unknown message tag 42")
    );
}

#[test]
#[should_panic(expected = "replica id 3 is out of range")]
fn a_replica_id_outside_the_cluster_is_refused() {
    Replica::new(3, 3);
}

#[test]
#[should_panic(expected = "needs at least 2 replicas, not 1")]
fn a_leader_without_followers_is_refused() {
    let w = Workload {
        replicas: 1,
        ..workload(10)
    };
    sim::leader(&w, 1);
}

#[test]
#[should_panic(expected = "at least one replica, client and key")]
fn a_workload_without_keys_is_refused() {
    let w = Workload {
        keys: 0,
        ..workload(10)
    };
    sim::sessions(&w, true, 1);
}
