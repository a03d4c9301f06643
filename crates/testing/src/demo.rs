//! The demo: the evidence behind the answer to question 25.
//!
//! 1. **Mutation testing in miniature**: the example suite and the property suite run
//!    against each of the 23 mutants of [`price`]; kills counted,
//!    survivors shown with why they survive (equivalent, or a gap in the suites). A
//!    differential check (mutant against `price` on `size` seeded orders) confirms
//!    which mutants are killable at all.
//! 2. **Shrinking**: the property suite against the "discount added" mutant, on a
//!    runner seeded from `--seed`; test calls before the first failure, shrink steps,
//!    and the minimal order found.
//! 3. **A flaky test and its fix**: `size` seeded runs of a test that races a 10 ms
//!    sleep against a background job, and of the version that waits for the job, on
//!    tokio's paused clock (failures counted).
//! 4. **A contract test**: the order service renames a field; both services' unit tests
//!    pass, the consumer-driven contract test fails.
//! 5. **Coordinated omission** (timed, on 127.0.0.1): closed-loop and open-loop p99 of a
//!    server that stalls for `min(size, 1000)` ms.

use std::cell::Cell;
use std::thread;
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rand::RngExt;

use evidence::format::count;
use evidence::workload::rng;
use evidence::{Claim, DemoConfig, Report, Table};

use crate::contract::{
    Release, consumer_contract, consumer_unit_test, provider_unit_test, verify_provider,
};
use crate::load::{StallingServer, closed_loop, corrected, open_loop};
use crate::suites::{examples, invariants, orders, properties};
use crate::{MUTANTS, Order, flaky, kills, mutant, price, run_suite};

/// The open-loop generator's rate, requests a second.
pub const OPEN_LOOP_RATE: u32 = 1_000;

/// Runs the demo.
pub fn run(config: &DemoConfig) -> Report {
    let mut report = Report::new("testing", "Testing strategies: do the tests catch bugs?");
    mutation(config, &mut report);
    shrinking(config, &mut report);
    flakiness(config, &mut report);
    contract(&mut report);
    omission(config, &mut report);
    report
}

fn mutation(config: &DemoConfig, report: &mut Report) {
    let by_examples = kills(examples, MUTANTS);
    let by_properties = kills(properties, MUTANTS);
    // Differential: does any of `size` seeded orders tell the mutant from price()?
    let mut r = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed32(config.seed)),
    );
    let strategy = orders();
    let sample: Vec<Order> = (0..config.size)
        .map(|_| {
            strategy
                .new_tree(&mut r)
                .expect("the order strategy never rejects")
                .current()
        })
        .collect();
    let differs: Vec<bool> = MUTANTS
        .iter()
        .map(|m| sample.iter().any(|o| (m.price)(o) != price(o)))
        .collect();

    let mut table = Table::new(
        "23 mutants of price(): which suite kills each",
        [
            "mutant",
            "kind",
            "examples",
            "properties",
            "differs on a sampled order",
            "verdict",
        ],
    );
    let mark = |k: bool| if k { "killed" } else { "survives" };
    for (i, m) in MUTANTS.iter().enumerate() {
        let verdict = match (m.equivalent, by_examples[i], by_properties[i]) {
            (true, _, _) => format!("equivalent: {}", m.note),
            (false, true, true) => "caught by both".to_string(),
            (false, false, true) => {
                format!("missed by the examples (no example hits it): {}", m.note)
            }
            (false, true, false) => format!(
                "missed by the properties (none of the 256 generated orders hits it): {}",
                m.note
            ),
            (false, false, false) => format!("missed by both: {}", m.note),
        };
        table.push([
            m.name.to_string(),
            m.kind.label().to_string(),
            mark(by_examples[i]).to_string(),
            mark(by_properties[i]).to_string(),
            if differs[i] { "yes" } else { "no" }.to_string(),
            verdict,
        ]);
    }
    report.tables.push(table);

    let n = MUTANTS.len();
    let ex = by_examples.iter().filter(|k| **k).count();
    let pr = by_properties.iter().filter(|k| **k).count();
    let either = by_examples
        .iter()
        .zip(&by_properties)
        .filter(|(a, b)| **a || **b)
        .count();
    let equivalent = MUTANTS.iter().filter(|m| m.equivalent).count();
    let non_equivalent = n - equivalent;
    let pass_correct = run_suite(examples, price).is_ok() && run_suite(properties, price).is_ok();
    report.claims.push(Claim::new(
        "both suites pass the correct price() (a suite that fails correct code kills every mutant and proves nothing)",
        format!(
            "examples: {}, properties: {}",
            if run_suite(examples, price).is_ok() { "pass" } else { "FAIL" },
            if run_suite(properties, price).is_ok() { "pass" } else { "FAIL" }
        ),
        pass_correct,
    ));
    report.claims.push(Claim::new(
        "the property suite kills more mutants than the example suite",
        format!("examples {ex} of {n}, properties {pr} of {n}, together {either} of {n}"),
        pr > ex,
    ));
    let score = either as f64 / non_equivalent as f64;
    report.claims.push(Claim::new(
        "together the suites kill at least 90% of the non-equivalent mutants",
        format!(
            "{either} of {non_equivalent} ({:.1}%); {equivalent} equivalent",
            score * 100.0
        ),
        score >= 0.9,
    ));
    let equivalent_agree = MUTANTS
        .iter()
        .zip(&differs)
        .filter(|(m, _)| m.equivalent)
        .all(|(_, d)| !d);
    let killed_are_different = MUTANTS
        .iter()
        .zip(by_examples.iter().zip(&by_properties))
        .all(|(m, (a, b))| !(*a || *b) || !m.equivalent);
    let others_differ = MUTANTS
        .iter()
        .zip(&differs)
        .filter(|(m, _)| !m.equivalent)
        .filter(|(_, d)| **d)
        .count();
    report.claims.push(Claim::new(
        format!(
            "on {} sampled orders, the mutants marked equivalent always agree with price() (and no suite kills one), and each of the others disagrees at least once",
            count(config.size as u64)
        ),
        format!(
            "equivalent mutants that disagreed: {} of {equivalent}; others that disagreed: {others_differ} of {non_equivalent}",
            MUTANTS
                .iter()
                .zip(&differs)
                .filter(|(m, d)| m.equivalent && **d)
                .count()
        ),
        equivalent_agree && killed_are_different && others_differ == non_equivalent,
    ));
    let gaps = |killed: &[bool]| -> String {
        let names: Vec<&str> = MUTANTS
            .iter()
            .zip(killed)
            .filter(|(m, k)| !m.equivalent && !**k)
            .map(|(m, _)| m.name)
            .collect();
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join("; ")
        }
    };
    report.notes.push(format!(
        "Mutants the example suite misses (real gaps, each a test to add): {}. Mutants the property suite misses: {}. The equivalent ones cannot be killed by any test.",
        gaps(&by_examples),
        gaps(&by_properties)
    ));
}

