//! The tech-debt demo: the 26-sprint model for four strategies over many seeds, across
//! interest rates, and the WSJF ranking of the answer's worked backlog.
//!
//! Everything is counted (features, incidents, units of cost of delay): no claim rests
//! on the clock. The model is a model: its parameters are assumptions (see
//! [`crate::model`]), and the report says so.

use evidence::{Bars, Claim, DemoConfig, Report, Table};

use crate::model::{Model, Strategy, simulate};
use crate::{Item, Prioritiser, Wsjf};

/// The interest rates of the crossover chart.
pub const RATES: [f64; 6] = [0.0, 0.0025, 0.005, 0.01, 0.02, 0.04];

/// Mean outcome of one strategy over the seeds.
#[derive(Debug, Clone, Copy)]
struct Mean {
    features: f64,
    incidents: f64,
    debt: f64,
}

/// Runs `strategy` under `model` for `seeds` seeds from `first`, and averages.
fn mean(model: &Model, strategy: Strategy, first: u64, seeds: usize) -> (Mean, Vec<f64>) {
    let mut total = Mean {
        features: 0.0,
        incidents: 0.0,
        debt: 0.0,
    };
    let mut each = Vec::with_capacity(seeds);
    for i in 0..seeds as u64 {
        let o = simulate(model, strategy, first.wrapping_add(i));
        total.features += o.features;
        total.incidents += f64::from(o.incidents);
        total.debt += o.debt;
        each.push(o.features);
    }
    let n = seeds.max(1) as f64;
    (
        Mean {
            features: total.features / n,
            incidents: total.incidents / n,
            debt: total.debt / n,
        },
        each,
    )
}

/// The answer's worked backlog, in tenths of €k per sprint and days of effort.
pub fn worked_backlog() -> Vec<Item> {
    vec![
        Item::new("D1 flaky integration tests", 30, 0, 0, 3),
        Item::new("D2 hand-run release", 20, 20, 0, 8),
        Item::new("D3 split pricing (blocks F2)", 40, 20, 100, 26),
        Item::new("D4 PostgreSQL 12", 0, 20, 0, 15),
        Item::new("D5 old admin reports", 0, 0, 0, 10),
    ]
}

/// Σ cost of delay × completion day, doing `order` one item after another.
pub fn total_delay_cost(order: &[&Item]) -> u64 {
    let mut day = 0u64;
    let mut total = 0u64;
    for item in order {
        day += u64::from(item.effort);
        total += Wsjf::cost_of_delay(item) * day;
    }
    total
}

