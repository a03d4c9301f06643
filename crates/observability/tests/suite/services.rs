//! The three loopback services: propagation, logs, metrics (read with a real Prometheus
//! parser), the span collector and the fault switch. Each test starts and stops its
//! own services on 127.0.0.1 port 0, under the run's watchdog.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use observability::services::{Fault, Run, SpanRecord, TraceParent, run};

/// Log lines per request: gateway and inventory log received, dependency answered and
/// handled; pricing has no dependency.
const LINES_PER_REQUEST: usize = 3 + 3 + 2;

fn healthy(n: usize) -> Run {
    run(n, 7, Arc::new(Fault::default())).expect("the loopback services run")
}

#[test]
fn traceparent_round_trips_and_rejects_malformed_headers() {
    let tp = TraceParent {
        trace_id: 0x0af7651916cd43dd8448eb211c80319c,
        span_id: 0xb7ad6b7169203331,
    };
    assert_eq!(TraceParent::parse(&tp.to_string()), Some(tp));
    for bad in [
        "",
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
    ] {
        assert_eq!(TraceParent::parse(bad), None, "{bad:?} must be refused");
    }
}

#[test]
fn every_log_line_of_a_request_carries_its_trace_id() {
    let n = 40;
    let r = healthy(n);
    assert_eq!(r.sent.len(), n);
    let mut per_trace: HashMap<String, usize> = HashMap::new();
    for line in &r.telemetry.logs {
        let v: serde_json::Value = serde_json::from_str(line).expect("each log line is JSON");
        let id = v["trace_id"]
            .as_str()
            .unwrap_or_else(|| panic!("no trace_id in {line}"));
        assert!(
            v["span_id"].as_str().is_some_and(|s| s.len() == 16),
            "{line}"
        );
        *per_trace.entry(id.to_string()).or_default() += 1;
    }
    assert_eq!(per_trace.len(), n, "one trace id per request");
    for sent in &r.sent {
        assert_eq!(
            per_trace.get(&sent.trace_id),
            Some(&LINES_PER_REQUEST),
            "log lines with the trace id the gateway reported"
        );
    }
}

#[test]
fn metrics_parse_and_the_request_counter_equals_the_requests_sent() {
    let n = 25;
    let r = healthy(n);
    for (service, body) in &r.metrics {
        let scrape = prometheus_parse::Scrape::parse(body.lines().map(|l| Ok(l.to_string())))
            .unwrap_or_else(|e| panic!("{service}'s /metrics does not parse: {e}"));
        let total: f64 = scrape
            .samples
            .iter()
            .filter(|s| s.metric == "requests_total" && s.labels.get("status") == Some("200"))
            .map(|s| match s.value {
                prometheus_parse::Value::Counter(v) | prometheus_parse::Value::Untyped(v) => v,
                ref other => panic!("requests_total is a counter, got {other:?}"),
            })
            .sum();
        assert_eq!(
            total, n as f64,
            "{service}'s requests_total{{status=\"200\"}}"
        );
        assert!(
            scrape
                .samples
                .iter()
                .any(|s| s.metric.starts_with("request_duration_seconds")),
            "{service} exposes its duration histogram"
        );
    }
}

fn by_trace(spans: &[SpanRecord]) -> HashMap<&str, Vec<&SpanRecord>> {
    let mut m: HashMap<&str, Vec<&SpanRecord>> = HashMap::new();
    for s in spans {
        m.entry(s.trace_id.as_str()).or_default().push(s);
    }
    m
}

#[test]
fn each_trace_is_a_chain_gateway_inventory_pricing() {
    let r = healthy(20);
    let traces = by_trace(&r.telemetry.spans);
    assert_eq!(traces.len(), 20);
    for spans in traces.values() {
        let find = |name: &str| *spans.iter().find(|s| s.service == name).expect(name);
        let (g, i, p) = (find("gateway"), find("inventory"), find("pricing"));
        assert_eq!(spans.len(), 3);
        assert_eq!(g.parent_id, "", "the gateway's span is the root");
        assert_eq!(
            i.parent_id, g.span_id,
            "inventory's parent is the gateway's span"
        );
        assert_eq!(
            p.parent_id, i.span_id,
            "pricing's parent is inventory's span"
        );
        assert!(g.sim_us > i.sim_us && i.sim_us > p.sim_us);
    }
}

#[test]
fn the_fault_switch_slows_pricing_and_the_trace_blames_it() {
    let fault = Arc::new(Fault::default());
    fault.slow_one_in.store(10, Ordering::Relaxed);
    fault.delay_us.store(250_000, Ordering::Relaxed);
    let r = run(50, 3, fault).expect("the loopback services run");
    let slow: Vec<_> = r.sent.iter().filter(|s| s.sim_us > 250_000).collect();
    assert_eq!(slow.len(), 5, "one request in 10 is slow");
    let traces = by_trace(&r.telemetry.spans);
    for s in slow {
        let spans = &traces[s.trace_id.as_str()];
        let dur = |name: &str| spans.iter().find(|x| x.service == name).unwrap().sim_us;
        let pricing_self = dur("pricing");
        let inventory_self = dur("inventory") - dur("pricing");
        let gateway_self = dur("gateway") - dur("inventory");
        assert!(pricing_self > 100 * inventory_self.max(gateway_self));
        assert_eq!(dur("gateway"), s.sim_us);
    }
}

#[test]
fn a_failing_dependency_becomes_502_at_the_gateway() {
    let fault = Arc::new(Fault::default());
    fault.failing.store(true, Ordering::Relaxed);
    let r = run(5, 1, fault).expect("the loopback services run");
    assert!(r.sent.iter().all(|s| s.status == 502), "{:?}", r.sent);
    let pricing = &r.metrics[2].1;
    assert!(
        pricing.contains("requests_total{route=\"/price\",status=\"503\"} 5"),
        "{pricing}"
    );
}
