//! The naive oracles, which keep every value and every event, pass the named cases too:
//! a bug in a case that no correct implementation could pass would show here first.

observability_contract::conformance_tests!(
    histogram: observability_contract::SortedSamples,
    alert: observability_contract::NaiveBurnRate,
);
