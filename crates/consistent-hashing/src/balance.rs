//! Load-balancing algorithms (question 12) behind one [`Balancer`] trait, and a
//! discrete-event simulation that measures what each one does to latency.
//!
//! - [`RoundRobin`]: backends in turn. Even *counts*, blind to how long requests take.
//! - [`WeightedRoundRobin`]: in turn, in proportion to weights (nginx's smooth
//!   variant, which interleaves instead of sending bursts to the heaviest backend).
//! - [`LeastConnections`]: the backend with the fewest requests in flight. Adapts to
//!   slow requests and slow backends; needs the balancer to see every completion.
//! - [`PowerOfTwoChoices`]: two backends at random, the less loaded of them. Nearly
//!   as good as least connections while looking at two backends instead of all, and
//!   it avoids the herd that many balancers with the same stale counts would send
//!   to one "least loaded" backend.
//! - [`Random`]: the baseline.
//! - [`HashAffinity`]: the request's key (a user, a session) on a consistent-hash ring:
//!   the same key reaches the same backend (warm caches, sticky sessions), and adding
//!   a backend moves only about 1/(n+1) of the keys.

use rand::RngExt;

use crate::HashRing;

/// Chooses a backend for each request.
pub trait Balancer {
    /// A short name for reports.
    fn name(&self) -> String;

    /// The backend (an index into `in_flight`) for a request with affinity `key`;
    /// `in_flight[b]` is how many requests backend `b` has queued or in service.
    fn pick(&mut self, key: u64, in_flight: &[u32]) -> usize;
}

/// Backends in turn: 0, 1, 2, ..., n-1, 0, ...
#[derive(Debug, Clone, Default)]
pub struct RoundRobin {
    next: usize,
}

impl RoundRobin {
    /// Starts at backend 0.
    pub fn new() -> Self {
        RoundRobin::default()
    }
}

impl Balancer for RoundRobin {
    fn name(&self) -> String {
        "round robin".into()
    }

    fn pick(&mut self, _key: u64, in_flight: &[u32]) -> usize {
        let pick = self.next % in_flight.len();
        self.next = pick + 1;
        pick
    }
}

/// Smooth weighted round robin: every pick adds each backend's weight to its running
/// score, takes the highest score, and subtracts the total weight from it. Over any
/// window of `sum(weights)` picks each backend gets exactly its weight, spread out.
#[derive(Debug, Clone)]
pub struct WeightedRoundRobin {
    weights: Vec<i64>,
    current: Vec<i64>,
}

impl WeightedRoundRobin {
    /// One weight per backend.
    ///
    /// # Panics
    ///
    /// If every weight is 0: no backend could be picked.
    pub fn new(weights: &[u32]) -> Self {
        assert!(
            weights.iter().any(|&w| w > 0),
            "weighted round robin needs a backend with a positive weight"
        );
        WeightedRoundRobin {
            weights: weights.iter().map(|&w| i64::from(w)).collect(),
            current: vec![0; weights.len()],
        }
    }
}

impl Balancer for WeightedRoundRobin {
    fn name(&self) -> String {
        "weighted round robin".into()
    }

    fn pick(&mut self, _key: u64, _in_flight: &[u32]) -> usize {
        let total: i64 = self.weights.iter().sum();
        for (c, w) in self.current.iter_mut().zip(&self.weights) {
            *c += w;
        }
        // The highest running score; the first such backend on a tie.
        let best = (0..self.current.len())
            .max_by_key(|&i| (self.current[i], std::cmp::Reverse(i)))
            .expect("at least one backend");
        self.current[best] -= total;
        best
    }
}

/// The backend with the fewest requests in flight; ties go to the first such backend
/// after the previous pick, so idle backends share the work.
#[derive(Debug, Clone, Default)]
pub struct LeastConnections {
    last: usize,
}

impl LeastConnections {
    /// A balancer with no history.
    pub fn new() -> Self {
        LeastConnections::default()
    }
}

impl Balancer for LeastConnections {
    fn name(&self) -> String {
        "least connections".into()
    }

    fn pick(&mut self, _key: u64, in_flight: &[u32]) -> usize {
        let n = in_flight.len();
        let pick = (1..=n)
            .map(|step| (self.last + step) % n)
            .min_by_key(|&b| in_flight[b])
            .expect("at least one backend");
        self.last = pick;
        pick
    }
}

/// Two distinct backends uniformly at random; the one with fewer requests in flight
/// (the first on a tie).
#[derive(Debug, Clone)]
pub struct PowerOfTwoChoices {
    rng: evidence::workload::WorkloadRng,
}

impl PowerOfTwoChoices {
    /// Random choices from `seed`.
    pub fn new(seed: u64) -> Self {
        PowerOfTwoChoices {
            rng: evidence::workload::rng(seed),
        }
    }
}

