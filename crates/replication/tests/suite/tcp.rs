//! The replicas as tokio tasks over loopback TCP: the same `Replica::handle` the
//! simulation runs, with real sockets on 127.0.0.1, started and stopped here, under a
//! watchdog so a hang fails in bounded time.

use std::time::Duration;

use replication::kv::{Message, Version};
use replication::tcp::{Cluster, QuorumClient};

fn version(timestamp: u64, value: u64) -> Version {
    Version {
        timestamp,
        writer: 1,
        value,
    }
}

#[test]
fn quorum_writes_and_reads_cross_real_sockets() {
    testkit::watchdog::within(Duration::from_secs(20), "the loopback cluster", || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let cluster = Cluster::start(3).await.expect("bind on 127.0.0.1");
            assert!(cluster.addrs().iter().all(|a| a.ip().is_loopback()));
            let mut client = QuorumClient::connect(cluster.addrs())
                .await
                .expect("connect");

            client.write(1, version(10, 100), 2).await.expect("write");
            let (read, _) = client.read(1, 2).await.expect("read");
            assert_eq!(read, Some(version(10, 100)));

            // A write that reached replica 0 only: a read from all three returns it if
            // replica 0 is among the replies, and repairs the others it heard from.
            client.send_to(
                0,
                Message::Write {
                    request: 999,
                    key: 2,
                    version: version(20, 200),
                    forward: false,
                },
            );
            let (newest, repairs) = client.read(2, 3).await.expect("read all three");
            assert_eq!(newest, Some(version(20, 200)));
            assert_eq!(repairs, 2, "replicas 1 and 2 lacked the write");
            // The repairs travel on; a quorum read of all three now agrees.
            let mut agreed = false;
            for _ in 0..100 {
                if (0..3).all(|i| cluster.replica(i).get(2) == Some(&version(20, 200))) {
                    agreed = true;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            assert!(agreed, "read repair reached every replica");
            let bytes = client.bytes();
            // Frames are 4 bytes of length plus the message: at least the 3 writes, 3
            // acks, 6 reads, 6 replies and 2 repairs of this test.
            assert!(
                bytes >= 3 * 42 + 3 * 13,
                "only {bytes} bytes crossed the sockets"
            );
            client.close();
            cluster.stop();
        });
    });
}
