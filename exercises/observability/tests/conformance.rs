//! The same conformance cases the reference passes. Run them with `cargo lab check observability`.

observability_contract::conformance_tests!(
    histogram: observability_exercise::Histogram,
    alert: observability_exercise::BurnRateAlert,
);