fn seed32(seed: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(
            &(seed
                .wrapping_add(i as u64)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .to_le_bytes(),
        );
    }
    out
}

fn shrinking(config: &DemoConfig, report: &mut Report) {
    let m = mutant("discount added, not subtracted");
    let calls = Cell::new(0u64);
    let failed_at = Cell::new(0u64);
    let failing_calls = Cell::new(0u64);
    let first = Cell::new(None::<Order>);
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 256,
            failure_persistence: None,
            max_shrink_iters: 10_000,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed32(config.seed)),
    );
    // Plain orders (no edge generators), so the first failure is a large random one.
    let plain =
        (1u64..1_000_000, 0u32..=1_000).prop_map(|(u, q)| Order::new(u, q, crate::Currency::Eur));
    let result = runner.run(&plain, |order| {
        calls.set(calls.get() + 1);
        let outcome = invariants(m.price, &order);
        if outcome.is_err() {
            if failed_at.get() == 0 {
                failed_at.set(calls.get());
                first.set(Some(order));
            }
            failing_calls.set(failing_calls.get() + 1);
        }
        outcome
    });
    let minimal = match result {
        Err(proptest::test_runner::TestError::Fail(_, order)) => Some(order),
        _ => None,
    };
    let shrink_calls = calls.get() - failed_at.get();
    let mut table = Table::new(
        "proptest shrinking the property suite's failure on 'discount added, not subtracted'",
        ["", "order"],
    );
    if let Some(f) = first.get() {
        table.push([
            "first failing order".to_string(),
            format!("{} units at {}", f.quantity, f.unit_price),
        ]);
    }
    if let Some(o) = minimal {
        table.push([
            "shrunk to".to_string(),
            format!("{} units at {}", o.quantity, o.unit_price),
        ]);
    }
    report.tables.push(table);
    let holds = minimal.is_some_and(|o| o.quantity == 10 && o.unit_price == 1);
    report.claims.push(Claim::new(
        "proptest shrinks the failure to the minimal order: 10 units (the first discounted quantity) at 1 cent",
        format!(
            "failed on test call {}; then {} shrink calls, {} of them simplifications that still failed (the steps taken); minimal: {}",
            failed_at.get(),
            shrink_calls,
            failing_calls.get().saturating_sub(1),
            minimal.map_or("none".to_string(), |o| format!("{} units at {}", o.quantity, o.unit_price))
        ),
        holds,
    ));
}

