//! The reference passes the contract's cases, the same ones the exercise runs.

observability_contract::conformance_tests!(
    histogram: observability::Histogram,
    alert: observability::BurnRateAlert,
);
