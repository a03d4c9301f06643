//! The transactions demo: `cargo lab demo transactions` runs this binary and renders the
//! report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(transactions::demo::run);