fn flakiness(config: &DemoConfig, report: &mut Report) {
    let mut r = rng(config.seed);
    let _: u64 = r.random();
    let (flaky, fixed) = flaky::failures(config.size, &mut r);
    report.claims.push(Claim::new(
        format!(
            "a test that sleeps 10 ms and then checks a background job fails some of {} runs; the version that waits for the job on a paused clock fails none",
            count(config.size as u64)
        ),
        format!("sleep-and-check: {flaky} failures; wait-for-the-event: {fixed}"),
        flaky > 0 && fixed == 0,
    ));
}

fn contract(report: &mut Report) {
    let c = consumer_contract();
    let mut table = Table::new(
        "a renamed field (total_minor -> amount_minor): who notices",
        ["test", "release 1", "release 2"],
    );
    let pass = |b: bool| if b { "pass" } else { "FAIL" }.to_string();
    let v1 = verify_provider(Release::V1, &c);
    let v2 = verify_provider(Release::V2, &c);
    table.push([
        "order service unit test".to_string(),
        pass(provider_unit_test(Release::V1)),
        pass(provider_unit_test(Release::V2)),
    ]);
    table.push([
        "billing unit test (its own fixture)".to_string(),
        pass(consumer_unit_test()),
        pass(consumer_unit_test()),
    ]);
    table.push([
        "contract test (billing's contract against the real order service)".to_string(),
        pass(v1.is_empty()),
        if v2.is_empty() {
            pass(true)
        } else {
            format!("FAIL: missing {}", v2.join(", "))
        },
    ]);
    report.tables.push(table);
    let holds = provider_unit_test(Release::V2)
        && consumer_unit_test()
        && v1.is_empty()
        && v2 == ["total_minor"];
    report.claims.push(Claim::new(
        "the contract test catches the renamed field that both services' unit tests miss",
        format!(
            "release 2: unit tests {} and {}, contract test missing fields: {:?}",
            pass(provider_unit_test(Release::V2)),
            pass(consumer_unit_test()),
            v2
        ),
        holds,
    ));
}

fn omission(config: &DemoConfig, report: &mut Report) {
    let stall = Duration::from_millis(config.size.min(1_000) as u64);
    let run = stall * 3;
    let mut shown = None;
    let claim = Claim::timed(
        format!(
            "against a server that stalls {} ms, a closed-loop generator's p99 is under a tenth of the open-loop ({} req/s) generator's, which sees at least half the stall",
            stall.as_millis(),
            OPEN_LOOP_RATE
        ),
        || {
            let started = Instant::now();
            let a = StallingServer::start(stall, stall);
            let b = StallingServer::start(stall, stall);
            let (Ok(a), Ok(b)) = (a, b) else {
                return ("could not bind 127.0.0.1".to_string(), false);
            };
            let (addr_a, addr_b) = (a.addr(), b.addr());
            let closed = thread::spawn(move || closed_loop(addr_a, run));
            let open = open_loop(addr_b, OPEN_LOOP_RATE, run);
            let closed = closed.join().ok().and_then(Result::ok);
            drop((a, b));
            let (Some(closed), Ok(open)) = (closed, open) else {
                return ("a load generator failed".to_string(), false);
            };
            let c99 = closed.quantile(0.99);
            let o99 = open.quantile(0.99);
            let fixed = corrected(&closed, closed.quantile(0.5));
            let measured = format!(
                "closed loop p99 {} µs ({} samples), open loop p99 {} µs ({} samples), closed loop corrected p99 {} µs; {:.1} s",
                c99,
                closed.count(),
                o99,
                open.count(),
                fixed.quantile(0.99),
                started.elapsed().as_secs_f64()
            );
            let holds = c99 * 10 < o99 && u128::from(o99) * 2 >= stall.as_micros();
            shown = Some((closed, open, fixed));
            (measured, holds)
        },
    );
    if let Some((closed, open, fixed)) = shown {
        let mut table = Table::new(
            format!(
                "latency percentiles with a {} ms stall (µs)",
                stall.as_millis()
            ),
            ["generator", "samples", "p50", "p99", "p99.9", "max"],
        );
        for (name, l) in [
            ("closed loop (wrk, ab)", &closed),
            ("open loop, timed from the intended send (wrk2)", &open),
            (
                "closed loop, corrected with the expected interval (HdrHistogram)",
                &fixed,
            ),
        ] {
            table.push([
                name.to_string(),
                count(l.count() as u64),
                l.quantile(0.5).to_string(),
                l.quantile(0.99).to_string(),
                l.quantile(0.999).to_string(),
                l.quantile(1.0).to_string(),
            ]);
        }
        report.tables.push(table);
    }
    report.claims.push(claim);
}