impl Balancer for PowerOfTwoChoices {
    fn name(&self) -> String {
        "power of two choices".into()
    }

    fn pick(&mut self, _key: u64, in_flight: &[u32]) -> usize {
        let n = in_flight.len();
        if n == 1 {
            return 0;
        }
        let a = self.rng.random_range(0..n);
        // A second backend, different from the first.
        let b = (a + self.rng.random_range(1..n)) % n;
        if in_flight[b] < in_flight[a] { b } else { a }
    }
}

/// A backend uniformly at random.
#[derive(Debug, Clone)]
pub struct Random {
    rng: evidence::workload::WorkloadRng,
}

impl Random {
    /// Random choices from `seed`.
    pub fn new(seed: u64) -> Self {
        Random {
            rng: evidence::workload::rng(seed),
        }
    }
}

impl Balancer for Random {
    fn name(&self) -> String {
        "random".into()
    }

    fn pick(&mut self, _key: u64, in_flight: &[u32]) -> usize {
        self.rng.random_range(0..in_flight.len())
    }
}

/// The request's key on a consistent-hash ring of the backends: the same key always
/// reaches the same backend while the set of backends stays the same.
#[derive(Debug, Clone)]
pub struct HashAffinity {
    ring: HashRing<usize>,
}

impl HashAffinity {
    /// A ring of backends `0..backends` with `vnodes` points each.
    pub fn new(backends: usize, vnodes: usize) -> Self {
        let mut ring = HashRing::new(vnodes);
        for b in 0..backends {
            ring.add(b);
        }
        HashAffinity { ring }
    }
}

impl Balancer for HashAffinity {
    fn name(&self) -> String {
        "consistent-hash affinity".into()
    }

    fn pick(&mut self, key: u64, in_flight: &[u32]) -> usize {
        let b = *self.ring.get(&key).expect("the ring has backends");
        debug_assert!(b < in_flight.len());
        b
    }
}

/// The simulated service: `backends` servers, each serving one request at a time in
/// arrival order (a FIFO queue per backend), fed by a Poisson stream of requests.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// Number of backends.
    pub backends: usize,
    /// Each backend's speed: a request's service time is divided by it. Empty means
    /// all 1.0.
    pub speeds: Vec<f64>,
    /// Requests to simulate.
    pub requests: usize,
    /// Offered load as a fraction of the total capacity (below 1 for a stable system).
    pub utilisation: f64,
    /// The fraction of requests that are slow.
    pub slow_fraction: f64,
    /// Mean service time of a fast request, and of a slow one, in milliseconds
    /// (service times are exponentially distributed around these means).
    pub fast_ms: f64,
    /// See `fast_ms`.
    pub slow_ms: f64,
    /// Distinct affinity keys (users), drawn uniformly per request.
    pub keys: u64,
    /// The seed of arrivals, service times and keys.
    pub seed: u64,
}

/// What a simulation measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Latency {
    /// The balancer's name.
    pub balancer: String,
    /// Median time from arrival to completion, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Mean, ms.
    pub mean_ms: f64,
    /// The largest queue (requests in flight) any backend reached.
    pub max_in_flight: u32,
}

impl Simulation {
    /// Runs the workload through `balancer`. The workload (arrivals, service times,
    /// keys) depends only on the seed, so every balancer sees exactly the same requests.
    ///
    /// # Panics
    ///
    /// With no backends, no requests, or speeds not matching the backends.
    pub fn run(&self, balancer: &mut dyn Balancer) -> Latency {
        assert!(
            self.backends > 0 && self.requests > 0,
            "an empty simulation"
        );
        let speeds = if self.speeds.is_empty() {
            vec![1.0; self.backends]
        } else {
            assert_eq!(self.speeds.len(), self.backends, "one speed per backend");
            self.speeds.clone()
        };
        let mean_service =
            (1.0 - self.slow_fraction) * self.fast_ms + self.slow_fraction * self.slow_ms;
        let capacity: f64 = speeds.iter().sum::<f64>() / mean_service;
        let rate = self.utilisation * capacity;
        let mut rng = evidence::workload::rng(self.seed);
        // Each backend's pending completions, in order (FIFO, one at a time).
        let mut queues: Vec<std::collections::VecDeque<f64>> =
            vec![std::collections::VecDeque::new(); self.backends];
        let mut in_flight = vec![0u32; self.backends];
        let mut latencies = Vec::with_capacity(self.requests);
        let mut max_in_flight = 0;
        let mut now = 0.0;
        for _ in 0..self.requests {
            now += exponential(&mut rng, 1.0 / rate);
            let slow = rng.random_bool(self.slow_fraction);
            let work = exponential(&mut rng, if slow { self.slow_ms } else { self.fast_ms });
            let key = rng.random_range(0..self.keys.max(1));
            for (queue, count) in queues.iter_mut().zip(in_flight.iter_mut()) {
                while queue.front().is_some_and(|&done| done <= now) {
                    queue.pop_front();
                }
                *count = queue.len() as u32;
            }
            let b = balancer.pick(key, &in_flight);
            let start = queues[b].back().copied().unwrap_or(now).max(now);
            let done = start + work / speeds[b];
            queues[b].push_back(done);
            max_in_flight = max_in_flight.max(queues[b].len() as u32);
            latencies.push(done - now);
        }
        latencies.sort_unstable_by(f64::total_cmp);
        let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
        Latency {
            balancer: balancer.name(),
            p50_ms: at(0.50),
            p99_ms: at(0.99),
            mean_ms: latencies.iter().sum::<f64>() / latencies.len() as f64,
            max_in_flight,
        }
    }
}

