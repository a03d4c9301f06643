//! The answer's three worked examples as workloads, so their estimates come from
//! [`estimate`](crate::estimate) and the demo checks what the answer says about them.

use crate::Workload;

/// The URL shortener: 100 million daily users each create one short link and follow
/// 100 (101 requests a day, 100 reads per write), peak 3x the average, 500-byte
/// records kept 5 years on 3 replicas.
pub const URL_SHORTENER: Workload = Workload {
    daily_active_users: 100_000_000,
    requests_per_user_per_day: 101.0,
    read_write_ratio: 100.0,
    peak_to_average: 3.0,
    object_bytes: 500,
    retention_days: 5 * 365,
    replication: 3,
};

/// Redirects one shortener server sustains (an assumption to replace with a load test).
pub const SHORTENER_RPS_PER_SERVER: f64 = 10_000.0;

/// The news feed: 200 million daily users load their feed 10 times and post 0.5 times
/// a day (10.5 requests, 20 reads per write), peak 3x, 1 KB posts kept a year on 3
/// replicas. Egress counts one post per read; a page of 20 posts is 20 times that.
pub const NEWS_FEED: Workload = Workload {
    daily_active_users: 200_000_000,
    requests_per_user_per_day: 10.5,
    read_write_ratio: 20.0,
    peak_to_average: 3.0,
    object_bytes: 1_000,
    retention_days: 365,
    replication: 3,
};

/// Followers of an average account in the news feed: each post is copied into this many
/// timelines.
pub const FEED_FOLLOWERS: f64 = 200.0;

/// The chat service: 50 million daily users send 40 messages and receive 40 a day (80
/// requests, one delivery per message: 1 read per write), peak 3x, 200-byte messages
/// with metadata kept a year on 3 replicas (history is kept forever: storage grows by
/// this much every year).
pub const CHAT: Workload = Workload {
    daily_active_users: 50_000_000,
    requests_per_user_per_day: 80.0,
    read_write_ratio: 1.0,
    peak_to_average: 3.0,
    object_bytes: 200,
    retention_days: 365,
    replication: 3,
};

/// Share of the chat's daily users connected at the peak.
pub const CHAT_CONNECTED_AT_PEAK: f64 = 0.2;
/// Seconds between two heartbeats of an open chat connection.
pub const CHAT_HEARTBEAT_SECS: f64 = 30.0;
/// Open connections one chat gateway holds.
pub const CHAT_CONNECTIONS_PER_GATEWAY: f64 = 100_000.0;

/// Capacity kept free on every server of the examples: 30%.
pub const HEADROOM: f64 = 0.3;