/// Every order of `items` (Heap's algorithm), for the brute-force comparison.
fn permutations<'a>(items: &[&'a Item]) -> Vec<Vec<&'a Item>> {
    let mut a = items.to_vec();
    let mut out = vec![a.clone()];
    let mut c = vec![0usize; a.len()];
    let mut i = 0;
    while i < a.len() {
        if c[i] < i {
            if i % 2 == 0 {
                a.swap(0, i);
            } else {
                a.swap(c[i], i);
            }
            out.push(a.clone());
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    out
}

/// Runs the demo: `config.size` seeds per strategy and rate, from `config.seed`.
pub fn run(config: &DemoConfig) -> Report {
    let seeds = config.size;
    let base = Model::default();
    let mut report = Report::new(
        "tech-debt",
        format!(
            "a model of one team over {} sprints, {seeds} seeds per strategy",
            base.sprints
        ),
    );

    // The default interest rate.
    let mut table = Table::new(
        format!(
            "at interest rate {} (the model's default), mean of {seeds} seeds",
            base.rate
        ),
        [
            "strategy",
            "features by sprint 26",
            "incidents",
            "debt left",
            "seeds won",
        ],
    );
    let results: Vec<(Strategy, Mean, Vec<f64>)> = Strategy::ALL
        .iter()
        .map(|&s| {
            let (m, each) = mean(&base, s, config.seed, seeds);
            (s, m, each)
        })
        .collect();
    let wins = |k: usize| {
        (0..seeds)
            .filter(|&i| {
                results
                    .iter()
                    .enumerate()
                    .all(|(j, r)| j == k || results[k].2[i] > r.2[i])
            })
            .count()
    };
    for (k, (s, m, _)) in results.iter().enumerate() {
        table.push([
            s.name(),
            format!("{:.1}", m.features),
            format!("{:.2}", m.incidents),
            format!("{:.1}", m.debt),
            format!("{}/{seeds}", wins(k)),
        ]);
    }
    report.tables.push(table);
    let find = |s: Strategy| {
        results
            .iter()
            .find(|r| r.0 == s)
            .expect("every strategy ran")
            .1
    };
    let (never, fixed, hurts, rewrite) = (
        find(Strategy::NeverPay),
        find(Strategy::FixedShare(20)),
        find(Strategy::WhenItHurts),
        find(Strategy::Rewrite),
    );
    let best = results
        .iter()
        .max_by(|a, b| a.1.features.total_cmp(&b.1.features))
        .expect("four strategies");
    let fixed_wins = wins(1);
    report.claims.push(Claim::new(
        "at the default interest rate, a steady 20% share ships the most features by sprint 26",
        format!(
            "fixed 20%: {:.1}, when it hurts: {:.1}, never pay: {:.1}, rewrite: {:.1}; fixed 20% \
             best in {fixed_wins}/{seeds} seeds",
            fixed.features, hurts.features, never.features, rewrite.features
        ),
        best.0 == Strategy::FixedShare(20) && fixed_wins * 10 >= seeds * 9,
    ));
    report.claims.push(Claim::new(
        "never paying has the most incidents, and a steady share less than half as many",
        format!(
            "incidents per 26 sprints: never pay {:.2}, rewrite {:.2}, when it hurts {:.2}, fixed \
             20% {:.2}",
            never.incidents, rewrite.incidents, hurts.incidents, fixed.incidents
        ),
        [fixed, hurts, rewrite]
            .iter()
            .all(|m| m.incidents < never.incidents)
            && fixed.incidents * 2.0 < never.incidents,
    ));
    report.claims.push(Claim::new(
        "a stop-the-world rewrite ships fewer features than paying continuously",
        format!(
            "rewrite {:.1} (6 sprints shipping nothing) against fixed 20% {:.1}",
            rewrite.features, fixed.features
        ),
        rewrite.features < fixed.features,
    ));

    // The crossover: which strategy wins as the interest rate grows.
    let mut bars = Bars::new(
        "features by sprint 26, by interest rate (model)",
        "features",
    );
    let mut crossover = Table::new(
        "features by sprint 26, by interest rate (model)",
        [
            "interest rate",
            "never pay",
            "fixed 20%",
            "when it hurts",
            "rewrite",
            "most",
        ],
    );
    let mut winners = Vec::new();
    for rate in RATES {
        let model = Model { rate, ..base };
        let means: Vec<(Strategy, f64)> = Strategy::ALL
            .iter()
            .map(|&s| (s, mean(&model, s, config.seed, seeds).0.features))
            .collect();
        // The first strategy with the most features: on a tie ("when it hurts" has not
        // started paying), the simpler strategy listed first is named.
        let top = means
            .iter()
            .fold(means[0], |best, &m| if m.1 > best.1 { m } else { best })
            .0;
        winners.push((rate, top, means[0].1, means[1].1));
        let mut row = vec![format!("{rate}")];
        row.extend(means.iter().map(|(_, f)| format!("{f:.1}")));
        row.push(top.name());
        crossover.push(row);
        // The chart shows the crossover itself: never pay against the 20% share.
        bars = bars.group(
            format!("rate {rate}"),
            means[..2].iter().map(|(s, f)| (s.name(), *f)),
        );
    }
    report.tables.push(crossover);
    report.bars.push(bars);
    let first_fixed = winners.iter().position(|w| w.3 > w.2);
    let single_crossing = first_fixed.is_some_and(|k| {
        winners[..k].iter().all(|w| w.2 > w.3) && winners[k..].iter().all(|w| w.3 > w.2)
    });
    let low = winners[0];
    report.claims.push(Claim::new(
        "when debt charges little interest, never paying ships more than a 20% share; above a \
         crossover rate the share ships more",
        match first_fixed {
            Some(k) if k > 0 => format!(
                "at rate {} never pay ships {:.1} against fixed 20% {:.1}; fixed 20% ships more \
                 from rate {} on",
                low.0, low.2, low.3, winners[k].0
            ),
            _ => format!("no crossover in rates {RATES:?}"),
        },
        single_crossing && first_fixed.is_some_and(|k| k > 0),
    ));

    // WSJF on the worked backlog, against every other order.
    let backlog = worked_backlog();
    let ranked = Wsjf::rank(&backlog).expect("the worked backlog is valid");
    let mut wsjf_table = Table::new(
        "the answer's worked backlog ranked by WSJF (tenths of €k per sprint, days)",
        ["place", "item", "cost of delay", "effort", "CoD / effort"],
    );
    for r in &ranked {
        wsjf_table.push([
            r.place.to_string(),
            r.name.clone(),
            r.cost_of_delay.to_string(),
            r.effort.to_string(),
            format!("{:.2}", r.score()),
        ]);
    }
    report.tables.push(wsjf_table);
    let by_name = |n: &str| {
        backlog
            .iter()
            .find(|i| i.name == n)
            .expect("ranked from it")
    };
    let wsjf_order: Vec<&Item> = ranked.iter().map(|r| by_name(&r.name)).collect();
    let wsjf_cost = total_delay_cost(&wsjf_order);
    let refs: Vec<&Item> = backlog.iter().collect();
    let all = permutations(&refs);
    let best_cost = all
        .iter()
        .map(|p| total_delay_cost(p))
        .min()
        .expect("5! orders");
    let worst_cost = all
        .iter()
        .map(|p| total_delay_cost(p))
        .max()
        .expect("5! orders");
    report.claims.push(Claim::new(
        "doing the backlog in WSJF order costs the least total delay of every order",
        format!(
            "WSJF order: {wsjf_cost} (€100 × days); best of all {} orders: {best_cost}; worst: \
             {worst_cost}",
            all.len()
        ),
        wsjf_cost == best_cost && all.len() == 120,
    ));

    report.notes.push(format!(
        "a model, not a measurement: capacity {} ± {} points a sprint, a feature {} points, \
         each feature adds {} unit of debt, a point of paydown removes {}, each unit slows \
         features by the interest rate and adds {}% incident odds (base {}%), an incident costs \
         {} points; the shape of the result, not its numbers, is the evidence",
        base.capacity,
        base.capacity_noise,
        base.feature_cost,
        base.debt_per_feature,
        base.paydown_per_point,
        base.incident_per_debt * 100.0,
        base.incident_base * 100.0,
        base.incident_cost
    ));
    report.notes.push(
        "strategies face the same luck under one seed (the same capacity noise and incident \
         rolls), so their differences are the strategies', not the dice's"
            .to_string(),
    );
    report
}
