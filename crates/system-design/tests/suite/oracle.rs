//! The naive oracle, which counts a day and adds storage up day by day, passes the
//! named cases too: a case no correct estimator could pass would show here first.

system_design_contract::conformance_tests!(system_design_contract::DayByDay);