/// An exponentially distributed time with the given mean.
fn exponential(rng: &mut impl RngExt, mean: f64) -> f64 {
    // 1 - u is in (0, 1], so the logarithm is finite.
    let u: f64 = rng.random();
    -mean * (1.0 - u).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_robin_cycles() {
        let mut rr = RoundRobin::new();
        let picks: Vec<usize> = (0..7).map(|_| rr.pick(0, &[0; 3])).collect();
        assert_eq!(picks, [0, 1, 2, 0, 1, 2, 0]);
    }

    #[test]
    fn smooth_weighted_round_robin_interleaves() {
        // nginx's example: weights 5, 1, 1 give a a a b a c a... spread out.
        let mut wrr = WeightedRoundRobin::new(&[5, 1, 1]);
        let picks: Vec<usize> = (0..7).map(|_| wrr.pick(0, &[0; 3])).collect();
        assert_eq!(picks, [0, 0, 1, 0, 2, 0, 0]);
        let mut counts = [0; 3];
        for _ in 0..700 {
            counts[wrr.pick(0, &[0; 3])] += 1;
        }
        assert_eq!(counts, [500, 100, 100]);
    }

    #[test]
    fn least_connections_picks_the_emptiest_and_rotates_ties() {
        let mut lc = LeastConnections::new();
        assert_eq!(lc.pick(0, &[3, 1, 2]), 1);
        assert_eq!(
            lc.pick(0, &[0, 0, 0]),
            2,
            "ties: the first after the last pick"
        );
        assert_eq!(lc.pick(0, &[0, 0, 0]), 0);
    }

    #[test]
    fn power_of_two_choices_never_picks_the_busiest_of_two() {
        let mut p2c = PowerOfTwoChoices::new(1);
        for _ in 0..1_000 {
            assert_eq!(p2c.pick(0, &[5, 0]), 1);
        }
        assert_eq!(p2c.pick(0, &[9]), 0);
    }

    #[test]
    fn affinity_is_sticky() {
        let mut a = HashAffinity::new(8, 100);
        for key in 0..100 {
            let first = a.pick(key, &[0; 8]);
            assert_eq!(a.pick(key, &[9; 8]), first, "load does not move a key");
        }
    }

    #[test]
    fn each_balancer_names_itself() {
        let names = [
            RoundRobin::new().name(),
            WeightedRoundRobin::new(&[1]).name(),
            LeastConnections::new().name(),
            PowerOfTwoChoices::new(1).name(),
            Random::new(1).name(),
            HashAffinity::new(2, 10).name(),
        ];
        assert_eq!(
            names,
            [
                "round robin",
                "weighted round robin",
                "least connections",
                "power of two choices",
                "random",
                "consistent-hash affinity"
            ]
        );
    }

    /// How many of `count` picks (keys 0, 1, 2, ...) went to each backend.
    fn tally(balancer: &mut impl Balancer, in_flight: &[u32], count: u64) -> Vec<usize> {
        let mut counts = vec![0; in_flight.len()];
        for key in 0..count {
            counts[balancer.pick(key, in_flight)] += 1;
        }
        counts
    }

    #[test]
    fn a_zero_weight_is_never_picked_and_all_zero_is_refused() {
        let mut wrr = WeightedRoundRobin::new(&[3, 0, 1]);
        assert_eq!(tally(&mut wrr, &[0; 3], 400), [300, 0, 100]);
        let refused = std::panic::catch_unwind(|| WeightedRoundRobin::new(&[0, 0]));
        assert!(refused.is_err());
    }

    #[test]
    fn power_of_two_choices_never_picks_the_busiest_of_three() {
        let mut p2c = PowerOfTwoChoices::new(7);
        let counts = tally(&mut p2c, &[5, 1, 3], 3_000);
        assert_eq!(
            counts[0], 0,
            "the busiest is the busier of any pair it is in"
        );
        // Backend 1 wins both pairs it is drawn in, 2 pairs of 3: about 2,000 picks.
        assert!((1_800..=2_200).contains(&counts[1]), "{counts:?}");
    }

    #[test]
    fn random_spreads_its_picks() {
        let counts = tally(&mut Random::new(3), &[0; 4], 4_000);
        assert!(
            counts.iter().all(|c| (850..=1_150).contains(c)),
            "{counts:?}"
        );
    }

    #[test]
    fn affinity_spreads_keys_over_every_backend() {
        let counts = tally(&mut HashAffinity::new(4, 100), &[0; 4], 4_000);
        assert!(
            counts.iter().all(|c| (700..=1_300).contains(c)),
            "{counts:?}"
        );
    }

    /// One backend is an M/M/1 queue when every request is fast: with arrival rate λ
    /// and service rate μ, the time in the system is exponential with rate μ - λ. At
    /// μ = 1/ms and λ = 0.5/ms: mean 2 ms, median 2 ln 2 = 1.39 ms, p99 2 ln 100 = 9.21
    /// ms. A backend of speed 2 doubles μ: mean 1/(2 - 1) = 1 ms at the same
    /// utilisation. With half the requests slow (means 1 and 3 ms), service is no
    /// longer exponential; Pollaczek-Khinchine gives E[S] + λE[S²]/(2(1 - ρ)) = 2 +
    /// 0.25 × 10 / 1 = 4.5 ms.
    #[test]
    fn one_backend_queues_as_queueing_theory_says() {
        let mm1 = Simulation {
            backends: 1,
            speeds: vec![],
            requests: 100_000,
            utilisation: 0.5,
            slow_fraction: 0.0,
            fast_ms: 1.0,
            slow_ms: 1.0,
            keys: 1,
            seed: 11,
        };
        let close = |measured: f64, expected: f64| (measured / expected - 1.0).abs() < 0.08;
        let l = mm1.run(&mut RoundRobin::new());
        assert!(close(l.mean_ms, 2.0), "{l:?}");
        assert!(close(l.p50_ms, 2.0 * 2f64.ln()), "{l:?}");
        assert!(close(l.p99_ms, 2.0 * 100f64.ln()), "{l:?}");

        let fast = Simulation {
            speeds: vec![2.0],
            ..mm1.clone()
        };
        let l = fast.run(&mut RoundRobin::new());
        assert!(close(l.mean_ms, 1.0), "{l:?}");

        // Requests of 2 ms on average at the same utilisation: μ = 0.5/ms, λ = 0.25/ms,
        // mean 1/(μ - λ) = 4 ms.
        let long = Simulation {
            fast_ms: 2.0,
            slow_ms: 2.0,
            ..mm1.clone()
        };
        let l = long.run(&mut RoundRobin::new());
        assert!(close(l.mean_ms, 4.0), "{l:?}");

        let mixed = Simulation {
            slow_fraction: 0.5,
            slow_ms: 3.0,
            ..mm1
        };
        let l = mixed.run(&mut RoundRobin::new());
        assert!(close(l.mean_ms, 4.5), "{l:?}");
        assert!(l.max_in_flight > 1, "requests queued");
    }

    /// The percentiles index the sorted latencies by (n - 1) × q, so even a run of one
    /// request has a p50 and a p99 (both that request).
    #[test]
    fn a_few_requests_have_percentiles_too() {
        for requests in 1..=5 {
            let sim = Simulation {
                backends: 2,
                speeds: vec![],
                requests,
                utilisation: 0.5,
                slow_fraction: 0.0,
                fast_ms: 1.0,
                slow_ms: 1.0,
                keys: 1,
                seed: 5,
            };
            let l = sim.run(&mut RoundRobin::new());
            assert!(0.0 < l.p50_ms && l.p50_ms <= l.p99_ms, "{requests}: {l:?}");
            if requests == 1 {
                assert_eq!((l.p50_ms, l.p99_ms), (l.mean_ms, l.mean_ms));
            }
        }
    }

    #[test]
    fn the_workload_is_the_same_for_every_balancer() {
        let sim = Simulation {
            backends: 1,
            speeds: vec![],
            requests: 2_000,
            utilisation: 0.5,
            slow_fraction: 0.1,
            fast_ms: 1.0,
            slow_ms: 10.0,
            keys: 10,
            seed: 3,
        };
        // With one backend every balancer makes the same choice: identical results.
        let a = sim.run(&mut RoundRobin::new());
        let b = sim.run(&mut Random::new(99));
        assert_eq!((a.p50_ms, a.p99_ms), (b.p50_ms, b.p99_ms));
        assert!(a.p99_ms > a.p50_ms && a.p50_ms > 0.0);
    }
}
