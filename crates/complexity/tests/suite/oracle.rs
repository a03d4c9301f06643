//! The naive oracle passes the answer cases too (not the growth ones, which refuse its
//! quadratic work): a case no correct solution could pass would show here first.

complexity_contract::correctness_tests!(complexity_contract::Naive);
