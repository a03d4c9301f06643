//! A model, not a measurement: one team over 26 sprints, where debt charges interest.
//!
//! Every number here is an assumption chosen to make the mechanism visible, not data
//! about real teams; the demo says so beside every result. What the model can show is
//! the *shape* of the trade-off: how the best strategy depends on how much interest debt
//! charges.
//!
//! Each sprint:
//!
//! 1. the team has [`Model::capacity`] points, ± up to [`Model::capacity_noise`] (people
//!    are sick, meetings happen);
//! 2. an incident strikes with probability `incident_base + incident_per_debt × debt`
//!    (capped at 0.95) and eats [`Model::incident_cost`] points;
//! 3. the strategy splits what is left between features and paying debt;
//! 4. feature points are slowed by the interest: they buy `points / (1 + rate × debt)`
//!    points of progress, and a feature takes [`Model::feature_cost`] of them;
//! 5. every feature shipped takes a shortcut that adds [`Model::debt_per_feature`] units
//!    of debt; every point paid removes [`Model::paydown_per_point`] units.

use rand::RngExt;

/// The model's assumptions. [`Model::default`] is the setting the demo reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    /// Sprints simulated.
    pub sprints: u32,
    /// Points the team has each sprint on average.
    pub capacity: f64,
    /// The capacity varies uniformly by up to this much either way.
    pub capacity_noise: f64,
    /// Points of (unslowed) work one feature takes.
    pub feature_cost: f64,
    /// Units of debt each shipped feature adds (the shortcuts taken to ship it).
    pub debt_per_feature: f64,
    /// Units of debt one point of paydown removes.
    pub paydown_per_point: f64,
    /// The interest rate: each unit of debt slows feature work by this fraction.
    pub rate: f64,
    /// The chance of an incident in a sprint with no debt.
    pub incident_base: f64,
    /// How much each unit of debt adds to that chance.
    pub incident_per_debt: f64,
    /// Points an incident takes from the sprint it strikes in.
    pub incident_cost: f64,
}

impl Default for Model {
    fn default() -> Self {
        Model {
            sprints: 26,
            capacity: 10.0,
            capacity_noise: 2.0,
            feature_cost: 2.0,
            debt_per_feature: 1.0,
            paydown_per_point: 1.5,
            rate: 0.02,
            incident_base: 0.02,
            incident_per_debt: 0.004,
            incident_cost: 3.0,
        }
    }
}

/// How the team splits its capacity between features and debt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Every point goes to features.
    NeverPay,
    /// A fixed percentage of each sprint pays debt (the answer recommends 20%).
    FixedShare(u8),
    /// Nothing until velocity falls below `1 / 1.5` of the clean rate, then half of
    /// the sprint pays debt.
    WhenItHurts,
    /// Never pay, until a stop-the-world rewrite: from sprint 13, 6 sprints ship
    /// nothing, and the new system starts with no debt.
    Rewrite,
}

impl Strategy {
    /// The four strategies the demo compares.
    pub const ALL: [Strategy; 4] = [
        Strategy::NeverPay,
        Strategy::FixedShare(20),
        Strategy::WhenItHurts,
        Strategy::Rewrite,
    ];

    /// The strategy's name in the demo's tables.
    pub fn name(self) -> String {
        match self {
            Strategy::NeverPay => "never pay".to_string(),
            Strategy::FixedShare(p) => format!("fixed {p}%"),
            Strategy::WhenItHurts => "when it hurts".to_string(),
            Strategy::Rewrite => "rewrite".to_string(),
        }
    }

    /// The fraction of the sprint's points that pays debt, given the slowdown now.
    fn debt_share(self, sprint: u32, slowdown: f64) -> f64 {
        match self {
            Strategy::NeverPay => 0.0,
            Strategy::FixedShare(p) => f64::from(p.min(100)) / 100.0,
            Strategy::WhenItHurts if slowdown >= HURTS => 0.5,
            Strategy::WhenItHurts => 0.0,
            Strategy::Rewrite if in_rewrite(sprint) => 1.0,
            Strategy::Rewrite => 0.0,
        }
    }
}

/// The slowdown at which "when it hurts" starts paying: velocity at 2/3 of clean.
const HURTS: f64 = 1.5;
/// The rewrite's sprints (0-based): 12 to 17, the middle of the 26.
const REWRITE: std::ops::Range<u32> = 12..18;

fn in_rewrite(sprint: u32) -> bool {
    REWRITE.contains(&sprint)
}

/// What one run of the model produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Features shipped by the last sprint (fractional: work in progress counts).
    pub features: f64,
    /// Incidents that struck.
    pub incidents: u32,
    /// Debt left at the end.
    pub debt: f64,
}

/// Runs the model for one strategy; the same `seed` gives the same outcome.
///
/// # Panics
///
/// If a parameter is negative or not finite, or `feature_cost` or `paydown_per_point` is
/// zero: the model would divide by zero or run backwards (a programmer error).
///
/// ```
/// use tech_debt::model::{Model, Strategy, simulate};
/// let m = Model::default();
/// assert_eq!(simulate(&m, Strategy::NeverPay, 7), simulate(&m, Strategy::NeverPay, 7));
/// ```
pub fn simulate(model: &Model, strategy: Strategy, seed: u64) -> Outcome {
    let m = model;
    for (name, value) in [
        ("capacity", m.capacity),
        ("capacity_noise", m.capacity_noise),
        ("feature_cost", m.feature_cost),
        ("debt_per_feature", m.debt_per_feature),
        ("paydown_per_point", m.paydown_per_point),
        ("rate", m.rate),
        ("incident_base", m.incident_base),
        ("incident_per_debt", m.incident_per_debt),
        ("incident_cost", m.incident_cost),
    ] {
        assert!(
            value.is_finite() && value >= 0.0,
            "model parameter {name} = {value}: must be finite and >= 0"
        );
    }
    assert!(
        m.feature_cost > 0.0 && m.paydown_per_point > 0.0,
        "feature_cost and paydown_per_point must be > 0"
    );
    let mut rng = evidence::workload::rng(seed);
    let (mut debt, mut features, mut incidents) = (0.0_f64, 0.0_f64, 0_u32);
    for sprint in 0..m.sprints {
        // Draw both random numbers every sprint, whatever the strategy, so strategies
        // under one seed face the same luck (common random numbers).
        let noise: f64 = rng.random_range(-1.0..=1.0);
        let roll: f64 = rng.random();
        let mut points = (m.capacity + noise * m.capacity_noise).max(0.0);
        if roll < (m.incident_base + m.incident_per_debt * debt).min(0.95) {
            incidents += 1;
            points = (points - m.incident_cost).max(0.0);
        }
        let slowdown = 1.0 + m.rate * debt;
        let paying = points * strategy.debt_share(sprint, slowdown);
        let shipped = (points - paying) / slowdown / m.feature_cost;
        features += shipped;
        debt = (debt + shipped * m.debt_per_feature - paying * m.paydown_per_point).max(0.0);
        if strategy == Strategy::Rewrite && sprint + 1 == REWRITE.end {
            debt = 0.0; // the new system goes live clean
        }
    }
    Outcome {
        features,
        incidents,
        debt,
    }
}
